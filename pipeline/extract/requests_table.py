"""Table 三 (收到和处理政府信息公开申请情况): every row x every applicant column.

Rows are recognised by their labels and the template's order (pipeline/extract/alignment.py), columns by
the table's width and its arithmetic (a 法人或其他组织 subtotal column is found where total = 自然人 +
subtotal holds). Run-together digits are cut only where the row's own sum (总计 = the applicant columns)
and then the columns' sums and flow leave exactly one reading.
"""

from __future__ import annotations

import re
from collections import Counter
from operator import itemgetter
from pipeline.extract.alignment import Alignment, align, names_a_row
from pipeline.extract.labels import core
from pipeline.extract.identities import check_columns
from pipeline.extract.readings import (
    PrintedRow,
    TableRead,
    filled_cells,
    fixed_readings,
    readings,
    shows_vanished_cells,
    split_bare_run,
)
from pipeline.extract.standard_template import TEMPLATES, ApplicantColumn, StandardRow, column_layouts, standard_rows
from pipeline.tables.rows import TextRow, build_rows
from pipeline.tables.split import CellValue, Reading
from pipeline.tables.tokens import NUMBER, Token, may_hold_figures, tokenize

NON_ORG = ("natural_person", "total", "org_subtotal")
_CELL_VALUE = itemgetter(0)  # CellValue.value, read in C over a row's cells
WORD = re.compile(r"\S+")
CLAUSE_BREAKS = frozenset(",，、:：;；()（）")  # a row's own label holds none of these between its header words
SUBTOTAL_WORD = "小计"  # a header naming a 法人或其他组织 subtotal column
MAX_WIDTH = max(len(columns) for columns in column_layouts().values())  # longer rows are bare runs
MAX_SEARCH_NODES = 3000  # readings tried before open rows are left unread
# Rows with figures whose broken arithmetic it takes to call the column layout unknown: a table of zeros whose
# one non-zero row does not add up is a standard table with an inconsistent row, not columns in another order.
MIN_ROWS_AGAINST_LAYOUT = 2


def _identity(columns: tuple[ApplicantColumn, ...]):
    index = {column.key: i for i, column in enumerate(columns)}
    orgs = [i for i, column in enumerate(columns) if column.key not in NON_ORG]
    # where the cells of the rule sit, looked up once per layout rather than once per reading tried
    total_at, person_at, subtotal_at = index.get("total"), index.get("natural_person"), index.get("org_subtotal")

    def holds(reading: Reading) -> bool:
        if total_at is None:
            return True
        # A blank cell (—, /, 无, nothing) is an empty part, as the sum checks count it: a row "619—23277" is
        # 61|9|—|2|3|2|77 because 61 + 9 + 2 + 3 + 2 = 77, which only holds when the dash adds nothing.
        # Were a blank cell unknown, every cut with one would pass and the row could never be cut.
        values = [0.0 if cell.value is None else cell.value for cell in reading]
        if subtotal_at is not None:
            subtotal = values[subtotal_at]
            if orgs and abs(subtotal - sum([values[i] for i in orgs])) > 1e-6:  # type: ignore[operator]
                return False
            org_part = subtotal
        else:
            org_part = sum([values[i] for i in orgs])  # type: ignore[misc]
        return abs(values[total_at] - values[person_at] - org_part) < 1e-6  # type: ignore[operator,index]

    return holds


def _sum_bound(columns: tuple[ApplicantColumn, ...]) -> float:
    """How many times the 总计 the other cells of a row add up to at most (a subtotal column repeats some)."""
    return 2.0 if _has_subtotal(columns) else 1.0


def _has_subtotal(columns: tuple[ApplicantColumn, ...]) -> bool:
    return any(column.key == "org_subtotal" for column in columns)


def choose_columns(rows: list[PrintedRow], header: str, memo: dict | None = None) -> tuple[ApplicantColumn, ...] | None:
    """The column layout: the width most rows print (or, when every row ran its cells together, the
    header's subtotal column), then the layout whose row arithmetic holds on the most rows. None when even
    that layout's arithmetic fails on most of two or more rows with figures: the columns are then unknown
    (总计 somewhere unusual).
    `memo` keeps each row's readings under each layout tried, for the caller to reuse."""
    filled = [filled_cells(r) for r in rows]
    widths = Counter(len(cells) for cells in filled if 3 <= len(cells) <= MAX_WIDTH and not any(t.glued for t in cells))
    layouts = column_layouts()
    bare = [len(cells) for cells in filled if len(cells) > MAX_WIDTH]
    if widths:
        width = widths.most_common(1)[0][0]
    elif bare and (fitting := _bare_run_widths(bare[0])):
        width = fitting[0]
    else:
        width = len(layouts["standard"]) + (1 if SUBTOTAL_WORD in core(header) else 0)
    candidates = [c for c in layouts.values() if len(c) == width and _header_allows(c, header)]
    if not candidates and widths:
        candidates = _wider_than_printed(max(widths), header)
    candidates = candidates or [layouts["standard"]]
    fixed: dict[tuple[int, int], list[Reading] | None] = {}  # readings no layout's arithmetic can change
    fits = []
    for order, columns in enumerate(candidates):
        fit = _fit(rows, columns, memo, fixed)
        fits.append((fit, -order, columns))
        if fit[0] == fit[1] and _same_readings_after(rows, candidates, order, fixed):
            break  # it holds on every checkable row, and no later layout can check more rows: none beats it
    (holding, checkable), _, best = max(fits, key=lambda fit: (fit[0][0], fit[1]))
    if checkable < MIN_ROWS_AGAINST_LAYOUT:
        return best  # one row with figures says too little against the width and the header (its own sum may be wrong)
    return best if holding * 2 >= checkable else None


def _same_readings_after(
    rows: list[PrintedRow], candidates: list[tuple[ApplicantColumn, ...]], order: int, fixed: dict
) -> bool:
    """Every layout after candidates[order] has its width and every row reads one fixed way at that width
    (most tables: each row prints as many cells as the table has columns), so each of those layouts sees the
    very same readings and has the same rows to check: none can hold on more of them than all."""
    width = len(candidates[order])
    return all(len(columns) == width for columns in candidates[order + 1 :]) and all(
        fixed[id(row), width] is not None for row in rows
    )


def _wider_than_printed(widest: int, header: str) -> list[tuple[ApplicantColumn, ...]]:
    """The layouts the header allows when no row prints as many cells as any of them: the rows left their
    blank cells out (Markdown or text that prints a zero as nothing), so the header, not the rows, sets the
    width, and a header naming a 小计 column asks for a layout with one."""
    allowed = [c for c in column_layouts().values() if len(c) >= widest and _header_allows(c, header)]
    if SUBTOTAL_WORD in core(header):
        allowed = [c for c in allowed if _has_subtotal(c)] or allowed
    return allowed


def _header_allows(columns: tuple[ApplicantColumn, ...], header: str) -> bool:
    """A header naming the 法人或其他组织 columns one by one (商业企业, 科研机构 ...) rules out layouts without
    them: its rows then print those columns, and a short row has lost cells, it is not another layout."""
    text = core(header)
    named = [c for c in column_layouts()["standard"] if c.key not in NON_ORG and len(c.label) >= 4 and c.label in text]
    return len(named) < 2 or all(any(k.key == c.key for k in columns) for c in named)


def _fit(
    rows: list[PrintedRow], columns: tuple[ApplicantColumn, ...], memo: dict | None = None, fixed: dict | None = None
) -> tuple[int, int]:
    """(rows whose one reading keeps the layout's arithmetic, rows with one reading and a total above 0).
    `fixed` keeps, by row and width, the readings that are the same under every layout (most rows)."""
    holds = _identity(columns)
    bound, exact = _sum_bound(columns), not _has_subtotal(columns)
    width = len(columns)
    fixed = {} if fixed is None else fixed
    holding = checkable = 0
    for row in rows:
        key = (id(row), width)  # the rows outlive the dict, so their ids stay their own
        if key not in fixed:
            fixed[key] = fixed_readings(row, width)
        found = fixed[key]
        if found is None:
            found = readings(row, width, holds, bound, True, exact)
        if memo is not None:
            memo[id(row), id(columns)] = (row, found)  # the row kept, so its id stays its own
        if len(found) != 1 or not any(map(_CELL_VALUE, found[0])):
            continue
        checkable += 1
        holding += holds(found[0])
    return holding, checkable


def _bare_run_widths(count: int) -> list[int]:
    """Column counts that cut a bare run of `count` figures into a whole template's rows."""
    row_counts = set()
    for template in TEMPLATES:
        template_rows = standard_rows("requests", template)
        row_counts.add(len(template_rows))
        row_counts.add(sum(not r.optional for r in template_rows))
    widths = sorted({len(c) for c in column_layouts().values()})
    return [w for w in widths if count % w == 0 and count // w in row_counts]


def _align(rows: list[PrintedRow], template_hint: str | None) -> tuple[str, Alignment]:
    options = []
    for template in TEMPLATES:
        alignment = align([row.label for row in rows], standard_rows("requests", template))
        options.append((alignment.assigned, alignment.score, template == template_hint, template, alignment))
    best = max(options, key=lambda option: option[:3])
    return best[3], best[4]


def _row_in_header(header: str, header_start: int) -> PrintedRow | None:
    """The first row when its label ran into the header: a table whose rows lost every numbering (一、, （一）)
    prints "…(本列数据的勾稽关系为:第一项加第二项之和,…) 申请人情况 自然人 … 其他 本年新收政府信息公开申请数量
    713000074" as one row whose label is the whole header, and that long label with its clause breaks was left
    out as a sentence. The row's own label is the shortest run of its last label words that names a template
    row (本年新收政府信息公开申请数量); the header words before it are not the row's. `header_start`: where the
    header starts in the document text (the tokens' offsets are the document's)."""
    if not may_hold_figures(header):
        return None  # most headers: column names only, no row to find
    text_rows = [row for row in build_rows(tokenize(header)) if row.figures]
    if not text_rows or not text_rows[-1].labels or header[text_rows[-1].end :].strip():
        return None  # only a row right before the first row found (a sentence ending the header is no row)
    row = text_rows[-1]
    words = [word for token in row.labels for word in WORD.finditer(header, token.start, token.end)]
    label_end = row.labels[-1].end
    for first in range(len(words) - 1, -1, -1):
        label = " ".join(word.group() for word in words[first:])
        if any(ch in CLAUSE_BREAKS for ch in label):
            return None
        if any(names_a_row(label, standard_rows("requests", template)) for template in TEMPLATES):
            start = words[first].start()
            own = row.labels[-1]._replace(text=header[start:label_end], start=start, end=label_end)
            shifted = [t._replace(start=t.start + header_start, end=t.end + header_start) for t in (own, *row.values)]
            return PrintedRow.of(TextRow(shifted[:1], shifted[1:], row.piped), label, shifted[0].start)
    return None


def read_requests_table(rows: list[PrintedRow], header: str, template_hint: str | None) -> TableRead | None:
    if not rows:
        return None
    first = _row_in_header(header, rows[0].start - len(header))
    if first is not None and _align([first, *rows], template_hint)[1].slots[0] is not None:
        # taken only where the template's order places it: else the header stays as it was
        header = header[: first.start - (rows[0].start - len(header))]
        rows = [first, *rows]
    tried: dict[tuple[int, int], tuple[PrintedRow, list[Reading]]] = {}  # readings choose_columns computed
    columns = choose_columns(rows, header, tried)
    if columns is None:
        return None
    width = len(columns)
    rows = [part for row in rows for part in split_bare_run(row, width)]
    template, alignment = _align(rows, template_hint)
    if not alignment.assigned:
        return None
    template_rows = standard_rows("requests", template)
    holds = _identity(columns)
    bound, exact = _sum_bound(columns), not _has_subtotal(columns)
    options: dict[int, list[Reading]] = {}
    unresolved = []
    keeps_blanks = None  # whether the table prints every cell: asked only for a row no reading fits (few tables)
    for index, (row, slot) in enumerate(zip(rows, alignment.slots)):
        if slot is None:
            found = []
        else:
            known = tried.get((id(row), id(columns)))
            found = known[1] if known and known[0] is row else readings(row, width, holds, bound, True, exact)
            if not found and keeps_blanks is None:
                keeps_blanks = _prints_every_cell(rows, alignment, width)
            if not found and keeps_blanks:
                found = _one_digit_per_cell(row, width)
        if found:
            options[index] = found
        else:
            unresolved.append(row)
    chosen = _resolve(options, alignment, template_rows, columns)
    cells = []
    for index, reading in chosen.items():
        cells.append((template_rows[alignment.slots[index]], rows[index], reading))  # type: ignore[index]
    unresolved.extend(rows[index] for index in options if index not in chosen)
    unresolved.sort(key=lambda row: row.start)
    return TableRead(template, cells, unresolved, columns, alignment.assigned)


def _prints_every_cell(rows: list[PrintedRow], alignment: Alignment, width: int) -> bool:
    """No placed row of the table has fewer digits than cells: blank cells are printed, not left out."""
    return not any(shows_vanished_cells(row, width) for row, slot in zip(rows, alignment.slots) if slot is not None)


def _figure_cells(row: PrintedRow) -> list[Token] | None:
    """The row's cells when every one is a plain run of digits (no blank mark, unit, sign or decimal point)."""
    cells = filled_cells(row)
    if not cells or any(token.kind != NUMBER or token.suffix or not token.text.isdigit() for token in cells):
        return None
    return cells


def _one_digit_per_cell(row: PrintedRow, width: int) -> list[Reading]:
    """A row printed as one run of digits exactly as many as its cells, in a table that prints every cell: each cell is one
    digit, whatever its sum says ("四、结转下年度继续办理0000001" is 0|0|0|0|0|0|1 even though its 总计 is not the
    sum of the others). Taken only where the row's arithmetic allowed no reading, so the checks see the
    inconsistent row as the report prints it instead of losing it."""
    cells = _figure_cells(row)
    if cells is None or len(cells) != 1 or len(cells[0].text) != width:
        return []  # spaced figures fewer than the cells may have lost a cell instead
    run = cells[0]
    return [tuple(CellValue(float(digit), run.start + i, run.start + i + 1) for i, digit in enumerate(run.text))]


def _resolve(
    options: dict[int, list[Reading]], alignment: Alignment, template_rows: tuple[StandardRow, ...], columns
) -> dict[int, Reading]:
    """One reading per row: the only one, or the only one the columns' sums and flow allow.

    A row's readings are narrowed one row at a time against the rows already read (a sum with one unknown
    row decides it); rows still open after that are tried together only when their combinations are few.
    """
    chosen = {index: found[0] for index, found in options.items() if len(found) == 1}
    open_rows = {index: found for index, found in options.items() if len(found) > 1}
    metric_ids = frozenset(row.metric_ids[0] for row in template_rows)
    progress = True
    while open_rows and progress:
        progress = False
        base = _column_check(chosen, alignment, template_rows, columns, metric_ids)
        for index, found in list(open_rows.items()):
            fitting = []
            for reading in found:
                checked, broken = _column_check({**chosen, index: reading}, alignment, template_rows, columns, metric_ids)
                if broken == base[1] and checked > base[0]:
                    fitting.append(reading)
            if len(fitting) == 1:
                chosen[index] = fitting[0]
                del open_rows[index]
                progress = True
                break
    if open_rows:
        chosen.update(_resolve_together(open_rows, chosen, alignment, template_rows, columns, metric_ids))
    return chosen


def _resolve_together(open_rows, chosen, alignment, template_rows, columns, metric_ids) -> dict[int, Reading]:
    """The rows still open, read together: a depth-first search over their readings that backs off as soon
    as a rule all of whose rows are read is broken. Taken only when exactly one full reading fits."""
    order = sorted(open_rows, key=lambda index: len(open_rows[index]))
    metric_of = {index: template_rows[alignment.slots[index]].metric_ids[0] for index in [*chosen, *order]}
    rows = {metric_of[index]: _figures(reading) for index, reading in chosen.items()}
    base = check_columns(rows, metric_ids, len(columns))
    picked: dict[int, Reading] = {}
    fitting: list[dict[int, Reading]] = []
    budget = [MAX_SEARCH_NODES]

    def search(depth: int) -> None:
        if len(fitting) > 1 or budget[0] <= 0:
            return
        if depth == len(order):
            fitting.append(dict(picked))
            return
        index = order[depth]
        for reading in open_rows[index]:
            budget[0] -= 1
            rows[metric_of[index]] = _figures(reading)
            checked, broken = check_columns(rows, metric_ids, len(columns))
            if broken == base[1] and (depth + 1 < len(order) or checked > base[0]):
                picked[index] = reading
                search(depth + 1)
                del picked[index]
            del rows[metric_of[index]]

    search(0)
    return fitting[0] if len(fitting) == 1 and budget[0] > 0 else {}


def _figures(reading: Reading) -> tuple[float, ...]:
    """The row's figures for the columns' sums and flow: a blank cell is an empty part (0), as in the row's own
    sum and in the sum checks, so a column with a dash in it can still decide between cuts."""
    return tuple(0.0 if cell.value is None else cell.value for cell in reading)


def _column_check(trial, alignment, template_rows, columns, metric_ids) -> tuple[int, int]:
    """(rules checked, rules broken) summed over the columns."""
    rows = {template_rows[alignment.slots[index]].metric_ids[0]: _figures(reading) for index, reading in trial.items()}
    return check_columns(rows, metric_ids, len(columns))
