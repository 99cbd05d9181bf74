"""Materialise the whole asset graph in process against a temporary warehouse, as the UI and `make run` do."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.automation import raw_folder_changed
from assets.definitions import defs
from assets.resources import PipelineSettings
from tests.conftest import PROJECT_ROOT, SAMPLE_RAW


def _run_config(raw: Path, warehouse: Path) -> dict:
    return {"resources": {"pipeline_settings": {"config": {"raw_dir": str(raw), "warehouse": str(warehouse), "workers": 1}}}}


@pytest.fixture(scope="module")
def materialized(tmp_path_factory):
    root = tmp_path_factory.mktemp("assets")
    raw = root / "raw"
    shutil.copytree(SAMPLE_RAW, raw)
    warehouse = root / "wh" / "ogi.duckdb"
    with dg.instance_for_test() as instance:
        result = defs.resolve_job_def("reload_warehouse").execute_in_process(
            run_config=_run_config(raw, warehouse), instance=instance
        )
        yield result, raw, warehouse


def test_every_asset_materializes(materialized):
    result, _, _ = materialized
    assert result.success
    done = {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}
    assert done == {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}


def test_integrity_checks_pass_and_every_family_reports_counts(materialized):
    result, _, _ = materialized
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    for name in ("unique_metric_values", "unique_reports", "values_have_included_reports", "metric_ids_in_catalog", "valid_codes"):
        assert evaluations[name].passed, name
    for family in ("sum", "categories", "cross_section", "cross_year", "completeness", "plausibility"):
        metadata = evaluations[f"{family}_findings"].metadata
        assert {"error_findings", "warn_findings", "info_findings", "worst_offenders"} <= set(metadata)


def test_assets_report_metadata_for_the_ui(materialized):
    result, _, _ = materialized
    metadata = {e.asset_key.to_user_string(): e.materialization.metadata for e in result.get_asset_materialization_events()}
    assert metadata["raw_documents"]["dagster/row_count"].value == len([p for p in SAMPLE_RAW.rglob("*") if p.is_file()])
    assert "excluded_by_reason" in metadata["cleaned_documents"]
    assert "dagster/column_schema" in metadata["warehouse_tables"]
    assert metadata["warehouse_tables"]["reports_loaded"].value > 0


def test_the_published_copy_is_the_loaded_warehouse(materialized):
    _, _, warehouse = materialized
    analytics = warehouse.with_name("ogi_analytics.duckdb")
    with duckdb.connect(str(analytics), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM reports WHERE included").fetchone()[0] > 0


def test_sensor_requests_a_run_only_when_the_raw_folder_changes(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("某县2020年政府信息公开工作年度报告", encoding="utf-8")
    settings = {"pipeline_settings": PipelineSettings(raw_dir=str(raw))}
    with dg.instance_for_test() as instance:
        first = raw_folder_changed(dg.build_sensor_context(instance=instance, resources=settings))
        assert isinstance(first, dg.RunRequest)
        same = raw_folder_changed(dg.build_sensor_context(instance=instance, cursor=first.run_key, resources=settings))
        assert isinstance(same, dg.SkipReason)
        (raw / "nested").mkdir()
        (raw / "nested" / "b.txt").write_text("新文件", encoding="utf-8")
        added = raw_folder_changed(dg.build_sensor_context(instance=instance, cursor=first.run_key, resources=settings))
        assert isinstance(added, dg.RunRequest) and added.run_key != first.run_key
        (raw / "a.txt").unlink()
        removed = raw_folder_changed(dg.build_sensor_context(instance=instance, cursor=added.run_key, resources=settings))
        assert isinstance(removed, dg.RunRequest) and removed.run_key not in (first.run_key, added.run_key)


def test_make_run_entry_point_honours_the_environment(tmp_path):
    raw = tmp_path / "my reports"
    shutil.copytree(SAMPLE_RAW / "samples", raw)
    warehouse = tmp_path / "elsewhere" / "custom.duckdb"
    env = {**os.environ, "OGI_RAW_DIR": str(raw), "OGI_WAREHOUSE": str(warehouse), "OGI_WORKERS": "1"}
    env.pop("DAGSTER_HOME", None)
    result = subprocess.run([sys.executable, "-m", "assets", "run"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "reports loaded:" in result.stdout and "check findings:" in result.stdout
    assert warehouse.exists() and warehouse.with_name("custom_analytics.duckdb").exists()
    with duckdb.connect(str(warehouse.with_name("custom_analytics.duckdb")), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM raw_files").fetchone()[0] == len(list(raw.iterdir()))


def test_a_reload_with_nothing_changed_recomputes_and_republishes_nothing(materialized):
    _, raw, warehouse = materialized
    with dg.instance_for_test() as instance:
        again = defs.resolve_job_def("reload_warehouse").execute_in_process(run_config=_run_config(raw, warehouse), instance=instance)
    assert again.success
    metadata = {e.asset_key.to_user_string(): e.materialization.metadata for e in again.get_asset_materialization_events()}
    assert metadata["cleaned_documents"]["files_processed"].value == 0
    assert metadata["extracted_values"]["documents_processed"].value == 0
    assert metadata["quality_findings"]["recomputed"].value is False
    assert metadata["analytics_copy"]["republished"].value is False
