"""Every figure a report states in a table: the standard tables 二/三/四, v2008 statistics tables, other
labelled tables and category tables. Rows no metric takes go to unmapped values.

Tables are read from the document's cleaned text itself, so offsets always point into Document.text and a
table split over two pages or fragments (a PDF converter's) is still read as one.
"""

from __future__ import annotations

from pipeline.extract.category_tables import is_category_table, read_category_table
from pipeline.extract.standard_tables import extract_standard_tables
from pipeline.extract.statistics_tables import read_statistics_table
from pipeline.model import Document, Extraction, Identity
from pipeline.tables.regions import TableRegion, find_regions
from pipeline.tables.rows import build_rows
from pipeline.tables.tokens import tokenize


def _inside(region: TableRegion, spans: list[tuple[int, int]]) -> bool:
    return any(start <= region.start < end or start < region.end <= end for start, end in spans)


def extract_tables(document: Document, identity: Identity) -> Extraction:
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
    for region in find_regions(rows, text):
        if _inside(region, standard.spans):
            continue
        if is_category_table(region, template):
            list_no += 1
            extraction.categories.extend(read_category_table(region, text, template, list_no))
            continue
        found = read_statistics_table(region, text, template)
        extraction.values.extend(found.values)
        extraction.unmapped.extend(found.unmapped)
    return extraction
