"""Every figure a report states in a table: the standard tables 二/三/四, v2008 statistics tables, other
labelled tables and category tables. Rows no metric takes go to unmapped values.

Tables are read from the document's cleaned text itself, so offsets always point into Document.text and a
table split over two pages or fragments (a PDF converter's) is still read as one. This is the one place a
document's tables are recognised: the spans of every region found here go to the prose reader, which skips
them (pipeline.extract.extract).
"""

from __future__ import annotations

from pipeline.extract.category_tables import is_category_table, read_category_table
from pipeline.extract.standard_tables import extract_standard_tables
from pipeline.extract.statistics_tables import read_statistics_table
from pipeline.model import Document, Extraction, Identity
from pipeline.tables.header import starts_table
from pipeline.tables.recognize import table_span
from pipeline.tables.regions import TableRegion, find_regions, looks_like_table
from pipeline.tables.rows import build_rows
from pipeline.tables.tokens import tokenize


def _inside(region: TableRegion, spans: list[tuple[int, int]]) -> bool:
    return any(start <= region.start < end or start < region.end <= end for start, end in spans)


def _wholly_inside(region: TableRegion, spans: list[tuple[int, int]]) -> bool:
    """The region lies within one span: every piece _split_at_headers could cut from it is _inside too."""
    return any(start <= region.start and region.end <= end for start, end in spans)


def _split_at_headers(regions: list[TableRegion]) -> list[TableRegion]:
    """Each region cut where a later row's label holds a table header (…指标名称计量单位2011年度历年累计主动公开
    信息数条…): a crawler that ran a table into the text above it leaves that text's figures as the region's
    first rows, and the header then reads as a row label instead of naming the columns."""
    out: list[TableRegion] = []
    for region in regions:
        starts = [i for i, row in enumerate(region.rows) if i and starts_table(row.label_after_sentence()[0])]
        if not starts:
            out.append(region)
            continue
        head = region.rows[: starts[0]]
        if looks_like_table(head):
            out.append(TableRegion(head, region.layout))  # a table of its own right above the next one
        for begin, end in zip(starts, [*starts[1:], len(region.rows)]):
            out.append(TableRegion(region.rows[begin:end], region.layout))
    return out


def extract_tables(document: Document, identity: Identity) -> Extraction:
    return extract_tables_and_spans(document, identity)[0]


def extract_tables_and_spans(document: Document, identity: Identity) -> tuple[Extraction, list[tuple[int, int]]]:
    """The document's table figures, and the span of every table region in its text (what
    pipeline.tables.table_spans gives, from the rows built here once)."""
    text = document.text
    extraction = Extraction()
    tokens = tokenize(text)
    rows = build_rows(tokens)
    standard = extract_standard_tables(text, identity.template, tokens, rows)
    extraction.values.extend(standard.values)
    extraction.blanks.extend(standard.blanks)
    extraction.unmapped.extend(standard.unmapped)
    template = standard.template or identity.template
    list_no = 0
    # regions the standard tables took are dropped before they are cut at headers (they would be after)
    found = find_regions(rows, text)
    regions = [region for region in found if not _wholly_inside(region, standard.spans)]
    for region in _split_at_headers(regions):
        if _inside(region, standard.spans):
            continue
        if is_category_table(region, template, text):
            list_no += 1
            extraction.categories.extend(read_category_table(region, text, template, list_no))
            continue
        read = read_statistics_table(region, text, template)
        extraction.values.extend(read.values)
        extraction.unmapped.extend(read.unmapped)
    return extraction, [table_span(region, text) for region in found]
