"""Table 二 (主动公开政府信息情况): the 第二十条 items, both column sets (v2019 and v2021).

The template is chosen by the column headings the table prints (本年制发件数 is v2021, 本年新制作数量 is
v2019), then by how many rows each template explains, then by the identity stage's guess. Every row has a
label in every layout seen, so rows are placed by label only: a row no label places stays unmapped.
"""

from __future__ import annotations

from pipeline.extract.alignment import Alignment, align, row_score
import csv
from functools import cache, lru_cache
from importlib import resources

from pipeline.extract.evidence import clause_numbers, confirmed_reading
from pipeline.extract.identities import row_holds
from pipeline.extract.labels import core
from pipeline.extract.readings import PrintedRow, TableRead, filled_cells, readings, shows_vanished_cells
from pipeline.extract.standard_template import TEMPLATES, StandardRow, column_words, standard_rows
from pipeline.tables.split import NOT_PRINTED, Reading, whole_cell, whole_cells
from pipeline.tables.tokens import BLANK, NUMBER
from pipeline.tables.vocabulary import table_words

STOCK_FLOW_CSV = "checks_stock_flow.csv"  # the 表二 rows whose cells are a stock and its flows


@lru_cache(maxsize=8192)  # table 二's row labels repeat from report to report
def _last_item(label: str, template: str) -> str:
    """The label from the last row name in it on: text run together over several rows (行政许可…行政处罚)
    puts the figures after the last name."""
    last = max([label.rfind(name) for name in _item_names(template)], default=-1)
    return label[last:] if last > 0 else label


@cache
def _item_names(template: str) -> tuple[str, ...]:
    """Every name of every table 二 row of a template, gathered once rather than for each label."""
    return tuple(name for row in standard_rows("proactive", template) for name in (row.label, *row.names))


def _heading_votes(region_text: str) -> dict[str, int]:
    text = core(region_text)
    votes = {}
    for template in TEMPLATES:
        others = set().union(*(column_words(t) for t in TEMPLATES if t != template))
        votes[template] = sum(word in text for word in column_words(template) - others)
    return votes


def read_proactive_table(
    rows: list[PrintedRow], region_text: str, template_hint: str | None, document_text: str, span: tuple[int, int]
) -> TableRead | None:
    if not rows:
        return None
    votes = _heading_votes(region_text)
    options = []
    last_items = {template: [_last_item(row.label, template) for row in rows] for template in TEMPLATES}
    for template in TEMPLATES:
        alignment = align(last_items[template], standard_rows("proactive", template), fill_by_order=False)
        options.append((votes[template], alignment.assigned, template == template_hint, template, alignment))
    *_, template, alignment = max(options, key=lambda option: option[:3])
    if not votes[template] and template_hint not in TEMPLATES:
        return None  # no column heading of table 二 and not a v2019/v2021 report: 行政许可类信息 is prose
    if not alignment.assigned:
        evidence = {t for t in TEMPLATES if votes[t] or t == template_hint}
        return _bare_run(rows, evidence)
    template_rows = standard_rows("proactive", template)
    alignment = _placed_out_of_order(last_items[template], alignment, template_rows)
    cells, unresolved = [], []
    # a table that prints blank cells as nothing leaves no reading that cuts a run of digits certain
    drops_blanks = any(slot is not None and shows_vanished_cells(row, len(template_rows[slot].metric_ids))
                       for row, slot in zip(rows, alignment.slots))  # fmt: skip
    for row, slot in zip(rows, alignment.slots):
        if slot is None:
            unresolved.append(row)
            continue
        standard_row = template_rows[slot]
        ids = standard_row.metric_ids
        found = readings(row, len(ids), lambda reading, ids=ids: row_holds(ids, tuple(c.value for c in reading)))
        if drops_blanks:
            found = [reading for reading in found if not _cuts_digits(reading, row)]
        if len(found) > 1:
            names = (standard_row.label, *standard_row.names)
            confirmed = confirmed_reading(found, clause_numbers(document_text, names, span))
            found = [confirmed] if confirmed else []
        if not found:
            found = _without_empty_outflow(row, standard_row, document_text, span)
        if len(found) == 1:
            cells.append((standard_row, row, found[0]))
        else:
            unresolved.append(row)
    return TableRead(template, cells, unresolved, placed=alignment.assigned)


def _cuts_digits(reading: Reading, row: PrintedRow) -> bool:
    """Whether the reading cut a run of digits into several figures (more figures than the row prints)."""
    return sum(cell.value is not None for cell in reading) > len(row.figures)


def _placed_out_of_order(labels: list[str], alignment: Alignment, template_rows: tuple[StandardRow, ...]) -> Alignment:
    """Rows the order-keeping alignment left out, placed by their label alone when it is exactly the name of
    one template row no other row took: a PDF converter that splits table 二 into pieces may print the 规章
    and 行政规范性文件 rows after 行政事业性收费. The rows of table 二 name distinct things, so an exact name
    is its row wherever it is printed."""
    slots = list(alignment.slots)
    taken = {slot for slot in slots if slot is not None}
    claims: dict[int, list[int]] = {}
    for index, (label, slot) in enumerate(zip(labels, slots)):
        if slot is not None:
            continue
        exact = [j for j, template_row in enumerate(template_rows) if row_score(label, template_row) >= 1.0]
        if len(exact) == 1 and exact[0] not in taken:
            claims.setdefault(exact[0], []).append(index)
    for slot, indexes in claims.items():
        if len(indexes) == 1:
            slots[indexes[0]] = slot
    return alignment if slots == list(alignment.slots) else Alignment(tuple(slots), alignment.score)


@cache
def _stock_flow_rows() -> frozenset[tuple[str, str, str]]:
    """(inflow, outflow, stock) metric ids of the rows of table 二 that print a stock and its flows: 本年制发件数,
    本年废止件数, 现行有效件数."""
    text = resources.files("pipeline.data").joinpath(STOCK_FLOW_CSV).read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return frozenset((row["inflow_metric"], row["outflow_metric"], row["stock_metric"]) for row in rows)


def _without_empty_outflow(row: PrintedRow, standard_row: StandardRow, document_text: str, span: tuple[int, int]) -> list[Reading]:
    """A 规章 or 行政规范性文件 row printed with two figures for its three cells: a converter dropped an empty
    cell ("| 规章 | 22 | 235 |" under 本年制发件数 | 本年废止件数 | 现行有效件数). The empty cell is taken to be
    本年废止件数 only when the report's own sentences state the first figure as documents of the row's kind not
    repealed or revised ("全年主动公开市政府规章22件", so it is the year's issued count) and the second is at least
    the first: the stock in force at the year's end holds what the year issued. An empty 现行有效件数 beside
    documents issued would contradict itself; an empty 本年废止件数 is the usual "none repealed". Even so the
    dropped cell is recorded as nothing (not as a blank), since a converter may also have lifted a filled cell
    out of the row. Otherwise the row stays unmapped."""
    if tuple(standard_row.metric_ids) not in _stock_flow_rows():
        return []
    figures = filled_cells(row)
    if len(figures) != 2 or any(token.kind != NUMBER or token.glued or token.suffix for token in figures):
        return []
    issued, in_force = (whole_cell(token) for token in figures)
    if issued.value is None or in_force.value is None or not 1 <= issued.value <= in_force.value:
        return []
    names = (standard_row.label, *standard_row.names)
    if issued.value not in clause_numbers(document_text, names, span, table_words().other_flows):
        return []
    return [(issued, NOT_PRINTED, in_force)]


def _bare_run(rows: list[PrintedRow], templates: set[str]) -> TableRead | None:
    """One run of figures with no row label, exactly as many as the cells of a template the report shows
    (by its column headings or its identity): that template's cells in its fixed order (a crawler kept the
    numbers and lost the labels). A blank mark (—, /) in the run is a cell like a figure: it keeps its
    column's place, so "— — 3 6 6 28 …" still counts out the template's cells (the mark states no figure)."""
    if len(rows) != 1:
        return None
    tokens = rows[0].tokens
    if any(token.glued or not (token.kind == NUMBER or token.kind == BLANK and token.text) for token in tokens):
        return None
    fitting = [t for t in templates if sum(len(r.metric_ids) for r in standard_rows("proactive", t)) == len(tokens)]
    if len(fitting) != 1:
        return None
    cells, position = [], 0
    for standard_row in standard_rows("proactive", fitting[0]):
        part = tokens[position : position + len(standard_row.metric_ids)]
        position += len(part)
        cells.append((standard_row, rows[0], whole_cells(part)))
    return TableRead(fitting[0], cells, [])
