"""Bounded memory of the per-document stages: workers whose memory outgrew the limit are replaced, with the same
results."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import stages
from pipeline.config import Settings
from pipeline.synth.corpus import Mix, generate_range

TEXT_ONLY = replace(Mix(), pdf=0.0, docx=0.0, md=0.0)


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("memory_corpus")
    generate_range(root, seed=7, start=0, stop=20, mix=TEXT_ONLY)
    return root / "raw"


def _run(raw: Path, warehouse: Path, workers: int) -> dict[str, list[str]]:
    settings = Settings.build(raw_dir=raw, warehouse_path=warehouse, workers=workers)
    manifest, _ = stages.run_scan(settings)
    stages.run_ingest(settings, manifest)
    keys = stages.current_document_keys(settings, manifest)
    stages.run_identity(settings, keys)
    stages.run_extract(settings, keys)
    datasets = [(stages.ingest_store, "documents"), (stages.identity_store, "identities"),
                (stages.extract_store, "mentions"), (stages.extract_store, "categories"), (stages.extract_store, "unmapped")]
    return {name: sorted(repr(row) for row in store(settings).read(name).to_pylist()) for store, name in datasets}


def test_workers_above_the_memory_limit_are_replaced_and_the_results_are_the_same(raw: Path, tmp_path: Path, monkeypatch):
    expected = _run(raw, tmp_path / "one" / "ogi.duckdb", workers=1)
    pools: list[object] = []
    make_pool = stages._pool

    def counting_pool(workers: int):
        pool = make_pool(workers)
        if not pools or pools[-1] is not pool:
            pools.append(pool)
        return pool

    stages.shutdown_pools()
    monkeypatch.setattr(stages, "_pool", counting_pool)
    monkeypatch.setattr(stages, "WORKER_MEMORY_LIMIT", 0)  # every batch leaves its worker "too big"
    monkeypatch.setattr(stages, "MIN_BATCH", 2)  # more batches than may be in flight, so some wait for a new pool
    monkeypatch.setattr(stages, "BATCH_SIZE", 2)
    monkeypatch.setattr(stages, "PARALLEL_THRESHOLD", 2)  # so few documents would run in this process
    try:
        assert _run(raw, tmp_path / "two" / "ogi.duckdb", workers=2) == expected
    finally:
        stages.shutdown_pools()
    assert len(pools) > 6  # replaced within the stages, not only between them
    assert expected["mentions"]


def test_a_batch_result_says_how_much_memory_its_process_holds():
    assert stages.process_rss() > 10 * 1024**2
