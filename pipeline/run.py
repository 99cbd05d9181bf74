"""The whole pipeline without Dagster: the same stage functions the assets call, in order.

The last two steps only do work when their input changed: checks are recomputed when the warehouse holds a
new load (or the checks' code changed), and the analytics copy is republished when it is behind.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline import stages
from pipeline.checks import FINDING_COLUMNS, run_checks
from pipeline.config import Settings
from pipeline.warehouse.build import build_warehouse, checks_are_current, publish_is_current, record_checks, record_published
from pipeline.warehouse.connect import connect
from pipeline.warehouse.load import write_check_results
from pipeline.warehouse.publish import publish_analytics_copy


@dataclass
class RunResult:
    files: int
    ingest: stages.StageReport
    identity: stages.StageReport
    extract: stages.StageReport
    table_rows: dict[str, int]
    findings: int


@dataclass
class Findings:
    frame: pd.DataFrame  # check_results as they now are
    recomputed: bool


def refresh_findings(settings: Settings) -> Findings:
    """Run every check on the loaded warehouse and store check_results, unless they are already current."""
    if checks_are_current(settings):
        with connect(settings.warehouse_path, read_only=True) as conn:
            return Findings(conn.execute(f"SELECT {', '.join(FINDING_COLUMNS)} FROM check_results").df(), recomputed=False)
    with connect(settings.warehouse_path) as conn:
        findings = run_checks(conn)
        write_check_results(conn, findings)
    record_checks(settings)
    return Findings(findings, recomputed=True)


def publish_if_behind(settings: Settings) -> bool:
    """Publish the analytics copy unless it already holds the current load; True when it was (re)published."""
    if publish_is_current(settings) and settings.analytics_path.exists():
        return False
    publish_analytics_copy(settings.warehouse_path, settings.analytics_path)
    record_published(settings)
    return True


def run_all(settings: Settings, publish: bool = True) -> RunResult:
    manifest, _ = stages.run_scan(settings)
    ingest = stages.run_ingest(settings, manifest)
    keys = stages.current_document_keys(settings, manifest)
    identity = stages.run_identity(settings, keys)
    extract = stages.run_extract(settings, keys)
    rows = build_warehouse(settings)
    findings = refresh_findings(settings)
    if publish:
        publish_if_behind(settings)
    return RunResult(manifest.num_rows, ingest, identity, extract, rows, len(findings.frame))
