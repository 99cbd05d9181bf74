"""Tables 二, 三 and 四 found by their own labels when their section heading is missing or garbled.

Table 三 is where enough of its row labels stand in the template's order; table 四 is the figures after
its column headings (未经复议直接起诉, 尚未审结 ...); table 二 is the rows after its column headings
(本年制发件数 ...), never its row names alone (行政许可, 行政处罚 are too common in prose).
"""

from __future__ import annotations

from pipeline.extract.alignment import align, row_score, strong_labels
from pipeline.extract.labels import core
from pipeline.extract.readings import PrintedRow
from pipeline.extract.standard_template import TEMPLATES, column_words, distinctive_words, standard_rows

MIN_ANCHORS = 5  # rows of table 三 whose labels must stand in order
STRONG_LABEL = 0.8  # only labels this close bound the table (其他 in 其他对外管理服务事项 does not)
MAX_REVIEW_ROWS = 8  # the figures of table 四 come in at most this many rows after its headings
MAX_PROACTIVE_ROWS = 16  # table 二 has at most 8 item rows, each maybe after a header row


def _outside(position: int, taken: list[tuple[int, int]]) -> bool:
    return not any(start <= position < end for start, end in taken)


def _requests(rows: list[PrintedRow]) -> tuple[list[PrintedRow], tuple[int, int]] | None:
    best: list[int] = []
    labels = [row.label for row in rows]
    for template in TEMPLATES:
        template_rows = standard_rows("requests", template)
        if strong_labels(labels, template_rows, STRONG_LABEL) < MIN_ANCHORS:
            continue  # too few labels that could bound the table, whatever the alignment
        alignment = align(labels, template_rows, fill_by_order=False)
        anchored = [
            i for i, slot in enumerate(alignment.slots)
            if slot is not None and row_score(rows[i].label, template_rows[slot]) >= STRONG_LABEL
        ]
        if len(anchored) > len(best):
            best = anchored
    if len(best) < MIN_ANCHORS:
        return None
    found = rows[best[0] : best[-1] + 1]
    return found, (found[0].start, found[-1].end)


def _review(rows: list[PrintedRow], text: str, taken: list[tuple[int, int]]) -> tuple[list[PrintedRow], tuple[int, int]] | None:
    words = distinctive_words("review")
    for index, row in enumerate(rows):
        header_start = rows[index - 1].end if index else 0
        if any(word in core(text[header_start : row.start] + row.label) for word in words):
            found = rows[index : index + MAX_REVIEW_ROWS]
            return found, (header_start, found[-1].end)
    return None


def _proactive(rows: list[PrintedRow], text: str, taken: list[tuple[int, int]]) -> tuple[list[PrintedRow], tuple[int, int]] | None:
    headings = {word for template in TEMPLATES for word in column_words(template)}
    for index, row in enumerate(rows):
        header_start = rows[index - 1].end if index else 0
        if any(word in core(text[header_start : row.start] + row.label) for word in headings):
            limit = min([start for start, _ in taken if start > row.start], default=len(text))
            found = [r for r in rows[index : index + MAX_PROACTIVE_ROWS] if r.end <= limit]
            return (found, (header_start, found[-1].end)) if found else None
    return None


def locate_by_labels(
    table: str, rows: list[PrintedRow], text: str, taken: list[tuple[int, int]]
) -> tuple[list[PrintedRow], tuple[int, int]] | None:
    """(the table's rows, the span they cover) for a table with no heading found, or None."""
    free = [row for row in rows if _outside(row.start, taken)]
    if table == "requests":
        return _requests(free)
    if table == "review":
        return _review(free, text, taken)
    return _proactive(free, text, taken)
