"""split_run_together breaks a page run together onto one line before its headings exactly as the plain loop
over every heading does; it is handed only the headings a break can go before (after a space or a sentence
end): most headings start their line."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from pipeline.clean import clean_text
from pipeline.ingest import layout
from pipeline.ingest.offsets import Edit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
REPORTS = [(FIXTURES / name).read_text(encoding="utf-8") for name in ("report_v2008.txt", "report_v2019.txt", "compilation.txt")]


def every_heading_start(text: str) -> list[tuple[int, bool]]:
    """(start, section) of every SECTION_HEADING (True) and NUMBERED_ITEM (False) match, in text order."""
    found = [(m.start(), True) for m in layout.SECTION_HEADING.finditer(text)]
    found += [(m.start(), False) for m in layout.NUMBERED_ITEM.finditer(text)]
    return sorted(found)


def plain_split(text: str) -> list[Edit]:
    """split_run_together as a loop over every heading, each one's line looked up."""
    edits: list[Edit] = []
    for at, section in every_heading_start(text):
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
    assert any(at == 0 or text[at - 1] == "\n" for at, _ in every_heading_start(text))
    assert max(map(len, text.split("\n"))) >= layout.LONG_LINE
    monkeypatch.setattr(layout, "_break_before", lambda *args: pytest.fail("no break can go before a line's start"))
    assert layout.split_run_together(text) == []


# Fragments of headings and of what surrounds them: numerals in runs of any length, digits, both brackets,
# the characters that end a heading, the breaks before one (spaces, sentence ends) and what is no break.
FRAGMENTS = ["一", "二", "十", "三", "1", "2", "0", "١", "(", "（", ")", "）", "、", ".", "附件", ":", "：", " ", "。", "；",
             ";", "！", "!", "？", "?", "，", "\n", "字", "是", "a", "|", "第", "章", "注", " 一、", "。(二)", " （十一）",
             "；12、字", "! 3.字", " 附件2：", "一二三、", "(一二三四)", "。123.字"]


def breakable(text: str) -> list[tuple[int, bool]]:
    return [(at, section) for at, section in every_heading_start(text) if at > 0 and text[at - 1] in " 。；;！!？?"]


def test_breakable_headings_are_the_headings_after_a_break() -> None:
    rng = random.Random(11)
    texts = ["".join(rng.choice(FRAGMENTS) for _ in range(rng.randrange(1, 40))) for _ in range(30_000)]
    texts += [run_together(report, joiner) for report in REPORTS for joiner in ("\n", " ", "。", "")]
    found = {True: 0, False: 0}
    for text in texts:
        expected = breakable(text)
        assert layout._breakable_heading_starts(text) == expected, text
        for _, section in expected:
            found[section] += 1
    assert min(found.values()) > 5_000  # both kinds of heading, after every kind of break, were tried
