"""`python -m assets run`: materialise every asset and run every check, then print what was loaded.

Runs the reload_warehouse job in this process against the Dagster instance in $DAGSTER_HOME (so the run shows
in the UI's history), or an ephemeral instance when DAGSTER_HOME is not set.
"""

from __future__ import annotations

import gc

if __name__ == "__main__":
    # Start-up (the engine's, Dagster's, SQLAlchemy's and pandas' imports, the instance) allocates ~390,000
    # objects that live as long as the process, and little garbage (~2,700 objects of import-time cycles, none
    # with a finalizer): with the collector on, its ~50 middle and 4 full collections walk them again and again
    # (0.28-0.45 of ~1.6 CPU s). Off until run() freezes them, that garbage with them.
    gc.disable()

from assets.quick_exit import exit_after_handlers  # first handler registered: it must run after every other one

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pipeline.config import Settings
from pipeline.stages import prestart_workers

if __name__ == "__main__":
    # Before Dagster's imports: when the raw folder changed since the last scan, the workers import the engine
    # while this process imports Dagster and opens its instance (see prestart_workers).
    prestart_workers(Settings.from_env())

import dagster as dg

from assets.definitions import defs
from assets.instance_sqlite import sqlite_kept_open
from pipeline.summary import format_summary, summarize
from pipeline.warehouse.connect import connect


def read_summary(warehouse_path: Path) -> str | None:
    """What the warehouse holds, as printed at the end of a run (None when there is no warehouse yet)."""
    if not warehouse_path.exists():
        return None
    with connect(warehouse_path, read_only=True) as conn:
        return format_summary(summarize(conn))


def run(verbose: bool = False) -> int:
    settings = Settings.from_env()
    print(f"raw folder: {settings.raw_dir}\nwarehouse:  {settings.warehouse_path}\nanalytics:  {settings.analytics_path}")
    job = defs.resolve_job_def("reload_warehouse")
    # The console shows warnings and errors only; every event is in the run's log in the UI either way.
    log_level = "DEBUG" if verbose else "WARNING"
    run_config = {"loggers": {"console": {"config": {"log_level": log_level}}}}
    # sqlite_kept_open: the instance's SQLite files take the run's ~90 events without a checkpoint and a sync each
    with ThreadPoolExecutor(max_workers=1) as background, sqlite_kept_open():
        instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
        # What is loaded by now (Dagster, SQLAlchemy, pandas, the instance: ~390,000 objects) lives as long as the
        # process: kept out of the collector's reach, the run's full collections no longer walk it every time
        # (a +1% reload at 20k: garbage collection 1.19 -> 0.75 CPU s, its 7-8 full collections 0.86 -> 0.46).
        gc.freeze()
        gc.enable()  # off since start-up when this is the command (see the top of the module); on for the run
        result = job.execute_in_process(run_config=run_config, instance=instance, raise_on_error=False)
        # Read in a thread while the block's end checkpoints Dagster's SQLite files (disk syncs, ~50 ms): the
        # warehouse is DuckDB's, which the block does not touch, and both wait outside the interpreter.
        summary = background.submit(read_summary, settings.warehouse_path)
    failed_checks = [
        e.check_name
        for e in result.get_asset_check_evaluations()
        if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR
    ]
    summary_text = summary.result()
    if summary_text is not None:
        print(summary_text)
    if failed_checks:
        print(f"integrity checks failed, analytics copy not published: {', '.join(failed_checks)}", file=sys.stderr)
    if not result.success:
        print(f"run {result.run_id} failed; see the Dagster UI (make ui) or the log above", file=sys.stderr)
        return 1
    print(f"run {result.run_id} succeeded")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assets")
    parser.add_argument("command", choices=["run"], help="run: load the raw folder into the warehouse")
    parser.add_argument("--verbose", action="store_true", help="print every Dagster event, not only warnings")
    args = parser.parse_args(argv)
    return run(verbose=args.verbose)


if __name__ == "__main__":
    exit_after_handlers(main())
