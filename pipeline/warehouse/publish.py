"""Publish the read-only copy analysts and the UI open, replaced atomically at the end of a run.

Why a publish extends the copy it replaces instead of renaming a fresh file into place: DuckDB opens a database
file by its path three times (seen with strace, DuckDB 2.0 on Linux): once for the magic bytes, once, unlocked,
for the file headers (which checkpoint is current and where its catalog lies), and once, with the shared lock,
for the blocks. A publish whose rename falls between a reader's second and third open hands that reader the
headers of the old copy and the blocks of the new one: `SerializationException: field id mismatch`, another
error, or in the worst case wrong rows. No rename can be timed around that window: the reader holds no lock yet.

So the new copy is the old copy plus one DuckDB checkpoint: the old file's bytes, then the tables brought up to
date by DuckDB itself (only the reports whose rows changed are rewritten), then one CHECKPOINT. A checkpoint
never overwrites the blocks of the checkpoint before it (that is what makes DuckDB crash-safe: until the new
header is written the old one must still find its whole database), so in the new file the old headers still
find the old load, whole, and the new headers the new load: a reader caught by the rename reads the old load.
"""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path

import duckdb

from pipeline.warehouse.build import connection_loaded_at, remember_loaded_at
from pipeline.warehouse.connect import connect, memory_limit
from pipeline.warehouse.schema import REPORT_ID

log = logging.getLogger(__name__)

_BLOCK = 16 * 1024 * 1024
# The rows of one report are compared and replaced together: a reload touches few reports of big tables.
_PART_COLUMN = REPORT_ID.name
_SOURCE, _COPY = "source_warehouse", "new_copy"


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _legacy_spare(analytics_path: Path) -> Path:
    """Where publishes before this scheme kept the replaced copy for reuse; deleted when found."""
    return analytics_path.with_name(f".{analytics_path.stem}.spare{analytics_path.suffix}")


def _copy_file(source: Path, target: Path, sync: bool = True, start: int = 0) -> None:
    """Byte copy from offset `start` on (the target is written at the same offsets), flushed to disk when `sync`."""
    with open(source, "rb") as src, open(target, "r+b" if start else "wb") as dst:
        src.seek(start)
        dst.seek(start)
        while block := src.read(_BLOCK):
            dst.write(block)
        if sync:
            dst.flush()
            os.fsync(dst.fileno())


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _catalog(conn: duckdb.DuckDBPyConnection, database: str) -> list[tuple]:
    """Everything of a database's schema a reader can tell apart: tables, columns, views, comments and any other
    kind of object (sequences, macros, types) by name."""
    queries = (
        "SELECT 'table', schema_name, table_name, sql, comment FROM duckdb_tables() WHERE database_name = $db",
        "SELECT 'column', schema_name || '.' || table_name, column_name, data_type, comment FROM duckdb_columns() "
        "WHERE database_name = $db",
        "SELECT 'view', schema_name, view_name, sql, comment FROM duckdb_views() WHERE database_name = $db AND NOT internal",
        "SELECT 'sequence', schema_name, sequence_name, NULL, NULL FROM duckdb_sequences() WHERE database_name = $db",
        "SELECT 'function', schema_name, function_name, NULL, NULL FROM duckdb_functions() "
        "WHERE database_name = $db AND NOT internal",
        "SELECT 'type', schema_name, type_name, NULL, NULL FROM duckdb_types() WHERE database_name = $db AND NOT internal",
    )
    return sorted(row for sql in queries for row in conn.execute(sql, {"db": database}).fetchall())


def _rebuild_all(conn: duckdb.DuckDBPyConnection) -> None:
    """The copy's schema differs from the warehouse's (new code): drop every table and view, copy them all."""
    for schema, view in conn.execute(
        "SELECT schema_name, view_name FROM duckdb_views() WHERE database_name = $db AND NOT internal", {"db": _COPY}
    ).fetchall():
        conn.execute(f"DROP VIEW {_COPY}.{_quoted(schema)}.{_quoted(view)}")
    for schema, table in conn.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = $db", {"db": _COPY}
    ).fetchall():
        conn.execute(f"DROP TABLE {_COPY}.{_quoted(schema)}.{_quoted(table)}")
    conn.execute(f"COPY FROM DATABASE {_SOURCE} TO {_COPY}")


def _sync_tables(conn: duckdb.DuckDBPyConnection) -> int:
    """Make every table of the copy hold the warehouse's rows, rewriting only the reports whose rows differ (by
    row count and sum of row hashes per report; a table without report_id is one part). Returns rows written."""
    written = 0
    tables = conn.execute(
        "SELECT schema_name, table_name, list(column_name ORDER BY column_index) FROM duckdb_columns() "
        "SEMI JOIN duckdb_tables() USING (database_name, schema_name, table_name) "  # not the views' columns
        "WHERE database_name = $db GROUP BY ALL ORDER BY ALL",
        {"db": _SOURCE},
    ).fetchall()
    for schema, name, columns in tables:
        table = f"{_quoted(schema)}.{_quoted(name)}"
        part = _PART_COLUMN if _PART_COLUMN in columns else "0"
        row_hash = "hash(" + ", ".join(_quoted(c) for c in columns) + ")"
        digest = f"SELECT {part} AS part, count(*) AS n, sum({row_hash}) AS h FROM {{db}}.{table} GROUP BY ALL"
        conn.execute(
            f"CREATE OR REPLACE TEMP TABLE _changed AS SELECT coalesce(old.part, new.part) AS part "
            f"FROM ({digest.format(db=_COPY)}) AS old FULL JOIN ({digest.format(db=_SOURCE)}) AS new "
            f"ON old.part IS NOT DISTINCT FROM new.part "
            f"WHERE old.n IS DISTINCT FROM new.n OR old.h IS DISTINCT FROM new.h"
        )
        if conn.execute("SELECT count(*) FROM _changed").fetchone()[0] == 0:
            continue
        changed = f"EXISTS (SELECT 1 FROM _changed AS c WHERE c.part IS NOT DISTINCT FROM {part})"
        conn.execute(f"DELETE FROM {_COPY}.{table} WHERE {changed}")
        written += conn.execute(f"INSERT INTO {_COPY}.{table} SELECT * FROM {_SOURCE}.{table} WHERE {changed}").fetchone()[0]
    conn.execute("DROP TABLE IF EXISTS _changed")
    return written


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _extend_previous_copy(warehouse_path: Path, analytics_path: Path, tmp: Path) -> None:
    """Write to `tmp` the published copy brought up to the warehouse's load by one DuckDB checkpoint (see the
    module docstring), so that the headers of the copy it replaces still read that copy's load in it."""
    _copy_file(analytics_path, tmp, sync=False)  # synced below, once
    previous_size = tmp.stat().st_size
    conn = duckdb.connect(config={"memory_limit": memory_limit()})
    try:
        # No checkpoint before the one below: a second would reuse the blocks the first freed, the old load's.
        conn.execute("SET checkpoint_threshold = '1TB'")
        conn.execute(f"ATTACH {_sql_path(tmp)} AS {_COPY}")
        conn.execute(f"ATTACH {_sql_path(warehouse_path)} AS {_SOURCE} (READ_ONLY)")
        conn.execute("BEGIN")
        if _catalog(conn, _COPY) == _catalog(conn, _SOURCE):
            _sync_tables(conn)
        else:
            _rebuild_all(conn)
        conn.execute("COMMIT")
        conn.execute(f"CHECKPOINT {_COPY}")
        conn.execute(f"DETACH {_COPY}")
    finally:
        conn.close()
    if tmp.stat().st_size < previous_size:
        # The checkpoint cut the blocks it freed off the end of the file: put the old copy's bytes back, for
        # the old headers (the new ones count no block there).
        _copy_file(analytics_path, tmp, sync=False, start=tmp.stat().st_size)
    with open(tmp, "rb+") as copy:  # the checkpoint synced what it wrote, unless it had nothing to write
        os.fsync(copy.fileno())


def publish_analytics_copy(warehouse_path: Path, analytics_path: Path) -> Path:
    """Make the new copy of the warehouse in a new file, then rename it over the published copy.

    The new file is the published copy extended by one checkpoint (see the module docstring): the tables whose
    reports changed are brought up to date report by report, so a top-up rewrites little, and a reader that
    opens the copy while it is renamed reads the old load or the new one, never a mix. The copy keeps the
    blocks the old load used (free space the next publish reuses): about twice the data at most.

    The first publish (no copy yet) copies the warehouse file itself, taken while a read-only connection holds
    its shared lock (no writer can start meanwhile); the warehouse file holds every committed table once no
    write-ahead log sits beside it (the writer checkpoints when it closes; a log left by a crash is checkpointed
    first, and if one remains, COPY FROM DATABASE reads through it).

    Either way the new file is synced to disk before it is renamed into place: a crash never leaves half a copy
    published. Readers that have the old copy open keep reading it (POSIX keeps the old inode, which no publish
    writes to); new readers see the new load in full.
    """
    analytics_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = analytics_path.with_name(f".{analytics_path.stem}.{uuid.uuid4().hex}.tmp.duckdb")
    try:
        if _wal(warehouse_path).exists():
            with connect(warehouse_path) as conn:
                conn.execute("CHECKPOINT")
        extended = False
        if analytics_path.exists():
            try:
                _extend_previous_copy(warehouse_path, analytics_path, tmp)
                extended = True
            except duckdb.Error as exc:  # a copy DuckDB cannot extend (damaged, another storage version)
                log.warning("analytics copy %s not extended (%s): publishing a whole new file", analytics_path, exc)
                for leftover in (tmp, _wal(tmp)):
                    leftover.unlink(missing_ok=True)
        if not extended:
            with connect(warehouse_path, read_only=True) as conn:
                if _wal(warehouse_path).exists():
                    source = conn.execute("SELECT current_database()").fetchone()[0]
                    conn.execute(f"ATTACH {_sql_path(tmp)} AS snapshot (READ_WRITE)")
                    conn.execute(f'COPY FROM DATABASE "{source}" TO snapshot')
                    conn.execute("DETACH snapshot")
                else:
                    _copy_file(warehouse_path, tmp)
        with connect(tmp, read_only=True) as copy:  # a copy that does not open is never published
            published = connection_loaded_at(copy)
        os.replace(tmp, analytics_path)
        remember_loaded_at(analytics_path, published)  # a rename keeps the file's inode and times
        _legacy_spare(analytics_path).unlink(missing_ok=True)
    finally:
        for leftover in (tmp, _wal(tmp)):
            leftover.unlink(missing_ok=True)
    return analytics_path
