"""Which template a report follows: v2019 or v2021 (the standard tables), v2008, or narrative.

Go by the tables, not by the year: some agencies keep the 2019 table in later years. The two standard
templates share the requests and review tables; Table 二 tells them apart (本年新制作数量 … 政府集中采购 in
2019, 本年制发件数 / 现行有效件数 in 2021), and so do the three sub-rows of （六）其他处理 in 2021. When the
tables were lost in scraping but the report has the standard sections, the year decides; when only their
figures survive (a bare run of numbers), the number of figures under section 二 does.

v2008 needs a statistics table, or figures stated in a report with sections (一、概述 二、…); a short prose
text with neither is narrative.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.identity.view import ReportView
from pipeline.identity.vocabulary import vocabulary
from pipeline.model import Document, Table
from pipeline.tables import recognize_tables

# Figures a pre-2019 report states: a count with its classifier, or a statistics table
FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:条|件|次|项|篇|个|人|期|场|份|万元|元)")
SECTION_NUMERALS = "一二三四五六七八九十"
SECTION_HEADING = re.compile(rf"^\s*([{SECTION_NUMERALS}])、", re.M)
PROACTIVE_SECTION = re.compile(r"二、\s*主动公开政府信息(?:情况)?\s*\n(.{0,600}?)\n\s*三、", re.S)
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
MIN_TABLE_ROWS = 3
FIRST_STANDARD_YEAR = 2019
FIRST_V2021_YEAR = 2021


def _by_proactive_figures(text: str) -> str | None:
    """v2019 or v2021 from the figures under section 二 when only they survived: a decrease (本年增/减 < 0)
    exists only in 2019's table; otherwise the count, closer to 2019's or to 2021's number of cells."""
    match = PROACTIVE_SECTION.search(text)
    if not match or re.search(r"[\u4e00-\u9fff]", match.group(1)):
        return None  # labelled rows (the markers decide) or prose
    figures = NUMBER.findall(match.group(1))
    if any(f.startswith("-") for f in figures):
        return "v2019"
    shapes = vocabulary().proactive_table_values
    small, large = sorted(shapes.values())
    if not figures or len(figures) > large + 2:
        return None
    if len(figures) <= small + 1:
        return next(t for t, v in shapes.items() if v == small)
    if len(figures) >= (small + large) // 2 + 2:
        return next(t for t, v in shapes.items() if v == large)
    return None  # in between: blanks could make either


def _is_statistics_table(table: Table) -> bool:
    """Rows of figures, not a heading or two a recogniser took for a table. Counted only until there are
    enough: a statistics table has dozens of rows."""
    rows_with_figures = 0
    for row in table.rows:
        if any(NUMBER.search(cell.text) for cell in row):
            rows_with_figures += 1
            if rows_with_figures >= MIN_TABLE_ROWS:
                return True
    return False


def section_numerals(text: str) -> set[str]:
    """set(SECTION_HEADING.findall(text)): the numerals that open a line (after blanks) followed by 、.

    Read from each 、 (str.find) instead of SECTION_HEADING, which has no first character for the regex engine
    to skip to (^ with re.M) and is tried at every position, ~90 instructions a character. A numeral before a
    、 heads a section when the blanks before it (\\s, which may span lines) reach the text's start or hold a
    line break: ^ then matches at the start of the text or after that line break."""
    found = set()
    at = text.find("、", 1)
    while at >= 0:
        numeral = text[at - 1]
        if numeral in SECTION_NUMERALS:
            blanks_start = at - 1
            while blanks_start > 0 and text[blanks_start - 1].isspace():
                blanks_start -= 1
            if blanks_start == 0 or "\n" in text[blanks_start : at - 1]:
                found.add(numeral)
        at = text.find("、", at + 1)
    return found


def _has_sections(text: str) -> bool:
    return len(section_numerals(text)) >= 2


def _markers_found(view: ReportView) -> tuple[set[str], str]:
    """The template markers the text holds and the text they were read in: the text itself, or, when it
    holds none, the text without whitespace (phrases a PDF line break cut in two).

    A marker holds no whitespace, so one the text holds the flat text holds too: the flat text is read
    first, and the text only for the markers found there (most reports hold none). A substring test per
    marker costs ~2 instructions a character, a phrase automaton's walk ~85."""
    in_flat = {phrase for phrase in vocabulary().template_markers if phrase in view.flat_text}
    in_text = {phrase for phrase in in_flat if phrase in view.text}
    return (in_text, view.text) if in_text else (in_flat, view.flat_text)


def detect_template(document: Document, view: ReportView, year: int | None) -> tuple[str, str]:
    """(template, evidence) of `document`, whose view for identity is `view`."""
    markers = vocabulary().template_markers
    text = view.text
    found, flat = _markers_found(view)
    kinds = Counter(markers[phrase] for phrase in found)
    v2019, v2021 = kinds["v2019"], kinds["v2021"]
    # one stray phrase (政府集中采购 in a 2011 report's prose) is not a standard table
    if kinds["standard"] or v2019 + v2021 >= 2:
        if v2019 != v2021:
            template = "v2021" if v2021 > v2019 else "v2019"
            return template, f"{max(v2019, v2021)} rows of the {template} tables against {min(v2019, v2021)}"
        by_shape = _by_proactive_figures(text)
        if by_shape:
            return by_shape, "the number of figures under section 二"
        if year is not None and year >= FIRST_V2021_YEAR:
            return "v2021", "standard sections, tables undecided: the report year"
        return "v2019", "standard sections, tables undecided: the report year"
    # v2008 on any of three grounds; the tables are recognised last, for the few reports the text leaves open
    if "统计表" in flat:
        return "v2008", "a statistics table without the standard rows"
    if (year is None or year < FIRST_STANDARD_YEAR) and _has_sections(text) and FIGURE.search(text):
        return "v2008", "figures stated in the sections of a pre-2019 report"
    if any(_is_statistics_table(t) for t in recognize_tables(document.text)):
        return "v2008", "a statistics table without the standard rows"
    return "narrative", "no table, or prose without sections or figures"
