"""Publishing the analytics copy: complete, atomic for readers (also for one whose open straddles the rename:
DuckDB reads a file's headers and its blocks through two opens by path), and correct when the writer left a
write-ahead log behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline.warehouse.publish import publish_analytics_copy


def _make_warehouse(path: Path, rows: int, loaded_at: str) -> None:
    with duckdb.connect(str(path)) as conn:
        conn.execute("CREATE OR REPLACE TABLE schema_info (loaded_at VARCHAR)")
        conn.execute("INSERT INTO schema_info VALUES (?)", [loaded_at])
        conn.execute(f"CREATE OR REPLACE TABLE reports AS SELECT range AS n, 'r' || range AS report_id FROM range({rows})")
        conn.execute("CREATE OR REPLACE VIEW big_reports AS SELECT * FROM reports WHERE n >= 10")
        conn.execute("COMMENT ON TABLE reports IS 'one row per report'")


def _read(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_the_copy_holds_every_table_view_and_comment(tmp_path: Path) -> None:
    warehouse, analytics = tmp_path / "ogi.duckdb", tmp_path / "ogi_analytics.duckdb"
    _make_warehouse(warehouse, 1000, "first")
    publish_analytics_copy(warehouse, analytics)
    assert _read(analytics, "SELECT count(*), max(n) FROM reports") == [(1000, 999)]
    assert _read(analytics, "SELECT count(*) FROM big_reports") == [(990,)]
    assert _read(analytics, "SELECT comment FROM duckdb_tables() WHERE table_name = 'reports'") == [("one row per report",)]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [DIGESTS]  # no temporary file left


def test_a_write_ahead_log_left_by_the_writer_is_in_the_copy(tmp_path: Path) -> None:
    """A writer killed before its checkpoint leaves committed rows only in ogi.duckdb.wal: a byte copy of the
    .duckdb alone would lose them."""
    warehouse, analytics = tmp_path / "ogi.duckdb", tmp_path / "ogi_analytics.duckdb"
    _make_warehouse(warehouse, 10, "first")
    script = (
        "import duckdb, os\n"
        f"conn = duckdb.connect({str(warehouse)!r})\n"
        "conn.execute(\"SET checkpoint_threshold = '1TB'\")\n"
        "conn.execute(\"INSERT INTO reports SELECT range + 10, 'late' FROM range(5)\")\n"
        "os._exit(0)  # no close, no checkpoint\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
    assert warehouse.with_name("ogi.duckdb.wal").exists()
    publish_analytics_copy(warehouse, analytics)
    assert _read(analytics, "SELECT count(*) FROM reports") == [(15,)]


def test_a_reader_of_the_old_copy_keeps_reading_while_the_new_one_replaces_it(tmp_path: Path) -> None:
    warehouse, analytics = tmp_path / "ogi.duckdb", tmp_path / "ogi_analytics.duckdb"
    _make_warehouse(warehouse, 100, "first")
    publish_analytics_copy(warehouse, analytics)
    with duckdb.connect(str(analytics), read_only=True) as reader:
        assert reader.execute("SELECT max(loaded_at) FROM schema_info").fetchone() == ("first",)
        _make_warehouse(warehouse, 200_000, "second")
        publish_analytics_copy(warehouse, analytics)
        assert reader.execute("SELECT count(*), max(loaded_at) FROM reports, (SELECT max(loaded_at) AS loaded_at FROM schema_info)").fetchone() == (100, "first")
    assert _read(analytics, "SELECT count(*), (SELECT max(loaded_at) FROM schema_info) FROM reports") == [(200_000, "second")]


def test_a_copy_that_does_not_open_is_not_published(tmp_path: Path, monkeypatch) -> None:
    import pipeline.warehouse.publish as publish

    warehouse, analytics = tmp_path / "ogi.duckdb", tmp_path / "ogi_analytics.duckdb"
    _make_warehouse(warehouse, 10, "first")
    publish_analytics_copy(warehouse, analytics)
    _make_warehouse(warehouse, 20, "second")
    half_copy = lambda source, target, **_: target.write_bytes(source.read_bytes()[:4096])  # noqa: E731
    monkeypatch.setattr(publish, "_copy_file", half_copy)
    for _ in range(2):
        with pytest.raises(duckdb.Error):  # the extended copy does not open, nor does the whole one
            publish_analytics_copy(warehouse, analytics)
        assert _read(analytics, "SELECT max(loaded_at) FROM schema_info") == [("first",)]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [DIGESTS]


DIGESTS = ".ogi_analytics.digests.parquet"  # the copy's per-report digests, so that a publish hashes only the warehouse
HEADERS = 3 * 4096  # DuckDB's main header and its two database headers: the rest of the file is blocks


def _make_loaded_warehouse(path: Path, reports: int, loaded_at: str) -> None:
    """A warehouse shaped like the pipeline's: per-report tables, a table of its own, a view, comments."""
    with duckdb.connect(str(path)) as conn:
        conn.execute("CREATE TABLE schema_info (loaded_at VARCHAR NOT NULL)")
        conn.execute("INSERT INTO schema_info VALUES (?)", [loaded_at])
        conn.execute(f"CREATE TABLE reports AS SELECT 'r' || range AS report_id, range % 7 AS kind FROM range({reports})")
        conn.execute(
            "CREATE TABLE metric_values AS SELECT r.report_id, 'm' || m.range AS metric_id, hash(r.report_id, m.range) % 1000 AS value "
            "FROM reports AS r, range(40) AS m"
        )
        conn.execute("CREATE TABLE agencies AS SELECT 'a' || range AS agency_id, md5(range::VARCHAR) AS name FROM range(2000)")
        conn.execute("CREATE VIEW kinds AS SELECT kind, count(*) AS n FROM reports GROUP BY kind")
        conn.execute("CREATE TABLE report_texts AS SELECT report_id, repeat(md5(report_id), 30) AS text FROM reports")
        conn.execute("COMMENT ON TABLE reports IS 'one row per report'")


def _reload(path: Path, changes: list[str], loaded_at: str) -> None:
    """A later load of the warehouse, in several transactions and checkpoints as the pipeline writes it (the load,
    then the checks): its blocks land where the old load's were."""
    with duckdb.connect(str(path)) as conn:
        if "top-up" in changes:
            for table in ("report_texts", "metric_values", "reports"):
                conn.execute(f"DELETE FROM {table} WHERE report_id IN ('r3', 'r30', 'r300')")
            conn.execute("CHECKPOINT")
            conn.execute("INSERT INTO reports SELECT 'n' || range, 1 FROM range(500)")
            conn.execute("INSERT INTO metric_values SELECT r.report_id, 'm1', 5 FROM reports AS r WHERE r.report_id LIKE 'n%'")
            conn.execute("CHECKPOINT")
            conn.execute("CREATE OR REPLACE TABLE agencies AS SELECT 'a' || range AS agency_id, md5((range + 1)::VARCHAR) AS name FROM range(2100)")
        if "fewer reports" in changes:
            for table in ("report_texts", "metric_values", "reports"):
                conn.execute(f"DELETE FROM {table} WHERE report_id NOT LIKE 'r1%'")
            conn.execute("CHECKPOINT")
        if "new schema" in changes:  # new code: a column and a view more
            added = conn.execute("SELECT count(*) FROM duckdb_columns() WHERE table_name = 'reports'").fetchone()[0]
            conn.execute(f"ALTER TABLE reports ADD COLUMN extra{added} INTEGER DEFAULT {added}")
            conn.execute("CHECKPOINT")
            conn.execute(f"CREATE OR REPLACE VIEW recent AS SELECT * FROM reports WHERE extra{added} > 0")
        conn.execute("CHECKPOINT")
        conn.execute("UPDATE schema_info SET loaded_at = ?", [loaded_at])


def _contents(path: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as conn:
        names = [row[0] for row in conn.execute(
            "SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal"
        ).fetchall()]
        return {name: sorted(conn.execute(f"FROM {name}").fetchall()) for name in names}


@pytest.mark.parametrize("reloads", [
    [["top-up"]],
    [["new schema"]],  # every table rebuilt
    [["new schema"], ["fewer reports", "new schema"]],  # the second rebuild frees the end of the file
])
def test_a_reader_whose_open_straddles_the_rename_reads_the_old_load_whole(tmp_path: Path, reloads: list[list[str]]) -> None:
    """duckdb.connect(path) reads the file's headers through one open and its blocks through another (strace: 16
    bytes, then 12 KiB unlocked, then the blocks under the shared lock): a reader whose two opens straddle the
    publish's rename reads the old copy's headers with the new copy's blocks. Before the fix the new copy was
    the warehouse file's bytes: that reader got 'field id mismatch' or another error (or other rows)."""
    warehouse, analytics = tmp_path / "ogi.duckdb", tmp_path / "ogi_analytics.duckdb"
    _make_loaded_warehouse(warehouse, 3000, "first")
    publish_analytics_copy(warehouse, analytics)
    old_copy = tmp_path / "old_copy.duckdb"
    for n, changes in enumerate(reloads):
        old_copy.unlink(missing_ok=True)
        os.link(analytics, old_copy)  # as a reader holding it would see it
        _reload(warehouse, changes, f"load {n}")
        publish_analytics_copy(warehouse, analytics)

    assert _contents(analytics) == _contents(warehouse)
    straddled = tmp_path / "straddled.duckdb"
    straddled.write_bytes(old_copy.read_bytes()[:HEADERS] + analytics.read_bytes()[HEADERS:])
    assert _contents(straddled) == _contents(old_copy)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [DIGESTS]


def test_a_top_up_rewrites_only_the_reports_that_changed(tmp_path: Path, monkeypatch) -> None:
    import pipeline.warehouse.publish as publish

    warehouse, analytics = tmp_path / "ogi.duckdb", tmp_path / "ogi_analytics.duckdb"
    _make_loaded_warehouse(warehouse, 3000, "first")
    publish_analytics_copy(warehouse, analytics)
    written, hashed = [], []
    sync, digests = publish._sync_tables, publish._digests
    monkeypatch.setattr(publish, "_sync_tables", lambda *args: written.append(sync(*args)) or written[-1])
    monkeypatch.setattr(publish, "_digests", lambda conn, database: hashed.append(database) or digests(conn, database))
    _reload(warehouse, ["top-up"], "second")
    publish_analytics_copy(warehouse, analytics)
    # 500 new reports with one value each, all 2,100 agencies (a table without report_id is one part), schema_info;
    # not the 2,997 x 40 values of the reports that stayed
    assert written == [500 + 500 + 2100 + 1]
    assert hashed == [publish._SOURCE]  # the copy's digests are the ones the last publish left
    assert _contents(analytics) == _contents(warehouse)
    size = analytics.stat().st_size
    for loaded_at in ("third", "fourth"):  # the blocks the old loads used are reused: the copy does not keep growing
        _reload(warehouse, ["top-up"], loaded_at)
        publish_analytics_copy(warehouse, analytics)
    assert analytics.stat().st_size <= 2 * size
    assert _read(analytics, "SELECT max(loaded_at) FROM schema_info") == [("fourth",)]


def test_digests_of_a_copy_replaced_since_are_not_trusted(tmp_path: Path) -> None:
    """Someone puts another file in the copy's place (a restore from a backup): the digests left beside it are
    not that file's, so the publish hashes the copy itself."""
    import shutil

    warehouse, analytics = tmp_path / "ogi.duckdb", tmp_path / "ogi_analytics.duckdb"
    _make_loaded_warehouse(warehouse, 3000, "first")
    backup = tmp_path / "backup.duckdb"
    shutil.copy(warehouse, backup)
    _reload(warehouse, ["top-up"], "second")
    publish_analytics_copy(warehouse, analytics)
    shutil.copy(backup, analytics)  # "first" again, with the digests of "second" beside it
    _reload(warehouse, ["top-up"], "third")
    publish_analytics_copy(warehouse, analytics)
    assert _contents(analytics) == _contents(warehouse)


def test_copies_left_by_older_publishes_are_removed(tmp_path: Path) -> None:
    warehouse, analytics = tmp_path / "ogi.duckdb", tmp_path / "ogi_analytics.duckdb"
    _make_warehouse(warehouse, 10, "first")
    spare = tmp_path / ".ogi_analytics.spare.duckdb"  # the replaced copy publishes used to keep for reuse
    spare.write_bytes(b"old")
    publish_analytics_copy(warehouse, analytics)
    assert not spare.exists()


READER = """
import duckdb, sys, time
from pathlib import Path
analytics, ready, stop = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
with duckdb.connect(str(analytics), read_only=True) as conn:
    ready.write_text("reading")
    while not stop.exists():
        time.sleep(0.02)
    print(conn.execute("SELECT count(*), (SELECT max(loaded_at) FROM schema_info) FROM reports").fetchone())
"""


@pytest.mark.parametrize("reader_process", ["another process", "this process"])
def test_a_reader_keeps_reading_its_copy_through_later_publishes(tmp_path: Path, reader_process: str) -> None:
    """An analyst's long session on "first": two publishes later, its file is untouched and still reads "first"
    (no publish writes to a file a reader may have open)."""
    import time

    warehouse, analytics = tmp_path / "ogi.duckdb", tmp_path / "ogi_analytics.duckdb"
    _make_warehouse(warehouse, 100_000, "first")
    publish_analytics_copy(warehouse, analytics)
    ready, stop = tmp_path / "ready", tmp_path / "stop"
    if reader_process == "another process":
        reader = subprocess.Popen([sys.executable, "-c", READER, str(analytics), str(ready), str(stop)], stdout=subprocess.PIPE, text=True)
        while not ready.exists():
            time.sleep(0.02)
    else:
        conn = duckdb.connect(str(analytics), read_only=True)
    held = tmp_path / "held.duckdb"
    os.link(analytics, held)  # the reader's file, whatever names it gets or loses
    held_bytes = held.read_bytes()
    for loaded_at in ("second", "third"):
        _make_warehouse(warehouse, 100_010, loaded_at)
        publish_analytics_copy(warehouse, analytics)
    if reader_process == "another process":
        stop.write_text("done")
        assert reader.communicate(timeout=60)[0].strip() == "(100000, 'first')"
    else:
        assert conn.execute("SELECT count(*), (SELECT max(loaded_at) FROM schema_info) FROM reports").fetchone() == (100_000, "first")
        conn.close()
    assert _read(analytics, "SELECT count(*), (SELECT max(loaded_at) FROM schema_info) FROM reports") == [(100_010, "third")]
    assert held.read_bytes() == held_bytes
