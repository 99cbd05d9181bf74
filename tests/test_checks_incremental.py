"""check_results after a small reload: only the agencies the load touched are rechecked, and the result is exactly
what checking the whole warehouse from scratch gives (pipeline.checks.incremental, pipeline.checks.refresh)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.checks import incremental, refresh
from pipeline.config import Settings
from pipeline.run import run_all
from pipeline.synth.corpus import Mix, generate_range, plan_report
from pipeline.warehouse import build
from tests.conftest import contract_tables

SEED = 11
# Plain UTF-8 text, so that a test can edit a report's text; more inconsistencies than usual, so that there is
# something to find.
PLAIN = replace(Mix(), pdf=0.0, docx=0.0, md=0.0, html=0.0, gb18030=0.0, traditional=0.0, compilation=0.0,
                tables_missing=0.0, narrative=0.0, inconsistent=0.3)
FIRST_LOAD = [i for i in range(32) if i not in (5, 22)]  # agencies 0..7, four years each, two years held back
ADDED_LATER = [5, 22, 32, 33, 34, 35]  # a second and a third year of agencies 1 and 5, and a new agency (8)
REMOVED, EDITED = 10, 13  # the third year of agency 2 goes, the second year of agency 3 is edited


def _path(root: Path, index: int) -> Path:
    return root / "raw" / plan_report(SEED, index, PLAIN).relative_path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("checks_incremental")
    generate_range(root, seed=SEED, start=0, stop=36, mix=PLAIN)
    return root


def _settings(tmp_path: Path, raw: Path, name: str) -> Settings:
    return Settings.build(raw_dir=raw, warehouse_path=tmp_path / name / "ogi.duckdb", workers=1)


def _copy(corpus: Path, raw: Path, index: int) -> Path:
    target = raw / plan_report(SEED, index, PLAIN).relative_path
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(_path(corpus, index), target)
    return target


def _findings(settings: Settings) -> list[str]:
    return contract_tables(settings.warehouse_path)["check_results"]


def _query(settings: Settings, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        return conn.execute(sql, params or []).fetchall()


def _earlier_year_of_an_agency(settings: Settings, raw: Path) -> tuple[str, str]:
    """A new report for the year before an agency's first one, made from that first year's text with the year
    changed: its 结转下年度 is the first year's own, which differs from the first year's 上年结转, so the
    (unchanged) first year no longer matches last year's. Returns the first year's report id and the new text."""
    rows = _query(settings, """
        SELECT a.report_id, a.source_path, a.year
        FROM agency_year_reports AS a
        WHERE a.year = (SELECT min(year) FROM reports AS r WHERE r.agency_id = a.agency_id AND r.included)
          AND EXISTS (SELECT 1 FROM metric_values AS v JOIN metric_values AS w USING (report_id, applicant, period)
                      WHERE v.report_id = a.report_id AND v.applicant = 'total' AND v.metric_id = 'requests.carried_over'
                        AND w.metric_id = 'requests.carried_forward' AND w.value <> v.value)
        ORDER BY a.report_id LIMIT 1""")
    assert rows, "the corpus has an agency whose first year states 上年结转 and a different 结转下年度"
    first_report, path, year = rows[0]
    return first_report, (raw / path).read_text(encoding="utf-8").replace(str(year), str(year - 1))


def test_a_small_reload_rechecks_only_the_touched_agencies_and_gives_what_a_full_check_gives(tmp_path: Path, corpus: Path, monkeypatch):
    raw = tmp_path / "raw"
    for index in FIRST_LOAD:
        _copy(corpus, raw, index)
    settings = _settings(tmp_path, raw, "incremental")
    run_all(settings, publish=False)
    first = refresh.refresh_findings(settings)
    assert not first.recomputed, "run_all already checked this load"
    before = _findings(settings)

    # New years of existing agencies (one before an agency's first year, whose own first year is then
    # compared with it), a new agency, a report gone and one edited.
    unchanged_neighbour, earlier_text = _earlier_year_of_an_agency(settings, raw)
    (raw / "added" / "earlier_year.txt").parent.mkdir(parents=True)
    (raw / "added" / "earlier_year.txt").write_text(earlier_text, encoding="utf-8")
    for index in ADDED_LATER:
        _copy(corpus, raw, index)
    (raw / plan_report(SEED, REMOVED, PLAIN).relative_path).unlink()
    edited = raw / plan_report(SEED, EDITED, PLAIN).relative_path
    edited.write_text(edited.read_text(encoding="utf-8") + "\n本报告电子版可在本机关门户网站下载。\n", encoding="utf-8")

    rechecked = _spy(monkeypatch)
    _max_share(monkeypatch, 1.0)  # a corpus this small: the touched agencies are most of it
    deltas: list = []
    load = build.load_warehouse
    monkeypatch.setattr(build, "load_warehouse", lambda conn, inputs, delta=None: deltas.append(delta) or load(conn, inputs, delta))
    result = run_all(settings, publish=False)
    assert deltas and deltas[-1] is not None, "the warehouse took the change as a delta"
    assert len(rechecked) == 1, "the reload rechecked part of the warehouse, not all of it"
    total = _query(settings, "SELECT count(*) FROM reports")[0][0]
    assert 0 < len(rechecked[0]) < total
    assert unchanged_neighbour in rechecked[0], "the year after a new one is rechecked though its own report did not change"
    after = _findings(settings)
    assert len(after) == result.findings

    scratch = _settings(tmp_path, raw, "scratch")
    run_all(scratch, publish=False)
    assert after == _findings(scratch)
    assert after != before
    carried = _query(scratch, "SELECT count(*) FROM check_results WHERE report_id = ? AND check_name = 'cross_year.carried_over'",
                     [unchanged_neighbour])[0][0]
    assert carried > 0, "the unchanged neighbour has a finding it did not have before the new year came"
    assert contract_tables(settings.warehouse_path) == contract_tables(scratch.warehouse_path)
    assert _views_and_comments(settings.warehouse_path) == _views_and_comments(scratch.warehouse_path)


def _views_and_comments(warehouse: Path) -> dict[str, list]:
    """What a delta load leaves as it was: view definitions and rows, and every comment."""
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        views = conn.execute("SELECT view_name, sql, comment FROM duckdb_views() WHERE NOT internal ORDER BY view_name").fetchall()
        return {
            "views": views,
            "tables": conn.execute("SELECT table_name, comment FROM duckdb_tables() ORDER BY table_name").fetchall(),
            "columns": conn.execute("SELECT table_name, column_name, comment FROM duckdb_columns() WHERE NOT internal ORDER BY ALL").fetchall(),
            **{name: sorted(map(repr, conn.execute(f"SELECT * FROM {name}").fetchall())) for name, _, _ in views},
        }


def _loaded(tmp_path: Path, corpus: Path, indices: list[int]) -> Settings:
    raw = tmp_path / "raw"
    for index in indices:
        _copy(corpus, raw, index)
    settings = _settings(tmp_path, raw, "w")
    run_all(settings, publish=False)
    return settings


def _spy(monkeypatch) -> list[frozenset[str]]:
    calls: list[frozenset[str]] = []
    monkeypatch.setattr(refresh, "find_for", lambda conn, ids: calls.append(ids) or incremental.find_for(conn, ids))
    return calls


def test_new_check_code_or_settings_recheck_every_report(tmp_path: Path, corpus: Path, monkeypatch):
    """checks_code_version covers pipeline/ (check data and checks_settings.csv included): findings made by other
    code are never kept."""
    settings = _loaded(tmp_path, corpus, FIRST_LOAD)
    calls = _spy(monkeypatch)
    current_code = build.checks_code_version
    monkeypatch.setattr(build, "checks_code_version", lambda: "new checks or checks_settings.csv")
    _copy(corpus, settings.raw_dir, 5)
    run_all(settings, publish=False)  # the load is incremental, the checks are not
    assert calls == []
    assert "new checks" in refresh._path(settings, refresh.SNAPSHOT).read_text(encoding="utf-8")

    monkeypatch.setattr(build, "checks_code_version", current_code)
    (settings.raw_dir / plan_report(SEED, 0, PLAIN).relative_path).unlink()
    run_all(settings, publish=False)
    assert calls == [], "the snapshot was made by other check code: everything is checked again"

    _copy(corpus, settings.raw_dir, 22)
    _max_share(monkeypatch, 1.0)
    result = run_all(settings, publish=False)
    assert len(calls) == 1, "now the snapshot is the current code's: only the touched agency is rechecked"
    assert result.findings == len(_findings(settings))


def _max_share(monkeypatch, share: float) -> None:
    monkeypatch.setattr(refresh, "INCREMENTAL_SHARE", share)


def test_a_change_touching_more_than_the_share_rechecks_everything(tmp_path: Path, corpus: Path, monkeypatch):
    settings = _loaded(tmp_path, corpus, FIRST_LOAD)
    calls = _spy(monkeypatch)
    _max_share(monkeypatch, 0.0)
    _copy(corpus, settings.raw_dir, 5)
    result = run_all(settings, publish=False)
    assert calls == [] and result.findings == len(_findings(settings))


def test_scope_covers_every_report_of_the_old_and_new_agency_of_a_changed_report():
    previous = pd.DataFrame({"report_id": ["a1", "a2", "b1", "c1", "x"], "agency_id": ["A", "A", "B", "C", None],
                             "state": ["1", "2", "3", "4", "5"]})
    current = pd.DataFrame({"report_id": ["a1", "a2", "b1", "c1", "x", "n"], "agency_id": ["A", "B", "B", "C", None, None],
                            "state": ["1", "2*", "3", "4", "5", "6"]})
    scope = incremental.scope_of(previous, current)
    assert scope.changed == {"a2", "n"}
    assert scope.recheck == {"a1", "a2", "b1", "n"}
    gone = incremental.scope_of(previous, current[current["report_id"] != "c1"])
    assert "c1" in gone.stale and "c1" not in gone.recheck


def test_report_states_change_with_any_column_of_the_report_or_its_lineage_and_only_then(tmp_path: Path, corpus: Path):
    """The state digests the whole row of `reports` and the lineage: changing any one value of a real report's
    row (to another value, to NULL, or NULL to a value; an empty text is not NULL) or its lineage changes its
    state and no other report's; an unchanged warehouse gives the same states again."""
    raw = tmp_path / "raw"
    for index in FIRST_LOAD[:8]:
        _copy(corpus, raw, index)
    settings = _settings(tmp_path, raw, "states")
    run_all(settings, publish=False)
    with duckdb.connect(str(settings.warehouse_path)) as conn:
        lineage = refresh._lineage_file(settings, build.connection_loaded_at(conn))
        before = incremental.report_states(conn, lineage)
        assert before["state"].is_unique
        assert before.equals(incremental.report_states(conn, lineage))
        target = before["report_id"].iloc[3]
        columns = [c for c, in conn.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'reports' "
                                            "AND column_name <> 'report_id' ORDER BY column_index").fetchall()]
        edited = 0
        for column in columns:
            kind = conn.execute(f"SELECT typeof({column}) FROM reports LIMIT 1").fetchall()[0][0]
            edits = ["NULL", f"CASE WHEN {column} IS NULL THEN " + {"VARCHAR": "''", "INTEGER": "0", "BOOLEAN": "true",
                                                                    "DATE": "DATE '2000-01-01'"}[kind]
                     + f" ELSE NULL END"]
            edits.append({"VARCHAR": f"coalesce({column}, '') || 'x'", "INTEGER": f"coalesce({column}, 0) + 1",
                          "BOOLEAN": f"NOT coalesce({column}, false)", "DATE": f"coalesce({column}, DATE '2000-01-01') + 1"}[kind])
            if kind == "VARCHAR":
                edits.append(f"CASE WHEN {column} = '' THEN NULL ELSE '' END")
            for edit in edits:
                if not conn.execute(f"SELECT ({edit}) IS DISTINCT FROM {column} FROM reports WHERE report_id = ?", [target]).fetchall()[0][0]:
                    continue  # the value is already that
                conn.execute("BEGIN")
                try:
                    conn.execute(f"UPDATE reports SET {column} = {edit} WHERE report_id = ?", [target])
                except duckdb.ConstraintException:  # a NOT NULL column
                    conn.execute("ROLLBACK")
                    continue
                after = incremental.report_states(conn, lineage)
                conn.execute("ROLLBACK")
                edited += 1
                differs = set(before.loc[before["state"] != after["state"], "report_id"])
                assert differs == {target}, (column, edit)
        assert edited > 2 * len(columns)
        table = pq.read_table(lineage)
        doc_keys = [(key or "") + "x" if rid == target else key for rid, key in zip(table["report_id"].to_pylist(), table["doc_key"].to_pylist())]
        other = tmp_path / "other_lineage.parquet"
        pq.write_table(table.set_column(table.column_names.index("doc_key"), "doc_key", pa.array(doc_keys, table["doc_key"].type)), other)
        after = incremental.report_states(conn, other)
        assert set(before.loc[before["state"] != after["state"], "report_id"]) == {target}
