"""Integrity checks narrowed to the reports a delta load changed: the same offending rows as the whole checks
among those reports, and only after a load the checks found sound, by the same code, run in the pipeline or on
their own (the UI's re-execution)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from assets.checks import integrity_checks
from assets.resources import PipelineSettings
from fixtures.checks.standard import standard_report
from fixtures.checks.warehouse import Warehouse
from pipeline.checks import INTEGRITY_CHECKS, integrity
from pipeline.checks.integrity import NARROWED, integrity_problems, scope
from pipeline.config import Settings
from pipeline.warehouse import build
from pipeline.warehouse.load import LoadChanges
from tests.test_checks_integrity import FAULTS


def _sound() -> Warehouse:
    w = Warehouse()
    for report in ("a", "b"):
        w.report(report, template="v2021")
        w.values(report, standard_report("v2021", 1))
    w.category("a", "proactive.total", "工作动态", 46, list_total=79)
    w.report("essay", included=False, agency_id=None, agency_name=None, year=None, template="narrative")
    return w


def _rows(frame) -> list[tuple]:
    return sorted(frame.itertuples(index=False, name=None), key=repr)


@pytest.mark.parametrize("name", sorted(NARROWED))
def test_a_narrowed_check_finds_what_the_whole_check_finds_among_the_changed_reports(name):
    conn = _sound().load()
    conn.execute(FAULTS[name])  # a fault in report a's rows
    whole = _rows(integrity_problems(conn, name))
    assert whole
    with scope(conn, frozenset({"a"})):
        assert _rows(integrity_problems(conn, name, narrowed=True)) == whole
    with scope(conn, frozenset({"b"})):
        outside = _rows(integrity_problems(conn, name, narrowed=True))
    if name == "values_have_included_reports":
        assert outside == whole  # values of an excluded report are found whichever reports changed
    else:
        assert outside == []  # report a's rows are not read: they are those of a load found sound


def test_a_value_row_of_an_unchanged_report_the_load_now_excludes_is_found():
    conn = _sound().load()
    conn.execute("UPDATE reports SET included = false WHERE report_id = 'b'")
    with scope(conn, frozenset({"a"})):
        found = integrity_problems(conn, "values_have_included_reports", narrowed=True)
    assert set(found["report_id"]) == {"b"}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    path = tmp_path / "wh" / "ogi.duckdb"
    path.parent.mkdir()
    memory = _sound().load()
    memory.execute(f"ATTACH '{path}' AS f")
    memory.execute("COPY FROM DATABASE memory TO f")
    memory.execute("DETACH f")
    memory.close()
    return Settings(raw_dir=tmp_path / "raw", warehouse_path=path, workers=1)


def _load(settings: Settings, loaded: str, since: str | None = None, changed: frozenset[str] = frozenset({"a"})) -> None:
    """Make the warehouse hold the load `loaded`: a delta over `since` that changed `changed`, or a full load."""
    with duckdb.connect(str(settings.warehouse_path)) as conn:
        conn.execute("DELETE FROM schema_info")
        conn.execute("INSERT INTO schema_info VALUES (1, 'test', ?::TIMESTAMPTZ, 'raw')", [loaded])
        loaded = build.connection_loaded_at(conn)
    build._changes_path(settings).unlink(missing_ok=True)
    if since is not None:
        build._write_changes(settings, LoadChanges(since, loaded, changed))


def _held(settings: Settings) -> str:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        return build.connection_loaded_at(conn)


def _check(settings: Settings) -> dict[str, tuple[bool, str]]:
    """Run the integrity asset check on its own, as a re-execution from the UI does: name -> (passed, rows read)."""
    resource = PipelineSettings(raw_dir=str(settings.raw_dir), warehouse=str(settings.warehouse_path), workers=1)
    return {r.check_name: (r.passed, r.metadata["rows_checked"].value) for r in integrity_checks(pipeline_settings=resource)}


def _narrowed(results: dict[str, tuple[bool, str]]) -> set[str]:
    return {name for name, (_, rows) in results.items() if rows != "every row"}


def test_the_checks_narrow_only_a_delta_over_a_load_found_sound(settings: Settings, monkeypatch: pytest.MonkeyPatch):
    _load(settings, "2026-01-01 00:00:00+00", since="2025-12-31 00:00:00+00")
    first = _check(settings)  # a delta over a load nobody checked: every row
    assert all(passed for passed, _ in first.values()) and _narrowed(first) == set()
    sound = _held(settings)

    _load(settings, "2026-01-02 00:00:00+00", since=sound)
    second = _check(settings)
    assert all(passed for passed, _ in second.values()) and _narrowed(second) == set(NARROWED)
    assert _narrowed(_check(settings)) == set(NARROWED)  # run again on its own: the load before is still known sound

    # the next delta brings a fault in the rows of a report it changed: the narrowed check finds it
    _load(settings, "2026-01-03 00:00:00+00", since=_held(settings))
    with duckdb.connect(str(settings.warehouse_path)) as conn:
        conn.execute(FAULTS["unique_metric_values"].replace("LIMIT 1", "WHERE report_id = 'a' LIMIT 1"))
    failing = _check(settings)
    assert not failing["unique_metric_values"][0] and "unique_metric_values" in _narrowed(failing)
    broken = _held(settings)

    # the next delta is applied to a load that failed: every row again, and the fault is still found
    _load(settings, "2026-01-04 00:00:00+00", since=broken, changed=frozenset({"b"}))
    after_failure = _check(settings)
    assert _narrowed(after_failure) == set() and not after_failure["unique_metric_values"][0]


def test_a_full_load_or_other_code_checks_every_row(settings: Settings, monkeypatch: pytest.MonkeyPatch):
    _load(settings, "2026-01-01 00:00:00+00")
    assert _narrowed(_check(settings)) == set()  # a full load: no changes recorded
    sound = _held(settings)
    _load(settings, "2026-01-02 00:00:00+00", since=sound)
    monkeypatch.setattr(integrity, "_code", lambda: "other code")
    assert _narrowed(_check(settings)) == set()
    monkeypatch.undo()
    assert _narrowed(_check(settings)) == set()  # the run with other code recorded the load for that code only


def test_every_check_is_reported_and_only_those_of_per_report_rows_narrow():
    assert set(NARROWED) <= set(INTEGRITY_CHECKS)
    for name in NARROWED:
        assert integrity.SCOPE in NARROWED[name]
