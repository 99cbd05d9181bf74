"""`python -m assets run` reads the warehouse's summary while the end of its SQLite block syncs Dagster's files."""

import gc
import threading
from contextlib import contextmanager
from types import SimpleNamespace

import dagster as dg

import assets.__main__ as entry


def test_the_summary_is_read_while_the_sqlite_block_ends_and_printed_after_it(tmp_path, monkeypatch, capsys):
    reading, closing = threading.Event(), threading.Event()
    seen = {}

    @contextmanager
    def kept_open():
        yield {}
        closing.set()
        seen["summary_read_during_the_close"] = reading.wait(timeout=10)  # read one after the other: times out

    def read_summary(path):
        reading.set()
        seen["close_began_before_the_read_ended"] = closing.wait(timeout=10)
        seen["path"] = path
        return "the warehouse's summary"

    def execute_in_process(self, **_kwargs):
        return SimpleNamespace(get_asset_check_evaluations=lambda: [], success=True, run_id="test-run")

    monkeypatch.setattr(entry, "sqlite_kept_open", kept_open)
    monkeypatch.setattr(entry, "read_summary", read_summary)
    monkeypatch.setattr(dg.JobDefinition, "execute_in_process", execute_in_process)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.setenv("OGI_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("OGI_WAREHOUSE", str(tmp_path / "wh" / "ogi.duckdb"))
    try:
        assert entry.run() == 0
    finally:
        gc.unfreeze()  # run() freezes what is loaded; other tests run in this process
    assert seen == {
        "summary_read_during_the_close": True,
        "close_began_before_the_read_ended": True,
        "path": tmp_path / "wh" / "ogi.duckdb",
    }
    out = capsys.readouterr().out
    assert out.index("the warehouse's summary") < out.index("run test-run succeeded")


def test_there_is_no_summary_without_a_warehouse(tmp_path):
    assert entry.read_summary(tmp_path / "missing.duckdb") is None  # a run's summary: tests/test_assets.py
