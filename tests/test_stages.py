"""The incremental, parallel per-document stages over the lake, and the load that is skipped when nothing changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline import stages
from pipeline.config import Settings
from pipeline.warehouse import build
from tests.conftest import SAMPLE_RAW, add_spare_reports, contract_tables, text_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Synthetic text/HTML reports (raw/ and labels/) plus two spare ones to add later."""
    return text_corpus(tmp_path_factory.mktemp("stages_corpus"), seed=5, reports=22, spare=2)


def _settings(tmp_path: Path, corpus: Path, workers: int, name: str = "w") -> Settings:
    raw = tmp_path / f"raw_{name}"
    if not raw.exists():
        shutil.copytree(corpus / "raw", raw)
    return Settings.build(raw_dir=raw, warehouse_path=tmp_path / name / "ogi.duckdb", workers=workers)


def _run_stages(settings: Settings) -> tuple[stages.StageReport, stages.StageReport, stages.StageReport]:
    manifest, _ = stages.run_scan(settings)
    ingest = stages.run_ingest(settings, manifest)
    keys = stages.current_document_keys(settings, manifest)
    return ingest, stages.run_identity(settings, keys), stages.run_extract(settings, keys)


def _rows(store, dataset: str, drop: tuple[str, ...] = ()) -> list[str]:
    table = store.read(dataset)
    return sorted(repr({k: v for k, v in row.items() if k not in drop}) for row in table.to_pylist())


def test_parallel_workers_give_exactly_what_one_process_gives(tmp_path: Path, corpus: Path, monkeypatch):
    monkeypatch.setattr(stages, "PARALLEL_THRESHOLD", 2)  # so few documents would run in this process
    one, two = _settings(tmp_path, corpus, 1, "one"), _settings(tmp_path, corpus, 2, "two")
    for settings in (one, two):
        ingest, identity, extract = _run_stages(settings)
        assert ingest.processed == 22 and identity.processed == extract.processed >= 22
    assert _rows(stages.ingest_store(one), "documents") == _rows(stages.ingest_store(two), "documents")
    assert _rows(stages.identity_store(one), "identities") == _rows(stages.identity_store(two), "identities")
    for dataset in ("mentions", "categories", "unmapped"):
        assert _rows(stages.extract_store(one), dataset) == _rows(stages.extract_store(two), dataset)
    assert stages.extract_store(one).read("mentions").num_rows > 0


def test_fewer_documents_than_the_threshold_run_in_this_process(tmp_path: Path, corpus: Path):
    import psutil

    stages.shutdown_pools()
    ingest, identity, extract = _run_stages(_settings(tmp_path, corpus, 2, "small"))
    assert ingest.processed == 22 and extract.processed >= 22
    workers = [p for p in psutil.Process().children() if "spawn_main" in " ".join(p.cmdline())]
    assert workers == []  # no worker was started for 22 documents


def test_unchanged_files_are_never_processed_again_and_new_ones_alone_are(tmp_path: Path, corpus: Path):
    settings = _settings(tmp_path, corpus, 2)
    _run_stages(settings)
    again = _run_stages(settings)
    assert [r.processed for r in again] == [0, 0, 0]
    for path in (corpus / "spare" / "raw").rglob("*.*"):
        shutil.copy(path, settings.raw_dir / path.name)
    ingest, identity, extract = _run_stages(settings)
    assert ingest.processed == 2 and ingest.reused == 22
    assert identity.processed == extract.processed == identity.total - identity.reused
    assert 2 <= identity.processed < 22


def test_a_file_moved_or_copied_elsewhere_in_the_raw_folder_is_not_reprocessed(tmp_path: Path, corpus: Path):
    settings = _settings(tmp_path, corpus, 1)
    _run_stages(settings)
    first = next(p for p in settings.raw_dir.rglob("*.*"))
    (settings.raw_dir / "copies").mkdir()
    shutil.copy(first, settings.raw_dir / "copies" / first.name)  # same bytes: same file key
    ingest, _, _ = _run_stages(settings)
    assert ingest.processed == 0


def test_a_changed_extractor_reprocesses_every_document_and_nothing_upstream(tmp_path: Path, corpus: Path, monkeypatch):
    settings = _settings(tmp_path, corpus, 1)
    _, identity, _ = _run_stages(settings)
    versions = dict(stages.stage_versions())
    monkeypatch.setattr(stages, "stage_versions", lambda: {**versions, "extract": versions["extract"] + "-changed"})
    ingest, identity_again, extract = _run_stages(settings)
    assert ingest.processed == 0 and identity_again.processed == 0
    assert extract.processed == identity.total
    assert stages.extract_store(settings).compact() == 0, "superseded shards were already removed"


def test_no_process_reads_more_than_one_batch_of_documents(tmp_path: Path, corpus: Path, monkeypatch):
    monkeypatch.setattr(stages, "BATCH_SIZE", 5)
    monkeypatch.setattr(stages, "MIN_BATCH", 2)
    seen: list[int] = []
    original = stages._read_documents

    def recording(path, doc_keys):
        rows = original(path, doc_keys)
        seen.append(len(rows))
        return rows

    monkeypatch.setattr(stages, "_read_documents", recording)
    _run_stages(_settings(tmp_path, corpus, 1))
    assert seen and max(seen) <= 5
    assert sum(seen) >= 2 * 22, "identity and extract each read every document once"


def test_a_crash_keeps_finished_batches_and_the_rerun_does_only_the_rest(tmp_path: Path, corpus: Path, monkeypatch):
    settings = _settings(tmp_path, corpus, 1)
    manifest, _ = stages.run_scan(settings)
    stages.run_ingest(settings, manifest)
    keys = stages.current_document_keys(settings, manifest)
    monkeypatch.setattr(stages, "BATCH_SIZE", 8)
    monkeypatch.setattr(stages, "MIN_BATCH", 8)
    calls = {"n": 0}
    original = stages._identity_work

    def crashing(batch):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker lost")
        return original(batch)

    monkeypatch.setattr(stages, "_identity_work", crashing)
    with pytest.raises(RuntimeError):
        stages.run_identity(settings, keys)
    assert len(stages.identity_store(settings).done_keys()) == 8
    monkeypatch.setattr(stages, "_identity_work", original)
    report = stages.run_identity(settings, keys)
    assert report.processed == len(keys) - 8 and report.reused == 8


def test_one_failing_document_is_an_error_row_not_a_failed_run(tmp_path: Path, corpus: Path, monkeypatch):
    settings = _settings(tmp_path, corpus, 1)
    manifest, _ = stages.run_scan(settings)
    stages.run_ingest(settings, manifest)
    keys = stages.current_document_keys(settings, manifest)
    original = stages.identify
    victim = sorted(keys)[3]

    def failing(document):
        if document.content_sha256 == victim.split(":")[0]:
            raise ValueError("unreadable title")
        return original(document)

    monkeypatch.setattr(stages, "identify", failing)
    report = stages.run_identity(settings, keys)
    assert report.errors >= 1 and report.processed == len(keys)
    errors = stages.identity_store(settings).read("errors").to_pylist()
    assert any(e["key"].startswith(victim.split("#")[0]) and "unreadable title" in e["detail"] for e in errors)


# --- the load -------------------------------------------------------------------------------------------


def _loaded_at(settings: Settings) -> str | None:
    return build.loaded_at(settings.warehouse_path)


def test_the_load_is_skipped_when_nothing_changed_and_redone_when_anything_did(tmp_path: Path, corpus: Path):
    settings = _settings(tmp_path, corpus, 1)
    shutil.copytree(SAMPLE_RAW, settings.raw_dir / "samples")
    _run_stages(settings)
    counts = build.build_warehouse(settings)
    first = _loaded_at(settings)
    assert first and counts["reports"] > 0
    assert build.warehouse_is_current(settings)
    assert build.build_warehouse(settings) == counts
    assert _loaded_at(settings) == first, "nothing changed: not reloaded"

    (settings.raw_dir / "samples" / "new_copy.txt").write_text("新的一份报告 2019年政府信息公开工作年度报告\n", encoding="utf-8")
    _run_stages(settings)
    assert not build.warehouse_is_current(settings)
    build.build_warehouse(settings)
    second = _loaded_at(settings)
    assert second != first

    settings.warehouse_path.unlink()
    assert not build.warehouse_is_current(settings)
    build.build_warehouse(settings)
    assert _loaded_at(settings) not in (None, second)


def test_checks_and_publication_are_current_only_for_the_load_they_were_made_from(tmp_path: Path, corpus: Path):
    from pipeline.warehouse.publish import publish_analytics_copy

    settings = _settings(tmp_path, corpus, 1)
    _run_stages(settings)
    build.build_warehouse(settings)
    assert not build.checks_are_current(settings) and not build.publish_is_current(settings)
    build.record_checks(settings)
    assert build.checks_are_current(settings) and not build.publish_is_current(settings)
    publish_analytics_copy(settings.warehouse_path, settings.analytics_path)
    build.record_published(settings)
    assert build.publish_is_current(settings)
    build.build_warehouse(settings, force=True)  # a new load: old checks and copy no longer match it
    assert not build.checks_are_current(settings) and not build.publish_is_current(settings)


def test_new_check_code_reruns_the_checks_without_reloading(tmp_path: Path, corpus: Path, monkeypatch):
    settings = _settings(tmp_path, corpus, 1)
    _run_stages(settings)
    build.build_warehouse(settings)
    build.record_checks(settings)
    monkeypatch.setattr(build, "checks_code_version", lambda: "new checks")
    assert build.warehouse_is_current(settings)
    assert not build.checks_are_current(settings)


def test_a_small_change_is_loaded_incrementally_with_the_same_result_as_a_full_load(tmp_path: Path, corpus: Path, monkeypatch):
    settings = _settings(tmp_path, corpus, 1)
    _run_stages(settings)
    build.build_warehouse(settings)
    applied: list = []
    original = build.load_warehouse
    monkeypatch.setattr(build, "load_warehouse", lambda conn, inputs, delta=None: applied.append(delta) or original(conn, inputs, delta))

    for path in (corpus / "spare" / "raw").rglob("*.*"):
        shutil.copy(path, settings.raw_dir / path.name)  # two new reports
    victim = sorted(p for p in settings.raw_dir.rglob("*.*") if p.parent != settings.raw_dir)[0]
    victim.unlink()  # and one gone
    _run_stages(settings)
    build.build_warehouse(settings)
    delta = applied[-1]
    assert delta is not None and len(delta.added) == 2 and len(delta.removed) == 1
    incremental = contract_tables(settings.warehouse_path)

    build.build_warehouse(settings, force=True)
    assert applied[-1] is None
    assert contract_tables(settings.warehouse_path) == incremental
    assert incremental["metric_values"], "the corpus has values to compare"


def test_a_large_change_or_new_load_code_falls_back_to_a_full_load(tmp_path: Path, corpus: Path, monkeypatch):
    settings = _settings(tmp_path, corpus, 1)
    _run_stages(settings)
    build.build_warehouse(settings)
    current = build.loaded_reports(build.assemble_reports(settings)[1].reports, settings)
    assert build.plan_delta(settings, current) == build.Delta(frozenset(), frozenset())
    half = current.assign(extract_shard=["other"] * (len(current) // 2) + list(current["extract_shard"][len(current) // 2 :]))
    assert build.plan_delta(settings, half) is None
    monkeypatch.setattr(build, "load_code_version", lambda: "changed")
    assert build.plan_delta(settings, current) is None


def test_dataset_summaries_count_exactly_what_a_full_read_holds(tmp_path: Path, corpus: Path):
    from collections import Counter

    settings = _settings(tmp_path, corpus, 1)
    manifest, _ = stages.run_scan(settings)
    stages.run_ingest(settings, manifest)
    keys = stages.current_document_keys(settings, manifest)
    stages.run_identity(settings, keys)
    stages.run_extract(settings, keys)
    store = stages.extract_store(settings)
    summary = stages.summarize_dataset(store, "mentions", keys, "method", ["metric_id", "value"], limit=7)
    full = store.read("mentions", keys)
    assert summary.rows == full.num_rows > 0
    assert summary.counts == dict(Counter(full["method"].to_pylist()))
    assert summary.preview.num_rows == 7 and summary.preview.column_names == ["metric_id", "value"]
    assert stages.summarize_dataset(store, "mentions", [], "method", ["value"]).rows == 0


def test_a_summary_is_reused_until_the_index_or_the_keys_change(tmp_path: Path, corpus: Path, monkeypatch):
    settings = _settings(tmp_path, corpus, 1)
    manifest, _ = stages.run_scan(settings)
    stages.run_ingest(settings, manifest)
    keys = sorted(set(manifest["file_key"].to_pylist()))  # the ingest stage's keys are file keys
    store = stages.ingest_store(settings)
    first = stages.summarize_dataset(store, "documents", keys, "kind", ["doc_key", "kind"])
    assert first.rows >= len(keys)

    def no_reading(*args, **kwargs):
        raise AssertionError("the dataset was read again")

    monkeypatch.setattr(store, "iter_read", no_reading)
    monkeypatch.setattr(stages.lake, "read_rows", no_reading)
    again = stages.summarize_dataset(store, "documents", keys, "kind", ["doc_key", "kind"])
    assert (again.rows, again.counts, again.preview.to_pylist()) == (first.rows, first.counts, first.preview.to_pylist())
    with pytest.raises(AssertionError):
        stages.summarize_dataset(store, "documents", keys[:-1], "kind", ["doc_key", "kind"])


def test_after_new_files_a_summary_reads_only_new_shards_and_the_preview_and_counts_as_a_full_read(
    tmp_path: Path, corpus: Path, monkeypatch
):
    settings = _settings(tmp_path, corpus, 1)
    _run_stages(settings)
    store = stages.extract_store(settings)
    question = ("mentions", "method", ["metric_id", "value", "snippet"])
    before_files = set(store.shard_paths("mentions"))
    stages.summarize_dataset(store, question[0], stages.current_document_keys(settings, stages.read_manifest(settings)), *question[1:])
    add_spare_reports(corpus, settings.raw_dir)
    _run_stages(settings)
    keys = stages.current_document_keys(settings, stages.read_manifest(settings))
    read: list[Path] = []
    original = stages.lake.read_rows

    def recording(path, *args, **kwargs):
        read.append(path)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(stages.lake, "read_rows", recording)
    topped = stages.summarize_dataset(store, question[0], keys, *question[1:])
    new_files = set(store.shard_paths("mentions")) - before_files
    first_files = [path for path, _ in store.current_files("mentions", keys)][:2]
    assert new_files and set(read) <= new_files | set(first_files)
    shutil.rmtree(store.root / "_summaries")
    full = stages.summarize_dataset(store, question[0], keys, *question[1:])
    assert (topped.rows, list(topped.counts.items()), topped.preview.to_pylist()) == (
        full.rows, list(full.counts.items()), full.preview.to_pylist()
    )


def test_workers_leave_when_the_process_that_started_them_is_killed(tmp_path: Path):
    import os
    import signal
    import subprocess
    import sys

    import psutil

    script = (
        "import time\n"
        "from pipeline import stages\n"
        "if __name__ == '__main__':\n"
        "    pool = stages._pool(2)\n"
        "    print(*[f.result() for f in [pool.submit(time.sleep, 0.1) for _ in range(4)]], flush=True)\n"
        "    time.sleep(60)\n"
    )
    (tmp_path / "starter.py").write_text(script)
    parent = subprocess.Popen([sys.executable, str(tmp_path / "starter.py")], stdout=subprocess.PIPE, text=True)
    parent.stdout.readline()  # the pool's workers are up
    workers = psutil.Process(parent.pid).children()
    assert len([w for w in workers if "spawn_main" in " ".join(w.cmdline())]) == 2
    os.kill(parent.pid, signal.SIGKILL)  # no atexit, no shutdown
    parent.wait()
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert alive == [], "orphaned workers are still running"


def test_workers_collect_young_objects_as_the_engine_is_tuned_for():
    """Every worker runs the engine with ENGINE_GC_THRESHOLDS (the throughput benchmark measures it so), not
    CPython's default."""
    import gc

    pool = stages._pool(2)
    try:
        thresholds = {f.result() for f in [pool.submit(gc.get_threshold) for _ in range(4)]}
    finally:
        stages.shutdown_pools()
    assert thresholds == {stages.ENGINE_GC_THRESHOLDS} != {gc.get_threshold()}


def test_the_load_does_not_wait_for_the_workers_to_exit(tmp_path: Path):
    """shutdown_pools(wait=False), as build_warehouse calls it: the idle workers leave while the load goes on."""
    import time

    import psutil

    pool = stages._pool(2)
    assert [f.result() for f in [pool.submit(time.sleep, 0.01) for _ in range(4)]] == [None] * 4
    busy = pool.submit(time.sleep, 1.5)  # a worker still busy: waiting would take as long
    workers = [p for p in psutil.Process().children() if "spawn_main" in " ".join(p.cmdline())]
    started = time.perf_counter()
    stages.shutdown_pools(wait=False)
    assert time.perf_counter() - started < 0.5
    assert stages._POOLS == {}
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert alive == [] and busy.done()


def test_identity_and_extraction_need_neither_the_source_text_nor_the_offset_map(tmp_path: Path, corpus: Path):
    """The later stages read documents without those two columns (STAGE_DOCUMENT_COLUMNS); their answers are the same."""
    from pipeline.serialize import document_from_row

    settings = _settings(tmp_path, corpus, 1)
    manifest, _ = stages.run_scan(settings)
    stages.run_ingest(settings, manifest)
    rows = stages.ingest_store(settings).read("documents").to_pylist()
    assert rows and all(row["source_text"] and row["offset_map"] != "[]" for row in rows)
    for row in rows:
        full = document_from_row(row)
        lean = document_from_row({k: v for k, v in row.items() if k in stages.STAGE_DOCUMENT_COLUMNS})
        identity = stages.identify(full)
        assert stages.identify(lean) == identity
        assert stages.extract(lean, identity) == stages.extract(full, identity)


def test_a_check_rule_file_changes_no_stage_version_and_a_data_file_versions_the_stage_reading_it(tmp_path, monkeypatch):
    """checks_*.csv are read by the quality checks alone: editing one must not re-process every document."""
    copy = tmp_path / "pipeline"
    shutil.copytree(stages.PIPELINE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(stages, "PIPELINE_DIR", copy)
    before = stages.stage_versions.__wrapped__()
    with (copy / "data" / "checks_settings.csv").open("a", encoding="utf-8") as f:
        f.write("\n")
    assert stages.stage_versions.__wrapped__() == before
    (copy / "extract" / "prose.py").write_text((copy / "extract" / "prose.py").read_text() + "\n")
    after = stages.stage_versions.__wrapped__()
    assert after["ingest"] == before["ingest"] and after["identity"] == before["identity"]
    assert after["extract"] != before["extract"]
    # data files version the stage that reads them (tests/test_stage_data.py) and the stages after it
    (copy / "data" / "metrics.csv").write_text((copy / "data" / "metrics.csv").read_text() + "\n")
    aliased = stages.stage_versions.__wrapped__()
    assert aliased["ingest"] == before["ingest"] and aliased["identity"] == before["identity"]
    assert aliased["extract"] != after["extract"]
    (copy / "data" / "identity_divisions.csv").write_text((copy / "data" / "identity_divisions.csv").read_text() + "\n")
    divisions = stages.stage_versions.__wrapped__()
    assert divisions["ingest"] == before["ingest"]
    assert divisions["identity"] != before["identity"] and divisions["extract"] != aliased["extract"]
    (copy / "data" / "table_words.csv").write_text((copy / "data" / "table_words.csv").read_text() + "\n")
    tables = stages.stage_versions.__wrapped__()  # table recognition runs in identity and extraction, not ingest
    assert tables["ingest"] == before["ingest"]
    assert tables["identity"] != divisions["identity"] and tables["extract"] != divisions["extract"]
    (copy / "data" / "new_vocabulary.csv").write_text("word\n")  # read by whom? ingest until shown otherwise
    assert stages.stage_versions.__wrapped__()["ingest"] != tables["ingest"]
