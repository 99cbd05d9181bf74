"""Command line for the engine, without Dagster.

    python -m pipeline run                                  load OGI_RAW_DIR into OGI_WAREHOUSE (engine only)
    python -m pipeline eval --labels DIR [--warehouse PATH]  score a warehouse against label files
    python -m pipeline summary [--warehouse PATH]            print what a warehouse contains
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.config import Settings
from pipeline.evaluate import evaluate, format_evaluation, load_labels
from pipeline.summary import format_summary, summarize
from pipeline.warehouse.connect import connect


def _warehouse(path: str | None) -> Path:
    """The analytics copy by default: reading it never competes with a running load."""
    return Path(path).resolve() if path else Settings.from_env().analytics_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="load the raw folder into the warehouse without Dagster")
    evaluate_cmd = commands.add_parser("eval", help="score a warehouse against hand-checked labels")
    evaluate_cmd.add_argument("--labels", required=True, help="folder of <id>.json label files")
    evaluate_cmd.add_argument("--warehouse", help="DuckDB file to score (default: the analytics copy of OGI_WAREHOUSE)")
    evaluate_cmd.add_argument("--quiet", action="store_true", help="figures only, no list of misses")
    summary_cmd = commands.add_parser("summary", help="print what a warehouse contains")
    summary_cmd.add_argument("--warehouse")
    args = parser.parse_args(argv)

    if args.command == "run":
        from pipeline.run import run_all

        settings = Settings.from_env()
        run_all(settings)
        with connect(settings.analytics_path, read_only=True) as conn:
            print(format_summary(summarize(conn)))
        return 0
    path = _warehouse(args.warehouse)
    if not path.exists():
        print(f"no warehouse at {path}; run `make run` (or python -m pipeline run) first", file=sys.stderr)
        return 2
    with connect(path, read_only=True) as conn:
        if args.command == "summary":
            print(format_summary(summarize(conn)))
            return 0
        labels_dir = Path(args.labels)
        if not labels_dir.is_dir():
            print(f"no label folder at {labels_dir}", file=sys.stderr)
            return 2
        print(format_evaluation(evaluate(conn, load_labels(labels_dir)), show_misses=not args.quiet))
    return 0


if __name__ == "__main__":
    sys.exit(main())
