"""Every figure a report states that maps to a catalog metric, from tables and prose, with provenance.

Tables and prose are read independently and merged here. Every value from both is kept: when prose restates
a table figure, the warehouse keeps the table's value in metric_values and the prose mention stays in
metric_mentions as the evidence the cross-section check compares. Category lists are numbered once per
report, and a prose entry that only repeats a table entry (same parent, label and value) is not listed
twice, so a sum check never counts one category twice. Rate statements (受理…件，办结…件，办结率…%) are read from the
whole text, tables included (pipeline.extract.rates). The table reader recognises the tables and tells the
prose reader where they are.
"""

from __future__ import annotations

import re

from pipeline.extract.prose import extract_prose
from pipeline.extract.rates import extract_rates
from pipeline.extract.tables import extract_tables_and_spans
from pipeline.model import CategoryValue, Document, Extraction, Identity

LABEL_NOISE = re.compile(r"[\s（）()·、,，]")


def extract(document: Document, identity: Identity) -> Extraction:
    tables, table_spans = extract_tables_and_spans(document, identity)
    extraction = merge_extractions(tables, extract_prose(document, identity, table_spans))
    extraction.rates = extract_rates(document.text)
    return extraction


def _category_key(category: CategoryValue) -> tuple[str, str, float | None]:
    return (category.parent_metric_id, LABEL_NOISE.sub("", category.label), category.value)


def merge_extractions(tables: Extraction, prose: Extraction) -> Extraction:
    """Table figures first, then prose; prose category lists numbered after the table's."""
    seen = {_category_key(c) for c in tables.categories}
    offset = max((c.list_no for c in tables.categories), default=0)
    categories = list(tables.categories)
    for category in prose.categories:
        if _category_key(category) in seen:
            continue
        category.list_no += offset
        categories.append(category)
    return Extraction(
        values=[*tables.values, *prose.values],
        categories=categories,
        unmapped=[*tables.unmapped, *prose.unmapped],
        blanks=[*tables.blanks, *prose.blanks],
    )
