"""assets.instance_sqlite: Dagster's SQLite files held open for the run, without changing what is stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import dagster as dg
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from assets.instance_sqlite import sqlite_kept_open


def _wal_database(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE events (body TEXT)")
    conn.close()


def _write_as_dagster_does(path: Path, body: str) -> int:
    """One write the way Dagster's SQLite storages make it: a new engine and connection, one transaction, closed.
    Returns the connection's synchronous setting (2 FULL, SQLite's default; 1 NORMAL)."""
    engine = sa.create_engine(f"sqlite:///{path}", poolclass=NullPool)
    with engine.connect() as conn, conn.begin():
        conn.execute(sa.text("INSERT INTO events VALUES (:body)"), {"body": body})
        synchronous = conn.execute(sa.text("PRAGMA synchronous")).scalar()
    engine.dispose()
    return synchronous


@dg.asset
def numbers() -> dg.MaterializeResult:
    """One asset and one check of it: a run stores materialization and check events."""
    return dg.MaterializeResult(metadata={"rows": 3})


@dg.asset_check(asset=numbers)
def numbers_checked() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


def test_closes_inside_the_block_do_not_checkpoint_and_the_end_does(tmp_path):
    path = tmp_path / "events.db"
    wal = tmp_path / "events.db-wal"
    _wal_database(path)
    assert _write_as_dagster_does(path, "before") == 2
    assert not wal.exists()  # the last connection closed: checkpointed into the file, log removed
    with sqlite_kept_open() as held:
        settings = [_write_as_dagster_does(path, f"event {i}") for i in range(3)]
        assert wal.exists() and wal.stat().st_size > 0  # no checkpoint on close: the events wait in the log
        assert list(held) == [str(path)]
    assert settings == [1, 1, 1]
    assert not wal.exists()  # the held connection was the last: one checkpoint at the end
    with sqlite3.connect(path) as conn:
        assert [r[0] for r in conn.execute("SELECT body FROM events")] == ["before", "event 0", "event 1", "event 2"]
    conn.close()
    assert _write_as_dagster_does(path, "after") == 2  # nothing is kept after the block


def test_a_run_under_the_block_stores_every_event(tmp_path):
    job = dg.Definitions(assets=[numbers], asset_checks=[numbers_checked], jobs=[dg.define_asset_job("all")]).resolve_job_def("all")
    home = tmp_path / "home"
    home.mkdir()

    def stored_events(run_id: str) -> list[str]:
        with dg.DagsterInstance.from_config(str(home)) as instance:
            assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.SUCCESS
            return sorted(e.dagster_event.event_type_value for e in instance.all_logs(run_id) if e.dagster_event)

    with dg.DagsterInstance.from_config(str(home)) as instance:
        plain = job.execute_in_process(instance=instance)
    with sqlite_kept_open() as held:
        with dg.DagsterInstance.from_config(str(home)) as instance:
            result = job.execute_in_process(instance=instance)
        assert any(Path(p).name == f"{result.run_id}.db" for p in held)  # the run's own event file was held too
    assert result.success
    assert stored_events(result.run_id) == stored_events(plain.run_id)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        materialization = instance.get_latest_materialization_event(numbers.key)
    assert materialization.run_id == result.run_id
    assert materialization.asset_materialization.metadata["rows"].value == 3


def test_dagster_storages_reuse_one_engine_per_database_in_the_block_and_store_the_same_events(tmp_path):
    """engines_reused: a run's hundreds of connections come from a few engines (one per database file and
    settings), each connection still a new SQLite connection; the stored events are a plain run's; after the
    block the storages make their own engines again."""
    import importlib

    from assets.instance_sqlite import ENGINE_MAKERS, engines_reused

    job = dg.Definitions(assets=[numbers], asset_checks=[numbers_checked], jobs=[dg.define_asset_job("all")]).resolve_job_def("all")
    home = tmp_path / "home"
    home.mkdir()
    connections = []

    def count(dbapi_connection, _record) -> None:
        connections.append(dbapi_connection)

    with dg.DagsterInstance.from_config(str(home)) as instance:
        plain = job.execute_in_process(instance=instance)
    sa.event.listen(sa.engine.Engine, "connect", count)
    try:
        with engines_reused() as engines:
            event_log = importlib.import_module(ENGINE_MAKERS[0])
            assert event_log.create_engine is not sa.create_engine  # this Dagster's event log storage takes part
            with dg.DagsterInstance.from_config(str(home)) as instance:
                reused = job.execute_in_process(instance=instance)
            databases = {url for url, _ in engines}
            assert f"{reused.run_id}.db" in " ".join(databases)
            assert len(engines) <= 2 * len(databases) < len(connections)  # engines per file, not per connection
            assert len({id(c) for c in connections}) == len(connections)  # every connection a new one
    finally:
        sa.event.remove(sa.engine.Engine, "connect", count)
    assert all(importlib.import_module(name).create_engine is sa.create_engine for name in ENGINE_MAKERS)
    assert reused.success

    def stored(run_id: str) -> list[tuple[str, str | None]]:
        with dg.DagsterInstance.from_config(str(home)) as instance:
            assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.SUCCESS
            return sorted((e.dagster_event.event_type_value, e.step_key) for e in instance.all_logs(run_id) if e.dagster_event)

    assert stored(reused.run_id) == stored(plain.run_id)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        check = instance.event_log_storage.get_latest_asset_check_execution_by_key([numbers_checked.check_key])
        assert check[numbers_checked.check_key].run_id == reused.run_id
        assert instance.get_latest_materialization_event(numbers.key).run_id == reused.run_id
