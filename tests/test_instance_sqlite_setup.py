"""assets.instance_sqlite's set-up shortcuts: new SQLite files start in WAL and Alembic's newest migration is read
once per process. A fresh instance must come out as Dagster makes it, and schema versions read as Dagster reads them."""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from dagster._core.storage import sql
from sqlalchemy.pool import NullPool

from assets.instance_sqlite import SCHEMA_CHECKERS, head_revision_read_once, sqlite_kept_open


@dg.asset
def letters() -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"rows": 2})


@dg.asset_check(asset=letters)
def letters_checked() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


JOB = dg.Definitions(assets=[letters], asset_checks=[letters_checked], jobs=[dg.define_asset_job("all")]).resolve_job_def("all")


def _head() -> str:
    config = sql.get_alembic_config(importlib.import_module(SCHEMA_CHECKERS[0]).__file__)
    return ScriptDirectory.from_config(config).as_revision_number("head")


def _databases(home: Path, run_id: str) -> dict[str, Path]:
    """The instance's SQLite files by role (the run's own event file under one name)."""
    found = {p.relative_to(home).as_posix().replace(run_id, "RUN"): p for p in home.rglob("*.db")}
    assert "history/runs/RUN.db" in found and "history/runs.db" in found
    return found


def _describe(path: Path) -> tuple[str, list[tuple], list[str]]:
    """Journal mode, the schema (every table, index and their SQL) and the stamped Alembic revisions."""
    with sqlite3.connect(path) as conn:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        schema = sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
        revisions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
    conn.close()
    return mode, schema, revisions


def _fresh_home(tmp_path: Path, name: str) -> Path:
    home = tmp_path / name
    home.mkdir()
    return home


@contextmanager
def _modes_of_table_creation() -> Iterator[set[str]]:
    """The journal modes the files were in when Dagster created its tables."""
    modes: set[str] = set()

    def before(conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("CREATE TABLE"):
            modes.add(conn.connection.dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0])

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", before)
    try:
        yield modes
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", before)


def test_a_fresh_instance_set_up_in_the_block_is_the_one_dagster_makes(tmp_path):
    plain_home = _fresh_home(tmp_path, "plain")
    with _modes_of_table_creation() as plain_modes, dg.DagsterInstance.from_config(str(plain_home)) as instance:
        plain = JOB.execute_in_process(instance=instance)
    block_home = _fresh_home(tmp_path, "block")
    with _modes_of_table_creation() as block_modes, sqlite_kept_open() as held:
        with dg.DagsterInstance.from_config(str(block_home)) as instance:
            made = JOB.execute_in_process(instance=instance)
        new_files = set(held)
    assert made.success and plain.success
    # Dagster alone creates the tables in rollback-journal mode (a sync per statement); in the block, in WAL
    assert "delete" in plain_modes and block_modes == {"wal"}
    plain_dbs, block_dbs = _databases(plain_home, plain.run_id), _databases(block_home, made.run_id)
    assert plain_dbs.keys() == block_dbs.keys()
    # every file was new and is held: each was in WAL from its first connection on
    assert new_files == {str(p) for p in block_dbs.values()}
    head = _head()
    for role in plain_dbs:
        mode, schema, revisions = _describe(block_dbs[role])
        assert (mode, schema, revisions) == _describe(plain_dbs[role]), role
        assert mode == "wal" and revisions == [head], role
    # the instance set up in the block opens and reads as usual, and takes another run
    with dg.DagsterInstance.from_config(str(block_home)) as instance:
        assert instance.get_run_by_id(made.run_id).status == dg.DagsterRunStatus.SUCCESS
        assert instance.get_latest_materialization_event(letters.key).run_id == made.run_id
        again = JOB.execute_in_process(instance=instance)
    assert again.success


def test_a_file_with_tables_in_another_journal_mode_is_left_in_it(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()

    with sqlite_kept_open() as held:
        engine = sa.create_engine(f"sqlite:///{path}", poolclass=NullPool)
        with engine.connect() as conn:
            assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "delete"
        engine.dispose()
        assert not held


def test_schema_versions_read_in_the_block_are_dagsters_and_the_head_is_read_once(tmp_path, monkeypatch):
    home = _fresh_home(tmp_path, "home")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert JOB.execute_in_process(instance=instance).success
    # the run storage left one migration behind: Dagster reports it as out of date, with or without the block
    with sqlite3.connect(home / "history" / "runs.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'not-the-head'")
    conn.close()

    def versions() -> dict[str, tuple]:
        with dg.DagsterInstance.from_config(str(home)) as instance:
            return {
                "runs": instance.run_storage.alembic_version(),
                "events": instance.event_log_storage.alembic_version(),
                "schedules": instance.schedule_storage.alembic_version(),
            }

    plain = versions()
    head = _head()
    assert plain["runs"] == ("not-the-head", head) and plain["events"] == (head, head)
    loads = []
    original = ScriptDirectory.from_config
    monkeypatch.setattr(ScriptDirectory, "from_config", classmethod(lambda cls, *a, **k: loads.append(1) or original(*a, **k)))
    with head_revision_read_once() as heads:
        assert versions() == plain
        assert versions() == plain  # a second instance in the same process: no migration read again
    assert list(heads.values()) == [head]
    assert len(loads) == 1
    assert all(importlib.import_module(name).check_alembic_revision is sql.check_alembic_revision for name in SCHEMA_CHECKERS)
    loads.clear()
    assert versions() == plain and len(loads) >= 3  # after the block, every storage reads the migrations again
