"""Random valid v2019/v2021 standard tables (二, 三, 四) and renderers for every layout reports come in.

    tables = random_standard_tables(rng, "v2021")
    text = render(tables, "run_together", rng)        # sections 二–四 as a crawler flattened them
    page = render_report(tables, "html", rng)          # a whole report around them
    tables.truth()                                     # {(metric_id, applicant, period): value}

Figures obey the tables' arithmetic (总计 = the applicant columns, （七）总计 = the result rows, 本年新收 +
上年结转 = （七）总计 + 结转下年度继续办理, each review 总计 = its outcomes). Agency variants: group subtotal rows
(（三）不予公开 小计), a 法人或其他组织 subtotal column, and zero cells written as "—" (then not stated).

Layouts: pipe (HTML/DOCX/PDF tables as the ingestion renders them), html (a page with rowspan/colspan),
cell_per_line, spaced, run_together (cells glued, as crawlers leave them), number_run (figures only, in
the template's fixed order), pdf_text (pdfplumber-like text: wrapped labels, vertical group labels, page
numbers inside the table).
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field

from pipeline.catalog import load_catalog
from pipeline.extract.identities import row_holds
from pipeline.extract.standard_template import StandardRow, column_layouts, section_headings, standard_rows
from pipeline.synth.blocks import Cell, Grid, expand, origin_cells, row

LAYOUTS = ("pipe", "html", "cell_per_line", "spaced", "run_together", "number_run", "pdf_text")
APPLICANT_COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org")
APPLICANT_WEIGHTS = (0.78, 0.1, 0.02, 0.03, 0.04, 0.03)
FLOW_ROWS = ("requests.new_received", "requests.carried_over", "requests.processed_total", "requests.carried_forward")
REVIEW_OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
REQUESTS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
BLANK = "—"
Key = tuple[str, str, str]  # (metric_id, applicant, period)


@dataclass
class StandardTables:
    """The figures of one report's tables 二, 三 and 四; None marks a cell printed as "—" (not stated)."""

    template: str
    proactive: dict[str, float | None]
    requests: dict[str, list[float | None]]  # per applicant column, then the 总计 column last
    review: dict[str, float | None]
    group_subtotals: bool = False  # print （三）…（六） subtotal rows
    org_subtotal: bool = False  # print a 法人或其他组织 subtotal column
    notes: list[str] = field(default_factory=list)

    def truth(self) -> dict[Key, float]:
        """Every stated figure, keyed as the extraction reports it."""
        out: dict[Key, float] = {}
        for metric_id, value in {**self.proactive, **self.review}.items():
            if value is not None:
                out[(metric_id, "total", "year")] = value
        for metric_id, values in self.requests.items():
            if not self.group_subtotals and metric_id in _subtotal_metrics(self.template):
                continue
            for applicant, value in zip((*APPLICANT_COLUMNS, "total"), values):
                if value is not None:
                    out[(metric_id, applicant, "year")] = value
        return out


def _subtotal_metrics(template: str) -> set[str]:
    return {r.metric_ids[0] for r in standard_rows("requests", template) if r.optional}


def _leaf_rows(template: str) -> list[StandardRow]:
    return [r for r in standard_rows("requests", template) if not r.optional and r.metric_ids[0] not in FLOW_ROWS]


def _split(rng: random.Random, n: int) -> list[float]:
    counts = [0.0] * len(APPLICANT_COLUMNS)
    for column in rng.choices(range(len(APPLICANT_COLUMNS)), APPLICANT_WEIGHTS, k=n):
        counts[column] += 1
    return counts


def _size(rng: random.Random) -> int:
    return rng.choice([0, 0, rng.randint(0, 5), rng.randint(0, 40), rng.randint(0, 400)])


def _requests(rng: random.Random, template: str) -> dict[str, list[float | None]]:
    figures: dict[str, list[float]] = {r.metric_ids[0]: _split(rng, _size(rng)) for r in _leaf_rows(template)}
    for subtotal in _subtotal_metrics(template):
        parts = [m for m in figures if m.startswith(subtotal + ".")]
        if parts:
            figures[subtotal] = [sum(figures[m][i] for m in parts) for i in range(len(APPLICANT_COLUMNS))]
    leaves = [r.metric_ids[0] for r in _leaf_rows(template)]
    processed = [sum(figures[m][i] for m in leaves) for i in range(len(APPLICANT_COLUMNS))]
    carried_over = [float(rng.randint(0, int(p))) if rng.random() < 0.5 else 0.0 for p in processed]
    forward = _split(rng, rng.choice([0, rng.randint(0, 20)]))
    figures["requests.new_received"] = [p + f - c for p, f, c in zip(processed, forward, carried_over)]
    figures["requests.carried_over"] = carried_over
    figures["requests.processed_total"] = processed
    figures["requests.carried_forward"] = forward
    return {m: [*values, sum(values)] for m, values in figures.items()}


def _proactive(rng: random.Random, template: str) -> dict[str, float | None]:
    values: dict[str, float | None] = {}
    for standard_row in standard_rows("proactive", template):
        while True:  # a row the table's own rules allow (现行有效 >= 本年制发 - 本年废止 ...)
            row_values = tuple(_proactive_cell(rng, metric_id) for metric_id in standard_row.metric_ids)
            if row_holds(standard_row.metric_ids, row_values):
                break
        values.update(zip(standard_row.metric_ids, row_values))
    return values


def _proactive_cell(rng: random.Random, metric_id: str) -> float:
    if metric_id.endswith("amount"):
        return round(rng.uniform(0, 5000), rng.choice([0, 1, 2]))
    if metric_id.endswith("items_change"):
        return float(rng.randint(-6, 6))
    return float(rng.choice([0, rng.randint(0, 30), rng.randint(0, 5000)]))


def _review(rng: random.Random) -> dict[str, float | None]:
    values: dict[str, float | None] = {}
    for standard_row in standard_rows("review", "v2021"):
        parts = [float(rng.choice([0, 0, rng.randint(0, 9), rng.randint(0, 120)])) for _ in standard_row.metric_ids[:-1]]
        values.update(zip(standard_row.metric_ids, [*parts, sum(parts)]))
    return values


def random_standard_tables(
    rng: random.Random, template: str, group_subtotals: bool = False, org_subtotal: bool = False, blanks: float = 0.0
) -> StandardTables:
    """Random tables with consistent arithmetic; `blanks` is the share of zero proactive/review cells printed "—"."""
    tables = StandardTables(template, _proactive(rng, template), _requests(rng, template), _review(rng), group_subtotals, org_subtotal)
    for figures in (tables.proactive, tables.review):
        for metric_id, value in figures.items():
            if value == 0 and rng.random() < blanks:
                figures[metric_id] = None
    return tables


# --- grids ------------------------------------------------------------------------------------------------


def _cell(value: float | None) -> str:
    if value is None:
        return BLANK
    return f"{int(value)}" if float(value).is_integer() else f"{value:g}"


def proactive_grid(tables: StandardTables) -> Grid:
    rows = []
    for item, items in _proactive_items(tables.template):
        columns = max(len(r.metric_ids) for r in items)
        rows.append(row(Cell(item, colspan=4)))
        headings = [_column_heading(metric_id) for metric_id in items[0].metric_ids]
        rows.append(row("信息内容", *headings[:-1], Cell(headings[-1], colspan=4 - len(headings))))
        for standard_row in items:
            cells = [_cell(tables.proactive[m]) for m in standard_row.metric_ids]
            rows.append(row(standard_row.label, *cells[:-1], Cell(cells[-1], colspan=4 - columns)))
    return Grid(tuple(rows), kind="proactive")


def _proactive_items(template: str) -> list[tuple[str, list[StandardRow]]]:
    """Rows of table 二 under their 第二十条 item, in printed order."""
    groups: dict[str, list[StandardRow]] = {}
    for standard_row in standard_rows("proactive", template):
        groups.setdefault(standard_row.item, []).append(standard_row)
    return list(groups.items())


def _column_heading(metric_id: str) -> str:
    label = load_catalog()[metric_id].label_zh
    return label.split(" ", 1)[1] if " " in label else label


def requests_grid(tables: StandardTables) -> Grid:
    columns = column_layouts()["subtotal_last" if tables.org_subtotal else "standard"]
    width = len(columns)
    header = [
        row(Cell(REQUESTS_NOTE, rowspan=3, colspan=3), Cell("申请人情况", colspan=width)),
        row(Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=width - 2), Cell("总计", rowspan=2)),
        row(*(c.label for c in columns[1:-1])),
    ]
    printed = [r for r in standard_rows("requests", tables.template) if tables.group_subtotals or not r.optional]
    results = [r for r in printed if r.metric_ids[0] not in (FLOW_ROWS[0], FLOW_ROWS[1], FLOW_ROWS[3])]
    groups = _groups(tables.template)
    body = []
    for standard_row in printed:
        metric_id = standard_row.metric_ids[0]
        values = [_cell(v) for v in _with_subtotal(tables.requests[metric_id], tables.org_subtotal)]
        if standard_row not in results:
            body.append(row(Cell(standard_row.label, colspan=3), *values))
            continue
        cells = [Cell("三、本年度办理结果", rowspan=len(results))] if standard_row is results[0] else []
        group = groups.get(metric_id)
        if group is None:
            cells.append(Cell(standard_row.label, colspan=2))
        else:
            members = [r for r in printed if groups.get(r.metric_ids[0]) == group]
            if standard_row is members[0]:
                cells.append(Cell(group, rowspan=len(members)))
            cells.append(Cell("小计" if standard_row.optional else standard_row.label))
        body.append(tuple(cells) + row(*values))
    return Grid(tuple(header + body), kind="requests")


def _groups(template: str) -> dict[str, str]:
    """Metric id -> the group label (（三）不予公开 …) its row is printed under, subtotal rows included."""
    catalog = load_catalog()
    subtotals = {r.metric_ids[0]: r.label for r in standard_rows("requests", template) if r.optional}
    groups = dict(subtotals)
    for r in standard_rows("requests", template):
        parent = catalog[r.metric_ids[0]].parent_id
        if parent in subtotals:
            groups[r.metric_ids[0]] = subtotals[parent]
    return groups


def _with_subtotal(values: list[float | None], org_subtotal: bool) -> list[float | None]:
    if not org_subtotal:
        return values
    orgs = values[1 : len(APPLICANT_COLUMNS)]
    return [*values[:-1], sum(v or 0 for v in orgs), values[-1]]


def review_grid(tables: StandardTables) -> Grid:
    values = [_cell(tables.review[m]) for r in standard_rows("review", "v2021") for m in r.metric_ids]
    return Grid(
        (
            row(Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)),
            row(*(Cell(x, rowspan=2) for x in REVIEW_OUTCOMES), Cell("未经复议直接起诉", colspan=5), Cell("复议后起诉", colspan=5)),
            row(*(REVIEW_OUTCOMES * 2)),
            row(*values),
        ),
        kind="review",
    )


def table_grids(tables: StandardTables) -> dict[str, Grid]:
    return {"proactive": proactive_grid(tables), "requests": requests_grid(tables), "review": review_grid(tables)}


# --- layouts ----------------------------------------------------------------------------------------------


ZERO_MARKS = (BLANK, "无", "/")  # how tables print a zero cell; a cell in its column like any figure


def _is_figure(text: str) -> bool:
    return text.replace(".", "", 1).lstrip("-").isdigit() or text in ZERO_MARKS


def render_grid(grid: Grid, layout: str, rng: random.Random) -> str:
    """One table as text in a layout (html gives the <table> markup)."""
    if layout == "pipe":
        return "\n".join("| " + " | ".join(r) + " |" for r in expand(grid))
    if layout == "html":
        return _grid_html(grid)
    if layout == "cell_per_line":
        return "\n".join(cell for r in origin_cells(grid) for cell in r if cell.strip())
    if layout == "spaced":
        joiner = " " if rng.random() < 0.5 else "\n"
        return joiner.join(" ".join(c for c in r if c) for r in origin_cells(grid))
    if layout == "run_together":
        return (" " if rng.random() < 0.5 else "").join("".join(r) for r in origin_cells(grid))
    if layout == "number_run":
        headers = [c for r in origin_cells(grid) for c in r if not _is_figure(c)]
        figures = [c for r in origin_cells(grid) for c in r if _is_figure(c)]
        return " ".join(headers[:3]) + "\n" + " ".join(figures)
    if layout == "pdf_text":
        return _pdf_text(grid, rng)
    raise ValueError(f"unknown layout {layout!r}")


def _grid_html(grid: Grid) -> str:
    rows = []
    for r in grid.rows:
        cells = []
        for cell in r:
            spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
            cells.append(f"<td{spans}>{html.escape(cell.text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table border="1" cellspacing="0">\n' + "\n".join(rows) + "\n</table>"


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _pdf_text(grid: Grid, rng: random.Random) -> str:
    """Text as pdfplumber extracts a ruled table: a row's figures on the line of its label's first part, long
    labels wrapped around them, row-spanning group labels broken one piece per line, a page number inside."""
    width = rng.randint(12, 16)
    lines: list[str] = []
    for cells in origin_cells(grid):
        labels = [c for c in cells if c and not _is_figure(c)]
        figures = [c for c in cells if _is_figure(c)]
        if not figures:
            lines.extend(part for label in labels for part in _wrap(label, width))
            continue
        own = labels[-1] if labels else ""
        for group in labels[:-1]:
            pieces = _wrap(group, rng.choice([2, 3, width]))
            lines.append(pieces[0])
            lines.extend(pieces[1:])
        parts = _wrap(own, width)
        lines.append((parts[0] + " " + " ".join(figures)).strip())
        lines.extend(parts[1:])
        if rng.random() < 0.05:
            lines.append(f"- {rng.randint(2, 9)} -")
    return "\n".join(lines)


def _headings() -> dict[str, str]:
    return {h.table: f"{h.numeral}、{h.label}" for h in section_headings()}


def render(tables: StandardTables, layout: str, rng: random.Random | None = None) -> str:
    """Sections 二, 三 and 四 with their headings and tables, in `layout` (html gives markup)."""
    rng = rng or random.Random(0)
    headings = _headings()
    parts = []
    for table, grid in table_grids(tables).items():
        body = render_grid(grid, layout, rng)
        parts.append(f"<h2>{headings[table]}</h2>\n{body}" if layout == "html" else f"{headings[table]}\n{body}")
    return "\n".join(parts)


def render_report(tables: StandardTables, layout: str, rng: random.Random, agency: str = "某某市人民政府", year: int = 2022) -> str:
    """A whole report around the tables, with the prose (and its own numbers) a real one has."""
    received = tables.requests["requests.new_received"][-1]
    title = f"{agency}{year}年政府信息公开工作年度报告"
    head = [
        f"本报告根据《中华人民共和国政府信息公开条例》编制。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        "一、总体情况",
        f"{year}年，{agency}全年主动公开政府信息{rng.randint(100, 9000)}条，收到政府信息公开申请{_cell(received)}件，"
        f"召开新闻发布会{rng.randint(1, 40)}场。",
    ]
    tail = [
        _headings()["end"],
        f"一是政策解读形式不够丰富；二是基层政务公开标准化水平有待提升。{year + 1}年将开展业务培训{rng.randint(2, 9)}次。",
        "六、其他需要报告的事项",
        "本机关未收取信息处理费。",
        agency,
        f"{year + 1}年1月{rng.randint(10, 28)}日",
    ]
    body = render(tables, layout, rng)
    if layout == "html":
        opening = "".join(f"<p>{html.escape(line)}</p>\n" for line in head)
        closing = "".join(f"<p>{html.escape(line)}</p>\n" for line in tail)
        return (
            f'<html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head><body>'
            f"<h1>{html.escape(title)}</h1>\n{opening}{body}\n{closing}</body></html>"
        )
    return "\n".join([title, *head, body, *tail]) + "\n"
