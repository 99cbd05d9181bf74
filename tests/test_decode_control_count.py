"""UTF-8 text counts its control characters from its bytes (decode._utf8_non_text), with the regex's result:
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


@pytest.mark.parametrize("share", [0.0, 0.005, 0.019, 0.021, 0.1])
def test_control_characters_counted_from_the_bytes_as_the_regex_counts_them(share: float) -> None:
    text = with_controls(share) + "\x0c\t\r\n"
    data = text.encode("utf-8")
    assert decode._utf8_non_text(data, data.decode("utf-8")) == len(decode.NON_TEXT.findall(text))
    try:
        expected = decode._checked_text(data.decode("utf-8"), "utf-8", 0)  # the regex count
    except IngestFailure as failure:
        expected = failure.code
    try:
        found = decode_bytes(data)
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
