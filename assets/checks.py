"""Asset checks: pipeline integrity (blocking: a broken load is never published) and one check per family of
report findings (warnings about the reports, never a failed run)."""

import dagster as dg
import pandas as pd

from assets.metadata import counts_table, markdown_table
from assets.resources import PipelineSettings
from assets.warehouse import quality_findings, warehouse_tables
from pipeline.checks import FAMILIES, INTEGRITY_CHECKS, integrity_problems
from pipeline.warehouse.connect import connect

SEVERITY_ORDER = {"error": 0, "warn": 1, "info": 2}
OFFENDER_COLUMNS = ["agency_name", "year", "metric_id", "applicant", "stated", "computed", "message"]


def _integrity_check(name: str, description: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=warehouse_tables, name=name, description=description, blocking=True)
    def _check(pipeline_settings: PipelineSettings) -> dg.AssetCheckResult:
        with connect(pipeline_settings.settings().warehouse_path, read_only=True) as conn:
            problems = integrity_problems(conn, name)
        return dg.AssetCheckResult(
            passed=problems.empty,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={"offending_rows": len(problems), "sample": markdown_table(problems)},
        )

    return _check


def family_findings(conn, family: str) -> pd.DataFrame:
    return conn.execute(
        """SELECT c.*, r.agency_name FROM check_results AS c LEFT JOIN reports AS r USING (report_id)
           WHERE split_part(c.check_name, '.', 1) = ?""",
        [family],
    ).df()


def worst_offenders(findings: pd.DataFrame, limit: int = 15) -> pd.DataFrame:
    if findings.empty:
        return pd.DataFrame(columns=OFFENDER_COLUMNS)
    ranked = findings.assign(
        _severity=findings["severity"].map(SEVERITY_ORDER),
        _gap=(findings["stated"] - findings["computed"]).abs().fillna(0),
    ).sort_values(["_severity", "_gap"], ascending=[True, False])
    return ranked[OFFENDER_COLUMNS].head(limit)


def _family_check(family: str, description: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=quality_findings, name=f"{family}_findings", description=description)
    def _check(pipeline_settings: PipelineSettings) -> dg.AssetCheckResult:
        with connect(pipeline_settings.settings().warehouse_path, read_only=True) as conn:
            findings = family_findings(conn, family)
        by_severity = {s: int((findings["severity"] == s).sum()) for s in SEVERITY_ORDER}
        return dg.AssetCheckResult(
            passed=by_severity["error"] + by_severity["warn"] == 0,
            severity=dg.AssetCheckSeverity.WARN,
            description=f"{len(findings)} findings: {by_severity['error']} error, {by_severity['warn']} warn, {by_severity['info']} info",
            metadata={
                **{f"{s}_findings": n for s, n in by_severity.items()},
                "by_rule": counts_table(findings["check_name"].value_counts().to_dict() if len(findings) else {}, "rule", "findings"),
                "worst_offenders": markdown_table(worst_offenders(findings), limit=15),
            },
        )

    return _check


integrity_checks = [_integrity_check(name, description) for name, (description, _) in INTEGRITY_CHECKS.items()]
family_checks = [_family_check(family, description) for family, description in FAMILIES.items()]
