"""`make bench`: a synthetic corpus through the real pipeline, with speed, memory and accuracy figures.

    .venv/bin/python benchmarks/bench.py [--reports 20000] [--seed 0] [--workers N] [--out benchmarks/out]

1. Generates (or reuses) a synthetic corpus of N reports with a known truth (pipeline.synth.corpus).
2. Measures the per-document engine on one core against a floor (read + decode + one regex pass) on the same
   text/HTML files, and PDF reports on their own.
3. Runs the pipeline exactly as `make run` does (python -m assets run: the reload_warehouse job in process,
   OGI_WORKERS worker processes) three times: from scratch, again with nothing changed, and after adding 1% new
   files; prints per stage and end to end: wall time, reports per second, peak RSS of the whole process tree.
4. Scores the warehouse against the synthetic truth with pipeline.evaluate (precision, recall, inconsistencies).
5. Prints every figure against its target and writes them to <out>/results-<N>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psutil  # noqa: E402

from benchmarks import targets  # noqa: E402
from benchmarks.runs import STAGES, RunMeasure, run_pipeline  # noqa: E402
from benchmarks.throughput import TEXT_FORMATS, EngineTiming  # noqa: E402
from pipeline.synth.corpus import Mix, generate_corpus, generator_version, plan_report  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MB = 1024**2


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="benchmarks/bench.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=20_000, help="synthetic reports in the corpus (default 20000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("OGI_WORKERS") or 0) or os.cpu_count() or 1,
                        help="OGI_WORKERS for the pipeline runs (default: OGI_WORKERS or the number of cores)")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "benchmarks" / "out", help="corpus, runs and results folder")
    parser.add_argument("--engine-sample", type=int, default=2000, help="text/HTML files timed on one core (default 2000)")
    parser.add_argument("--pdf-sample", type=int, default=60, help="PDF files timed on one core (default 60)")
    parser.add_argument("--top-up", type=float, default=0.01, help="share of new files for the third run (default 0.01)")
    parser.add_argument("--pdf-share", type=float, default=Mix().pdf, help=f"share of PDF reports (default {Mix().pdf})")
    parser.add_argument("--docx-share", type=float, default=Mix().docx, help=f"share of DOCX reports (default {Mix().docx})")
    parser.add_argument("--skip-eval", action="store_true", help="do not score against the synthetic truth")
    parser.add_argument("--full-run-only", action="store_true", help="only the run from scratch (e.g. for the 100k memory figure)")
    parser.add_argument("--abort-above-gb", type=float, default=8.0, help="kill a run whose process tree exceeds this (default 8)")
    return parser.parse_args(argv)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = psutil.virtual_memory().total / 1024**3
    return f"{cpu}, {os.cpu_count()} cores, {memory:.1f} GB RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}"


# --- corpus ----------------------------------------------------------------------------------------------


def prepare_corpus(corpus: Path, reports: int, seed: int, mix: Mix, workers: int) -> tuple[dict, float | None]:
    """Reuse the corpus if it holds exactly these reports, else generate it afresh."""
    summary_path = corpus / "corpus.json"
    if summary_path.exists():
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        same = (summary.get("reports"), summary.get("seed"), summary.get("mix"), summary.get("generator"))
        if same == (reports, seed, asdict(mix), generator_version()):
            return summary, None
    shutil.rmtree(corpus, ignore_errors=True)
    started = time.perf_counter()
    generate_corpus(corpus, reports, seed=seed, workers=workers, mix=mix)
    return json.loads(summary_path.read_text(encoding="utf-8")), time.perf_counter() - started


def remove_reports(corpus: Path, seed: int, mix: Mix, indices: range) -> None:
    for index in indices:
        plan = plan_report(seed, index, mix)
        (corpus / "raw" / plan.relative_path).unlink(missing_ok=True)
        (corpus / "labels" / f"{plan.file_id}.json").unlink(missing_ok=True)


def snapshot_code(run_dir: Path) -> Path:
    """A copy of the code the benchmark measures: other people's edits during a long run do not change it midway
    (which would also make the stage versions, and so the cache, change between the runs)."""
    code = run_dir / "code"
    for package in ("pipeline", "assets", "benchmarks"):
        shutil.copytree(PROJECT_ROOT / package, code / package, ignore=shutil.ignore_patterns("__pycache__", "out", "*.pyc"))
    return code


def engine_timing(code: Path, raw_dir: Path, formats: tuple[str, ...], limit: int) -> EngineTiming:
    """Per-document engine timing from a one-core subprocess running the snapshot."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.throughput", str(raw_dir), "--formats", ",".join(formats), "--limit", str(limit)],
        cwd=code, env={**os.environ, "PYTHONPATH": str(code)}, capture_output=True, text=True, check=True,
    )
    data = json.loads(result.stdout.strip().splitlines()[-1])
    return EngineTiming(files=data["files"], floor=data["floor"], stages=data["stages"], errors=data["errors"])


# --- printing --------------------------------------------------------------------------------------------


def print_corpus(summary: dict, generated: float | None, corpus: Path) -> None:
    counts = summary["counts"]
    fmt = lambda name: ", ".join(f"{k} {v}" for k, v in sorted(counts.get(name, {}).items(), key=lambda kv: -kv[1]))  # noqa: E731
    made = f"generated in {generated:.0f} s" if generated is not None else "reused"
    print(f"corpus: {summary['reports']} reports, {summary['bytes'] / MB:.0f} MB, seed {summary['seed']} ({made}) at {corpus}")
    print(f"  formats: {fmt('format')}")
    print(f"  templates: {fmt('template')}; levels: {fmt('level')}")
    print(f"  text table layouts: {fmt('table_layout')}")
    print(f"  encodings: {fmt('encoding')}; files: {fmt('kind')}")
    labelled = counts.get("labelled_inconsistencies", {})
    print(f"  truth: {counts.get('labelled_values', {}).get('total', 0)} labelled values; "
          f"{labelled.get('reports_with', 0)} reports with injected inconsistencies, {labelled.get('total', 0)} labelled ({fmt('inconsistency_kind')})")


def print_engine(text: EngineTiming, pdf: EngineTiming | None) -> None:
    ms = lambda seconds, timing: 1000 * seconds / max(timing.files, 1)  # noqa: E731
    print(f"\n1. Per-document engine on one core: {text.files} text/HTML reports (same files for the floor)")
    print(f"   {'floor: read + decode + one regex pass':<44} {ms(text.floor, text):8.2f} ms/report {text.per_second(text.floor):9.0f} reports/s")
    for stage, seconds in text.stages.items():
        print(f"   {stage:<44} {ms(seconds, text):8.2f} ms/report {text.per_second(seconds):9.0f} reports/s")
    print(f"   {'clean+extract (ingest + identity + extract)':<44} {ms(text.engine, text):8.2f} ms/report "
          f"{text.per_second(text.engine):9.0f} reports/s   {text.ratio_to_floor:.1f}x the floor")
    if pdf and pdf.files:
        print(f"   {'PDF reports (' + str(pdf.files) + ' files), all stages':<44} {ms(pdf.engine, pdf):8.2f} ms/report {pdf.per_second(pdf.engine):9.1f} reports/s")


def _roles_line(breakdown: dict[str, int]) -> str:
    """The tree's peak split by process: main, the pool workers, anything else (e.g. main 412 + workers 388/401)."""
    if not breakdown:
        return ""
    workers = [rss for role, rss in breakdown.items() if role.startswith("worker")]
    other = sum(rss for role, rss in breakdown.items() if role != "main" and not role.startswith("worker"))
    line = f"main {breakdown.get('main', 0) / MB:.0f}"
    if workers:
        line += " + workers " + "/".join(f"{rss / MB:.0f}" for rss in workers)
    return line + (f" + other {other / MB:.0f}" if other else "")


def print_run(measure: RunMeasure, reports: int) -> None:
    status = "ok" if measure.success else "FAILED"
    print(f"\n{measure.label} [{status}, run {measure.run_id}, mean load average {measure.rss.mean_load:.1f}]")
    print(f"   {'stage':<32} {'wall s':>8} {'CPU s':>8} {'reports/s':>10} {'peak RSS MB':>12}")
    for key, stage in STAGES:
        step = measure.step(key)
        if step is None:
            print(f"   {stage:<32} {'(not run)':>8}")
            continue
        rate = reports / step.seconds if step.seconds else float("inf")
        cpu = measure.rss.cpu_between(step.start, step.end)
        print(f"   {stage:<32} {step.seconds:8.2f} {cpu:8.1f} {rate:10.0f} {measure.rss.peak(step.start, step.end) / MB:12.0f}"
              f"   {_roles_line(measure.rss.breakdown(step.start, step.end))}")
    checks = measure.check_steps()
    if checks:
        # each step's own window: the asset steps (quality checks, publish) run between the two check steps
        cpu = sum(measure.rss.cpu_between(s.start, s.end) for s in checks)
        peak = max(measure.rss.peak(s.start, s.end) for s in checks)
        print(f"   {f'asset checks ({len(checks)} steps)':<32} {sum(s.seconds for s in checks):8.2f} "
              f"{cpu:8.1f} {'':>10} {peak / MB:12.0f}")
    if measure.run_start and measure.run_end:
        steps_total = sum(s.seconds for s in measure.steps)
        run_wall = measure.run_end - measure.run_start
        print(f"   {'Dagster bookkeeping in the run':<32} {run_wall - steps_total:8.2f}   (events between and around steps)")
        print(f"   {'start-up and exit':<32} {measure.wall - run_wall:8.2f}   (interpreter, imports, instance; summary print)")
    print(f"   {'end to end (process wall)':<32} {measure.wall:8.2f} {measure.cpu:8.1f} {reports / measure.wall:10.0f} {measure.rss.peak() / MB:12.0f}")
    if not measure.success:
        print(measure.output_tail)


# --- main ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out: Path = args.out.resolve()
    mix = replace(Mix(), pdf=args.pdf_share, docx=args.docx_share)
    corpus = out / f"corpus-{args.reports}-s{args.seed}"
    top_up = range(args.reports, args.reports + max(1, round(args.reports * args.top_up)))
    print(f"ogi-warehouse benchmark, {time.strftime('%Y-%m-%d %H:%M')}\nmachine: {machine()}\nworkers: OGI_WORKERS={args.workers}")
    remove_reports(corpus, args.seed, mix, top_up)  # a previous run may have been interrupted after its top-up
    summary, generated = prepare_corpus(corpus, args.reports, args.seed, mix, args.workers)
    print_corpus(summary, generated, corpus)
    raw_dir = corpus / "raw"

    run_dir = out / f"run-{args.reports}-s{args.seed}"
    shutil.rmtree(run_dir, ignore_errors=True)
    code = snapshot_code(run_dir)
    text_timing = engine_timing(code, raw_dir, TEXT_FORMATS, args.engine_sample)
    pdf_timing = engine_timing(code, raw_dir, ("pdf",), args.pdf_sample)
    print_engine(text_timing, pdf_timing)

    home = run_dir / "dagster_home"
    home.mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    env = {
        "OGI_RAW_DIR": str(raw_dir), "OGI_WAREHOUSE": str(run_dir / "ogi.duckdb"), "OGI_WORKERS": str(args.workers),
        "DAGSTER_HOME": str(home), "PYTHONPATH": str(code),
    }

    summary_before = (corpus / "corpus.json").read_text(encoding="utf-8")
    limit = int(args.abort_above_gb * 1024**3)
    full = run_pipeline(f"2. Full run, {args.reports} reports from scratch (python -m assets run, OGI_WORKERS={args.workers})", env, code, limit)
    print_run(full, args.reports)
    if args.full_run_only:
        peak = full.rss.peak()
        verdict = targets.Verdict(f"peak RSS, process tree, {args.reports} reports", f"{peak / MB:.0f} MB", "< 1536 MB at 100,000 reports",
                                  peak < targets.PEAK_BYTES if args.reports >= targets.PEAK_REPORTS else None)
        print("\n6. Targets\n   " + verdict.line())
        write_results(out / f"results-{args.reports}.json", args, summary, text_timing, pdf_timing, [full], None, [verdict])
        return 0 if full.success else 1
    unchanged = run_pipeline("3. Reload with nothing changed", env, code, limit)
    print_run(unchanged, args.reports)
    started = time.perf_counter()
    generate_corpus(corpus, len(top_up), seed=args.seed, start=top_up.start, workers=args.workers, mix=mix)
    print(f"\n   (added {len(top_up)} new reports in {time.perf_counter() - started:.1f} s)")
    topped = run_pipeline(f"4. Reload after adding {len(top_up)} new files ({args.top_up:.0%})", env, code, limit)
    print_run(topped, args.reports + len(top_up))

    evaluation = None
    if not args.skip_eval:
        evaluation = score(run_dir / "ogi_analytics.duckdb", corpus / "labels")
    remove_reports(corpus, args.seed, mix, top_up)
    (corpus / "corpus.json").write_text(summary_before, encoding="utf-8")

    verdicts = judge(args, text_timing, pdf_timing, full, unchanged, topped)
    print("\n6. Targets")
    for verdict in verdicts:
        print("   " + verdict.line())
    write_results(out / f"results-{args.reports}.json", args, summary, text_timing, pdf_timing, [full, unchanged, topped], evaluation, verdicts)
    return 0 if all(r.success for r in (full, unchanged, topped)) else 1


def score(analytics: Path, labels_dir: Path) -> dict | None:
    from benchmarks.score import score_warehouse
    from pipeline.evaluate import format_evaluation

    print("\n5. Accuracy against the synthetic truth (pipeline.evaluate on an indexed copy, labels in chunks)")
    if not analytics.exists():
        print("   no analytics copy was published; nothing to score")
        return None
    started = time.perf_counter()
    ev = score_warehouse(analytics, labels_dir)
    for line in format_evaluation(ev, show_misses=False).splitlines():
        print("   " + line)
    if ev.inconsistencies_labelled:
        print(f"   inconsistency recall: {ev.inconsistencies_found / ev.inconsistencies_labelled:.3f}")
    print(f"   (scored in {time.perf_counter() - started:.1f} s)")
    return {
        "value_precision": ev.values.precision,
        "value_recall": ev.values.recall,
        "category_precision": ev.categories.precision,
        "category_recall": ev.categories.recall,
        "inconsistency_recall": ev.inconsistencies_found / ev.inconsistencies_labelled if ev.inconsistencies_labelled else None,
        "inconsistencies_found": ev.inconsistencies_found,
        "inconsistencies_labelled": ev.inconsistencies_labelled,
        "clean_reports_flagged": ev.clean_reports_flagged,
        "clean_reports": ev.clean_reports,
    }


def judge(args, text: EngineTiming, pdf: EngineTiming | None, full: RunMeasure, unchanged: RunMeasure, topped: RunMeasure) -> list[targets.Verdict]:
    per_core = text.per_second(text.engine)
    budget = targets.full_run_budget(args.reports, args.workers)
    at_size = args.reports == targets.FULL_RUN_REPORTS and args.workers == 2
    peak = max(m.rss.peak() for m in (full, unchanged, topped))
    return [
        targets.Verdict("clean+extract text/HTML reports/s per core", f"{per_core:.0f} /s", f">= {targets.TEXT_PER_CORE:.0f} /s", per_core >= targets.TEXT_PER_CORE),
        targets.Verdict("clean+extract time / floor", f"{text.ratio_to_floor:.1f}x", f"<= {targets.FLOOR_RATIO:.0f}x", text.ratio_to_floor <= targets.FLOOR_RATIO),
        targets.Verdict(f"full run, {args.reports} reports, {args.workers} workers", f"{full.wall:.1f} s",
                        f"< {budget:.0f} s" + ("" if at_size else " (180 s per 20k on 2 cores, pro rata)"), full.success and full.wall < budget),
        targets.Verdict("reload, nothing changed", f"{unchanged.wall:.1f} s", f"< {targets.NO_CHANGE_SECONDS:.0f} s",
                        unchanged.success and unchanged.wall < targets.NO_CHANGE_SECONDS),
        targets.Verdict(f"reload after {args.top_up:.0%} new files", f"{topped.wall:.1f} s = {topped.wall / full.wall:.1%} of full",
                        f"< {targets.TOP_UP_SHARE:.0%} of the full run", topped.success and topped.wall < targets.TOP_UP_SHARE * full.wall),
        targets.Verdict(f"peak RSS, process tree, {args.reports} reports", f"{peak / MB:.0f} MB", "< 1536 MB at 100,000 reports",
                        peak < targets.PEAK_BYTES if args.reports >= targets.PEAK_REPORTS else None),
        targets.Verdict("PDF reports/s per core (own figure)", f"{pdf.per_second(pdf.engine):.1f} /s" if pdf and pdf.files else "no PDFs", "reported, no target", None),
    ]


def write_results(path: Path, args, summary: dict, text: EngineTiming, pdf: EngineTiming | None, runs: list[RunMeasure], evaluation, verdicts) -> None:
    def run_json(m: RunMeasure) -> dict:
        return {
            "label": m.label, "success": m.success, "wall_s": m.wall, "cpu_s": m.cpu, "peak_rss_mb": m.rss.peak() / MB,
            "mean_load": m.rss.mean_load, "run_wall_s": (m.run_end - m.run_start) if m.run_start and m.run_end else None,
            "steps": {s.key: {"seconds": s.seconds, "cpu_s": m.rss.cpu_between(s.start, s.end), "peak_rss_mb": m.rss.peak(s.start, s.end) / MB,
                              "at_peak_mb": {role: rss / MB for role, rss in m.rss.breakdown(s.start, s.end).items()}}
                      for s in m.steps},
        }

    results = {
        "when": time.strftime("%Y-%m-%d %H:%M"), "machine": machine(), "reports": args.reports, "seed": args.seed, "workers": args.workers,
        "corpus": summary,
        "engine": {"text": {**asdict(text), "ratio_to_floor": text.ratio_to_floor, "per_second": text.per_second(text.engine)},
                   "pdf": ({**asdict(pdf), "per_second": pdf.per_second(pdf.engine)} if pdf else None)},
        "runs": [run_json(m) for m in runs],
        "evaluation": evaluation,
        "targets": [asdict(v) for v in verdicts],
    }
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nfigures written to {path}")


if __name__ == "__main__":
    sys.exit(main())
