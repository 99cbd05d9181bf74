"""decode_bytes decodes clean UTF-8 once; every input decodes as the plain sequence of checks decodes it."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipeline.ingest import decode
from pipeline.ingest.decode import Decoded, decode_bytes
from pipeline.ingest.errors import IngestFailure

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REPORT = (PROJECT_ROOT / "tests" / "fixtures" / "ingest" / "report_v2019.txt").read_text(encoding="utf-8")


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except (UnicodeDecodeError, LookupError):
        return False


def plain_decode(data: bytes, encoding: str | None = None) -> Decoded:
    """decode_bytes before its UTF-8 shortcut."""
    head = data[: decode.SAMPLE_BYTES]
    complete = len(data) <= decode.SAMPLE_BYTES
    certain = next((name for bom, name in decode.BOMS if head.startswith(bom)), None) or decode._utf16_without_bom(head[:4096])
    if certain is None and b"\x00" in head:
        raise IngestFailure("binary_content", "NUL")
    hint = decode.normalize_encoding(encoding)
    if certain:
        candidates = [certain]
    elif decode._is_utf8(head, complete):
        candidates = ["utf-8"]
    elif hint and _decodes(data, hint):
        candidates = [hint]
    else:
        candidates = [hint, decode.detect_encoding(head, complete), "gb18030"]
    best = decode._first_fit(data, [c for c in candidates if c])
    assert best is not None
    return decode._checked_text(best.text, best.encoding, best.replaced)


LONG = REPORT * (2 * decode.SAMPLE_BYTES // len(REPORT.encode("utf-8")) + 1)  # past the detection sample

INPUTS = [
    REPORT.encode("utf-8"),
    LONG.encode("utf-8"),
    LONG.encode("utf-8")[: decode.SAMPLE_BYTES + 1],  # the sample ends inside a character
    REPORT.encode("gb18030"),
    LONG.encode("gb18030"),
    codecs.BOM_UTF8 + REPORT.encode("utf-8"),
    REPORT.encode("utf-16"),
    REPORT.encode("utf-8")[:-1],  # cut inside the last character
    REPORT.encode("utf-8") + b"\xff\xfe tail",  # a few damaged bytes
    REPORT.encode("utf-8").replace("。".encode(), b"\xa1\xa3"),  # GB punctuation in UTF-8 text: damaged everywhere
    "\ufffd".encode("utf-8") * 40 + REPORT.encode("utf-8"),  # replacement characters that were in the file
    "\ufeff政府信息公开".encode("utf-8"),
    ("\x01\x1b\x7f" * 5 + REPORT).encode("gb18030"),  # GB text with control characters
    ("\x01\x1b\x7f\ufffd" * 200 + REPORT).encode("gb18030"),  # ... past the share of binary files
    REPORT.encode("big5hkscs", errors="ignore"),
    b"plain ascii report 2022",
]


@pytest.mark.parametrize("index", range(len(INPUTS)))
@pytest.mark.parametrize("hint", [None, "gb2312", "utf-8", "big5"])
def test_decode_bytes_gives_what_the_plain_checks_give(index: int, hint: str | None) -> None:
    data = INPUTS[index]
    try:
        expected: Decoded | str = plain_decode(data, hint)
    except IngestFailure as failure:
        expected = failure.code
    try:
        found: Decoded | str = decode_bytes(data, hint)
    except IngestFailure as failure:
        found = failure.code
    assert found == expected


def test_clean_utf8_is_decoded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decode, "_is_utf8", lambda *args: pytest.fail("a clean UTF-8 file needs no detection"))
    assert decode_bytes(LONG.encode("utf-8"), "gb2312") == Decoded(LONG, "utf-8", 0)
