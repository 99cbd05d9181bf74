"""Scale-out: the same code location under Dagster's multiprocess executor (every step in its own process,
per-document stages fanned out to worker pools) gives exactly the warehouse the in-process run gives."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.executors import multiprocess_run_config, reconstructable_reload_job, reload_job
from pipeline.synth.corpus import Mix, generate_range
from pipeline.warehouse.schema import TABLES
from tests.conftest import PROJECT_ROOT, SAMPLE_RAW


@pytest.fixture(scope="module")
def raw_folder(tmp_path_factory) -> Path:
    """The bundled samples plus synthetic text and HTML reports: enough files for the parallel worker path."""
    root = tmp_path_factory.mktemp("executors")
    raw = root / "raw"
    shutil.copytree(SAMPLE_RAW, raw)
    generate_range(root / "synthetic", seed=3, start=0, stop=24, mix=replace(Mix(), pdf=0.0, docx=0.0))
    shutil.copytree(root / "synthetic" / "raw", raw / "synthetic")
    return raw


def _instance(home: Path) -> dg.DagsterInstance:
    """A persistent instance with the project's instance config (pool limits included), as multiprocess needs."""
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    return dg.DagsterInstance.from_config(str(home))


def _contract_tables(warehouse: Path) -> dict[str, list[str]]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return {
            spec.name: sorted(map(repr, conn.execute(
                f"SELECT * EXCLUDE (loaded_at) FROM {spec.name}" if spec.name == "schema_info" else f"SELECT * FROM {spec.name}"
            ).fetchall()))
            for spec in TABLES
        }


def test_multiprocess_executor_builds_the_same_warehouse_as_in_process(raw_folder: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("OGI_RAW_DIR", str(raw_folder))
    monkeypatch.setenv("OGI_WORKERS", "2")

    monkeypatch.setenv("OGI_WAREHOUSE", str(tmp_path / "in_process" / "ogi.duckdb"))
    with _instance(tmp_path / "home_in_process") as instance:
        in_process = reload_job().execute_in_process(instance=instance, raise_on_error=False)
    assert in_process.success

    # Child processes read the settings from the environment, like the in-process run.
    monkeypatch.setenv("OGI_WAREHOUSE", str(tmp_path / "multiprocess" / "ogi.duckdb"))
    with _instance(tmp_path / "home_multiprocess") as instance:
        result = dg.execute_job(reconstructable_reload_job(), instance=instance, run_config=multiprocess_run_config(2))
        step_pids = {e.pid for e in result.all_events if e.event_type_value == "STEP_START"}
    assert result.success
    assert len(step_pids) > 1, "steps ran in processes of their own"

    first = _contract_tables(tmp_path / "in_process" / "ogi_analytics.duckdb")
    second = _contract_tables(tmp_path / "multiprocess" / "ogi_analytics.duckdb")
    assert first["reports"] and first["metric_values"], "the corpus loads something to compare"
    for table in first:
        assert first[table] == second[table], f"{table} differs between the executors"
