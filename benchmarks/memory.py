"""Where the memory of a pipeline run goes: peak RSS per stage for the whole tree and for each process in it.

    .venv/bin/python -m benchmarks.memory RAW_DIR [--workers 2] [--out DIR]

Runs `python -m assets run` (as the benchmark does) on RAW_DIR from scratch into a fresh warehouse under
--out, and prints per stage the tree's peak, each process's RSS at that peak (main process, each pool worker)
and each process's own peak within the stage: the benchmark's figure is a sum, and a regression shows up in
one of its terms.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from benchmarks.runs import PROJECT_ROOT, STAGES, RunMeasure, run_pipeline

MB = 1024**2


def stage_memory(measure: RunMeasure) -> list[dict]:
    """Per step: name, tree peak, the breakdown at that peak and every role's own peak (MB)."""
    names = dict(STAGES)
    rows = []
    for step in measure.steps:
        trace = measure.rss
        rows.append({
            "step": names.get(step.key, step.key),
            "seconds": round(step.seconds, 1),
            "tree_peak_mb": round(trace.peak(step.start, step.end) / MB),
            "at_peak_mb": {role: round(rss / MB) for role, rss in trace.breakdown(step.start, step.end).items()},
            "own_peak_mb": {role: round(rss / MB) for role, rss in trace.role_peaks(step.start, step.end).items()},
        })
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("raw_dir", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "benchmarks" / "out" / "memory")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    shutil.rmtree(out, ignore_errors=True)
    home = out / "dagster_home"
    home.mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    env = {"OGI_RAW_DIR": str(args.raw_dir.resolve()), "OGI_WAREHOUSE": str(out / "ogi.duckdb"),
           "OGI_WORKERS": str(args.workers), "DAGSTER_HOME": str(home), "PYTHONPATH": str(PROJECT_ROOT)}
    measure = run_pipeline(f"memory run of {args.raw_dir}", env, PROJECT_ROOT)
    rows = stage_memory(measure)
    print(f"run {'ok' if measure.success else 'FAILED'} in {measure.wall:.0f} s, tree peak {measure.rss.peak() / MB:.0f} MB")
    for row in rows:
        at = ", ".join(f"{k} {v}" for k, v in row["at_peak_mb"].items())
        own = ", ".join(f"{k} {v}" for k, v in row["own_peak_mb"].items())
        print(f"  {row['step']:<22} {row['seconds']:7.1f} s  tree {row['tree_peak_mb']:5d} MB  at peak: {at}\n"
              f"  {'':<22} {'':>9}  own peaks: {own}")
    if args.json:
        args.json.write_text(json.dumps({"wall_s": measure.wall, "steps": rows}, indent=1))
    if not measure.success:
        print(measure.output_tail)
    return 0 if measure.success else 1


if __name__ == "__main__":
    sys.exit(main())
