"""Table regions as Table records (rows of cells with offsets), or as the spans of text they cover.

Extraction finds each document's table regions once and hands their spans (table_span) to the prose reader;
identity (for the few reports only a table can place) and tests ask recognize_tables for the cells.

Pipe rows keep their cells as printed. Rows recognised in running text get a label cell and one cell per
figure, and the header words run into the first row's label (指标名称计量单位2011年度历年累计) get a row of
their own. A run of digits that holds several cells (主动公开信息数条4251516) stays one cell here, because
only the table's template and arithmetic can cut it (pipeline/extract does).
"""

from __future__ import annotations

import re
from functools import cache
from itertools import chain
from operator import attrgetter

from pipeline.model import Cell, Table
from pipeline.tables.regions import TableRegion, find_regions
from pipeline.tables.rows import TextRow, build_rows
from pipeline.tables.tokens import tokenize
from pipeline.tables.vocabulary import table_words

_SPACE = re.compile(r"\s+")
_START = attrgetter("start")
_END = attrgetter("end")


def _cell(text: str, start: int, end: int) -> Cell | None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    start += len(piece) - len(piece.lstrip())
    return Cell(stripped, start, start + len(stripped))


@cache
def _header_word_patterns() -> tuple[re.Pattern[str], ...]:
    words = table_words()
    return tuple(re.compile(r"\s*".join(map(re.escape, word))) for word in (*words.headers, *(w for w, _ in words.periods)))


def _header_end(label: str) -> int:
    """Where the header words run into a first row's label end (0 when there are none)."""
    end = 0
    for pattern in _header_word_patterns():
        for match in pattern.finditer(label):
            end = max(end, match.end())
    return end


def _stream_rows(row: TextRow, text: str, first: bool) -> list[list[Cell]]:
    _, start = row.label_after_sentence()
    rows: list[list[Cell]] = []
    cells: list[Cell] = []
    if row.labels and start < row.labels[-1].end:
        label_end = row.labels[-1].end
        cut = start + _header_end(text[start:label_end]) if first else start
        if cut > start and (header := _cell(text, start, cut)):
            rows.append([Cell(word.group(), header.start + word.start(), header.start + word.end())
                         for word in re.finditer(r"\S+", header.text)])
        if label := _cell(text, cut, label_end):
            cells.append(label)
    cells.extend(Cell(t.text, t.start, t.end) for t in row.values)
    return [*rows, cells] if cells else rows


def region_table(region: TableRegion, text: str) -> Table:
    rows: list[list[Cell]] = []
    for index, row in enumerate(region.rows):
        if region.layout == "pipe":
            tokens = sorted([*row.labels, *row.values], key=_START)
            cells = [Cell(token.text, token.start, token.end) for token in tokens if token.cell]
            if cells:
                rows.append(cells)
        else:
            rows.extend(_stream_rows(row, text, first=index == 0))
    cells = list(chain.from_iterable(rows))
    start = min(map(_START, cells))  # walked in C, not by a generator
    end = max(map(_END, cells))
    return Table(rows=rows, layout=region.layout, start=start, end=end)


def table_span(region: TableRegion, text: str) -> tuple[int, int]:
    """(start, end) of region_table(region, text), without building its cells: a stream row's header and
    label cells are the non-blank text from its label's start (after the last sentence end) to its last label
    token's end, cut in two where the header words end, so together they reach from that text's first
    non-blank character to its last; every value token is a cell as it is; a pipe row's cells are its cell
    tokens. A row's labels and its values are each in text order (build_rows), so only the first and last
    of them are looked at."""
    start, end = len(text), 0
    if region.layout == "pipe":
        return _pipe_span(region.rows, start, end)
    for row in region.rows:
        values = row.values
        label_start = row.label_after_sentence()[1]
        if row.labels and label_start < (label_end := row.labels[-1].end):
            piece = text[label_start:label_end]
            stripped = piece.lstrip()
            if stripped:
                first = label_start + len(piece) - len(stripped)
                start = min(start, first)
                end = max(end, first + len(stripped.rstrip()))
        if values:
            start = min(start, values[0].start)
            end = max(end, values[-1].end)
    if end < start:
        raise ValueError("a table region without a cell")  # as region_table's min() of no cells
    return start, end


def _pipe_span(rows: list[TextRow], start: int, end: int) -> tuple[int, int]:
    """table_span of pipe rows: the first and last cell token of each row. A pipe row's values are all cells
    and its labels are the label text before the line (no cells) followed by its label cells, each list in text
    order (build_rows), so a row's cells start at its first label cell or first value, and end at its last label
    (when a cell) or last value."""
    for row in rows:
        labels, values = row.labels, row.values
        if values:
            start = min(start, values[0].start)
            end = max(end, values[-1].end)
        if labels and labels[-1].cell:
            end = max(end, labels[-1].end)
            if labels[0].cell:
                start = min(start, labels[0].start)
            else:
                start = min(start, next(token for token in labels if token.cell).start)
    if end < start:
        raise ValueError("a table region without a cell")  # as region_table's min() of no cells
    return start, end


def find_tables(text: str) -> list[TableRegion]:
    """Every table region in `text`, in text order."""
    return find_regions(build_rows(tokenize(text)), text)


def recognize_tables(text: str) -> list[Table]:
    """Every table region in `text`, as rows of cells with offsets into `text`."""
    return [region_table(region, text) for region in find_tables(text)]


def table_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every table recognize_tables(text) gives, without building their cells."""
    return [table_span(region, text) for region in find_tables(text)]
