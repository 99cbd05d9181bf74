"""Publish the read-only copy analysts and the UI open, replaced atomically at the end of a run."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from pipeline.warehouse.connect import connect

_BLOCK = 16 * 1024 * 1024


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _copy_file(source: Path, target: Path) -> None:
    """Byte copy, flushed to disk before it is renamed into place (a crash never leaves half a copy published)."""
    with open(source, "rb") as src, open(target, "wb") as dst:
        while block := src.read(_BLOCK):
            dst.write(block)
        dst.flush()
        os.fsync(dst.fileno())


def publish_analytics_copy(warehouse_path: Path, analytics_path: Path) -> Path:
    """Copy the warehouse into a new file, then rename it over the published copy.

    The warehouse file holds every committed table once no write-ahead log sits beside it (the writer
    checkpoints when it closes; a log left by a crash is checkpointed first), so the copy is the file itself,
    taken while a read-only connection holds the file's shared lock (no writer can start meanwhile) — a few
    tenths of a second instead of rewriting every table with COPY FROM DATABASE (still used if a log shows up).
    The copy keeps the writer's free blocks, so it is about the size of the warehouse file.

    Readers that have the old copy open keep reading it (POSIX keeps the old inode); new readers see the new
    load in full, never half of it.
    """
    analytics_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = analytics_path.with_name(f".{analytics_path.stem}.{uuid.uuid4().hex}.tmp.duckdb")
    try:
        if _wal(warehouse_path).exists():
            with connect(warehouse_path) as conn:
                conn.execute("CHECKPOINT")
        with connect(warehouse_path, read_only=True) as conn:
            if _wal(warehouse_path).exists():
                source = conn.execute("SELECT current_database()").fetchone()[0]
                conn.execute(f"ATTACH '{tmp}' AS snapshot (READ_WRITE)")
                conn.execute(f'COPY FROM DATABASE "{source}" TO snapshot')
                conn.execute("DETACH snapshot")
            else:
                _copy_file(warehouse_path, tmp)
        with connect(tmp, read_only=True) as copy:  # a copy that does not open is never published
            copy.execute("SELECT count(*) FROM schema_info").fetchone()
        os.replace(tmp, analytics_path)
    finally:
        for leftover in (tmp, _wal(tmp)):
            leftover.unlink(missing_ok=True)
    return analytics_path
