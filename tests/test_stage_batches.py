"""Work a stage runs in the coordinating process goes in as few batches (shards) as BATCH_SIZE allows, and the lake
then holds exactly the rows many small batches give."""

from __future__ import annotations

import shutil
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
    monkeypatch.setattr(stages, "runs_in_this_process", lambda todo, workers: False)  # batches sized for workers...
    monkeypatch.setattr(stages, "_run_incremental", _serial_run_incremental)  # ...yet run here, without a pool
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
