"""Rows -> table regions: runs of rows that look like a table rather than sentences with a number.

Pipe rows are tables by construction (border debris with no figure is not). Elsewhere a table is at least
three consecutive rows whose own labels are short (no sentence in them) and that mostly print the same
number of figures; leading or trailing rows that print a different number of figures (a date such as
201918 under the table) are left out, and so are leading rows followed by a sentence (a figure that a hard
wrap cut out of the report's opening prose is no table row, and the region would hide that prose from the
prose extractor).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.tables.header import after_header
from pipeline.tables.rows import SENTENCE_END, TextRow, figure_count
from pipeline.tables.tokens import BLANK, NUMBER
from pipeline.tables.vocabulary import table_words

MAX_ROW_LABEL = 64  # characters of label text a table row carries (national rows have long notes)
MAX_FIRST_LABEL = 90  # the first row also carries the title and header
MIN_STREAM_ROWS = 3
SHORT_LABEL = 20  # most rows of a one-figure-per-row table have labels this short
_TWO_CJK = re.compile(r"[\u4e00-\u9fff][^\u4e00-\u9fff]*[\u4e00-\u9fff]")  # two CJK characters, found without listing all
_NOT_A_LABEL = re.compile(r"[,，@]|http|www")
_LONE_FIGURE = re.compile(r"\s*[+\-]?[\d.,]+\s*")


@dataclass
class TableRegion:
    rows: list[TextRow]
    layout: str  # pipe, cell_per_line, spaced, run_together, number_run

    @property
    def start(self) -> int:
        return self.rows[0].start

    @property
    def end(self) -> int:
        return self.rows[-1].end


def _figures(row: TextRow) -> int:
    return figure_count(row.values)


def _row_label(row: TextRow) -> str:
    return _compact_label(row.label_after_sentence()[0])


@lru_cache(maxsize=16384)  # row labels repeat from report to report, and the header-word search tries every character
def _compact_label(tail: str) -> str:
    """The label after its header words, every blank removed (str.split splits where \\s matches)."""
    return "".join(after_header(tail).split())


def _label_like(label: str, limit: int) -> bool:
    """Short, with words, not a clause (a comma), not a field name ending with a colon, not an address."""
    return len(label) <= limit and _reads_as_label(label)


@lru_cache(maxsize=16384)  # row labels repeat from report to report, and find_regions asks of every row
def _reads_as_label(label: str) -> bool:
    """_label_like's tests of the label's words (two regex searches), the same for every row that prints it."""
    return _TWO_CJK.search(label) is not None and not _NOT_A_LABEL.search(label) and not label.endswith((":", "："))


def _stream_layout(rows: list[TextRow], text_has_newline) -> str:
    figures = [token for row in rows for token in row.values if token.kind == NUMBER]
    if any(token.glued for token in figures):
        return "run_together"
    if len(rows) == 1:
        return "number_run"
    if all(text_has_newline(token.start) for token in figures):
        return "cell_per_line"
    return "spaced"


def _section_row(row: TextRow) -> bool:
    """A row that prints blank marks in every column and no figure (一、主动公开情况 — — — —): a form's section
    heading, part of the table around it."""
    return len(row.values) >= 2 and all(token.kind == BLANK and token.text for token in row.values)


def _trim_odd_rows(rows: list[TextRow]) -> list[TextRow]:
    counts = Counter(_figures(row) for row in rows if not any(t.glued for t in row.values) and not _section_row(row))
    if not counts:
        return rows
    usual = counts.most_common(1)[0][0]

    def odd(row: TextRow) -> bool:
        return _figures(row) != usual and not _section_row(row)

    while rows and odd(rows[-1]):
        rows = rows[:-1]
    while rows and odd(rows[0]):
        rows = rows[1:]
    return rows


def _holds_sentence(row: TextRow) -> bool:
    """The row's label text holds a sentence end (。；！？): a sentence stands between the previous row's
    figures and this row's label."""
    return any(SENTENCE_END.search(token.text) for token in row.labels)


@cache
def _number_rest() -> re.Pattern[str]:
    """Digits and a quantity word opening a label (2年1月1日起…, 00条): the rest of a number cut by a wrap."""
    suffixes = "|".join(map(re.escape, table_words().quantity_suffixes))
    return re.compile(rf"\d+\s*(?:{suffixes})")


def _continues_a_number(row: TextRow) -> bool:
    return bool(row.labels) and _number_rest().match(row.labels[0].text) is not None


def _trim_prose_rows(rows: list[TextRow]) -> list[TextRow]:
    """The rows without leading rows whose figures sit in prose. A row is only the text between two runs of
    figures, so a figure inside a sentence (a date cut by a wrap: 统计期限为2021年1月1日至1 / 2月31日。; a phone
    number's tail) looks like a row with a short label; what gives it away is the row after it, whose label
    then holds the rest of the sentence, or opens with the rest of the number before the sentence goes on
    (统计期限自 202 / 2年1月1日起至2022年12月31 / 日止。). A table's first row is followed by more rows, not by a
    sentence, so leading rows are dropped while prose follows them; the rows of the table itself are never
    dropped, even when prose stands before the first of them (its label keeps only the words after the last
    sentence end), nor rows whose labels open with a quantity (5个工作日内答复 12 34 / 10个工作日内答复 15 40),
    which no sentence follows."""
    while len(rows) >= 2 and _prose_follows(rows, 1):
        rows = rows[1:]
    return rows


def _prose_follows(rows: list[TextRow], index: int) -> bool:
    """rows[index] holds a sentence end, or it and the rows after it open with a number's rest up to one
    that holds a sentence end."""
    for row in rows[index:]:
        if _holds_sentence(row):
            return True
        if not _continues_a_number(row):
            return False
    return False


def _convincing(rows: list[TextRow], row_label: Callable[[TextRow], str] = _row_label) -> bool:
    """Enough rows, and either several figures a row or the short labels of a list (`row_label`: _row_label,
    or the same memoized)."""
    if len(rows) == 1:
        return _figures(rows[0]) >= 6  # a bare run of figures in a table's fixed order
    if len(rows) < MIN_STREAM_ROWS:
        return False
    if sum(_figures(row) for row in rows) >= 2 * len(rows):
        return True
    lengths = sorted(len(row_label(row)) for row in rows[1:])
    return lengths[len(lengths) // 2] <= SHORT_LABEL


def looks_like_table(rows: list[TextRow]) -> bool:
    """What find_regions asks of a run of rows that are not pipe rows: enough rows, mostly of one width."""
    return _convincing(_trim_prose_rows(_trim_odd_rows(rows))) if rows else False


def find_regions(rows: list[TextRow], text: str) -> list[TableRegion]:
    """Every table region among `rows` (built from `text`), in text order."""

    def alone_on_line(offset: int) -> bool:
        line_start = text.rfind("\n", 0, offset) + 1
        line_end = text.find("\n", offset)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        return bool(_LONE_FIGURE.fullmatch(line))

    regions: list[TableRegion] = []
    run: list[TextRow] = []
    piped = False
    labels: dict[int, str] = {}  # _row_label by id(row): a row is tested as a next row, then as a first row

    def row_label(row: TextRow) -> str:
        label = labels.get(id(row))
        if label is None:
            label = labels[id(row)] = _row_label(row)
        return label

    def close() -> None:
        nonlocal run
        if piped:
            if len(run) >= 2 and any(_figures(row) for row in run):  # one row with a figure will do
                regions.append(TableRegion(run, "pipe"))
        else:
            kept = _trim_prose_rows(_trim_odd_rows(run))
            if _convincing(kept, row_label):
                regions.append(TableRegion(kept, _stream_layout(kept, alone_on_line)))
        run = []

    def fits(row: TextRow, first: bool) -> bool:
        return (_figures(row) > 0 or _section_row(row)) and _label_like(
            row_label(row), MAX_FIRST_LABEL if first else MAX_ROW_LABEL
        )

    for row in rows:
        if row.piped:
            if run and not piped:
                close()
            piped = True
            run.append(row)
            continue
        if run and not piped and fits(row, first=False):
            run.append(row)
            continue
        if run:
            close()
        piped = False
        if fits(row, first=True):
            run.append(row)
    if run:
        close()
    return regions
