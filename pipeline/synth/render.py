"""Write a report's blocks in a file format: text (tables flattened in one of the layouts scraped pages show),
Markdown (text converted from a PDF), HTML (tables with rowspan/colspan), DOCX and PDF."""

from __future__ import annotations

import html
import io
import random
import re
from dataclasses import dataclass

from pipeline.synth import debris, tables
from pipeline.synth.blocks import Grid, Heading, Para, Report, expand, origin_cells

TEXT_LAYOUTS = ("pipe", "pipe_sparse", "cell_per_line", "spaced", "run_together", "number_run", "pdf_text")
STANDARD_KINDS = ("proactive", "requests", "review")  # tables the extraction side's renderers draw (pipeline.synth.tables)
NUMBER_CELL = re.compile(r"^-?\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class Style:
    """How a page looks besides its content; recorded in the label notes."""

    table_layout: str = "pipe"  # one of TEXT_LAYOUTS (text formats); html/docx/pdf keep real tables
    crawler_header: bool = False
    web_debris: bool = False
    border_runs: bool = False
    odd_spaces: bool = False
    one_line: bool = False  # the whole body on one line
    blank_lines: bool = False  # a blank line between every line (pages copied with <p> spacing)
    published: str | None = None
    source_id: int = 0
    office: str = ""

    def describe(self) -> list[str]:
        flags = [name for name in ("crawler_header", "web_debris", "border_runs", "odd_spaces", "one_line", "blank_lines") if getattr(self, name)]
        return [f"tables flattened as {self.table_layout}", *flags]


# --- tables as text -------------------------------------------------------------------------------------


def grid_lines(grid: Grid, layout: str, rng: random.Random) -> list[str]:
    if grid.kind in STANDARD_KINDS and layout in tables.LAYOUTS and layout != "html":
        return tables.render_grid(grid, layout, rng).splitlines()
    if layout == "pdf_text":
        layout = "spaced"  # other tables (the v2008 统计表) come out of a PDF as spaced rows
    if layout == "pipe":
        return ["| " + " | ".join(r) + " |" for r in expand(grid)]
    if layout == "pipe_sparse":
        return ["| " + " | ".join(r) + " |" for r in origin_cells(grid)]
    if layout == "cell_per_line":
        return [cell for r in origin_cells(grid) for cell in r if cell.strip()]
    if layout == "spaced":
        gap = rng.choice(["  ", "   ", "\t"])
        return [gap.join(c for c in r if c) for r in expand(grid)]
    if layout == "run_together":
        return ["".join("".join(r) for r in origin_cells(grid))]
    if layout == "number_run":
        numbers = [c for r in origin_cells(grid) for c in r if NUMBER_CELL.match(c.strip() or "x")]
        return [" ".join(numbers)]
    raise ValueError(f"unknown table layout {layout!r}")


def _body_lines(report: Report, style: Style, rng: random.Random) -> list[str]:
    lines = [report.title]
    for block in report.blocks:
        if isinstance(block, Grid):
            if style.border_runs and rng.random() < 0.5:
                lines.append(debris.border_run(rng))
            lines += grid_lines(block, style.table_layout, rng)
        elif isinstance(block, Heading):
            lines.append(block.text)
        else:
            lines.append(debris.odd_spaces(rng, block.text) if style.odd_spaces else block.text)
    lines += report.signature
    return lines


def to_text(report: Report, style: Style, rng: random.Random) -> str:
    body = _body_lines(report, style, rng)
    if style.one_line:
        body = [" ".join(line.strip() for line in body if line.strip())]
    head: list[str] = []
    if style.web_debris:
        head += debris.nav_lines(rng)
    if style.border_runs:
        head.append(debris.border_run(rng))
    tail = debris.footer_lines(rng, style.office) if style.web_debris else []
    lines = head + body + tail
    if style.crawler_header:
        lines = [debris.crawler_header(rng, report.title, style.published, style.office, style.source_id)] + lines
    return ("\n\n" if style.blank_lines else "\n").join(lines) + "\n"


def to_markdown(report: Report, rng: random.Random) -> str:
    """Text as a PDF-to-Markdown converter leaves it: hard-wrapped lines, page numbers, spaces around numbers."""
    width = rng.randint(28, 36)
    out = ["正文", report.title[: len(report.title) // 2], report.title[len(report.title) // 2 :]]
    for block in report.blocks:
        if isinstance(block, Grid) and block.kind in STANDARD_KINDS:
            out += tables.render_grid(block, "pdf_text", rng).splitlines()  # Markdown converted from a PDF
        elif isinstance(block, Grid):
            rows = expand(block)
            out.append("")
            out.append("| " + " | ".join(rows[0]) + " |")
            out.append("|" + "---|" * len(rows[0]))
            out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
            out.append("")
        elif isinstance(block, Heading):
            out.append(block.text)
        else:
            text = re.sub(r"(?<=[\u4e00-\u9fff])(\d+)(?=[\u4e00-\u9fff])", r" \1 ", block.text)
            out += [text[i : i + width] for i in range(0, len(text), width)]
    out += report.signature
    paged = []
    for n, line in enumerate(out, start=1):
        paged.append(line)
        if n % 38 == 0:
            paged += [f"— {n // 38} —", ""]
    return "\n".join(paged) + "\n"


# --- HTML -----------------------------------------------------------------------------------------------


def grid_html(grid: Grid) -> str:
    rows = []
    for r in grid.rows:
        cells = []
        for cell in r:
            spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
            cells.append(f"<td{spans}>{html.escape(cell.text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">\n' + "\n".join(rows) + "\n</table>"


def to_html(report: Report, style: Style, rng: random.Random, charset: str = "utf-8") -> str:
    parts = []
    for block in report.blocks:
        if isinstance(block, Grid):
            parts.append(grid_html(block))
        elif isinstance(block, Heading):
            parts.append(f"<p><strong>{html.escape(block.text)}</strong></p>" if rng.random() < 0.5 else f"<h3>{html.escape(block.text)}</h3>")
        else:
            indent = "&nbsp;&nbsp;&nbsp;&nbsp;" if style.odd_spaces else ""
            parts.append(f"<p>{indent}{html.escape(block.text)}</p>")
    parts += [f'<p style="text-align:right">{html.escape(line)}</p>' for line in report.signature]
    nav = "".join(f"<span>{html.escape(x)}</span>" for x in debris.nav_lines(rng)) if style.web_debris else ""
    footer = "".join(f"<p>{html.escape(x)}</p>" for x in debris.footer_lines(rng, style.office)) if style.web_debris else ""
    info = f"发布时间：{style.published or ''}&nbsp;&nbsp;来源：{html.escape(style.office)}"
    return (
        f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>{html.escape(report.title)}</title>\n<style>td{{border:1px solid #999;padding:2px}}</style>"
        "<script>var _hmt=_hmt||[];(function(){var hm=document.createElement('script');})();</script></head>\n"
        f'<body><div class="nav">{nav}</div>\n<div class="article"><h1>{html.escape(report.title)}</h1><div class="info">{info}</div>\n'
        + "\n".join(parts)
        + f'\n</div><div class="footer">{footer}</div></body></html>\n'
    )


# --- DOCX and PDF ---------------------------------------------------------------------------------------


def to_docx(report: Report) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(report.title).runs[0].bold = True
    for block in report.blocks:
        if isinstance(block, Grid):
            matrix = expand(block)
            table = document.add_table(rows=len(matrix), cols=len(matrix[0]))
            table.style = "Table Grid"
            _fill_docx_table(table, block)
        elif isinstance(block, Heading):
            document.add_paragraph(block.text).runs[0].bold = True
        else:
            document.add_paragraph(block.text)
    for line in report.signature:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _fill_docx_table(table, grid: Grid) -> None:
    # table.cell() rebuilds the whole grid on every call; take the cells once, fill, then merge the spans.
    n_cols = len(table.columns)
    cells = table._cells
    origins = list(_origins(grid))
    for (r, c), cell in origins:
        cells[r * n_cols + c].text = cell.text
    for (r, c), cell in origins:
        if cell.rowspan > 1 or cell.colspan > 1:
            cells[r * n_cols + c].merge(cells[(r + cell.rowspan - 1) * n_cols + c + cell.colspan - 1])


def to_pdf(report: Report) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=10, leading=15, wordWrap="CJK")
    small = ParagraphStyle("cell", fontName="STSong-Light", fontSize=6.5, leading=8, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=14, leading=20, alignment=1)
    story: list = [Paragraph(html.escape(report.title), title), Spacer(1, 8)]
    width = A4[0] - 80
    for block in report.blocks:
        if isinstance(block, Grid):
            matrix = expand(block)
            n_cols = len(matrix[0])
            data = [[Paragraph(html.escape(text), small) for text in r] for r in _pdf_matrix(block, n_cols)]
            table = Table(data, colWidths=[width / n_cols] * n_cols, repeatRows=0)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), *_pdf_spans(block)]))
            story += [table, Spacer(1, 6)]
        else:
            story.append(Paragraph(html.escape(block.text), body))
    story += [Paragraph(html.escape(line), body) for line in report.signature]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=40, rightMargin=40, topMargin=40, bottomMargin=40,
                      title=report.title).build(story)
    return buffer.getvalue()


def _pdf_matrix(grid: Grid, n_cols: int) -> list[list[str]]:
    """Like expand(), but a merged cell's text only where it starts (the rest of its area is blank)."""
    matrix = [[""] * n_cols for _ in range(len(expand(grid)))]
    for (r, c), cell in _origins(grid):
        matrix[r][c] = cell.text
    return matrix


def _pdf_spans(grid: Grid) -> list[tuple]:
    return [("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)) for (r, c), cell in _origins(grid)
            if cell.rowspan > 1 or cell.colspan > 1]


def _origins(grid: Grid):
    taken: set[tuple[int, int]] = set()
    for r, grid_row in enumerate(grid.rows):
        c = 0
        for cell in grid_row:
            while (r, c) in taken:
                c += 1
            yield (r, c), cell
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
