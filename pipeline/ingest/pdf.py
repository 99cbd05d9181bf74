"""PDF to text with pdfplumber: page text outside tables, and each ruled table as pipe rows.

Plain text extraction reads a ruled table column by column or row by row depending on the producer, so
tables come from pdfplumber's table finder instead, as grids. Merged cells come back as None: each is
filled with the text of the real cell whose box covers that grid position (rowspan and colspan alike).
Text a cell wrapped over several lines is rejoined, including a number broken across lines. A "table"
with fewer than two columns is a boxed paragraph and stays text. A table continued on the next page
(nothing but a page number in between, same column count) stays one table.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.layout import LTChar, LTContainer
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.page import ALL_ATTRS
from pdfplumber.utils import extract_text
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.pdfinternals import resolve_all, resolve_and_decode

from pipeline.ingest import render
from pipeline.ingest.errors import IngestFailure
from pipeline.ingest.limits import MAX_PDF_PAGES
from pipeline.ingest.pdfcontent import page_layout

Block = tuple[str, Any]  # ("text", str) or ("table", TablePart)
PAGE_FURNITURE = re.compile(r"^[\s\-—–―·]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4})?(?:\s*共\s*\d{1,4}\s*页)?[\s\-—–―·]*$")
CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
INNER_BREAK = re.compile(rf"(?<=[{CJK}\d,.%])\n(?=[{CJK}\d,.%])|(?<=[{CJK}]) +(?=[{CJK}])")
TOLERANCE = 1.0  # points; cell boxes and grid lines do not line up exactly
EDGE_TOLERANCE = 3.0  # points; the same column boundary on two pages
RUNNING_MIN_PAGES = 3  # a header or footer must repeat on this many pages (and on half of them)
DIGITS = re.compile(r"\d+")


def _cell(text: str | None) -> str:
    """A cell's text on one line: breaks inside CJK text or inside a number are layout, not content."""
    return render.cell_text(INNER_BREAK.sub("", text or ""))


def _contains(box: tuple[float, float, float, float], x: float, y: float, tolerance: float = TOLERANCE) -> bool:
    x0, top, x1, bottom = box
    return x0 - tolerance <= x <= x1 + tolerance and top - tolerance <= y <= bottom + tolerance


def _edges(starts: set[float], last: float) -> list[tuple[float, float]]:
    ordered = sorted(starts)
    return list(zip(ordered, [*ordered[1:], last]))


@dataclass
class TablePart:
    """A table as found on one page: its full grid and the x positions of its column boundaries."""

    grid: list[list[str]]
    edges: list[float]  # len(edges) == columns + 1


def _extract(table: Any) -> list[list[str | None]]:
    """pdfplumber's Table.extract(): each cell's text from the characters whose middle lies in the cell, with
    every character's middle computed once instead of once per row and per cell (the same answer)."""
    middles = [((c["top"] + c["bottom"]) / 2, (c["x0"] + c["x1"]) / 2, c) for c in table.page.chars]
    texts = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        row_chars = [m for m in middles if x0 <= m[1] < x1 and top <= m[0] < bottom]
        line: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                line.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            cell_chars = [c for v, h, c in row_chars if cx0 <= h < cx1 and ctop <= v < cbottom]
            line.append(extract_text(cell_chars) if cell_chars else "")
        texts.append(line)
    return texts


def table_grid(table: Any) -> TablePart:
    """The table's full grid: every position covered by a merged cell gets that cell's text.

    pdfplumber numbers grid columns by the distinct left edges of its cells and grid rows by their
    distinct tops, so those edges give each grid position's box.
    """
    texts = _extract(table)
    rows = table.rows
    boxes = [(box, _cell(text)) for row, row_texts in zip(rows, texts) for box, text in zip(row.cells, row_texts) if box]
    cells = table.cells
    columns = _edges({c[0] for c in cells}, max(c[2] for c in cells))
    row_edges = _edges({c[1] for c in cells}, max(c[3] for c in cells))
    grid: list[list[str]] = []
    for (top, bottom), row, row_texts in zip(row_edges, rows, texts):
        line = []
        for (x0, x1), box, text in zip(columns, row.cells, row_texts):
            if box is not None:
                line.append(_cell(text))
                continue
            x, y = (x0 + x1) / 2, (top + bottom) / 2
            line.append(next((t for b, t in boxes if _contains(b, x, y, 0.0)), ""))
        grid.append(line)
    return TablePart(grid, [x0 for x0, _ in columns] + [columns[-1][1]])


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(_contains(box, x, y) for box in boxes)


_PLAIN = (float, int, str, bool, type(None))
_DECODED_NAMES: dict[str, Any] = {}  # colour space name -> pdfplumber's decoding of it (a pure function of the name)


def _resolved(value: Any) -> Any:
    """pdfplumber's resolve_all(value) for a value that is not plain, equal in value: a tuple of plain values (a
    character's matrix) comes back as it is instead of rebuilt item by item."""
    if type(value) is tuple and all(type(item) in _PLAIN for item in value):
        return value
    return resolve_all(value)


def _decoded_name(name: Any) -> Any:
    if type(name) is not str:
        return resolve_and_decode(name)
    decoded = _DECODED_NAMES.get(name)
    if decoded is None:
        decoded = _DECODED_NAMES[name] = resolve_and_decode(name)
    return decoded


def _char_object(page: Any, obj: LTChar) -> dict[str, Any]:
    """pdfplumber's Page.process_object for a character, without its generic per-attribute walk (which cost a
    quarter of a PDF's reading time): the same keys in the same order with the same values."""
    attr = {k: (v if type(v) in _PLAIN else _resolved(v)) for k, v in obj.__dict__.items() if k in ALL_ATTRS}
    attr["object_type"] = "char"
    attr["page_number"] = page.page_number
    if hasattr(obj, "ncs"):
        attr["ncs"] = _decoded_name(obj.ncs.name)
    if hasattr(obj, "scs"):
        attr["scs"] = _decoded_name(obj.scs.name)
    text = obj.get_text()
    attr["text"] = text if page.pdf.unicode_norm is None else page.process_object(obj)["text"]
    gs = obj.graphicstate
    attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
    attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
    if isinstance(attr["fontname"], bytes):
        return page.process_object(obj)
    mb_x0, mb_top = page.mediabox[:2]
    if "y0" in attr:
        attr["top"] = (page.height - attr["y1"]) + mb_top
        attr["bottom"] = (page.height - attr["y0"]) + mb_top
        attr["doctop"] = page.initial_doctop + attr["top"]
    if "x0" in attr and mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr


def _page_objects(page: Any) -> dict[str, list[dict[str, Any]]]:
    """pdfplumber's Page.parse_objects with characters built by _char_object (every other object as pdfplumber
    builds it)."""
    objects: dict[str, list[dict[str, Any]]] = {}
    with_containers = page.pdf.laparams is not None

    def walk(items: list[Any]) -> Iterator[dict[str, Any]]:
        for obj in items:
            if isinstance(obj, LTContainer):
                if with_containers:
                    yield page.process_object(obj)
                yield from walk(obj._objs)
            elif type(obj) is LTChar:
                yield _char_object(page, obj)
            else:
                yield page.process_object(obj)

    for obj in walk(page.layout._objs):
        kind = obj["object_type"]
        if kind != "anno":
            objects.setdefault(kind, []).append(obj)
    return objects


def page_blocks(page: Any) -> list[Block]:
    """The page as text and table blocks, top to bottom."""
    if not hasattr(page, "_layout"):
        page._layout = page_layout(page)  # pdfplumber's cache of the interpreted page (Page.layout)
    if not hasattr(page, "_objects"):
        page._objects = _page_objects(page)  # pdfplumber's cache of the parsed page (Page.objects)
    tables = []
    for found in page.find_tables():
        part = table_grid(found)
        if render.is_data_grid(render.useful_grid(part.grid)):
            tables.append((found.bbox, part))
    tables.sort(key=lambda item: item[0][1])
    boxes = [box for box, _ in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes)) if boxes else page
    blocks: list[Block] = []
    top = 0.0
    for box, grid in [*tables, ((0.0, page.height, page.width, page.height), None)]:
        band_bottom = min(max(box[1], top), page.height)
        if band_bottom > top:
            text = outside.crop((0, top, page.width, band_bottom)).extract_text() or ""
            if text.strip():
                blocks.append(("text", text))
        if grid is not None:
            beside = outside.crop((0, box[1], page.width, min(box[3], page.height))).extract_text() or ""
            if beside.strip():
                blocks.append(("text", beside))
            blocks.append(("table", grid))
            top = max(top, box[3])
    return blocks


def _matches(edges: list[float], others: list[float]) -> bool:
    return all(any(abs(e - o) <= EDGE_TOLERANCE for o in others) for e in edges)


def _continues(previous: TablePart, current: TablePart) -> bool:
    """Same outer edges, and one part's column boundaries are a subset of the other's (merged cells
    on one page can hide a boundary the other page shows)."""
    a, b = previous.edges, current.edges
    same_frame = abs(a[0] - b[0]) <= EDGE_TOLERANCE and abs(a[-1] - b[-1]) <= EDGE_TOLERANCE
    return same_frame and (_matches(a, b) or _matches(b, a))


def _regrid(part: TablePart, edges: list[float]) -> list[list[str]]:
    """The part's grid on finer column boundaries: a wide column's text fills every column it covers."""
    if len(part.edges) == len(edges):
        return part.grid
    starts = part.edges[:-1]
    owners = []
    for left, right in zip(edges, edges[1:]):
        middle = (left + right) / 2
        owners.append(max((i for i, start in enumerate(starts) if start <= middle), default=0))
    return [[row[i] if i < len(row) else "" for i in owners] for row in part.grid]


def _merge(previous: TablePart, current: TablePart) -> TablePart:
    edges = previous.edges if len(previous.edges) >= len(current.edges) else current.edges
    return TablePart(_regrid(previous, edges) + _regrid(current, edges), edges)


def _join_pages(pages: Iterator[list[Block]]) -> list[Block]:
    """All blocks in order; a table that continues on the next page is merged with its first part."""
    merged: list[Block] = []
    for blocks in pages:
        blocks = list(blocks)
        lead = 0
        while lead < len(blocks) and blocks[lead][0] == "text" and _is_furniture(blocks[lead][1]):
            lead += 1
        if merged and lead < len(blocks) and blocks[lead][0] == "table":
            tail = len(merged)
            while tail > 0 and merged[tail - 1][0] == "text" and _is_furniture(merged[tail - 1][1]):
                tail -= 1
            previous = merged[tail - 1] if tail else None
            current = blocks[lead][1]
            if previous and previous[0] == "table" and _continues(previous[1], current):
                merged[tail - 1] = ("table", _merge(previous[1], current))
                blocks = blocks[:lead] + blocks[lead + 1 :]
        merged.extend(blocks)
    return merged


def _edge_line(blocks: list[Block], last: bool) -> str | None:
    block = blocks[-1] if last else blocks[0]
    if block[0] != "text":
        return None
    lines = [line for line in block[1].splitlines() if line.strip()]
    return (lines[-1] if last else lines[0]) if lines else None


def _drop_edge_line(blocks: list[Block], last: bool) -> None:
    index = len(blocks) - 1 if last else 0
    lines = blocks[index][1].rstrip("\n").split("\n")
    while lines and not lines[-1 if last else 0].strip():
        lines.pop(-1 if last else 0)
    if lines:
        lines.pop(-1 if last else 0)
    remaining = "\n".join(lines)
    if remaining.strip():
        blocks[index] = ("text", remaining + "\n")
    else:
        del blocks[index]


def strip_running_lines(pages: list[list[Block]]) -> list[list[Block]]:
    """Remove running headers and footers: a first or last line that repeats (numbers aside) on at least
    half of the pages, such as the agency name on every page or a bare page number."""
    if len(pages) < RUNNING_MIN_PAGES:
        return pages
    for last in (False, True):
        keys = [DIGITS.sub("#", line.strip()) if (line := _edge_line(p, last)) else None for p in pages]
        counts: dict[str, int] = {}
        for key in keys:
            if key:
                counts[key] = counts.get(key, 0) + 1
        for blocks, key in zip(pages, keys):
            if key and counts[key] >= max(RUNNING_MIN_PAGES, len(pages) / 2):
                _drop_edge_line(blocks, last)
    return pages


def _is_furniture(text: str) -> bool:
    return all(PAGE_FURNITURE.match(line) for line in text.splitlines() if line.strip())


def _render(blocks: list[Block]) -> str:
    parts = []
    for kind, content in blocks:
        parts.append(render.render_table(render.useful_grid(content.grid)) if kind == "table" else content.rstrip("\n") + "\n")
    return "".join(parts)


def pdf_to_text(source: Path | bytes) -> str:
    """The PDF's text and tables, page by page (raises IngestFailure for unreadable PDFs)."""
    try:
        with pdfplumber.open(io.BytesIO(source) if isinstance(source, bytes) else source) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise IngestFailure("pdf_too_many_pages", f"{len(pdf.pages)} pages (limit {MAX_PDF_PAGES})")
            text = _render(_join_pages(iter(strip_running_lines([page for page in _read_pages(pdf) if page]))))
    except IngestFailure:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise IngestFailure("encrypted_pdf", f"the PDF is password-protected ({type(exc).__name__})") from exc
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise IngestFailure("encrypted_pdf", f"the PDF is password-protected ({type(cause).__name__})") from exc
        raise IngestFailure("corrupt_pdf", f"not a readable PDF: {type(cause).__name__}: {cause}") from exc
    except Exception as exc:  # pdfminer raises many types for broken files (PSEOF, KeyError, TypeError ...)
        raise IngestFailure("corrupt_pdf", f"not a readable PDF: {type(exc).__name__}: {exc}") from exc
    if not text.strip():
        raise IngestFailure("no_text", "the PDF has no text layer (a scanned image needs OCR)")
    return text


def _read_pages(pdf: Any) -> Iterator[list[Block]]:
    for page in pdf.pages:
        try:
            yield page_blocks(page)
        finally:
            page.close()  # pdfplumber caches every parsed object per page; free them as we go
