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

from pipeline.codepoints import BMP, code_points

SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\x0b\x0c"
BOX_VERTICALS_AND_JOINTS = "│┃║┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋╔╗╚╝╠╣╦╩╬"
BOX_HORIZONTALS = "─━═"
TRADITIONAL_MIN_COUNT = 5  # so few traditional-only characters do not make a document "traditional"
TRADITIONAL_MIN_SHARE = 0.02  # of the CJK characters


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
    return _is_traditional_count(np.count_nonzero(traditional.take(bmp)), bmp)


def is_traditional(text: str) -> bool:
    return _is_traditional(_bmp(code_points(text)))


# Flags in the high bits of _flagged_table's entries (code points take 21 bits).
UNLESS_FLAG = 1 << 31
TRADITIONAL_FLAG = 1 << 30
CODE_MASK = (1 << 30) - 1


@cache
def _flagged_table(unless: str) -> np.ndarray:
    """tables()'s always-safe mapping, each entry also flagged TRADITIONAL_FLAG for an unambiguously
    traditional character and UNLESS_FLAG for a character of `unless`: one lookup per character of a text
    tells all three (three lookups cost ~13 instructions a character each)."""
    safe, _, traditional = tables()
    flagged = safe | np.where(traditional, np.uint32(TRADITIONAL_FLAG), np.uint32(0))
    flagged[[ord(ch) for ch in unless]] |= np.uint32(UNLESS_FLAG)
    return flagged


def _is_traditional_count(count: int, bmp: np.ndarray) -> bool:
    """Whether a text whose BMP code points are `bmp`, `count` of them unambiguously traditional, is written in
    traditional characters: enough of them, and a share of its CJK characters."""
    if count < TRADITIONAL_MIN_COUNT:
        return False
    cjk = int(((bmp >= 0x4E00) & (bmp <= 0x9FFF)).sum())
    return count >= TRADITIONAL_MIN_SHARE * max(1, cjk)


def normalize_document(text: str, unless: str = "") -> tuple[str, bool, np.ndarray] | None:
    """(normalize_chars(text), is_traditional(text), the normalised text's code points), the text's code
    points read once for all three; None when the text holds a character of `unless` (characters of the
    BMP the caller removes first)."""
    codes = code_points(text)
    bmp = _bmp(codes)
    if bmp is codes:  # every character in the BMP (the usual case): one lookup
        looked_up = _flagged_table(unless).take(codes)
        if unless and (looked_up >= UNLESS_FLAG).any():
            return None
        traditional = _is_traditional_count(np.count_nonzero(looked_up & np.uint32(TRADITIONAL_FLAG)), bmp)
        mapped = None if traditional else looked_up & np.uint32(CODE_MASK)
    else:
        if unless and len(bmp) and _flagged_table(unless).take(bmp).max() >= UNLESS_FLAG:
            return None
        traditional = _is_traditional(bmp)
        mapped = None if traditional else _mapped_codes(codes, bmp, tables()[0])
    if traditional:
        normalized = normalize_chars(text, True)
        return normalized, True, code_points(normalized)
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
