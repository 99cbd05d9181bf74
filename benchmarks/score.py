"""Scoring a large warehouse against its synthetic truth with pipeline.evaluate, fast and in bounded memory.

evaluate() asks the warehouse a few questions per labelled report (WHERE report_id = ?). On the analytics copy
each is a full scan, so 20,000 reports took ten minutes; here they run against an in-memory copy of the tables
it reads, indexed on report_id, and the labels are read and scored a chunk at a time, the scores summed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import duckdb

from pipeline.evaluate import Evaluation, evaluate

SCORED_TABLES = ("reports", "metric_values", "category_values", "check_results")
CHUNK = 2000


def indexed_copy(analytics: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory database with the tables evaluate() reads, each indexed on report_id."""
    conn = duckdb.connect(":memory:")
    conn.execute(f"ATTACH '{analytics}' AS source (READ_ONLY)")
    for table in SCORED_TABLES:
        conn.execute(f"CREATE TABLE {table} AS SELECT * FROM source.{table} ORDER BY report_id")
        conn.execute(f"CREATE INDEX {table}_report_id ON {table} (report_id)")
    conn.execute("DETACH source")
    return conn


def label_chunks(labels_dir: Path, size: int = CHUNK) -> Iterator[dict[str, dict]]:
    chunk: dict[str, dict] = {}
    for path in sorted(labels_dir.glob("*.json")):
        chunk[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        if len(chunk) == size:
            yield chunk
            chunk = {}
    if chunk:
        yield chunk


def merge(total: Evaluation, part: Evaluation, keep_misses: int = 200) -> Evaluation:
    """Add `part`'s counts to `total` (every count is a sum over reports, so chunks add up exactly)."""
    for name in ("values", "categories"):
        mine, theirs = getattr(total, name), getattr(part, name)
        for field in ("correct", "wrong", "missed", "extra"):
            setattr(mine, field, getattr(mine, field) + getattr(theirs, field))
    for field_name, counts in part.identity.items():
        total.identity.setdefault(field_name, Counter()).update(counts)
    for field in ("inconsistencies_labelled", "inconsistencies_found", "clean_reports", "clean_reports_flagged",
                  "multi_document_files", "multi_document_split_right", "files_labelled", "files_missing"):
        setattr(total, field, getattr(total, field) + getattr(part, field))
    total.misses.extend(part.misses[: max(0, keep_misses - len(total.misses))])
    return total


def score_warehouse(analytics: Path, labels_dir: Path) -> Evaluation:
    total = Evaluation()
    with indexed_copy(analytics) as conn:
        for chunk in label_chunks(labels_dir):
            merge(total, evaluate(conn, chunk))
    return total
