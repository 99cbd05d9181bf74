"""Publish the read-only copy analysts and the UI open, replaced atomically at the end of a run."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from pipeline.warehouse.connect import connect


def publish_analytics_copy(warehouse_path: Path, analytics_path: Path) -> Path:
    """Copy every table and view into a new file, then rename it over the published copy.

    Readers that have the old copy open keep reading it (POSIX keeps the old inode); new readers see the new
    load in full, never half of it.
    """
    analytics_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = analytics_path.with_name(f".{analytics_path.stem}.{uuid.uuid4().hex}.tmp.duckdb")
    try:
        with connect(warehouse_path, read_only=True) as conn:
            source = conn.execute("SELECT current_database()").fetchone()[0]
            conn.execute(f"ATTACH '{tmp}' AS snapshot (READ_WRITE)")
            conn.execute(f'COPY FROM DATABASE "{source}" TO snapshot')
            conn.execute("DETACH snapshot")
        os.replace(tmp, analytics_path)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return analytics_path
