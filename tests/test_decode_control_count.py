"""UTF-8 and GB18030 text count their control characters from their bytes (decode._control_byte_count), with the regex's result:
a report is refused as binary at exactly the same share of control characters as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import decode
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.errors import IngestFailure

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REPORT = (PROJECT_ROOT / "tests" / "fixtures" / "ingest" / "report_v2019.txt").read_text(encoding="utf-8")
CONTROLS = "\x01\x02\x08\x0b\x0e\x1b\x1f\x7f\ufffd"  # NON_TEXT characters (not NUL: a file with NUL bytes is refused before); \t \n \x0c \r are text


def with_controls(share: float) -> str:
    """The report with NON_TEXT characters spread through it, `share` of its characters in the end."""
    count = int(share * len(REPORT) / (1 - share))
    step = max(1, len(REPORT) // max(1, count))
    pieces = [REPORT[i : i + step] + CONTROLS[(i // step) % len(CONTROLS)] for i in range(0, step * count, step)]
    return "".join(pieces) + REPORT[step * count :]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("share", [0.0, 0.005, 0.019, 0.021, 0.1])
def test_control_characters_counted_from_the_bytes_as_the_regex_counts_them(share: float, encoding: str) -> None:
    text = with_controls(share) + "\x0c\t\r\n"
    data = text.encode(encoding)
    assert encoding in decode.CONTROLS_ARE_BYTES
    assert decode._control_byte_count(data, data.decode(encoding)) == len(decode.NON_TEXT.findall(text))
    try:
        expected = decode._checked_text(data.decode(encoding), encoding, 0)  # the regex count
    except IngestFailure as failure:
        expected = failure.code
    try:
        found = decode_bytes(data, encoding)
    except IngestFailure as failure:
        found = failure.code
    assert found == expected
    assert (found == "binary_content") == (share > decode.MAX_NON_TEXT_SHARE)


def test_clean_utf8_text_is_not_scanned_by_the_regex(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoScan:
        def findall(self, text: str) -> list[str]:
            raise AssertionError("UTF-8 text counts its control characters from its bytes")

    monkeypatch.setattr(decode, "NON_TEXT", NoScan())
    assert decode_bytes(with_controls(0.005).encode("utf-8")).encoding == "utf-8"
    with pytest.raises(IngestFailure, match="control bytes"):
        decode_bytes(with_controls(0.05).encode("utf-8"))


@pytest.mark.parametrize("encoding", sorted(decode.CONTROLS_ARE_BYTES))
def test_no_character_but_a_control_character_has_a_control_byte(encoding: str) -> None:
    # What _control_byte_count relies on, checked over every character the encoding writes.
    control_bytes = set(decode.CONTROL_BYTES)
    for code in [*range(0x80, 0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 97)]:
        encoded = chr(code).encode(encoding)
        assert not control_bytes & set(encoded), (hex(code), encoded)
    for control in decode.CONTROL_BYTES:
        assert chr(control).encode(encoding) == bytes([control])


def test_gb_text_is_decoded_once_and_not_scanned_by_the_regex(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoScan:
        def findall(self, text: str) -> list[str]:
            raise AssertionError("GB18030 text counts its control characters from its bytes")

    monkeypatch.setattr(decode, "NON_TEXT", NoScan())
    monkeypatch.setattr(decode, "_first_fit", lambda *args: pytest.fail("text the hint decodes is decoded once"))
    text = with_controls(0.005)
    assert decode_bytes(text.encode("gb18030"), "gb2312") == decode.Decoded(text, "gb18030", 0)
