"""Asset checks: pipeline integrity (blocking: a broken load is never published) and one check per family of
report findings (warnings about the reports, never a failed run).

Both read the warehouse in SQL on a bounded DuckDB connection (connect(bounded=True)) and bring into Python
only counts and a few sample rows, so a 100k-report warehouse is checked in a few hundred MB. After a delta load
applied to a load found sound, the integrity checks of per-report rows read only the changed reports' rows
(pipeline.checks.integrity.changed_since_sound); run on their own from the UI they decide the same way.
"""

import dagster as dg
import duckdb
import pandas as pd

from assets.metadata import counts_table, markdown_table
from assets.resources import PipelineSettings
from assets.warehouse import quality_findings, warehouse_tables
from pipeline.checks import FAMILIES, INTEGRITY_CHECKS, family_of
from pipeline.checks.integrity import NARROWED, changed_since_sound, integrity_sql, record_sound, scope
from pipeline.warehouse import build
from pipeline.warehouse.connect import connect

SEVERITY_ORDER = {"error": 0, "warn": 1, "info": 2}
OFFENDER_COLUMNS = ["agency_name", "year", "metric_id", "applicant", "stated", "computed", "message"]
SAMPLE_ROWS = 10


def integrity_summary(conn, name: str, limit: int = SAMPLE_ROWS, narrowed: bool = False) -> tuple[int, pd.DataFrame]:
    """How many rows break one integrity check, and the first few of them (narrowed: among the rows of the
    reports in integrity.SCOPE, for a check that can be narrowed)."""
    sql = integrity_sql(name, narrowed)
    offending = conn.execute(f"SELECT count(*) FROM ({sql})").fetchall()[0][0]
    sample = conn.execute(f"SELECT * FROM ({sql}) LIMIT {int(limit)}").df() if offending else pd.DataFrame()
    return offending, sample


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(name, asset=warehouse_tables, description=description, blocking=True)
        for name, (description, _) in INTEGRITY_CHECKS.items()
    ],
    name="warehouse_integrity",
    description="Pipeline integrity of the load (blocking: when one fails, the analytics copy is not published).",
)
def integrity_checks(pipeline_settings: PipelineSettings):
    # one step for every integrity check: each step costs Dagster bookkeeping that dwarfs a count query
    settings = pipeline_settings.settings()
    with connect(settings.warehouse_path, read_only=True, bounded=True) as conn:
        loaded = _held_load(conn)
        changed = changed_since_sound(settings, loaded)
        narrowed = {name: changed is not None and name in NARROWED for name in INTEGRITY_CHECKS}
        with scope(conn, changed):
            summaries = {name: integrity_summary(conn, name, narrowed=narrowed[name]) for name in INTEGRITY_CHECKS}
    if loaded and all(offending == 0 for offending, _ in summaries.values()):
        record_sound(settings, loaded)
    for name, (offending, sample) in summaries.items():
        yield dg.AssetCheckResult(
            asset_key=warehouse_tables.key,
            check_name=name,
            passed=offending == 0,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "offending_rows": offending,
                "sample": markdown_table(sample),
                "rows_checked": (f"those of the {len(changed)} reports the last load changed (the load before was sound)"
                                 if narrowed[name] else "every row"),
            },
        )


def _held_load(conn) -> str | None:
    """The load the warehouse holds (schema_info.loaded_at), None when it holds none."""
    try:
        return build.connection_loaded_at(conn)
    except duckdb.Error:
        return None


_FAMILY = "split_part(c.check_name, '.', 1) = ?"
Counts = tuple[dict[str, int], dict[str, int]]  # findings per severity (every severity listed), per rule


def findings_counts(conn) -> dict[str, Counts]:
    """Every family's findings per severity and per rule, from one pass over check_results."""
    counts: dict[str, Counts] = {family: (dict.fromkeys(SEVERITY_ORDER, 0), {}) for family in FAMILIES}
    rows = conn.execute("SELECT check_name, severity, count(*) FROM check_results GROUP BY ALL").fetchall()
    for check_name, severity, n in rows:
        by_severity, by_rule = counts.setdefault(family_of(check_name), (dict.fromkeys(SEVERITY_ORDER, 0), {}))
        by_severity[severity] = by_severity.get(severity, 0) + int(n)
        by_rule[check_name] = by_rule.get(check_name, 0) + int(n)
    # rules by findings, most first (ties by name, as the rule table lists them)
    return {family: (by_severity, dict(sorted(by_rule.items(), key=lambda item: (-item[1], item[0]))))
            for family, (by_severity, by_rule) in counts.items()}


def family_counts(conn, family: str) -> Counts:
    """Findings of one family per severity (every severity listed) and per rule."""
    return findings_counts(conn).get(family) or (dict.fromkeys(SEVERITY_ORDER, 0), {})


def worst_offenders(conn, family: str, limit: int = 15) -> pd.DataFrame:
    """The family's findings, most severe first, then by the gap between stated and computed."""
    order = " ".join(f"WHEN '{s}' THEN {rank}" for s, rank in SEVERITY_ORDER.items())
    return conn.execute(
        f"""SELECT r.agency_name, c.year, c.metric_id, c.applicant, c.stated, c.computed, c.message
            FROM check_results AS c LEFT JOIN reports AS r USING (report_id)
            WHERE {_FAMILY}
            ORDER BY CASE c.severity {order} ELSE {len(SEVERITY_ORDER)} END,
                     coalesce(abs(c.stated - c.computed), 0) DESC
            LIMIT {int(limit)}""",
        [family],
    ).df()


def family_result(conn, family: str, counts: Counts | None = None) -> dg.AssetCheckResult:
    by_severity, by_rule = counts or family_counts(conn, family)
    offenders = worst_offenders(conn, family)
    total = sum(by_severity.values())
    return dg.AssetCheckResult(
        asset_key=quality_findings.key,
        check_name=f"{family}_findings",
        passed=by_severity["error"] + by_severity["warn"] == 0,
        severity=dg.AssetCheckSeverity.WARN,
        description=f"{total} findings: {by_severity['error']} error, {by_severity['warn']} warn, {by_severity['info']} info",
        metadata={
            **{f"{s}_findings": n for s, n in by_severity.items() if s in SEVERITY_ORDER},
            "by_rule": counts_table(by_rule, "rule", "findings"),
            "worst_offenders": markdown_table(offenders if len(offenders) else pd.DataFrame(columns=OFFENDER_COLUMNS), limit=15),
        },
    )


@dg.multi_asset_check(
    specs=[dg.AssetCheckSpec(f"{family}_findings", asset=quality_findings, description=description) for family, description in FAMILIES.items()],
    name="report_findings",
    description="One check per family of report findings: warnings about the reports, never a failed run.",
)
def family_checks(pipeline_settings: PipelineSettings):
    with connect(pipeline_settings.settings().warehouse_path, read_only=True, bounded=True) as conn:
        counts = findings_counts(conn)
        for family in FAMILIES:
            yield family_result(conn, family, counts[family])
