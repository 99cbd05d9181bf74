"""split_run_together breaks a page run together onto one line before its headings exactly as the plain loop
over every heading does, and looks up the line of a heading only when a break can go before it (after a
space or a sentence end): most headings start their line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.clean import clean_text
from pipeline.ingest import layout
from pipeline.ingest.offsets import Edit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
REPORTS = [(FIXTURES / name).read_text(encoding="utf-8") for name in ("report_v2008.txt", "report_v2019.txt", "compilation.txt")]


def plain_split(text: str) -> list[Edit]:
    """split_run_together as a loop over every heading, each one's line looked up."""
    edits: list[Edit] = []
    for at, section in layout._heading_starts(text):
        line_start = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", at)
        line_end = len(text) if line_end < 0 else line_end
        if line_end - line_start < layout.LONG_LINE or text.count("|", line_start, line_end) >= 2:
            continue
        cut = layout._break_before(text, line_start, at, section)
        if cut is None or (edits and edits[-1][1] > cut[0]):
            continue
        edits.append((cut[0], at, cut[1]))
    return edits


def run_together(text: str, joiner: str) -> str:
    """The report's lines joined by `joiner`, its pipe table rows left out (a line with pipes is never split)."""
    return joiner.join(line.strip() for line in text.split("\n") if line.strip() and "|" not in line)


@pytest.mark.parametrize("index", range(len(REPORTS)))
@pytest.mark.parametrize("joiner", ["\n", " ", "", "  "])
def test_breaks_where_the_plain_loop_breaks(index: int, joiner: str) -> None:
    text = run_together(REPORTS[index], joiner)
    assert layout.split_run_together(text) == plain_split(text)
    if joiner == " ":
        assert layout.split_run_together(text)  # a page on one line is broken before its headings


def test_headings_that_start_their_line_are_not_looked_at(monkeypatch: pytest.MonkeyPatch) -> None:
    # a report printed one paragraph a line, each section heading run into its first paragraph (一、总体情况2019年，…)
    text = re.sub(r"(?m)^([一二三四五六七八九十]{1,3}、[^\n]{2,20})\n", r"\1", clean_text(REPORTS[1]).text)
    assert any(at == 0 or text[at - 1] == "\n" for at, _ in layout._heading_starts(text))
    assert max(map(len, text.split("\n"))) >= layout.LONG_LINE
    monkeypatch.setattr(layout, "_break_before", lambda *args: pytest.fail("no break can go before a line's start"))
    assert layout.split_run_together(text) == []
