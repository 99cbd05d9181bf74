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
- a new, empty SQLite file is switched to WAL as soon as it is opened: Dagster creates its tables in it and then
  switches it to WAL itself (every run has a new one, the run's own event file). Before the switch each of its
  ~30 CREATE statements committed on its own in rollback-journal mode, three syncs each: 0.55 s of wall per run
  (a run of one asset: 0.93 -> 0.38 s, median of 8). The file ends in the same mode with the same tables; its
  creation is synced at the checkpoint that ends the block, like the run's events;
- Dagster checks each storage's schema version against the newest migration when it opens it (the run
  storage, the event index, the schedules, the run's own event file), and each check reads all of Alembic's
  migration scripts (89, 16 ms of CPU): the newest one is read once per process (head_revision_read_once),
  the database's own version still on each open, so a fresh instance is set up and an out-of-date one reported
  as before.

Nothing is kept after the block, and other processes (the UI, the daemon) use their own connections as before.
"""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine

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
def _replaced_in_storages(modules: tuple[str, ...], name: str, original: object, replacement: object) -> Iterator[None]:
    """Within the block, each of Dagster's storage `modules` that imported `original` under `name` calls
    `replacement` instead; a module that holds something else (another Dagster version) is left as it is."""
    patched = []
    for module_name in modules:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        if getattr(module, name, None) is original:
            setattr(module, name, replacement)
            patched.append(module)
    try:
        yield
    finally:
        for module in patched:
            setattr(module, name, original)


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

    try:
        with _replaced_in_storages(ENGINE_MAKERS, "create_engine", create_engine, reused_engine):
            yield engines
    finally:
        while engines:
            engines.popitem()[1].dispose()


# Dagster's storages that check their schema version with dagster._core.storage.sql.check_alembic_revision,
# imported by name: the same three.
SCHEMA_CHECKERS = ENGINE_MAKERS


@contextmanager
def head_revision_read_once() -> Iterator[dict[str, str]]:
    """Within the block, Dagster's schema checks (SCHEMA_CHECKERS) read the newest migration of a script folder
    once instead of on every storage they open; each still reads the database's own revision. A Dagster whose
    storages no longer call check_alembic_revision is left as it is. Yields the heads read (folder -> head)."""
    heads: dict[str, str] = {}
    try:
        from alembic.runtime.migration import MigrationContext
        from dagster._core.storage import sql
        dagster_check = sql.check_alembic_revision
        lock = sql._alembic_lock
    except (ImportError, AttributeError):
        yield heads
        return

    def check_with_head_read_once(alembic_config, conn: Connection):
        folder = alembic_config.get_main_option("script_location")
        if folder not in heads:
            db_revision, head = dagster_check(alembic_config, conn)
            if head is not None:
                heads[folder] = head
            return db_revision, head
        with lock:  # as Dagster's check: no stamp of another thread in between
            db_revision = MigrationContext.configure(conn).get_current_revision()
        return db_revision, heads[folder]

    with _replaced_in_storages(SCHEMA_CHECKERS, "check_alembic_revision", dagster_check, check_with_head_read_once):
        yield heads


@contextmanager
def sqlite_kept_open() -> Iterator[dict[str, sqlite3.Connection]]:
    """Within the block, SQLite files SQLAlchemy opens in this process stay open and commit without a sync, and
    Dagster's SQLite storages reuse their engines and read Alembic's newest migration once; new files start in
    WAL (see the module doc). Yields the files held (path -> our connection), for tests."""
    held: dict[str, sqlite3.Connection] = {}

    def on_connect(dbapi_connection, _record) -> None:
        if not isinstance(dbapi_connection, sqlite3.Connection):
            return
        path = _main_file(dbapi_connection)
        if not path:
            return
        if dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            if dbapi_connection.execute("PRAGMA page_count").fetchone()[0] != 0:
                return  # a file in another mode, with tables: left as it is
            # A new file (only Dagster's storages create SQLite files in this process): in WAL before its tables.
            if dbapi_connection.execute("PRAGMA journal_mode=WAL").fetchone()[0] != "wal":
                return
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")
        if path not in held:
            keeper = sqlite3.connect(path, check_same_thread=False)
            keeper.execute("SELECT count(*) FROM sqlite_master").fetchall()  # a read maps the WAL index: it counts
            held[path] = keeper

    event.listen(Engine, "connect", on_connect)
    try:
        with engines_reused(), head_revision_read_once():
            yield held
    finally:
        event.remove(Engine, "connect", on_connect)
        while held:
            held.popitem()[1].close()  # the last connection to each file: checkpoints its log once
