"""The analytics copy follows the check results, not only the load: a changed check rule re-runs the checks on
the same load, and its findings must reach the copy analysts open (before, the copy kept the old findings,
since its load had not changed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from pipeline.config import Settings
from pipeline.run import publish_if_behind, run_all
from pipeline.warehouse import build

SAMPLE_RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


def test_findings_of_new_check_code_are_published_on_the_same_load(tmp_path: Path):
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_RAW, raw)
    settings = Settings.build(raw_dir=raw, warehouse_path=tmp_path / "w" / "ogi.duckdb", workers=1)
    run_all(settings)
    assert build.publish_is_current(settings) and build.checks_are_current(settings)
    loaded = build.read_state(settings)["loaded_at"]

    # The copy holds findings of an older rule; the checks have since re-run with the current code (their
    # results, here none, written to the warehouse) on the same load.
    state = build.read_state(settings)
    state["published_checks_code"] = "an older rule"
    build._write_state(settings, state)
    with duckdb.connect(str(settings.warehouse_path)) as conn:
        conn.execute("DELETE FROM check_results")
    assert build.checks_are_current(settings) and not build.publish_is_current(settings)

    assert publish_if_behind(settings)
    assert build.read_state(settings)["loaded_at"] == loaded
    with duckdb.connect(str(settings.analytics_path), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM check_results").fetchall() == [(0,)]
    assert build.publish_is_current(settings) and not publish_if_behind(settings)
