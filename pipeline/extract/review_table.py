"""Table 四 (行政复议、行政诉讼): 15 cells in a fixed order, 行政复议 then the two kinds of 行政诉讼, each as
结果维持, 结果纠正, 其他结果, 尚未审结, 总计.

Whatever the layout (one row of 15, three rows of 5, a line of spaced or run-together figures), the cells
come in that order. The first figures of the section that make exactly 15 cells are the table; run-together
digits (and blank marks glued into one run) are cut only where each group's 总计 = the sum of its outcomes
leaves one reading. Where the rows' labels name each cell's group and outcome (one cell per row, the table
turned, group rows in another order) and place some cell elsewhere than the order does, the labels place
every cell; labels that contradict the order without placing every cell leave the table unread.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from itertools import accumulate

from pipeline.catalog import load_catalog
from pipeline.extract.labels import core
from pipeline.extract.readings import PAGE_NUMBER_CELLS, PrintedRow, TableRead, ends_with_page_number, filled_cells
from pipeline.extract.standard_template import StandardRow, standard_rows
from pipeline.tables.split import Reading, dash_cell_counts, is_splittable, split_groups_under_totals, split_readings

GROUP = 5


def _groups_hold(reading: Reading) -> bool:
    for start in range(0, len(reading), GROUP):
        values = [cell.value for cell in reading[start : start + GROUP]]
        if len(values) == GROUP and all(v is not None for v in values):
            if abs(values[-1] - sum(values[:-1])) > 1e-6:  # type: ignore[operator]
                return False
    return True


def _reading(rows: list[PrintedRow], cells: int) -> tuple[int, Reading] | None:
    """(rows used, reading) for the first rows whose figures make the table's cells: every cell as printed
    (an empty last group is empty cells), or without the empty cells a flattened page left around rows."""
    for cells_of in (lambda row: list(row.tokens), filled_cells):
        found = _first_rows(rows, cells, cells_of)
        if found is not None:
            return found
    return None


def _first_rows(rows: list[PrintedRow], cells: int, cells_of) -> tuple[int, Reading] | None:
    counts = list(accumulate(len(cells_of(row)) for row in rows))
    for used, count in enumerate(counts, start=1):
        tokens = [token for row in rows[:used] for token in cells_of(row)]
        if count == cells + PAGE_NUMBER_CELLS and ends_with_page_number(tokens):
            # "… 1 1 3 - 4 - 五、…": PDF text joined into one line puts the page footer after the table's cells
            tokens, count = tokens[:-PAGE_NUMBER_CELLS], cells
        if count == cells:
            found = split_readings(tokens, cells) or []
        elif count < cells and len(tokens) == 1 and is_splittable(tokens[0], loose=True):
            found = split_groups_under_totals(tokens[0], GROUP, cells // GROUP)
        elif count < cells and any(is_splittable(token, loose=True) or dash_cell_counts(token) for token in tokens):
            # run-together digits, or blank marks glued into one run ("1 0 0 0 1 ————— 0 0 0 0 0"): cut where
            # the 15 cells and each group's 总计 leave one reading
            found = split_readings(tokens, cells, _groups_hold, _groups_hold, loose=True) or []
        else:
            found = []
        if not found and count < cells:
            continue
        return (used, found[0]) if len(found) == 1 else None
    return None


@cache
def _outcome_names(template: str) -> tuple[frozenset[str], ...]:
    """The words naming each outcome column (结果维持 … 总计), read off the catalog: the last word of the spaced
    labels and aliases of the metrics in that column (行政诉讼 未经复议直接起诉 结果维持, 行政复议 总计)."""
    catalog = load_catalog()
    names: list[set[str]] = []
    for row in standard_rows("review", template):
        for index, metric_id in enumerate(row.metric_ids):
            metric = catalog[metric_id]
            words = {core(name.split()[-1]) for name in (metric.label_zh, *metric.aliases) if len(name.split()) > 1}
            if index == len(names):
                names.append(set())
            names[index] |= words
    return tuple(frozenset(n) for n in names)


def _named(label_core: str, names: tuple[frozenset[str] | tuple[str, ...], ...]) -> int | None:
    """The one entry whose names occur in the label, or None (none, or several: a header run into the row)."""
    found = {index for index, words in enumerate(names) if any(word and word in label_core for word in words)}
    return found.pop() if len(found) == 1 else None


def _label_places(
    rows: list[PrintedRow], row_of_cell: list[int], template_rows: tuple[StandardRow, ...], template: str
) -> dict[int, tuple[int, int]]:
    """(group, outcome) of the reading's cells that their rows' labels place: a row of one cell whose label
    names an outcome, under the group it or a row above names ("行政复议 结果维持 | 0", "结果纠正 | 0", …: the
    table printed one cell per row); a row of one cell per group whose label names an outcome and no group
    (the table printed turned, groups as columns); a row of one cell per outcome whose label names a group."""
    outcomes = _outcome_names(template)
    groups = tuple(row.names for row in template_rows)
    width = len(outcomes)
    places: dict[int, tuple[int, int]] = {}
    group_above = None
    for index, row in enumerate(rows):
        cells = [position for position, owner in enumerate(row_of_cell) if owner == index]
        label = core(row.label)
        group, outcome = _named(label, groups), _named(label, outcomes)
        if group is not None:
            group_above = group
        elif any(word in label for names in groups for word in names):
            group_above = None  # several groups named: a header, not a row's own group
        if len(cells) == 1 and outcome is not None and group_above is not None:
            places[cells[0]] = (group_above, outcome)
        elif len(cells) == len(groups) and outcome is not None and group is None:
            places.update((cell, (column, outcome)) for column, cell in enumerate(cells))
        elif len(cells) == width and group is not None and outcome is None:
            places.update((cell, (group, column)) for column, cell in enumerate(cells))
    return places


def _by_labels(
    rows: list[PrintedRow], reading: Reading, row_of_cell: list[int], template_rows: tuple[StandardRow, ...], template: str
) -> list[tuple[StandardRow, PrintedRow, Reading]] | None:
    """The cells placed by their labels, when the labels place some cell elsewhere than its position in the
    template's order and place every cell once; [] when the labels agree with the order (or place nothing
    against it), None when they disagree but do not place every cell: no reading is then sure."""
    width = len(_outcome_names(template))
    places = _label_places(rows, row_of_cell, template_rows, template)
    if all(place == divmod(position, width) for position, place in places.items()):
        return []
    if len(places) != len(reading) or len(set(places.values())) != len(reading):
        return None
    placed = []
    for position, (group, outcome) in sorted(places.items(), key=lambda item: item[1]):
        standard_row = template_rows[group]
        one = replace(standard_row, metric_ids=(standard_row.metric_ids[outcome],))
        placed.append((one, rows[row_of_cell[position]], (reading[position],)))
    return placed


def read_review_table(rows: list[PrintedRow], template: str) -> TableRead | None:
    template_rows = standard_rows("review", template)
    cells = sum(len(row.metric_ids) for row in template_rows)
    result = _reading(rows, cells)
    if result is None:
        counts = list(accumulate(len(row.tokens) for row in rows))
        table_rows = [row for row, before in zip(rows, [0, *counts]) if before < cells]
        return TableRead(template, [], table_rows) if table_rows else None
    used, reading = result
    row_of_cell = [next((i for i, row in enumerate(rows[:used]) if row.start <= cell.start < row.end + 1), 0) for cell in reading]
    placed = _by_labels(rows[:used], reading, row_of_cell, template_rows, template)
    if placed is None:
        return TableRead(template, [], rows[:used])  # the labels contradict the order and cannot replace it
    if placed:
        return TableRead(template, placed, [])
    out = []
    position = 0
    for standard_row in template_rows:
        part = reading[position : position + len(standard_row.metric_ids)]
        position += len(standard_row.metric_ids)
        source = next((row for row in rows[:used] if row.start <= part[0].start < row.end + 1), rows[0])
        out.append((standard_row, source, part))
    return TableRead(template, out, [])
