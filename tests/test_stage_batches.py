"""Work a stage runs in the coordinating process goes in as few batches (shards) as BATCH_SIZE allows, and the lake
then holds exactly the rows many small batches give."""

from __future__ import annotations

import shutil
from concurrent.futures import wait
from pathlib import Path

import pytest

from pipeline import stages
from pipeline.config import Settings
from tests.conftest import text_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return text_corpus(tmp_path_factory.mktemp("batches_corpus"), seed=11, reports=22, spare=0)


def _run(tmp_path: Path, corpus: Path, name: str, workers: int) -> Settings:
    raw = tmp_path / f"raw_{name}"
    shutil.copytree(corpus / "raw", raw)
    settings = Settings.build(raw_dir=raw, warehouse_path=tmp_path / name / "ogi.duckdb", workers=workers)
    manifest, _ = stages.run_scan(settings)
    stages.run_ingest(settings, manifest)
    keys = stages.current_document_keys(settings, manifest)
    stages.run_identity(settings, keys)
    stages.run_extract(settings, keys)
    return settings


def _stores(settings: Settings) -> list:
    return [stages.ingest_store(settings), stages.identity_store(settings), stages.extract_store(settings)]


def _rows(store, dataset: str) -> list[str]:
    return sorted(repr(row) for row in store.read(dataset).to_pylist())


def test_a_small_delta_run_in_this_process_is_one_shard_per_stage_with_the_rows_of_many(tmp_path: Path, corpus: Path, monkeypatch):
    assert stages.runs_in_this_process(22, 2)
    one_batch = _run(tmp_path, corpus, "one", workers=2)  # 22 files: below the threshold, so in this process
    for store in _stores(one_batch):
        assert len(set(store.current_index()["shard"].to_pylist())) == 1, store.stage
    monkeypatch.setattr(stages, "batch_size", lambda todo, workers: stages.MIN_BATCH)  # the smallest batches...
    monkeypatch.setattr(stages, "_run_incremental", _serial_run_incremental)  # ...run here, without a pool
    many_batches = _run(tmp_path, corpus, "many", workers=2)
    assert len(set(stages.ingest_store(many_batches).current_index()["shard"].to_pylist())) >= 3
    for small, large in zip(_stores(one_batch), _stores(many_batches)):
        assert small.done_keys() == large.done_keys() and small.done_keys()
        for dataset in small.schemas:
            assert _rows(small, dataset) == _rows(large, dataset), (small.stage, dataset)
    assert stages.extract_store(one_batch).read("mentions").num_rows > 0


def _serial_run_incremental(store, batches, work, workers, expected):
    processed = errors = 0
    results = [stages._process(store, work, batch) for batch in batches]
    store.commit([(r.keys, r.shard) for r in results])
    for result in results:
        processed += len(result.keys)
        errors += result.errors
    return processed, errors


@pytest.mark.parametrize(("todo", "workers", "expected"), [(10_000, 2, 256), (1_000, 2, 250), (600, 4, 75), (300, 1, 256), (200, 2, 256)])
def test_batches_keep_every_worker_busy_and_work_run_here_is_not_split(todo: int, workers: int, expected: int):
    assert stages.batch_size(todo, workers) == expected


def test_a_top_up_on_warm_workers_is_one_batch_per_worker(monkeypatch):
    monkeypatch.setattr(stages, "workers_ready", lambda workers: workers == 2)
    assert [stages.batch_size(todo, 2) for todo in (200, 64, 63, 1_000)] == [100, 32, 256, 250]


def test_a_scan_that_finds_enough_new_files_starts_warm_workers_and_the_top_up_runs_on_them(tmp_path: Path, corpus: Path, monkeypatch):
    """warm_up_workers: a scan with at least WARM_START_MIN new files starts the workers, which then take the
    top-up below PARALLEL_THRESHOLD (one batch each), with the rows an in-process run gives; a scan with nothing
    new starts none. The threshold is lowered to this corpus's size (22 files)."""
    serial = _run(tmp_path, corpus, "serial", workers=2)
    monkeypatch.setattr(stages, "WARM_START_MIN", 16)
    started: list[int] = []
    real_warm_up = stages.warm_up_workers
    monkeypatch.setattr(stages, "warm_up_workers", lambda *args: started.append(args[0]) or real_warm_up(*args))
    monkeypatch.setattr(stages, "run_ingest", _after_warm_up(stages.run_ingest))
    try:
        warm = _run(tmp_path, corpus, "warm", workers=2)
        assert started == [2]
        for store in _stores(warm):
            assert len(set(store.current_index()["shard"].to_pylist())) == 2, store.stage  # one batch per worker
        for in_process, on_workers in zip(_stores(serial), _stores(warm)):
            assert in_process.done_keys() == on_workers.done_keys()
            for dataset in in_process.schemas:
                assert _rows(in_process, dataset) == _rows(on_workers, dataset), (in_process.stage, dataset)
        stages.run_scan(warm)  # nothing new: no workers started, and a small stage runs here again
        assert started == [2] and not stages.workers_ready(2) and stages.runs_in_this_process(22, 2)
    finally:
        stages.shutdown_pools()


def _after_warm_up(run_ingest):
    """run_ingest once the scan's warm-up has finished (a stage that starts earlier runs in this process)."""

    def run(settings, manifest):
        wait(stages._WARMED[settings.workers])
        assert stages.workers_ready(settings.workers)
        return run_ingest(settings, manifest)

    return run
