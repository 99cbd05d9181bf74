"""DuckDB connections that are always closed, with one configuration everywhere."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

DEFAULT_MEMORY_LIMIT = "512MB"  # OGI_DUCKDB_MEMORY overrides; DuckDB spills to disk beyond it


def memory_limit() -> str:
    return os.environ.get("OGI_DUCKDB_MEMORY") or DEFAULT_MEMORY_LIMIT


@contextmanager
def connect(path: Path, read_only: bool = False, bounded: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the database file, creating its folder for writers; closes on success and on error.

    bounded: DuckDB keeps within `memory_limit()` on one thread (spilling beyond it), for queries that
    aggregate whole tables in a process that must stay small.
    """
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    config = {"memory_limit": memory_limit(), "threads": 1} if bounded else {}
    conn = duckdb.connect(str(path), read_only=read_only, config=config)
    try:
        yield conn
    finally:
        conn.close()
