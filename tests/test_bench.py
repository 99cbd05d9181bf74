"""The benchmark's parts (memory and CPU of a process tree, sampling, verdicts) and one tiny end-to-end run."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from benchmarks import targets
from benchmarks.rss import TreeSampler, TreeTrace, tree_usage
from benchmarks.throughput import sample
from pipeline.model import RawFile


def test_trace_peaks_and_cpu_are_read_within_a_window():
    trace = TreeTrace(samples=[(0.0, 100, 0.0), (1.0, 300, 0.5), (2.0, 200, 2.0), (3.0, 50, 2.5)])
    assert trace.peak() == 300
    assert trace.peak(1.5, 3.0) == 200
    assert trace.cpu_between(1.0, 2.0) == pytest.approx(1.5)
    assert trace.cpu_between(0.0, 3.0) == pytest.approx(2.5)


def test_the_sampler_counts_the_memory_of_child_processes(tmp_path: Path):
    """A parent holding little and a child holding 200 MB: the tree's RSS includes the child's.

    The child says when its memory is touched and holds it until told to stop, so a busy machine only makes the
    test wait, never sample too early."""
    ready, done = tmp_path / "ready", tmp_path / "done"
    child_code = (
        "import os, time; x = bytearray(200 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096]); "
        f"open({str(ready)!r}, 'w').close(); deadline = time.time() + 120\n"
        f"while not os.path.exists({str(done)!r}) and time.time() < deadline: time.sleep(0.05)"
    )
    parent = subprocess.Popen([sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child_code!r}])"])
    try:
        deadline = time.time() + 120
        while not ready.exists() and time.time() < deadline:
            time.sleep(0.05)
        assert ready.exists(), "the child never allocated its memory"
        with TreeSampler(parent.pid, interval=0.05) as sampler:
            time.sleep(0.5)
        own = psutil.Process(parent.pid).memory_info().rss
    finally:
        done.touch()
        parent.wait(timeout=60)
    assert sampler.trace.peak() > 200 * 1024 * 1024 > own
    rss, cpu = tree_usage(psutil.Process())
    assert rss > 0 and cpu > 0


def test_engine_samples_spread_over_the_whole_corpus():
    files = [RawFile(f"{i:04d}.txt", 1, 1, "x", "txt" if i % 10 else "pdf", None) for i in range(1000)]
    chosen = sample(files, ("txt",), 90)
    assert len(chosen) == 90 and all(f.format == "txt" for f in chosen)
    assert chosen[0].source_path < "0020" and chosen[-1].source_path > "0950"
    assert len(sample(files, ("pdf",), 500)) == 100


def test_full_run_budget_is_pro_rata_to_reports_and_cores():
    assert targets.full_run_budget(20_000, 2) == 180
    assert targets.full_run_budget(100_000, 2) == 900
    assert targets.full_run_budget(20_000, 4) == 90


def test_a_tiny_benchmark_runs_end_to_end_and_leaves_the_corpus_as_it_found_it(tmp_path: Path):
    from benchmarks.bench import main

    assert main(["--reports", "24", "--out", str(tmp_path), "--engine-sample", "6", "--pdf-sample", "1", "--workers", "2"]) == 0
    results = json.loads((tmp_path / "results-24.json").read_text(encoding="utf-8"))
    assert [r["success"] for r in results["runs"]] == [True, True, True]
    full, unchanged, topped = results["runs"]
    assert set(full["steps"]) >= {"raw_documents", "cleaned_documents", "report_identity", "extracted_values",
                                   "warehouse_tables", "quality_findings", "analytics_copy"}
    assert all(r["peak_rss_mb"] > 50 and r["cpu_s"] > 0 for r in results["runs"])
    assert results["engine"]["text"]["files"] == 6 and results["engine"]["text"]["floor"] > 0
    assert 0 < results["evaluation"]["value_recall"] <= 1
    assert {t["name"] for t in results["targets"]} >= {"reload, nothing changed", "clean+extract time / floor"}
    corpus = tmp_path / "corpus-24-s0"
    assert len([p for p in (corpus / "raw").rglob("*") if p.is_file()]) == 24, "the 1% top-up was removed again"
    assert len(list((corpus / "labels").glob("*.json"))) == 24
    assert json.loads((corpus / "corpus.json").read_text(encoding="utf-8"))["reports"] == 24


def test_a_run_past_the_memory_guard_is_killed_with_its_children():
    code = "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); x = bytearray(300 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096]); time.sleep(60)"
    process = subprocess.Popen([sys.executable, "-c", code])
    started = time.time()
    with TreeSampler(process.pid, interval=0.05, abort_above=150 * 1024 * 1024) as sampler:
        process.wait(timeout=30)
    assert sampler.aborted and process.returncode != 0
    assert time.time() - started < 30
