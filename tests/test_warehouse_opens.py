"""A reload asks after every step which load the warehouse and the analytics copy hold (build.loaded_at). The
step that has just written a file knows the answer: the load, the checks and the publish record it, so the
next question opens no database (each open of a 160 MB warehouse cost 40-110 ms of a +1% reload)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from pipeline import stages
from pipeline.checks.refresh import refresh_findings
from pipeline.config import Settings
from pipeline.run import publish_if_behind
from pipeline.warehouse import build

SAMPLE_RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


def test_after_each_write_the_state_questions_open_no_database(tmp_path: Path, monkeypatch):
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_RAW, raw)
    settings = Settings.build(raw_dir=raw, warehouse_path=tmp_path / "w" / "ogi.duckdb", workers=1)
    manifest, _ = stages.run_scan(settings)
    stages.run_ingest(settings, manifest)
    keys = stages.current_document_keys(settings, manifest)
    stages.run_identity(settings, keys)
    stages.run_extract(settings, keys)

    opened: list[str] = []
    real_connect = duckdb.connect

    def recording(database, *args, **kwargs):
        opened.append(Path(database).name)
        return real_connect(database, *args, **kwargs)

    monkeypatch.setattr(duckdb, "connect", recording)
    build.build_warehouse(settings)
    opened.clear()
    assert build.warehouse_is_current(settings) and opened == []

    refresh_findings(settings)
    opened.clear()
    assert build.checks_are_current(settings) and opened == []

    assert publish_if_behind(settings)
    # the warehouse (the source) and the new copy under its temporary name, never the published name
    assert settings.analytics_path.name not in opened and opened.count(settings.warehouse_path.name) == 1
    opened.clear()
    assert build.publish_is_current(settings) and opened == []

    # what was remembered is what the files hold, read afresh
    monkeypatch.setattr(duckdb, "connect", real_connect)
    loaded = build.read_state(settings)["loaded_at"]
    for path in (settings.warehouse_path, settings.analytics_path):
        with real_connect(str(path), read_only=True) as conn:
            assert build.connection_loaded_at(conn) == loaded
