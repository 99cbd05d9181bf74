"""Scale-out: the same code location under Dagster's multiprocess executor (every step in its own process,
per-document stages fanned out to worker pools) gives exactly the warehouse the in-process run gives."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import dagster as dg
import pytest

from assets.executors import multiprocess_run_config, reconstructable_reload_job
from pipeline.synth.corpus import Mix, generate_range
from tests.conftest import PROJECT_ROOT, SAMPLE_RAW, contract_tables


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


def test_multiprocess_executor_builds_the_same_warehouse_as_in_process(raw_folder: Path, tmp_path: Path, monkeypatch):
    """Both runs start at the same moment, each importing the code afresh (the in-process one as `make run` does,
    in a subprocess), so they compare two executors of one code version even while files are being edited."""
    env = {"OGI_RAW_DIR": str(raw_folder), "OGI_WORKERS": "2"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    home = tmp_path / "home_in_process"
    _instance(home).dispose()
    in_process = subprocess.Popen(
        [sys.executable, "-m", "assets", "run"], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, **env, "OGI_WAREHOUSE": str(tmp_path / "in_process" / "ogi.duckdb"), "DAGSTER_HOME": str(home)},
    )
    # Child processes read the settings from the environment, like the in-process run.
    monkeypatch.setenv("OGI_WAREHOUSE", str(tmp_path / "multiprocess" / "ogi.duckdb"))
    with _instance(tmp_path / "home_multiprocess") as instance:
        result = dg.execute_job(reconstructable_reload_job(), instance=instance, run_config=multiprocess_run_config(2))
        step_pids = {e.pid for e in result.all_events if e.event_type_value == "STEP_START"}
    output, _ = in_process.communicate(timeout=1800)
    assert in_process.returncode == 0, output[-2000:]
    assert result.success
    assert len(step_pids) > 1, "steps ran in processes of their own"

    first = contract_tables(tmp_path / "in_process" / "ogi_analytics.duckdb")
    second = contract_tables(tmp_path / "multiprocess" / "ogi_analytics.duckdb")
    assert first["reports"] and first["metric_values"], "the corpus loads something to compare"
    for table in first:
        assert first[table] == second[table], f"{table} differs between the executors"


def _stage_rows(settings) -> dict[str, list[str]]:
    from pipeline import stages

    manifest, _ = stages.run_scan(settings)
    stages.run_ingest(settings, manifest)
    keys = stages.current_document_keys(settings, manifest)
    stages.run_identity(settings, keys)
    stages.run_extract(settings, keys)
    stores = {"documents": stages.ingest_store, "identities": stages.identity_store, "mentions": stages.extract_store,
              "categories": stages.extract_store}
    return {name: sorted(map(repr, store(settings).read(name).to_pylist())) for name, store in stores.items()}


def test_per_document_batches_on_a_dask_cluster_give_what_local_workers_give(raw_folder: Path, tmp_path: Path, monkeypatch):
    """The cluster path of docs/scale-out.md, as far as one machine goes: a Dask cluster of worker processes
    reads the raw folder and writes the lake's shards; only the coordinator writes the index. The reference run
    happens inside a Dask worker, so both sides run the code those workers imported."""
    distributed = pytest.importorskip("distributed")
    from pipeline import stages
    from pipeline.config import Settings

    local = Settings.build(raw_dir=raw_folder, warehouse_path=tmp_path / "local" / "ogi.duckdb", workers=1)
    on_dask = Settings.build(raw_dir=raw_folder, warehouse_path=tmp_path / "dask" / "ogi.duckdb", workers=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        client = stages._dask_client(cluster.scheduler_address)
        try:
            reference = client.submit(_stage_rows, local, pure=False).result()  # sequential, in one worker
            monkeypatch.setenv(stages.DASK_SCHEDULER_ENV, cluster.scheduler_address)
            with distributed.get_task_stream(client=client) as tasks:
                from_dask = _stage_rows(on_dask)
        finally:
            client.close()
            stages._dask_client.cache_clear()
    batches = [t for t in tasks.data if t["key"].startswith("_process")]
    assert len(batches) >= 3 and len({t["worker"] for t in batches}) == 2, "every stage's batches ran on both Dask workers"
    assert from_dask == reference
    assert from_dask["mentions"], "the corpus yields values to compare"


def _configured_class(entry: dict):
    import importlib

    return getattr(importlib.import_module(entry["module"]), entry["class"])


@pytest.mark.parametrize("folder", ["deploy", "deploy/cluster"])
def test_instance_configs_are_valid_for_dagster_and_every_class_they_name(folder: str):
    """The local config and the cluster recipe's config (PostgreSQL storage, queued runs, K8sRunLauncher) pass
    Dagster's own validation, down to each configured class's config schema."""
    from dagster._config import validate_config
    from dagster._core.instance.config import dagster_instance_config

    config, _ = dagster_instance_config(str(PROJECT_ROOT / folder))
    assert config["concurrency"]["pools"]["default_limit"] == 1, "warehouse steps never overlap"
    for section in ("run_launcher", "run_coordinator"):
        if section in config:
            cls = _configured_class(config[section])
            result = validate_config(cls.config_type(), config[section].get("config", {}))
            assert result.success, (section, result.errors)
    if "storage" in config:
        from dagster_postgres import DagsterPostgresStorage

        result = validate_config(DagsterPostgresStorage.config_type(), config["storage"]["postgres"])
        assert result.success, result.errors


def test_cluster_workspace_points_at_the_same_code_location():
    import tomllib

    import yaml

    workspace = yaml.safe_load((PROJECT_ROOT / "deploy" / "cluster" / "workspace.yaml").read_text())
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["dg"]["project"]
    server = workspace["load_from"][0]["grpc_server"]
    assert server["location_name"] == project["code_location_name"]
    assert project["code_location_target_module"] in (PROJECT_ROOT / "deploy" / "cluster" / "Dockerfile").read_text()
