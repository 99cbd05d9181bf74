"""Where tables 二, 三 and 四 of a v2019/v2021 report sit: between their section headings.

A heading is a numeral with 、 (三、) at the start of a line or after a space, followed by text close to the
heading's wording (crawlers and typists garble it: 行政法复议). Headings are looked for in order, each after
the previous one, so a row label such as 四、结转下年度继续办理 is never taken for section 四.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from pipeline.extract.labels import char_pairs, core
from pipeline.extract.standard_template import SectionHeading, section_headings

_NUMERAL = re.compile(r"[一二三四五六七八九十][、.．]")
_NUMERALS, _NUMERAL_ENDS = "一二三四五六七八九十", "、.．"  # what _NUMERAL's two characters may be
_BEFORE_NUMERAL = re.compile(r"[\s|。]")  # a heading's numeral starts the text, a line, or follows a space
HEADING_COVERAGE = 0.7


@dataclass(frozen=True)
class Section:
    table: str
    start: int  # where the heading starts
    body: int  # where the text after the heading starts
    end: int


def _coverage(heading: str, window: str) -> float:
    wanted = char_pairs(heading)
    return len(wanted & char_pairs(window[: len(heading) + 6])) / len(wanted) if wanted else 0.0


@cache
def _openings(heading: SectionHeading) -> re.Pattern[str]:
    """Any of the heading's first words (its first or second pair of characters, in any of its names)."""
    openings = {name[:2] for name in heading.names} | {name[2:4] for name in heading.names}
    return re.compile("|".join(re.escape(opening) for opening in sorted(openings)))


def _find_heading(text: str, heading: SectionHeading, numbered: list[tuple[int, int]], after: int) -> tuple[int, int] | None:
    """`numbered`: (start, end) of every numeral that may open a heading, in text order."""
    openings = _openings(heading)
    for start, end in numbered[bisect_left(numbered, (after,)) :]:
        if not openings.search(text, end, end + 12):
            continue  # the heading's first words are not there: not this heading
        window = core(text[end : end + 60])
        for name in heading.names:
            if _coverage(name, window) >= HEADING_COVERAGE:
                return start, end + _heading_length(text, end, name)
    return None


def _heading_length(text: str, start: int, name: str) -> int:
    """How far the heading's own words reach in the text (the rest of the line may be a table)."""
    consumed = 0
    wanted = len(name)
    for offset, ch in enumerate(text[start : start + 80]):
        if core(ch):
            consumed += 1
        if consumed >= wanted:
            return offset + 1
    return 0


def _numbered(text: str) -> list[tuple[int, int]]:
    """(start, end) of every _NUMERAL match that starts the text or follows a blank, | or 。, in text order.

    Found from the second character, by str.find for each of the three (a skip in C at about an instruction a
    character), rather than by the regex, whose class of CJK numerals costs ~50 instructions at every character
    of the text. Two matches cannot overlap (a match's second character is no numeral), so the matches are
    exactly the places where a numeral stands before one of the three."""
    spans = []
    for mark in _NUMERAL_ENDS:
        at = text.find(mark, 1)
        while at >= 0:
            if text[at - 1] in _NUMERALS and (at == 1 or _BEFORE_NUMERAL.match(text, at - 2)):
                spans.append((at - 1, at + 1))
            at = text.find(mark, at + 1)
    spans.sort()
    return spans


def find_sections(text: str) -> dict[str, Section]:
    """The sections of the standard tables that the text has, by table (proactive, requests, review)."""
    found: list[tuple[str, int, int]] = []
    after = 0
    # (a lookbehind in the pattern itself made the regex engine try every position: 3x slower)
    numbered = _numbered(text)
    for heading in section_headings():
        hit = _find_heading(text, heading, numbered, after)
        if hit:
            found.append((heading.table, *hit))
            after = hit[1]
    sections: dict[str, Section] = {}
    for index, (table, start, body) in enumerate(found):
        end = found[index + 1][1] if index + 1 < len(found) else len(text)
        if table != "end":
            sections[table] = Section(table, start, body, end)
    return sections
