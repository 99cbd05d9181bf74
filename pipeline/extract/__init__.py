"""Every figure a report states that maps to a catalog metric, from tables and prose, with provenance."""

from __future__ import annotations

from pipeline.extract.prose import extract_prose
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Extraction, Identity


def extract(document: Document, identity: Identity) -> Extraction:
    extraction = extract_tables(document, identity)
    prose = extract_prose(document, identity)
    extraction.values.extend(prose.values)
    extraction.categories.extend(prose.categories)
    extraction.unmapped.extend(prose.unmapped)
    return extraction
