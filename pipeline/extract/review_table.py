"""Table 四 (行政复议、行政诉讼): 15 cells in a fixed order, 行政复议 then the two kinds of 行政诉讼, each as
结果维持, 结果纠正, 其他结果, 尚未审结, 总计.

Whatever the layout (one row of 15, three rows of 5, a line of spaced or run-together figures), the cells
come in that order. The first figures of the section that make exactly 15 cells are the table; run-together
digits are cut only where each group's 总计 = the sum of its outcomes leaves one reading.
"""

from __future__ import annotations

from itertools import accumulate

from pipeline.extract.readings import PAGE_NUMBER_CELLS, PrintedRow, TableRead, ends_with_page_number, filled_cells
from pipeline.extract.standard_template import standard_rows
from pipeline.tables.split import Reading, is_splittable, split_groups_under_totals, split_readings

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
        elif count < cells and any(is_splittable(token, loose=True) for token in tokens):
            found = split_readings(tokens, cells, _groups_hold, _groups_hold, loose=True) or []
        else:
            found = []
        if not found and count < cells:
            continue
        return (used, found[0]) if len(found) == 1 else None
    return None


def read_review_table(rows: list[PrintedRow], template: str) -> TableRead | None:
    template_rows = standard_rows("review", template)
    cells = sum(len(row.metric_ids) for row in template_rows)
    result = _reading(rows, cells)
    if result is None:
        counts = list(accumulate(len(row.tokens) for row in rows))
        table_rows = [row for row, before in zip(rows, [0, *counts]) if before < cells]
        return TableRead(template, [], table_rows) if table_rows else None
    used, reading = result
    out = []
    position = 0
    for standard_row in template_rows:
        part = reading[position : position + len(standard_row.metric_ids)]
        position += len(standard_row.metric_ids)
        source = next((row for row in rows[:used] if row.start <= part[0].start < row.end + 1), rows[0])
        out.append((standard_row, source, part))
    return TableRead(template, out, [])
