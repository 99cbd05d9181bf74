"""Printed table rows -> their label and the ways their figures can be read as a row of N cells.

A row usually reads one way: N figures for N columns. It reads several ways when a crawler ran cells
together (713000074 for a 7-column row); the caller narrows those with the table's arithmetic. It reads no
way when figures are missing and nothing says which (a 3-column row with 2 figures): such a row is kept as
unmapped, not guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.extract.labels import MARKER, core
from pipeline.extract.standard_template import ApplicantColumn, StandardRow
from pipeline.tables.rows import TextRow, last_match_start
from pipeline.tables.split import Reading, is_splittable, split_readings, split_run_under_total, whole_cells
from pipeline.tables.tokens import BLANK, NUMBER, Token

SENTENCE_END = re.compile(r"[。!?;！？；]")
MAX_LABEL_CORE = 60  # longer label text with a clause break is a sentence, not a row label
CLAUSE_BREAK = re.compile(r"[,，、]")
PAGE_NUMBER_CELLS = 3  # "- 7 -": dash, page number, dash
PAGE_NUMBER_DASHES = "-—–－"
MAX_BLANK_CELLS = 20  # more blank cells than this is a run of border debris (||||), not a row


@dataclass(slots=True)  # tables make many rows: no __dict__ to build for each
class PrintedRow:
    label: str  # the row's own label: after the last sentence end, from the last numbering marker
    label_start: int
    tokens: list[Token]  # the figures and blank cells, in order
    piped: bool
    start: int
    end: int
    label_end: int = -1  # where the last label cell ends: blank cells before it are not the row's


    def snippet(self, text: str) -> str:
        return text[self.start : self.end]

    @property
    def figures(self) -> list[Token]:
        return [token for token in self.tokens if token.kind == NUMBER]

    @classmethod
    def of(cls, row: TextRow, label: str, label_start: int) -> PrintedRow:
        start = label_start if label or not row.values else row.values[0].start
        label_end = row.labels[-1].end if row.labels else -1  # a row's labels are in text order (build_rows)
        return cls(label, label_start, list(row.values), row.piped, start, row.end, label_end)


def label_after_sentence(row: TextRow) -> tuple[str, int]:
    """row.label_after(SENTENCE_END): the label text after the last sentence end, and where it starts. Most
    rows hold no sentence end, and one search of their joined label (SENTENCE_END matches single characters,
    never the joining space) says so without label_after's token-by-token search."""
    return row.label_after_sentence()  # the same test, without joining a one-token label


def row_label(row: TextRow) -> tuple[str, int]:
    """The label the row itself carries: header text and a previous row's wrapped tail cut off."""
    tail, tail_start = row.label_after_sentence()
    if not tail:
        return "", row.start
    marker_at = last_match_start(MARKER, tail)
    if marker_at >= 0:
        if len(row.labels) == 1 and tail_start == row.labels[0].start:
            return tail[marker_at:], tail_start + marker_at  # most rows: the tail is their one label token
        probe = TextRow(labels=[t for t in row.labels if t.end > tail_start], values=row.values)
        label, start = probe.label_from(MARKER)
        return label, max(start, tail_start)
    return tail, tail_start


def printed_rows(rows: list[TextRow], keep_empty: Callable[[str], bool] | None = None) -> list[PrintedRow]:
    """The rows that hold figures, with their own labels; sentences with a number are left to prose.

    `keep_empty`: also keep a pipe row whose cells are all empty when it says yes to the row's label. An HTML
    or DOCX row "| 5.属于三类内部事务信息 | | | |" states nothing in any column, as a row of "—" does; kept,
    its cells become blank (not-stated) cells, so the sums over the row can tell "stated nothing" from "row
    missing". Without the test (or when it says no: a header row whose merged cells came out empty, border
    debris) such rows are dropped."""
    printed = []
    for row in rows:
        figures = marks = 0
        for token in row.values:
            if token.kind == NUMBER:
                if token.suffix == "%":
                    break  # shares (占19.5%) are never cells of the standard tables
                figures += 1
            elif token.kind == BLANK and token.text:
                marks += 1
        else:
            kept = figures or (row.labels and len(row.values) <= MAX_BLANK_CELLS and (marks or (row.piped and row.values)))
            if not kept:
                continue  # a header row, or border debris
            label, label_start = row_label(row)
            if not figures and not marks and (keep_empty is None or not keep_empty(label)):
                continue  # empty cells under a label no table row has: a header row's merged cells
            if CLAUSE_BREAK.search(label) and len(core(label)) > MAX_LABEL_CORE:
                continue
            printed.append(PrintedRow.of(row, label, label_start))
    return printed


def shows_vanished_cells(row: PrintedRow, width: int) -> bool:
    """Whether a row of figures only has fewer digits than its `width` cells ("规章3" under three columns): cells
    of it vanished, so its table prints blank cells as nothing, and in another row of that table one digit per
    cell is only one reading of a run of digits ("214" may be 2 | — | 14)."""
    if not row.tokens or any(token.kind != NUMBER for token in row.tokens):
        return False
    return sum(map(str.isdigit, "".join([token.text for token in row.tokens]))) < width


def filled_cells(row: PrintedRow) -> list[Token]:
    """The row's cells without the empty ones at its ends (label columns a merged label left empty, the
    empty cell a page flattened onto one line leaves between rows)."""
    tokens = list(row.tokens)
    while tokens and tokens[0].kind == BLANK and not tokens[0].text:
        tokens.pop(0)
    while tokens and tokens[-1].kind == BLANK and not tokens[-1].text:
        tokens.pop()
    return tokens


def _is_empty(token: Token) -> bool:
    return token.kind == BLANK and not token.text


def _fit_widths(tokens: list[Token], width: int, piped: bool, label_end: int = -1) -> list[list[Token]]:
    """A row with more cells than the table has columns, brought to its width: empty cells before its label
    (a header or a row boundary a page flattened onto one line runs into it: "采购总金额 | | 政府集中采购"),
    empty cells after the last figure (a page flattened onto one line leaves one between rows), then a merged
    last cell the ingestion repeated across the columns it spans (| 3 | 3 | for 本年增/减), then empty label
    columns before the first figure (a merged row label). A "—" is a cell of the table and is never dropped.

    The first fit is that one; when empty cells before the first figure could instead make up the surplus
    the repeated cell does ("| | 0 | 0 | 0 | 0 | 0 | 3 | 3 |": an empty label column and other_org = total),
    that fit follows, for the caller's arithmetic to choose."""
    if piped:
        if tokens and tokens[0].end <= label_end:  # most rows: every cell after the label (cells are in text order)
            tokens = [t for t in tokens if not (t.end <= label_end and _is_empty(t))]
        while len(tokens) > width and _is_empty(tokens[-1]):
            tokens = tokens[:-1]
    elif len(tokens) == width + PAGE_NUMBER_CELLS and ends_with_page_number(tokens):
        tokens = tokens[:width]
    if len(tokens) <= width:
        return [tokens]  # nothing to drop
    fits = [tokens]
    run = 1
    while run < len(tokens) and _same_cell(tokens[-run - 1], tokens[-1]):
        run += 1
    if run - 1 >= len(tokens) - width:
        fits = [tokens[: width - 1] + [tokens[-1]], tokens]
    fits = [_strip_leading(fit, width) for fit in fits]
    return [fit for index, fit in enumerate(fits) if index == 0 or (len(fit) == width and fit != fits[0])]


def _is_dash(token: Token) -> bool:
    return token.kind == BLANK and 0 < len(token.text) <= 2 and all(ch in PAGE_NUMBER_DASHES for ch in token.text)


def ends_with_page_number(tokens: list[Token]) -> bool:
    """The row's last three cells are a page number ("- 7 -"): PDF text whose lines were joined puts the page
    footer after the last row of the page. Only dropped where the row is exactly three cells too wide, so a
    row that ends in "— 6 —" cells (blank, figure, blank) and fits the table is read as printed."""
    left, number, right = tokens[-PAGE_NUMBER_CELLS:]
    return (
        _is_dash(left) and _is_dash(right) and number.kind == NUMBER and not number.glued and not number.suffix
        and number.text.isdigit() and len(number.text) <= 3 and number.text[0] != "0"
    )


def _strip_leading(tokens: list[Token], width: int) -> list[Token]:
    while len(tokens) > width and _is_empty(tokens[0]):
        tokens = tokens[1:]
    return tokens


def _same_cell(a: Token, b: Token) -> bool:
    return a.kind == b.kind and a.value == b.value and a.text == b.text


def readings(
    row: PrintedRow,
    width: int,
    accept: Callable[[Reading], bool] | None = None,
    sum_bound: float | None = None,
    loose: bool = False,
    exact: bool = False,
) -> list[Reading]:
    """Every way to read the row as `width` cells that `accept` allows (a whole row is never filtered).

    `sum_bound`: the last cell is a total and the others add up to at most this many times it, which makes
    long digit runs cheap to cut.
    `loose`: a row short of cells may have run any digits together, spaced or not (the caller's arithmetic
    then has to leave one reading). `exact`: the other cells add up to the total exactly.
    """
    fits = _fit_widths(row.tokens, width, row.piped, row.label_end)
    tokens = fits[0]
    if len(fits) > 1 and accept is not None:
        whole = [whole_cells(fit) for fit in fits]
        allowed = [reading for reading in whole if accept(reading)]
        if len(allowed) == 1:
            return allowed  # the row's arithmetic tells the merged cell from an empty label column
    if len(tokens) == width:
        return [whole_cells(tokens)]
    if len(tokens) > width:
        return []
    if sum_bound is not None and len(tokens) == 1 and is_splittable(tokens[0], loose):
        return split_run_under_total(tokens[0], width, accept, sum_bound, exact)
    return split_readings(tokens, width, accept, loose=loose) or []


def fixed_readings(row: PrintedRow, width: int) -> list[Reading] | None:
    """What readings(row, width, ...) returns whatever its other arguments, when they cannot matter (the row
    fits the width one way and has at least `width` cells); None when they may."""
    fits = _fit_widths(row.tokens, width, row.piped, row.label_end)
    if len(fits) > 1 or len(fits[0]) < width:
        return None
    return [whole_cells(fits[0])] if len(fits[0]) == width else []


def split_bare_run(row: PrintedRow, width: int) -> list[PrintedRow]:
    """A label followed by k x width figures (numbers in the template's fixed order): k rows."""
    tokens = row.tokens
    if row.piped or len(tokens) <= width or len(tokens) % width:
        return [row]
    parts = []
    for index in range(0, len(tokens), width):
        chunk = tokens[index : index + width]
        label = row.label if index == 0 else ""
        start = row.start if index == 0 else chunk[0].start
        parts.append(PrintedRow(label, row.label_start if index == 0 else start, chunk, False, start, chunk[-1].end))
    return parts


@dataclass
class TableRead:
    """What a standard table yielded: the reading of each template row found, and the rows left over."""

    template: str
    cells: list[tuple[StandardRow, PrintedRow, Reading]]
    unresolved: list[PrintedRow]
    columns: tuple[ApplicantColumn, ...] = ()
    placed: int = 0  # rows the labels and order placed, read or not

    @property
    def recognised_rows(self) -> int:
        return max(self.placed, len(self.cells))
