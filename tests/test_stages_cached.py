"""Answers about a stage's current rows kept next to its index: a reload with nothing new reads no shard for them,
and any change of the index or of the keys asked about computes them afresh."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline import stages
from pipeline.config import Settings
from tests.conftest import text_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return text_corpus(tmp_path_factory.mktemp("cached_corpus"), seed=11, reports=8, spare=1)


def _no_reading(*args, **kwargs):
    raise AssertionError("a shard was read")


def _direct_document_keys(settings: Settings) -> list[str]:
    manifest = stages.read_manifest(settings)
    return stages.ingest_store(settings).read("documents", keys=set(manifest["file_key"].to_pylist()), columns=["doc_key"])[
        "doc_key"
    ].to_pylist()


def test_document_keys_are_read_once_per_index_and_follow_new_files(tmp_path: Path, corpus: Path, monkeypatch):
    settings = Settings.build(raw_dir=tmp_path / "raw", warehouse_path=tmp_path / "w" / "ogi.duckdb", workers=1)
    shutil.copytree(corpus / "raw", settings.raw_dir)
    manifest, _ = stages.run_scan(settings)
    stages.run_ingest(settings, manifest)
    first = stages.current_document_keys(settings, manifest)
    assert first == _direct_document_keys(settings) and len(first) >= 8

    with monkeypatch.context() as patch:
        patch.setattr(stages.lake, "read_rows", _no_reading)
        assert stages.current_document_keys(settings, manifest) == first  # nothing new: from the kept answer

    for path in (corpus / "spare" / "raw").rglob("*.*"):  # a new file: the index changes, the answer too
        shutil.copy(path, settings.raw_dir / path.name)
    manifest, _ = stages.run_scan(settings)
    stages.run_ingest(settings, manifest)
    topped = stages.current_document_keys(settings, manifest)
    assert topped == _direct_document_keys(settings) and len(topped) > len(first)
    assert set(first) < set(topped)


def test_a_cached_answer_is_the_computed_one_through_json_and_is_keyed_by_the_keys(tmp_path: Path, corpus: Path):
    settings = Settings.build(raw_dir=tmp_path / "raw", warehouse_path=tmp_path / "w" / "ogi.duckdb", workers=1)
    shutil.copytree(corpus / "raw", settings.raw_dir)
    manifest, _ = stages.run_scan(settings)
    stages.run_ingest(settings, manifest)
    store = stages.ingest_store(settings)
    keys = sorted(set(manifest["file_key"].to_pylist()))
    calls: list[list[str]] = []

    def count(wanted: list[str]) -> dict:
        calls.append(wanted)
        rows = store.read("documents", keys=wanted, columns=["kind"]).num_rows
        return {"rows": rows, "ratio": rows / 3, "missing": None, "pairs": (1, 2)}

    computed = stages.cached_answer(store, "documents", keys, "test", lambda: count(keys))
    assert computed["pairs"] == [1, 2]  # what JSON gives back, the first time too
    assert stages.cached_answer(store, "documents", keys, "test", lambda: count(keys)) == computed
    assert len(calls) == 1
    fewer = stages.cached_answer(store, "documents", keys[:-1], "test", lambda: count(keys[:-1]))
    assert len(calls) == 2 and fewer["rows"] < computed["rows"]
