"""Bytes to text: BOM, then strict UTF-8, then UTF-16 without BOM, then chardet; GB* is decoded as GB18030.

GBK and GB2312 are subsets of GB18030, and strict GBK fails on characters such as 䶮, so every GB-family
guess decodes as gb18030. A few invalid bytes (a file cut mid-character, a stray byte) are replaced and
reported; bytes that are not text at all are refused.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from pipeline.ingest.errors import IngestFailure

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is a prefix of it
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "hz-gb-2312", "euc-cn"}
ASCII_FAMILY = {"ascii", "us-ascii"}
NON_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])  # NON_TEXT's characters but U+FFFD, as bytes
MAX_NON_TEXT_SHARE = 0.02  # of the characters; above this the "text" is binary
SAMPLE_BYTES = 64 * 1024  # what detection looks at
UTF8_MAX_DAMAGED = 8  # invalid sequences tolerated in UTF-8 text (a cut or stray byte), or
UTF8_MAX_DAMAGED_SHARE = 0.002  # this share of the bytes
UTF8_PREFIX_BYTES = 2048  # what _is_utf8 decodes first
UTF16_MIN_PLAUSIBLE = 0.9  # share of plausible characters when decoding as UTF-16 without a BOM
PLAUSIBLE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u206f\x20-\x7e\s\u00a0-\u00ff]")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.I)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int  # invalid byte sequences replaced by U+FFFD


def normalize_encoding(name: str | None) -> str | None:
    """A codec name Python knows, with the GB family widened to gb18030 and ASCII to UTF-8."""
    if not name:
        return None
    name = name.strip().lower().replace("_", "-")
    if name in GB_FAMILY or name.replace("-", "") in {n.replace("-", "") for n in GB_FAMILY}:
        return "gb18030"
    if name in ASCII_FAMILY:
        return "utf-8"
    if name in {"utf8", "utf-8"}:
        return "utf-8"
    if name in {"big5", "big5-hkscs", "cp950"}:
        return "big5hkscs"  # a superset of Big5
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _plausible_share(text: str) -> float:
    """The share of characters a Chinese report is made of (CJK, ASCII, CJK punctuation, blanks)."""
    if not text:
        return 0.0
    return len(PLAUSIBLE.findall(text)) / len(text)


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a BOM: NUL bytes, and one byte order decodes to plausible text."""
    if b"\x00" not in head:
        return None
    sample = head[: len(head) - len(head) % 2]
    # ASCII in UTF-16 LE has its NUL on odd bytes; this breaks ties when both byte orders look plausible.
    odd_nuls = sample[1::2].count(0) - sample[0::2].count(0)
    scores = {
        "utf-16-le": (_plausible_share(sample.decode("utf-16-le", errors="replace")), odd_nuls),
        "utf-16-be": (_plausible_share(sample.decode("utf-16-be", errors="replace")), -odd_nuls),
    }
    best = max(scores, key=scores.__getitem__)
    return best if scores[best][0] >= UTF16_MIN_PLAUSIBLE else None


def _is_utf8(head: bytes, complete: bool) -> bool:
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        # A sample cut inside a multi-byte character is still UTF-8.
        if not complete and exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return True
    # UTF-8 with a few damaged bytes: GB-encoded Chinese would break UTF-8 almost everywhere.
    tolerated = max(UTF8_MAX_DAMAGED, UTF8_MAX_DAMAGED_SHARE * len(head))
    # A prefix's decoding is the whole's up to the prefix's end, where a character cut in two is one more
    # U+FFFD: more than one over the tolerance there is more than the tolerance in the whole, and GB text,
    # whose every character goes through the error handler, is turned away without decoding all of it.
    if head[:UTF8_PREFIX_BYTES].decode("utf-8", errors="replace").count("\ufffd") > tolerated + 1:
        return False
    damaged = head.decode("utf-8", errors="replace").count("\ufffd")
    return damaged <= tolerated


def detect_encoding(head: bytes, complete: bool = False) -> str | None:
    """The encoding of text whose first bytes are `head` (`complete`: head is the whole file)."""
    for bom, name in BOMS:
        if head.startswith(bom):
            return name
    if not head:
        return None
    utf16 = _utf16_without_bom(head[:4096])
    if utf16:
        return utf16
    if b"\x00" in head:
        return None  # NUL bytes in something that is not UTF-16: not text
    if _is_utf8(head, complete):
        return "utf-8"
    import chardet  # imported here: only non-UTF-8 files need it

    guess = normalize_encoding((chardet.detect(head) or {}).get("encoding"))
    if guess in (None, "utf-8", "iso8859-1", "cp1252", "latin-1"):
        return "gb18030"  # Chinese reports that are not UTF-8 are almost always GB-encoded
    return guess


def declared_html_encoding(head: bytes) -> str | None:
    """The charset an HTML page declares in <meta> or its XML declaration, if any."""
    match = META_CHARSET.search(head) or XML_ENCODING.search(head)
    return normalize_encoding(match.group(1).decode("ascii", "ignore")) if match else None


def _decode_checked(data: bytes, encoding: str) -> Decoded:
    try:
        return Decoded(data.decode(encoding), encoding, 0)
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
        return Decoded(text, encoding, text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd"))


def _decoded(data: bytes, encoding: str) -> str | None:
    """The bytes decoded without a replacement, or None if they are not valid in that encoding."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _first_fit(data: bytes, candidates: list[str]) -> Decoded | None:
    """The first candidate that decodes cleanly, else the one that needs the fewest replacements."""
    best: Decoded | None = None
    for candidate in dict.fromkeys(c for c in candidates if c):
        try:
            decoded = _decode_checked(data, candidate)
        except LookupError:
            continue
        if decoded.replaced == 0:
            return decoded
        if best is None or decoded.replaced < best.replaced:
            best = decoded
    return best


def decode_bytes(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode a text file's bytes; `encoding` is a hint (from the scan or an HTML declaration).

    Order: BOM, UTF-16 without BOM, UTF-8 (also with a few damaged bytes), the hint, chardet, GB18030:
    UTF-8 wins over a declared encoding (pages declaring gb2312 are often re-saved as UTF-8), and
    chardet only runs when neither UTF-8 nor the hint fits.
    Raises IngestFailure(binary_content) when the bytes are not text.
    """
    head = data[:SAMPLE_BYTES]
    complete = len(data) <= SAMPLE_BYTES
    certain = next((name for bom, name in BOMS if head.startswith(bom)), None) or _utf16_without_bom(head[:4096])
    if certain is None and b"\x00" in head:
        raise IngestFailure("binary_content", "the file contains NUL bytes and is not UTF-16 text")
    if certain is None:
        # Most files are clean UTF-8, and then every path below ends in data.decode("utf-8") with nothing
        # replaced (whole bytes that decode cleanly make _is_utf8 of their head true): decode them once.
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return _checked_text(text, "utf-8", 0, _control_byte_count(data, text))
    hint = normalize_encoding(encoding)
    if certain:
        candidates = [certain]
    elif _is_utf8(head, complete):  # valid, or damaged in a few places only
        candidates = ["utf-8"]
    else:
        text = _decoded(data, hint) if hint else None
        if text is not None:  # the hint fits (most GB-encoded files): no need to guess, nor to decode again
            return _checked_text(text, hint, 0, _control_byte_count(data, text) if hint in CONTROLS_ARE_BYTES else None)
        candidates = [hint, detect_encoding(head, complete), "gb18030"]
    best = _first_fit(data, [c for c in candidates if c])
    if best is None:
        raise IngestFailure("undecodable_text", f"no text encoding fits (tried {', '.join(c for c in candidates if c)})")
    return _checked_text(best.text, best.encoding, best.replaced)


# Encodings that write a character below U+0080 as that one byte and use no byte below 0x80 in another
# character's bytes but ASCII-range trail bytes that are never control bytes (GB18030: 0x30-0x39, 0x40-0x7E).
CONTROLS_ARE_BYTES = {"utf-8", "gb18030"}


def _control_byte_count(data: bytes, text: str) -> int:
    """len(NON_TEXT.findall(text)) for `text` strictly decoded from `data` in an encoding of CONTROLS_ARE_BYTES,
    counted without the regex's test of every character: there the control characters are the control
    bytes (bytes.translate deletes them at memory speed)."""
    return len(data) - len(data.translate(None, CONTROL_BYTES)) + text.count("\ufffd")


def _checked_text(text: str, encoding: str, replaced: int, non_text: int | None = None) -> Decoded:
    """The decoded text without a leading BOM; IngestFailure(binary_content) when it is not text.
    `non_text`: NON_TEXT's count in `text`, when the caller knows it (see _control_byte_count)."""
    text = text.lstrip("\ufeff")  # a BOM is no NON_TEXT character: the count stands
    if non_text is None:
        non_text = len(NON_TEXT.findall(text))
    if text and non_text > MAX_NON_TEXT_SHARE * len(text):
        raise IngestFailure("binary_content", f"{non_text} of {len(text)} characters are control bytes or undecodable")
    return Decoded(text, encoding, replaced)
