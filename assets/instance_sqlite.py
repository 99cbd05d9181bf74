"""Dagster's SQLite storage (the default instance, deploy/dagster.yaml) made cheap for the run of this process.

Dagster's SQLite storages open a fresh connection for every write and close it afterwards: a reload stores
~90 events through ~280 such connections. In WAL mode each close by the last connection to a file checkpoints
the log into the database and deletes it (two fsyncs), and each commit syncs the log (one more): measured on
this project's disk, 26 ms per connection, ~7 s of a +1% reload's 20 on a busy host. Within `sqlite_kept_open()`:

- every SQLite file Dagster opens in WAL mode is also held open by one idle connection of ours, so Dagster's
  closes are never the last one and never checkpoint (26 -> 9 ms per connection); the log is checkpointed once,
  when the block ends and our connection closes;
- Dagster's connections commit with synchronous=NORMAL, SQLite's recommended setting for WAL (9 -> 2 ms): a
  commit no longer waits for the disk. The database is never corrupted by a crash; a power loss can lose the
  last events of the run's history, not the warehouse, which DuckDB writes and syncs on its own;
- Dagster's SQLite storages build a new SQLAlchemy engine for every connection (and dispose of it after): one
  engine per database file and settings is made once and handed out again (engines_reused). A new engine meant
  a new pool and dialect and the dialect's first-connect queries each time: a run of four assets and a step of
  five checks measured 350-380 -> 220-235 ms of CPU (best of 5).

Nothing is kept after the block, and other processes (the UI, the daemon) use their own connections as before.
"""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

# Dagster's SQLite storages, which call the create_engine they imported for each connection they open. A storage
# that no longer does (another Dagster version) is left as it is: the runs are the same, only slower.
ENGINE_MAKERS = (
    "dagster._core.storage.event_log.sqlite.sqlite_event_log",
    "dagster._core.storage.runs.sqlite.sqlite_run_storage",
    "dagster._core.storage.schedules.sqlite.sqlite_schedule_storage",
)


def _main_file(connection: sqlite3.Connection) -> str:
    """The file of the connection's main database ('' for an in-memory one)."""
    for _, name, path in connection.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return path or ""
    return ""


@contextmanager
def engines_reused() -> Iterator[dict[tuple[str, str], Engine]]:
    """Within the block, Dagster's SQLite storages (ENGINE_MAKERS) get one engine per database URL and settings
    instead of a new one per connection. Their engines keep NullPool, so each connection is still a new SQLite
    connection, opened and closed as before; the engine's dispose() after each use only renews its empty pool.
    Yields the engines made (key -> engine), for tests."""
    engines: dict[tuple[str, str], Engine] = {}

    def reused_engine(url, **kwargs) -> Engine:
        key = (str(url), repr(sorted(kwargs.items())))
        if key not in engines:
            engines[key] = create_engine(url, **kwargs)
        return engines[key]

    patched = []
    for name in ENGINE_MAKERS:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if getattr(module, "create_engine", None) is create_engine:
            module.create_engine = reused_engine
            patched.append(module)
    try:
        yield engines
    finally:
        for module in patched:
            module.create_engine = create_engine
        while engines:
            engines.popitem()[1].dispose()


@contextmanager
def sqlite_kept_open() -> Iterator[dict[str, sqlite3.Connection]]:
    """Within the block, SQLite files SQLAlchemy opens in this process stay open and commit without a sync, and
    Dagster's SQLite storages reuse their engines (see the module doc). Yields the files held (path -> our
    connection), for tests."""
    held: dict[str, sqlite3.Connection] = {}

    def on_connect(dbapi_connection, _record) -> None:
        if not isinstance(dbapi_connection, sqlite3.Connection):
            return
        path = _main_file(dbapi_connection)
        if not path:
            return
        if dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            return  # a new file Dagster has not set up yet (it switches it to WAL): held at its next connection
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")
        if path not in held:
            keeper = sqlite3.connect(path, check_same_thread=False)
            keeper.execute("SELECT count(*) FROM sqlite_master").fetchall()  # a read maps the WAL index: it counts
            held[path] = keeper

    event.listen(Engine, "connect", on_connect)
    try:
        with engines_reused():
            yield held
    finally:
        event.remove(Engine, "connect", on_connect)
        while held:
            held.popitem()[1].close()  # the last connection to each file: checkpoints its log once
