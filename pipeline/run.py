"""The whole pipeline without Dagster: the same stage functions the assets call, in order.

The last two steps only do work when their input changed: checks are recomputed when the warehouse holds a
new load (for the agencies whose reports it changed, see pipeline.checks.refresh) or the checks' code changed,
and the analytics copy is republished when it is behind.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import stages
from pipeline.checks.refresh import Findings, refresh_findings
from pipeline.config import Settings
from pipeline.warehouse.build import build_warehouse, last_load_changes, publish_is_current, record_published
from pipeline.warehouse.publish import publish_analytics_copy

__all__ = ["Findings", "RunResult", "publish_if_behind", "refresh_findings", "run_all"]


@dataclass
class RunResult:
    files: int
    ingest: stages.StageReport
    identity: stages.StageReport
    extract: stages.StageReport
    table_rows: dict[str, int]
    findings: int


def publish_if_behind(settings: Settings) -> bool:
    """Publish the analytics copy unless it already holds the current load; True when it was (re)published."""
    if publish_is_current(settings) and settings.analytics_path.exists():
        return False
    publish_analytics_copy(settings.warehouse_path, settings.analytics_path, last_load_changes(settings))
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
