"""Publishing the analytics copy by copying the checkpointed warehouse file: complete, atomic for readers,
and correct when the writer left a write-ahead log behind."""

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
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [".ogi_analytics.spare.duckdb"]  # no temporary file left


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
    half_copy = lambda source, target: target.write_bytes(source.read_bytes()[:4096])  # noqa: E731
    monkeypatch.setattr(publish, "_copy_file", half_copy)
    monkeypatch.setattr(publish, "_update_in_place", lambda source, fd: os.ftruncate(fd, 4096))
    for _ in range(2):  # out of the spare, then (the spare gone with the failure) a whole copy
        with pytest.raises(duckdb.Error):
            publish_analytics_copy(warehouse, analytics)
        assert _read(analytics, "SELECT max(loaded_at) FROM schema_info") == [("first",)]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def _append_rows(path: Path, rows: int, loaded_at: str) -> None:
    """A small change to a big warehouse, as a top-up's load makes."""
    with duckdb.connect(str(path)) as conn:
        conn.execute(f"INSERT INTO reports SELECT range + 1_000_000, 'new' FROM range({rows})")
        conn.execute("UPDATE schema_info SET loaded_at = ?", [loaded_at])


def test_the_replaced_copy_becomes_the_next_one_writing_only_the_blocks_that_changed(tmp_path: Path, monkeypatch) -> None:
    import pipeline.warehouse.publish as publish

    warehouse, analytics = tmp_path / "ogi.duckdb", tmp_path / "ogi_analytics.duckdb"
    spare = publish.spare_path(analytics)
    _make_warehouse(warehouse, 2_000_000, "first")
    publish_analytics_copy(warehouse, analytics)
    assert _read(spare, "SELECT max(loaded_at) FROM schema_info") == [("first",)]  # the first publish makes one
    written = []
    update = publish._update_in_place
    monkeypatch.setattr(publish, "_update_in_place", lambda source, fd: written.append(update(source, fd)) or written[-1])
    monkeypatch.setattr(publish, "_copy_file", lambda source, target, sync=True: pytest.fail("the spare was not reused"))
    for loaded_at in ("second", "third"):
        _append_rows(warehouse, 10, loaded_at)
        publish_analytics_copy(warehouse, analytics)
        assert warehouse.read_bytes() == analytics.read_bytes()
        assert 0 < written[-1] < warehouse.stat().st_size / 4
    assert _read(analytics, "SELECT count(*), (SELECT max(loaded_at) FROM schema_info) FROM reports") == [(2_000_020, "third")]
    assert _read(spare, "SELECT max(loaded_at) FROM schema_info") == [("second",)]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".") and p != spare] == []


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
def test_a_spare_a_reader_still_has_open_is_left_alone(tmp_path: Path, reader_process: str, monkeypatch) -> None:
    import time

    import pipeline.warehouse.publish as publish

    warehouse, analytics = tmp_path / "ogi.duckdb", tmp_path / "ogi_analytics.duckdb"
    _make_warehouse(warehouse, 100_000, "first")
    publish_analytics_copy(warehouse, analytics)
    ready, stop = tmp_path / "ready", tmp_path / "stop"
    if reader_process == "another process":  # an analyst's long session on "first"
        reader = subprocess.Popen([sys.executable, "-c", READER, str(analytics), str(ready), str(stop)], stdout=subprocess.PIPE, text=True)
        while not ready.exists():
            time.sleep(0.02)
    else:
        conn = duckdb.connect(str(analytics), read_only=True)
    _append_rows(warehouse, 10, "second")
    publish_analytics_copy(warehouse, analytics)  # "first" is now the spare, and still open in the reader
    monkeypatch.setattr(publish, "_update_in_place", lambda source, fd: pytest.fail("a spare in use was written"))
    _append_rows(warehouse, 10, "third")
    publish_analytics_copy(warehouse, analytics)  # so this one writes a whole copy
    if reader_process == "another process":
        stop.write_text("done")
        assert reader.communicate(timeout=60)[0].strip() == "(100000, 'first')"
    else:
        assert conn.execute("SELECT count(*), (SELECT max(loaded_at) FROM schema_info) FROM reports").fetchone() == (100_000, "first")
        conn.close()
    assert _read(analytics, "SELECT count(*), (SELECT max(loaded_at) FROM schema_info) FROM reports") == [(100_020, "third")]
    assert _read(publish.spare_path(analytics), "SELECT max(loaded_at) FROM schema_info") == [("second",)]
