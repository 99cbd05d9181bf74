"""DOCX to text with python-docx: paragraphs and tables in document order, tables as pipe rows.

The zip is checked before python-docx opens it: the sizes its members declare (the decompressor stops at
the declared size, so they bound memory) and their number must be under the limits, and it must hold
word/document.xml. python-docx's row cells are the span-expanded grid (a merged cell repeated in every
position it covers); a table nested in a cell is read as part of that cell's text, and content controls
(w:sdt), which python-docx's own iteration skips, are read too.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.table import _Cell as DocxCell
from docx.text.paragraph import Paragraph

from pipeline.ingest import render
from pipeline.ingest.errors import IngestFailure
from pipeline.ingest.limits import MAX_DOCX_MEMBERS, MAX_DOCX_UNCOMPRESSED_BYTES

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
W_P, W_TBL, W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = (qn(t) for t in ("w:p", "w:tbl", "w:sdt", "w:sdtContent", "w:customXml"))


def check_package(data: bytes) -> None:
    """Refuse what python-docx should never be given (raises IngestFailure)."""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in data:
            raise IngestFailure("encrypted_docx", "the Office file is password-protected")
        raise IngestFailure("corrupt_docx", "an old binary Word (.doc) file with a .docx name")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestFailure("corrupt_docx", f"not a zip archive: {exc}") from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_DOCX_MEMBERS:
            raise IngestFailure("docx_too_large", f"{len(members)} zip members (limit {MAX_DOCX_MEMBERS})")
        declared = sum(member.file_size for member in members)
        if declared > MAX_DOCX_UNCOMPRESSED_BYTES:
            raise IngestFailure("docx_too_large", f"the zip expands to {declared:,} bytes (limit {MAX_DOCX_UNCOMPRESSED_BYTES:,})")
        if "word/document.xml" not in {member.filename for member in members}:
            raise IngestFailure("corrupt_docx", "the zip has no word/document.xml")


def _cell_text(cell: Any) -> str:
    """The cell's paragraphs, then the text of any table nested inside it (not dropped)."""
    parts = [paragraph.text for paragraph in cell.paragraphs]
    for nested in cell.tables:
        parts.extend(_cell_text(inner) for row in nested.rows for inner in row.cells)
    return render.cell_text(" ".join(parts))


def _table_rows(table: DocxTable) -> list[list[str]]:
    """python-docx's span-expanded grid, [[cell text for cell in row.cells] for row in table.rows]."""
    try:
        return _grid_texts(table)
    except Exception:  # malformed spans or merges: python-docx's own walk, failing where and as it fails
        return [[_cell_text(cell) for cell in row.cells] for row in table.rows]


def _grid_texts(table: DocxTable) -> list[list[str]]:
    """The same grid as row.cells gives, with each w:tc's grid position and text worked out once: row.cells runs
    XPath queries again for every vertically merged cell, and a merged cell's text was read again for every
    grid position it covers (together two thirds of a DOCX's reading time)."""
    layout = []  # per row: its grid_before and its (tc, grid span, grid offset)s, as python-docx computes them
    for tr in table._tbl.tr_lst:
        offset = grid_before = tr.grid_before
        cells = []
        for tc in tr.tc_lst:
            span = tc.grid_span
            cells.append((tc, span, offset))
            offset += span
        layout.append((grid_before, cells))
    texts: dict[Any, str] = {}
    grid = []
    for index, (_, cells) in enumerate(layout):
        line = []
        for tc, _, offset in cells:
            top = _merge_top(layout, index, tc, offset)
            if top not in texts:
                texts[top] = _cell_text(DocxCell(top, table))
            line.extend([texts[top]] * top.grid_span)
        grid.append(line)
    return grid


def _merge_top(layout: list[tuple[int, list[tuple[Any, int, int]]]], index: int, tc: Any, offset: int) -> Any:
    """The w:tc holding the content of a vertically merged cell: python-docx's _tc_above, followed up while
    the cell continues a merge (CT_Row.tc_at_grid_offset on the row above, same scan)."""
    while tc.vMerge == "continue":
        if index == 0:
            raise ValueError("no tr above topmost tr in w:tbl")
        index -= 1
        grid_before, cells = layout[index]
        remaining = offset - grid_before
        found = None
        for above, span, _ in cells:
            if remaining < 0:
                break
            if remaining == 0:
                found = above
                break
            remaining -= span
        if found is None:
            raise ValueError(f"no `tc` element at grid_offset={offset}")
        tc = found
    return tc


def _walk(element: Any, parent: Any) -> Iterator[Paragraph | DocxTable]:
    """Paragraphs and tables in document order, including those inside content controls (w:sdt),
    which python-docx's own iteration skips."""
    for child in element.iterchildren():
        if child.tag == W_P:
            yield Paragraph(child, parent)
        elif child.tag == W_TBL:
            yield DocxTable(child, parent)
        elif child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from _walk(content, parent)
        elif child.tag == W_CUSTOM_XML:
            yield from _walk(child, parent)


def _blocks(document: Any) -> list[str]:
    parts: list[str] = []
    for item in _walk(document.element.body, document):
        if isinstance(item, Paragraph):
            parts.append(item.text + "\n")
        else:
            grid = render.useful_grid(_table_rows(item))
            parts.append(render.render_table(grid) if render.is_data_grid(grid) else render.render_as_text(grid))
    return parts


def docx_to_text(data: bytes) -> str:
    """The document's paragraphs and tables in order (raises IngestFailure for unreadable files)."""
    check_package(data)
    try:
        document = docx.Document(io.BytesIO(data))
        return "".join(_blocks(document))
    except IngestFailure:
        raise
    except Exception as exc:  # python-docx and lxml raise many types for damaged parts
        raise IngestFailure("corrupt_docx", f"the DOCX could not be parsed: {type(exc).__name__}: {exc}") from exc
