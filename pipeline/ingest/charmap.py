"""One-for-one character normalisation: full-width ASCII, odd spaces, traditional characters.

Every mapping here replaces one character by exactly one character, so applying it never moves an offset
(see pipeline.ingest.offsets). Characters that should disappear (zero-width spaces, control characters)
are removed by clean.py with offset tracking instead.

Traditional -> simplified uses OpenCC's character table. A character that OpenCC lists as possibly
already simplified (乾 -> 干 or 乾, 覆 -> 覆) is converted only when the document as a whole is
written in traditional characters, so simplified text is never altered; such documents also get
OpenCC's phrase table where a phrase keeps its length (答覆 -> 答复).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import numpy as np

SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\x0b\x0c"
BOX_VERTICALS_AND_JOINTS = "│┃║┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋╔╗╚╝╠╣╦╩╬"
BOX_HORIZONTALS = "─━═"
TRADITIONAL_MIN_COUNT = 5  # so few traditional-only characters do not make a document "traditional"
TRADITIONAL_MIN_SHARE = 0.02  # of the CJK characters
BMP = 0x10000


def _full_width_table() -> dict[int, str]:
    # U+FF01..U+FF5E are the full-width forms of ASCII 0x21..0x7E; U+3000 is the ideographic space.
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    table.update({ord(ch): " " for ch in SPACES})
    # the minus sign and the small hyphen-minus (Word and PDF converters print 本年增/减 "−3" with them) read as
    # the ASCII one, which the number readers take as a sign
    table.update({0x2212: "-", 0xFE63: "-"})
    # box-drawing tables (text exports of Word tables, some crawled pages): the verticals and the corners, tees
    # and crosses are cell borders, the horizontals rule lines; as | and - they are the pipe rows and rule rows
    # the table readers know (├──┼──┤ -> |--|--|), and a lone ─ in a cell is the blank mark -
    table.update({ord(ch): "|" for ch in BOX_VERTICALS_AND_JOINTS})
    table.update({ord(ch): "-" for ch in BOX_HORIZONTALS})
    return table


def _opencc_characters() -> list[tuple[str, list[str]]]:
    path = resources.files("opencc") / "dictionary" / "TSCharacters.txt"
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        candidates = targets.split()
        if len(source) == 1 and candidates and all(len(c) == 1 for c in candidates):
            entries.append((source, candidates))
    return entries


def _opencc_phrases() -> dict[str, str]:
    path = resources.files("opencc") / "dictionary" / "TSPhrases.txt"
    phrases = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        candidates = targets.split()
        if candidates and len(candidates[0]) == len(source) > 1:
            phrases[source] = candidates[0]
    return phrases


@cache
def phrase_table() -> tuple[dict[str, str], re.Pattern[str]]:
    phrases = _opencc_phrases()
    ordered = sorted(phrases, key=len, reverse=True)  # longest phrase first
    return phrases, re.compile("|".join(map(re.escape, ordered)))


@cache
def tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lookup tables over the Basic Multilingual Plane: (always-safe mapping, mapping for traditional
    documents, which code points are unambiguously traditional)."""
    safe = np.arange(BMP, dtype=np.uint32)
    for code, replacement in _full_width_table().items():
        safe[code] = ord(replacement)
    full = safe.copy()
    traditional = np.zeros(BMP, dtype=bool)
    for source, candidates in _opencc_characters():
        if ord(source) >= BMP or ord(candidates[0]) >= BMP:
            continue  # rare characters outside the BMP stay as they are
        full[ord(source)] = ord(candidates[0])
        if source not in candidates:
            safe[ord(source)] = ord(candidates[0])
            traditional[ord(source)] = True
    return safe, full, traditional


def code_points(text: str) -> np.ndarray:
    """The text's code points (lone surrogates included), one array element a character."""
    return np.frombuffer(text.encode("utf-32-le", errors="surrogatepass"), dtype=np.uint32)


def _bmp(codes: np.ndarray) -> np.ndarray:
    """The codes inside the BMP (all of them, the same array, in the usual case)."""
    return codes if not len(codes) or codes.max() < BMP else codes[codes < BMP]


def _mapped_codes(codes: np.ndarray, bmp: np.ndarray, table: np.ndarray) -> np.ndarray:
    # take() rather than table[codes]: numpy's fancy indexing goes through its general iterator, take does not
    if bmp is codes:
        return table.take(codes)
    return np.where(codes < BMP, table.take(np.minimum(codes, BMP - 1)), codes)  # beyond the BMP: as they are


def _translate_codes(codes: np.ndarray, bmp: np.ndarray, table: np.ndarray) -> str:
    return _mapped_codes(codes, bmp, table).tobytes().decode("utf-32-le", errors="surrogatepass")


def _translate(text: str, table: np.ndarray) -> str:
    codes = code_points(text)
    return _translate_codes(codes, _bmp(codes), table)


def _is_traditional(bmp: np.ndarray) -> bool:
    _, _, traditional = tables()
    count = np.count_nonzero(traditional.take(bmp))
    if count < TRADITIONAL_MIN_COUNT:
        return False
    cjk = int(((bmp >= 0x4E00) & (bmp <= 0x9FFF)).sum())
    return count >= TRADITIONAL_MIN_SHARE * max(1, cjk)


def is_traditional(text: str) -> bool:
    return _is_traditional(_bmp(code_points(text)))


def code_set(chars: str) -> np.ndarray:
    """A lookup table over the BMP saying which code points are among `chars` (all in the BMP)."""
    table = np.zeros(BMP, dtype=bool)
    table[[ord(ch) for ch in chars]] = True
    return table


def normalize_document(text: str, unless: np.ndarray | None = None) -> tuple[str, bool, np.ndarray] | None:
    """(normalize_chars(text), is_traditional(text), the normalised text's code points), the text's code
    points read once for all three; None when the text holds a character of the code_set `unless`
    (characters the caller removes first)."""
    codes = code_points(text)
    bmp = _bmp(codes)
    if unless is not None and len(bmp) and unless.take(bmp).any():
        return None
    traditional = _is_traditional(bmp)
    if traditional:
        normalized = normalize_chars(text, True)
        return normalized, True, code_points(normalized)
    safe, _, _ = tables()
    mapped = _mapped_codes(codes, bmp, safe)
    return mapped.tobytes().decode("utf-32-le", errors="surrogatepass"), False, mapped


def normalize_chars(text: str, traditional: bool | None = None) -> str:
    """Full-width ASCII to half-width, every kind of space to ' ', traditional to simplified.

    The result has the same length as `text`. Pass `traditional` to force the document-level decision
    (for example when normalising a label the same way as the document it is matched against).
    """
    safe, full, _ = tables()
    if traditional is None:
        traditional = is_traditional(text)
    if not traditional:
        return _translate(text, safe)
    phrases, pattern = phrase_table()
    pieces = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(_translate(text[position : match.start()], full))
        pieces.append(phrases[match.group()])
        position = match.end()
    pieces.append(_translate(text[position:], full))
    return "".join(pieces)
