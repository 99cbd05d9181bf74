"""The code location: what it defines, how it is configured, and that the engine stays free of Dagster."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import dagster as dg
import yaml

from assets.definitions import defs
from tests.conftest import PROJECT_ROOT

EXPECTED_ASSETS = {
    "raw_documents",
    "cleaned_documents",
    "report_identity",
    "extracted_values",
    "warehouse_tables",
    "quality_findings",
    "analytics_copy",
}


def test_definitions_load_and_validate():
    dg.Definitions.validate_loadable(defs)


def test_asset_graph_is_grouped_by_stage_and_described():
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert keys == EXPECTED_ASSETS
    groups = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups["raw_documents"] == groups["cleaned_documents"] == "ingest"
    assert groups["report_identity"] == groups["extracted_values"] == "extraction"
    assert groups["warehouse_tables"] == groups["quality_findings"] == "warehouse"
    assert groups["analytics_copy"] == "publish"
    for key in graph.get_all_asset_keys():
        assert len(graph.get(key).description or "") > 80, f"{key} needs an analyst-facing description"


def test_integrity_checks_block_publication_and_families_only_warn():
    checks = {key.name: key for key in defs.resolve_asset_graph().asset_check_keys}
    integrity = {"unique_metric_values", "unique_reports", "values_have_included_reports", "metric_ids_in_catalog", "valid_codes"}
    families = {f"{family}_findings" for family in ("sum", "categories", "cross_section", "cross_year", "completeness", "plausibility")}
    assert integrity | families <= set(checks)
    for name in integrity:
        assert checks[name].asset_key.to_user_string() == "warehouse_tables"
    for name in families:
        assert checks[name].asset_key.to_user_string() == "quality_findings"
    blocking = {spec.key.name for checks_def in defs.asset_checks for spec in checks_def.check_specs if spec.blocking}
    assert blocking == integrity


def test_nightly_schedule_runs_at_two_in_china_and_is_on_by_default():
    schedule = defs.resolve_schedule_def("nightly_reload")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "Asia/Shanghai"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    assert schedule.job_name == "reload_warehouse"


def test_raw_folder_sensor_is_registered_and_running():
    sensor = defs.resolve_sensor_def("raw_folder_changed")
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert sensor.job_name == "reload_warehouse"


def test_workspace_yaml_and_pyproject_name_the_same_code_location():
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["tool"]["dg"]["project"]
    workspace = yaml.safe_load((PROJECT_ROOT / "workspace.yaml").read_text(encoding="utf-8"))
    entry = workspace["load_from"][0]["python_module"]
    assert entry["module_name"] == project["code_location_target_module"] == "assets.definitions"
    assert entry["location_name"] == project["code_location_name"]


def test_engine_never_imports_dagster():
    code = (
        "import pkgutil, importlib, sys, pipeline\n"
        "for m in pkgutil.walk_packages(pipeline.__path__, 'pipeline.'):\n"
        "    if not m.name.endswith('__main__'): importlib.import_module(m.name)\n"
        "bad = sorted(name for name in sys.modules if name == 'dagster' or name.startswith('dagster.'))\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
