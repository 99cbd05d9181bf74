"""v2008 statistics tables (统计表), national and provincial variants, and any other labelled table.

Each row's label is matched to a metric (pipeline/extract/labels.py) under the parent row the table puts
it in (其中：, 1. 2. under （一）), so 被依法纠错数 under 行政复议 and under 行政诉讼 stay apart. Columns
are the periods the header names (本年 / 2018年度 → year, 历年累计 → cumulative). Run-together digits are cut
where the reading is unique, or where the table's own structure (a parent = the sum of its 其中 rows, a
cumulative figure ≥ the year's) or the report's sentences leave one. Rows no metric takes are kept as
unmapped values.
"""

from __future__ import annotations

import csv
import dataclasses
import itertools
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from operator import itemgetter

from pipeline.catalog import load_catalog
from pipeline.extract.evidence import clause_numbers, confirmed_reading
from pipeline.extract.labels import MARKER, MetricMatch, core, fold, match_metric
from pipeline.extract.readings import PrintedRow, readings
from pipeline.extract.standard_template import standard_metric_ids
from pipeline.tables.header import Header, read_header, split_first_row, strip_unit
from pipeline.model import Extraction, UnmappedValue, metric_value, unmapped_value
from pipeline.tables.regions import TableRegion
from pipeline.tables.split import Reading, is_splittable
from pipeline.tables.vocabulary import table_words
from pipeline.tables.rows import TextRow, holds_figure, last_match_start
from pipeline.tables.tokens import NUMBER, Token

MAX_COMBINATIONS = 5000
MIN_KEYWORD = 4  # shorter names (收费, 办结数) are in too many sentences to vouch for a figure
_WHICH = re.compile(r"^\s*其中\s*[:：]?")
_COLUMN_LETTERS = frozenset("甲乙丙丁戊己庚辛壬癸")
_BLANKS = re.compile(r"\s")
_NOT_BLANK = re.compile(r"\S")
METRIC_PERIODS = ("year", "cumulative")
EXACT_MATCHES = ("exact", "parent")  # MetricMatch.how of a label that is a metric's name, not like one


@dataclass(slots=True)  # one per row of every statistics table: no __dict__ to build for each
class StatRow:
    printed: PrintedRow
    label: str  # without numbering, unit and 其中
    unit: str | None
    parent: int | None  # index of the parent row in the table
    metric_id: str | None
    options: list[Reading]


@lru_cache(maxsize=8192)  # a table's rows repeat from report to report
def _marker_kind(label: str) -> str | None:
    match = MARKER.match(fold(label).lstrip())
    if not match:
        return None
    text = match.group()
    if text[0] in "(（":
        return "paren"
    return "digit" if text[0].isdigit() else "numeral"


@lru_cache(maxsize=8192)
def _numbering(label: str) -> tuple[str | None, bool]:
    """(the kind of numbering the label starts with after any 其中, whether it starts with 其中)."""
    return _marker_kind(_WHICH.sub("", label)), _WHICH.match(label) is not None


_LEVEL_KIND = itemgetter(0)  # a stack entry's marker kind: looked up in C, not by a generator per row


def _parents(labels: list[str]) -> list[int | None]:
    """Each row's parent: 其中 opens a level under the previous row; numbering of a kind seen stays on its level."""
    parents: list[int | None] = []
    stack: list[tuple[str | None, int]] = []  # (marker kind, row index), outermost first
    for index, label in enumerate(labels):
        kind, which = _numbering(label)
        if which and index > 0:
            stack.append((kind, index))
        elif kind is not None and kind in map(_LEVEL_KIND, stack):
            while stack[-1][0] != kind:
                stack.pop()
            stack[-1] = (kind, index)
        elif kind is not None and stack:
            stack.append((kind, index))
        else:
            stack = [(kind, index)]
        parents.append(stack[-2][1] if len(stack) > 1 else None)
    return parents


def _own_label(label: str, label_start: int, text: str, row_end: int) -> tuple[str, int]:
    """The row's label from its last numbering marker on (keeping a 其中 before it): a section label
    run into it (（二）通过不同渠道…的情况1.政府公报公开…) belongs to no figure."""
    cut = last_match_start(MARKER, label)
    if cut < 0:
        return label, label_start
    which = label.rfind("其中", 0, cut)
    if which >= 0 and not label[which + 2 : cut].strip(" :："):
        cut = which
    own = label[cut:]
    words = own.split()
    found = text.find(words[0], label_start, row_end) if words else -1
    return own, found if found >= 0 else label_start


def _column_numbering(row: TextRow) -> bool:
    """The row under a statistical form's header that numbers its columns: 甲 | 乙 | 丙 | 1 | 2."""
    if not row.labels:
        return False
    first = _NOT_BLANK.search(row.labels[0].text)  # the label's first character, when its first token has one
    if first is not None and first.group() not in _COLUMN_LETTERS:
        return False  # nearly every row: no label to join
    label = _BLANKS.sub("", row.label_text)
    if not label or not all(ch in _COLUMN_LETTERS for ch in label):
        return False
    figures = [token.value for token in row.values if token.kind == NUMBER]
    return figures == list(range(1, len(figures) + 1))


def _rows_and_header(region: TableRegion, text: str) -> tuple[Header, list[tuple[PrintedRow, str]]]:
    header_parts: list[str] = []
    rows: list[tuple[PrintedRow, str]] = []
    for row in region.rows:
        has_figures = holds_figure(row.values)
        if _column_numbering(row):
            continue  # column numbers, not figures of any row
        if not has_figures and not rows:
            header_parts.append(row.label_after_sentence()[0])
            continue
        if not rows:
            head, label, label_start = split_first_row(row)
            header_parts.append(head)
        else:
            label, label_start = row.label_after_sentence()
        if row.labels:
            label, label_start = _own_label(label, label_start, text, row.end)
        rows.append((PrintedRow.of(row, label, label_start), label))
    return read_header(" ".join(header_parts)), rows


def _width(header: Header, rows: list[tuple[PrintedRow, str]]) -> int:
    if header.periods:
        return len(header.periods)
    counts = [len(p.tokens) for p, _ in rows if not any(t.glued for t in p.tokens)]
    return max(set(counts), key=counts.count) if counts else 1


def _year_not_above_cumulative(periods: tuple[str, ...]):
    if periods.count("year") != 1 or periods.count("cumulative") != 1:
        return None
    year, cumulative = periods.index("year"), periods.index("cumulative")

    def holds(reading: Reading) -> bool:
        a, b = reading[year].value, reading[cumulative].value
        return a is None or b is None or a <= b

    return holds


def _without_codes(header: Header, printed: list[tuple[PrintedRow, str]]) -> tuple[list[tuple[PrintedRow, str]], set[int]]:
    """A form's rows with their code cell (the first figure, under a 代码 / 行次 header) taken out, and the
    rows whose codes do not climb down the table: a figure there might be a code or a value, so those
    rows are left unread rather than read one column off."""
    width = len(header.periods)
    if not header.has_code or not width:
        return printed, set()
    coded = [
        index for index, (row, _) in enumerate(printed)
        if len(row.tokens) > width and row.tokens[0].kind == NUMBER and _is_code(row.tokens[0])
    ]
    codes = [printed[index][0].tokens[0].value for index in coded]
    if any(later <= earlier for earlier, later in zip(codes, codes[1:])):  # type: ignore[operator]
        return printed, set(coded)
    out = list(printed)
    for index in coded:
        row, label = printed[index]
        out[index] = (dataclasses.replace(row, tokens=row.tokens[1:]), label)
    return out, set()


def _is_code(token: Token) -> bool:
    return token.text.strip().isdigit() and len(token.text.strip()) <= 3


def _glued_unit_off(bare: str, era: str, parent_metric: str | None, match: MetricMatch | None) -> tuple[str, str | None, MetricMatch | None]:
    """A unit run into the label (维持具体行政行为数件 in a run-together table) is taken off when the label
    without it is exactly a metric's name, under the row's parent: a fuzzy reading with the unit on ignores the
    parent (review.upheld for 举报投诉's own 维持具体行政行为数)."""
    stripped, unit = strip_unit(bare, True)
    if unit is None:
        return bare, None, match
    exact = match_metric(stripped, era, parent_metric)
    if exact is not None and exact.how in EXACT_MATCHES:
        return stripped, unit, exact
    return bare, None, match


@lru_cache(maxsize=8192)  # a statistics table's row labels repeat from report to report
def _row_metric(label: str, has_unit: bool, era: str, parent_metric: str | None) -> tuple[str, str | None, str | None]:
    """(the label without 其中 and its unit, the unit, the metric the row states or None) of a row label in a
    table of this era under a parent row naming `parent_metric`: the same for every row that prints it."""
    bare, unit = strip_unit(_WHICH.sub("", label), has_unit)
    match = match_metric(bare, era, parent_metric) or (match_metric(bare, None, parent_metric) if era != "v2008" else None)
    if unit is None and (match is None or match.how not in EXACT_MATCHES):
        bare, unit, match = _glued_unit_off(bare, era, parent_metric, match)
    metric_id = match.metric_id if match and match.metric_id not in standard_metric_ids() else None
    return core(bare) and bare, unit, metric_id


def _stat_rows(region: TableRegion, text: str, template: str | None) -> tuple[Header, list[StatRow]]:
    header, printed = _rows_and_header(region, text)
    printed, unreadable = _without_codes(header, printed)
    width = _width(header, printed)
    accept = _year_not_above_cumulative(header.periods)
    parents = _parents([label for _, label in printed])
    era = template if template in ("v2019", "v2021") else "v2008"  # a statistics table is v2008 unless the report is not
    rows: list[StatRow] = []
    for index, ((row, label), parent) in enumerate(zip(printed, parents)):
        parent_metric = rows[parent].metric_id if parent is not None else None
        bare, unit, metric_id = _row_metric(label, header.has_unit, era, parent_metric)
        options = [] if index in unreadable else readings(row, width, accept)
        rows.append(StatRow(row, bare, unit, parent, metric_id, options))
    return header, rows


def _family_fits(rows: list[StatRow], parent: int, children: list[int], chosen: dict[int, Reading]) -> bool:
    for column in range(len(chosen[parent])):
        stated = chosen[parent][column].value
        parts = [chosen[child][column].value for child in children]
        if stated is None or any(p is None for p in parts):
            continue
        if abs(stated - sum(parts)) > 1e-6:  # type: ignore[arg-type]
            return False
    return True


def _resolve_by_families(rows: list[StatRow]) -> dict[int, Reading]:
    chosen = {i: row.options[0] for i, row in enumerate(rows) if len(row.options) == 1}
    families: dict[int, list[int]] = {}
    for index, row in enumerate(rows):
        if row.parent is not None:
            families.setdefault(row.parent, []).append(index)
    changed = True
    while changed:
        changed = False
        for parent, children in families.items():
            members = [parent, *children]
            open_rows = [m for m in members if m not in chosen and rows[m].options]
            if not open_rows or any(m not in chosen and not rows[m].options for m in members):
                continue
            space = [rows[m].options for m in open_rows]
            if _product_size(space) > MAX_COMBINATIONS:
                continue
            fitting = []
            for combination in itertools.product(*space):
                trial = {**chosen, **dict(zip(open_rows, combination))}
                if _family_fits(rows, parent, children, trial):
                    fitting.append(combination)
            if len(fitting) == 1:
                chosen.update(zip(open_rows, fitting[0]))
                changed = True
    return chosen


@cache
def _bounds() -> tuple[tuple[str, str], ...]:
    """(metric prefix, the metric bounding it): table_bounds.csv, and every catalog child under its parent."""
    text = resources.files("pipeline.data").joinpath("table_bounds.csv").read_text(encoding="utf-8")
    catalog = load_catalog()
    pairs = [(row["metric_prefix"].strip(), row["bounded_by"].strip()) for row in csv.DictReader(text.splitlines())]
    for _, bound in pairs:
        if bound not in catalog:
            raise ValueError(f"table_bounds.csv names a metric missing from metrics.csv: {bound}")
    pairs += [(metric.metric_id, metric.parent_id) for metric in catalog.metrics if metric.parent_id]
    return tuple(pairs)


def _bounding_metrics(metric_id: str) -> list[str]:
    return [bound for prefix, bound in _bounds() if metric_id == prefix or (prefix.endswith(".") and metric_id.startswith(prefix))]


def _resolve_by_bounds(rows: list[StatRow], chosen: dict[int, Reading]) -> None:
    """A part is at most its whole in every period (网站公开数 <= 主动公开政府信息数; a 其中 row <= its row): a
    run-together row with several cuts ("政府网站公开数1295522": 1|295522, 12|95522, 129|5522) keeps the one
    cut within the whole's figures, when exactly one is, and the whole was read without a guess."""
    changed = True
    while changed:
        changed = False
        read = {rows[i].metric_id: reading for i, reading in chosen.items() if rows[i].metric_id}
        for index, row in enumerate(rows):
            if index in chosen or len(row.options) < 2 or not row.metric_id:
                continue
            wholes = [read[m] for m in _bounding_metrics(row.metric_id) if m in read]
            if not wholes:
                continue
            within = [option for option in row.options if all(_at_most(option, whole) for whole in wholes)]
            if len(within) == 1:
                chosen[index] = within[0]
                changed = True


def _at_most(part: Reading, whole: Reading) -> bool:
    return all(p.value is None or w.value is None or p.value <= w.value for p, w in zip(part, whole))


def _product_size(space: list[list[Reading]]) -> int:
    size = 1
    for options in space:
        size *= len(options)
    return size


def _column_headed(region: TableRegion) -> tuple[list[Token], list[tuple[TextRow, str]]] | None:
    """(header cells, [(row, period)]) when the table's metrics head its columns: a pipe row of labels over
    rows of as many figures, each row unlabelled (this year) or labelled only by its period (本年 / 累计)
    (收到申请总数 | 当面申请 | 网络申请 over 8 | 3 | 5)."""
    rows = region.rows
    if len(rows) < 2 or not rows[0].piped or rows[0].values:
        return None
    cells = [token for token in rows[0].labels if token.cell]
    if len(cells) < 2:
        return None
    words = table_words()
    data: list[tuple[TextRow, str]] = []
    for row in rows[1:]:
        label = "".join(token.text for token in row.labels).strip()
        period = "year" if not label else words.period_of(label) if len(label) <= 6 else None
        if period is None or len(row.values) != len(cells) or any(p == period for _, p in data):
            return None
        data.append((row, period))
    return cells, data


def _read_column_headed(cells: list[Token], data: list[tuple[TextRow, str]], text: str, template: str | None) -> Extraction:
    era = template if template in ("v2019", "v2021") else "v2008"
    columns = [strip_unit(cell.text.strip(), False) for cell in cells]  # (label without its unit, unit)
    first = match_metric(columns[0][0], era)
    metric_ids: list[str | None] = []
    for index, (bare, _) in enumerate(columns):
        match = first if index == 0 else match_metric(bare, era) or (match_metric(bare, era, first.metric_id) if first else None)
        metric_ids.append(match.metric_id if match and match.metric_id not in standard_metric_ids() else None)
    catalog = load_catalog()
    out = Extraction()
    start = cells[0].start
    for row, period in data:
        snippet = text[start : row.end]  # the header cells and the row's figures: the label and the number
        for (bare, unit), metric_id, token in zip(columns, metric_ids, row.values):
            if token.kind != NUMBER or token.value is None:
                continue
            if metric_id:
                unit = unit or catalog[metric_id].unit or None
                out.values.append(metric_value(metric_id, token.value, "table", snippet, start, row.end, "total", period, unit))
            else:
                out.unmapped.append(unmapped_value(bare, unit, token.value, snippet, start, row.end, period))
    return out


def read_statistics_table(region: TableRegion, text: str, template: str | None) -> Extraction:
    column_headed = _column_headed(region)
    if column_headed:
        return _read_column_headed(*column_headed, text, template)
    header, rows = _stat_rows(region, text, template)
    periods = header.periods or (("year",) if rows and _width(header, [(r.printed, r.label) for r in rows]) == 1 else ())
    chosen = _resolve_by_families(rows)
    _resolve_by_bounds(rows, chosen)
    table_span = (rows[0].printed.start, rows[-1].printed.end) if rows else (region.start, region.end)
    confirmed_any = False
    for index, row in enumerate(rows):
        if index not in chosen and len(row.options) > 1:
            confirmed = confirmed_reading(row.options, clause_numbers(text, _keywords(row), table_span))
            if confirmed:
                chosen[index] = confirmed
                confirmed_any = True
    if confirmed_any:
        _resolve_by_bounds(rows, chosen)  # a whole the report's sentences confirmed bounds its parts
    return _emit(rows, chosen, periods, text)


def _keywords(row: StatRow) -> list[str]:
    """Words a sentence about the row would use: its label, and its metric's names when it has one."""
    keywords = [core(row.label)]
    if row.metric_id:
        keywords += [core(name, drop_notes=True) for name in load_catalog()[row.metric_id].names]
    return [k for k in keywords if len(k) >= MIN_KEYWORD]


def _emit(rows: list[StatRow], chosen: dict[int, Reading], periods: tuple[str, ...], text: str) -> Extraction:
    catalog = load_catalog()
    out = Extraction()
    for index, row in enumerate(rows):
        printed = row.printed
        snippet = printed.snippet(text)
        reading = chosen.get(index)
        if reading is None or not periods:
            out.unmapped.extend(_unread(row, snippet))
            continue
        for column, (period, cell) in enumerate(zip(periods, reading)):
            if cell.value is None:
                continue
            if row.metric_id and period in METRIC_PERIODS and period not in periods[:column]:
                # a second column of the same period, or an earlier year's, is kept apart
                unit = row.unit or catalog[row.metric_id].unit or None
                out.values.append(
                    metric_value(row.metric_id, cell.value, "table", snippet, printed.start, printed.end, "total", period, unit)
                )
            else:
                out.unmapped.append(unmapped_value(row.label, row.unit, cell.value, snippet, printed.start, printed.end, period))
    return out


def _unread(row: StatRow, snippet: str) -> list[UnmappedValue]:
    printed = row.printed
    kept = [
        unmapped_value(row.label, row.unit, None if is_splittable(t) else t.value, snippet, printed.start, printed.end)
        for t in printed.tokens
        if t.kind == NUMBER
    ]
    return kept
