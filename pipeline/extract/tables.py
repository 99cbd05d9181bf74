"""Figures in tables: category tables (类别 | 发布条数 | with a 合计 row)."""

from __future__ import annotations

import re

from pipeline.model import CategoryValue, Document, Extraction, Identity

NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
TOTAL_LABELS = {"合计", "总计", "小计"}


def extract_tables(document: Document, identity: Identity) -> Extraction:
    extraction = Extraction()
    for list_no, table in enumerate(document.tables, start=1):
        rows = [row for row in table.rows if len(row) >= 2]
        for row in rows:
            label, value = row[0], row[1]
            if not NUMBER.match(value.text) or label.text in TOTAL_LABELS:
                continue
            extraction.categories.append(
                CategoryValue(
                    parent_metric_id="proactive.total",
                    label=label.text,
                    value=float(value.text),
                    share_pct=None,
                    snippet=document.text[label.start : value.end],
                    char_start=label.start,
                    char_end=value.end,
                    list_no=list_no,
                )
            )
    return extraction
