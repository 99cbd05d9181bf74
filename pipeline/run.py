"""The whole pipeline without Dagster: the same stage functions the assets call, in order."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import stages
from pipeline.checks import run_checks
from pipeline.config import Settings
from pipeline.warehouse.build import build_warehouse
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


def run_all(settings: Settings, publish: bool = True) -> RunResult:
    manifest, _ = stages.run_scan(settings)
    ingest = stages.run_ingest(settings, manifest)
    keys = stages.current_document_keys(settings, manifest)
    identity = stages.run_identity(settings, keys)
    extract = stages.run_extract(settings, keys)
    rows = build_warehouse(settings)
    with connect(settings.warehouse_path) as conn:
        findings = write_check_results(conn, run_checks(conn))
    if publish:
        publish_analytics_copy(settings.warehouse_path, settings.analytics_path)
    return RunResult(manifest.num_rows, ingest, identity, extract, rows, findings)
