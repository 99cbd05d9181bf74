"""The warehouse contract on the bundled sample corpus: tables, comments, views, reruns, publishing."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.config import Settings
from pipeline.run import run_all
from pipeline.warehouse.schema import AGENCY_YEAR_VIEWS, TABLES
from pipeline.warehouse.views import metric_column
from pipeline.catalog import load_catalog
from tests.conftest import SAMPLE_RAW

CONTRACT_COLUMNS = {
    "reports": "report_id source_path part kind included excluded_reason agency_id agency_name province city county "
    "division_code admin_level year template published_date content_sha256",
    "metric_values": "report_id metric_id applicant period value unit method snippet char_start char_end",
    "category_values": "report_id parent_metric_id label value share_pct snippet",
    "unmapped_values": "report_id label unit value snippet",
    "check_results": "check_name severity report_id agency_id year metric_id applicant stated computed message snippet",
    "ingest_errors": "source_path stage error detail",
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("warehouse")
    raw = root / "raw"
    shutil.copytree(SAMPLE_RAW, raw)
    settings = Settings.build(raw_dir=raw, warehouse_path=root / "wh" / "ogi.duckdb", workers=1)
    run_all(settings)
    return settings


def _rows(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_contract_tables_have_the_promised_columns(loaded: Settings):
    for table, columns in CONTRACT_COLUMNS.items():
        present = {r[0] for r in _rows(loaded.analytics_path, f"SELECT column_name FROM duckdb_columns() WHERE table_name = '{table}'")}
        assert set(columns.split()) <= present, f"{table} lacks {set(columns.split()) - present}"


def test_every_table_view_and_column_has_a_comment(loaded: Settings):
    missing = _rows(
        loaded.analytics_path,
        "SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal AND (comment IS NULL OR comment = '')",
    )
    assert missing == []
    tables = _rows(loaded.analytics_path, "SELECT table_name FROM duckdb_tables() WHERE comment IS NULL OR comment = ''")
    views = _rows(loaded.analytics_path, "SELECT view_name FROM duckdb_views() WHERE NOT internal AND (comment IS NULL OR comment = '')")
    assert tables == [] and views == []


def test_agency_year_views_have_one_column_per_metric_of_their_area(loaded: Settings):
    catalog = load_catalog()
    for view, (_, sections) in AGENCY_YEAR_VIEWS.items():
        columns = {r[0] for r in _rows(loaded.analytics_path, f"SELECT column_name FROM duckdb_columns() WHERE table_name = '{view}'")}
        expected = {metric_column(m.metric_id) for m in catalog.in_sections(*sections)}
        assert expected <= columns, view
    keys = _rows(loaded.analytics_path, "SELECT coalesce(agency_id, report_id), year, count(*) FROM agency_year_requests GROUP BY ALL HAVING count(*) > 1")
    assert keys == []


def test_every_sample_file_is_read_and_every_document_is_in_reports(loaded: Settings):
    files = sorted(p.relative_to(loaded.raw_dir).as_posix() for p in loaded.raw_dir.rglob("*") if p.is_file())
    listed = [r[0] for r in _rows(loaded.analytics_path, "SELECT source_path FROM raw_files ORDER BY source_path")]
    assert listed == files
    in_reports = {r[0] for r in _rows(loaded.analytics_path, "SELECT DISTINCT source_path FROM reports")}
    errored = {r[0] for r in _rows(loaded.analytics_path, "SELECT DISTINCT source_path FROM ingest_errors")}
    assert set(files) == in_reports | errored


def test_rerun_with_nothing_changed_gives_the_same_rows(loaded: Settings):
    def snapshot() -> dict[str, list[tuple]]:
        return {
            t.name: sorted(map(repr, _rows(loaded.warehouse_path, f"SELECT * EXCLUDE (loaded_at) FROM {t.name}" if t.name == "schema_info" else f"SELECT * FROM {t.name}")))
            for t in TABLES
        }

    before = snapshot()
    result = run_all(loaded)
    assert result.ingest.processed == result.identity.processed == result.extract.processed == 0
    assert snapshot() == before


def test_publishing_replaces_the_copy_without_disturbing_an_open_reader(loaded: Settings):
    reader = duckdb.connect(str(loaded.analytics_path), read_only=True)
    try:
        count = reader.execute("SELECT count(*) FROM reports").fetchone()[0]
        run_all(loaded)
        assert reader.execute("SELECT count(*) FROM reports").fetchone()[0] == count
    finally:
        reader.close()
    assert not list(loaded.analytics_path.parent.glob(".*tmp*")), "no temporary copy is left behind"


def test_values_point_at_their_source_text(loaded: Settings):
    rows = _rows(
        loaded.analytics_path,
        "SELECT v.snippet, substr(t.text, v.char_start + 1, v.char_end - v.char_start) FROM metric_values v JOIN report_texts t USING (report_id)",
    )
    assert rows, "the samples state values"
    for snippet, span in rows:
        assert span and span in snippet or snippet in span


def test_readme_example_queries_run_on_the_sample_warehouse(loaded: Settings):
    import re

    from tests.conftest import PROJECT_ROOT

    queries = re.findall(r"```sql\n(.*?)```", (PROJECT_ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert len(queries) >= 3
    with duckdb.connect(str(loaded.analytics_path), read_only=True) as conn:
        for sql in queries:
            conn.execute(sql).fetchall()
