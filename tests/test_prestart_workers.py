"""prestart_workers: `python -m assets run` starts the workers' warm-up before Dagster's imports when the raw
folder changed since the last scan (a folder's ctime newer than the manifest), and only then; the scan then keeps
that warm-up instead of starting a second one, and a top-up runs on the warm workers with the rows an in-process
run gives."""

from __future__ import annotations

import os
import shutil
import time
from concurrent.futures import wait
from pathlib import Path

import pytest

from pipeline import stages
from pipeline.config import Settings
from tests.conftest import text_corpus

HOUR_NS = 3600 * 10**9


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return text_corpus(tmp_path_factory.mktemp("prestart_corpus"), seed=13, reports=22, spare=0)


def _files(raw: Path) -> list[Path]:
    return sorted(p for p in raw.rglob("*") if p.is_file())


def _newest_folder_change(raw: Path) -> int:
    return max(p.stat().st_ctime_ns for p in [raw, *raw.rglob("*")] if p.is_dir())


def _after_a_tick() -> None:
    time.sleep(0.02)  # the kernel's file times advance in ticks of a few ms: a change must land on a later one


def test_the_folder_test_sees_files_added_removed_or_renamed_at_any_depth_even_with_their_times_kept(tmp_path: Path, corpus: Path):
    raw = tmp_path / "raw"
    shutil.copytree(corpus / "raw", raw)
    deep = raw / "2023" / "city"
    deep.mkdir(parents=True)
    for change in ("add", "remove", "rename", "copy_with_times_kept", "new_folder"):
        since = _newest_folder_change(raw)
        assert not stages.raw_folder_changed_since(raw, since)
        _after_a_tick()
        if change == "add":
            (deep / "new.txt").write_text("新增的报告", encoding="utf-8")
        elif change == "remove":
            (deep / "new.txt").unlink()
        elif change == "rename":
            first = _files(raw)[0]
            first.rename(first.with_name("renamed_" + first.name))
        elif change == "copy_with_times_kept":
            shutil.copy2(_files(raw)[0], deep / "copied.txt")  # cp -a / rsync -a keep the source's times...
            os.utime(deep, ns=(since - HOUR_NS, since - HOUR_NS))  # ...and set the folder's mtime back too
        else:
            shutil.copytree(deep, raw / "2024")  # a new folder of files, its times kept
            shutil.copystat(raw, raw / "2024")
        assert stages.raw_folder_changed_since(raw, since), change


def test_a_hidden_folder_or_a_file_rewritten_in_place_is_no_change(tmp_path: Path, corpus: Path):
    raw = tmp_path / "raw"
    shutil.copytree(corpus / "raw", raw)
    hidden = raw / ".git"
    hidden.mkdir()
    since = _newest_folder_change(raw)
    _after_a_tick()
    (hidden / "objects").write_text("x", encoding="utf-8")  # furniture the scan skips
    first = _files(raw)[0]
    first.write_bytes(first.read_bytes() + b"\n")  # the scan finds it by its size and mtime; no folder changes
    assert not stages.raw_folder_changed_since(raw, since)


def _run(settings: Settings) -> None:
    manifest, _ = stages.run_scan(settings)
    stages.run_ingest(settings, manifest)
    keys = stages.current_document_keys(settings, manifest)
    stages.run_identity(settings, keys)
    stages.run_extract(settings, keys)


def _rows(store, dataset: str) -> list[str]:
    return sorted(repr(row) for row in store.read(dataset).to_pylist())


def _stores(settings: Settings) -> list:
    return [stages.ingest_store(settings), stages.identity_store(settings), stages.extract_store(settings)]


def test_prestart_warms_the_workers_only_when_the_folder_changed_and_the_scan_keeps_that_warm_up(tmp_path: Path, corpus: Path, monkeypatch):
    """22 files, of which 11 held back and then added as a top-up (the warm threshold lowered to 4): started
    before the scan, the workers take the top-up (a batch each) and the lake holds the rows of a run that did
    everything in this process."""
    files = _files(corpus / "raw")
    held = {f.relative_to(corpus / "raw") for f in files[::2]}
    assert len(held) == 11
    settings = {}
    for name, workers in (("serial", 1), ("warm", 2)):
        raw = tmp_path / name / "raw"
        shutil.copytree(corpus / "raw", raw, ignore=lambda folder, names: [
            n for n in names if (Path(folder) / n).relative_to(corpus / "raw") in held])
        settings[name] = Settings.build(raw_dir=raw, warehouse_path=tmp_path / name / "wh" / "ogi.duckdb", workers=workers)

    started: list[int] = []
    real_warm_up = stages.warm_up_workers
    monkeypatch.setattr(stages, "warm_up_workers", lambda *args: started.append(args[0]) or real_warm_up(*args))
    try:
        for name in ("serial", "warm"):
            assert not stages.prestart_workers(settings[name])  # no scan yet: a first run starts none
            _run(settings[name])  # 11 files, below WARM_START_MIN: in this process
        assert started == []
        monkeypatch.setattr(stages, "WARM_START_MIN", 4)
        assert not stages.prestart_workers(settings["warm"])  # nothing changed since the scan
        assert not stages.prestart_workers(Settings.build(raw_dir=settings["warm"].raw_dir,
                                                          warehouse_path=settings["warm"].warehouse_path, workers=1))
        assert started == []

        _after_a_tick()
        for name in ("serial", "warm"):
            for relative in held:
                (settings[name].raw_dir / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(corpus / "raw" / relative, settings[name].raw_dir / relative)
        assert stages.prestart_workers(settings["warm"])
        assert started == [2]
        warming = stages._WARMED[2]
        manifest, _ = stages.run_scan(settings["warm"])
        assert started == [2] and stages._WARMED[2] is warming  # the scan kept the warm-up already under way
        wait(warming)
        assert stages.workers_ready(2) and not stages.runs_in_this_process(11, 2)
        stages.run_ingest(settings["warm"], manifest)
        keys = stages.current_document_keys(settings["warm"], manifest)
        stages.run_identity(settings["warm"], keys)
        stages.run_extract(settings["warm"], keys)
        _run(settings["serial"])
        # the first run's shard and the top-up's 11 files in two batches (MIN_BATCH 8): on the workers
        assert len(set(stages.ingest_store(settings["warm"]).current_index()["shard"].to_pylist())) == 3
        for in_process, on_workers in zip(_stores(settings["serial"]), _stores(settings["warm"])):
            assert in_process.done_keys() == on_workers.done_keys() and len(in_process.done_keys()) >= 20
            for dataset in in_process.schemas:
                assert _rows(in_process, dataset) == _rows(on_workers, dataset), (in_process.stage, dataset)

        stages.run_scan(settings["warm"])  # nothing new: the scan drops the warm-up, small stages run here again
        assert not stages.workers_ready(2) and stages.runs_in_this_process(11, 2)
    finally:
        stages.shutdown_pools()
