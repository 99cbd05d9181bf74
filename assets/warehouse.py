"""Warehouse stage: the DuckDB tables analysts query, the quality findings, and the published copy."""

import dagster as dg

from assets.extraction import extracted_values
from assets.metadata import column_schema, counts_table, markdown_table
from assets.resources import PipelineSettings
from pipeline.run import publish_if_behind, refresh_findings
from pipeline.summary import summarize
from pipeline.warehouse.build import build_warehouse
from pipeline.warehouse.connect import connect
from pipeline.warehouse.schema import CHECK_RESULTS, REPORTS

WAREHOUSE_POOL = "ogi_warehouse"  # one writer: assets that open the DuckDB file read-write share this pool


def latest_requests(conn, rows: int = 10):
    """The first rows of agency_year_requests by year (latest first), then agency name: the UI's preview.

    The view pivots every value of every chosen report (1.2 s at 20,000 reports on a busy host); the rows asked
    for are all in the latest years, so the view is read from the year of the rows-th latest agency-year on
    (0.2 s; each agency-year is one row of the view)."""
    query = ("SELECT agency_name, year, template, requests_new_received, requests_processed_total "
             "FROM agency_year_requests {where} ORDER BY year DESC NULLS LAST, agency_name LIMIT ?")
    from_year = conn.execute(
        "SELECT year FROM reports WHERE included AND year IS NOT NULL GROUP BY coalesce(agency_id, report_id), year "
        "ORDER BY year DESC LIMIT 1 OFFSET ?",
        [rows - 1],
    ).fetchone()
    if from_year is None:  # fewer agency-years with a year than rows: the rest have none, all of the view is shown
        return conn.execute(query.format(where=""), [rows]).df()
    return conn.execute(query.format(where="WHERE year >= ?"), [from_year[0], rows]).df()


@dg.asset(group_name="warehouse", deps=[extracted_values], kinds={"duckdb"}, pool=WAREHOUSE_POOL)
def warehouse_tables(context: dg.AssetExecutionContext, pipeline_settings: PipelineSettings) -> dg.MaterializeResult:
    """The warehouse (OGI_WAREHOUSE, default data/warehouse/ogi.duckdb), replaced in one transaction: reports
    (one row per document, included or excluded with the reason), metric_values (one figure per report, metric,
    applicant column and period, with its source text), metric_mentions, category_values, unmapped_values,
    ingest_errors, agencies with their names and lineage, the metric catalog, and the year-by-agency views
    agency_year_proactive, agency_year_requests, agency_year_review_litigation and agency_year_operations."""
    settings = pipeline_settings.settings()
    rows = build_warehouse(settings)
    with connect(settings.warehouse_path, read_only=True) as conn:
        summary = summarize(conn)
        sample = latest_requests(conn)
    context.log.info(f"loaded {rows}")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows["metric_values"],
            "dagster/table_name": "ogi.main.metric_values",
            "dagster/column_schema": column_schema(REPORTS),
            "warehouse": dg.MetadataValue.path(str(settings.warehouse_path)),
            "rows_by_table": counts_table(rows, "table", "rows"),
            "reports_loaded": summary.reports_loaded,
            "excluded_by_reason": counts_table(summary.excluded, "reason", "documents"),
            "ingest_errors_by_code": counts_table(summary.ingest_errors, "error", "rows"),
            "agency_year_requests_preview": markdown_table(sample),
        }
    )


@dg.asset(group_name="warehouse", deps=[warehouse_tables], kinds={"duckdb"}, pool=WAREHOUSE_POOL)
def quality_findings(context: dg.AssetExecutionContext, pipeline_settings: PipelineSettings) -> dg.MaterializeResult:
    """check_results: every inconsistency the reports themselves contain (totals that don't add up, flows that
    don't balance, shares that don't match, figures stated twice differently, carried-over requests that don't
    match last year's, missing tables...), one row per finding with the stated and computed values and the
    source text. Findings describe the reports; they never stop a load. Each family is an asset check below."""
    settings = pipeline_settings.settings()
    result = refresh_findings(settings)
    findings = result.frame
    by_severity = findings["severity"].value_counts().to_dict() if len(findings) else {}
    how = (" (warehouse unchanged: kept)" if not result.recomputed else "" if not result.incremental
           else f" ({result.rechecked} reports of the agencies the load changed rechecked, the rest kept)")
    context.log.info(f"{len(findings)} findings {by_severity}{how}")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": len(findings),
            "recomputed": result.recomputed,
            "reports_rechecked": result.rechecked,
            "dagster/table_name": "ogi.main.check_results",
            "dagster/column_schema": column_schema(CHECK_RESULTS),
            "findings_by_severity": counts_table({str(k): int(v) for k, v in by_severity.items()}, "severity", "findings"),
            "preview": markdown_table(findings[["check_name", "severity", "metric_id", "stated", "computed", "message"]]),
        }
    )


@dg.asset(group_name="publish", deps=[warehouse_tables, quality_findings], kinds={"duckdb"})
def analytics_copy(context: dg.AssetExecutionContext, pipeline_settings: PipelineSettings) -> dg.MaterializeResult:
    """The read-only copy analysts and the UI open (<warehouse>_analytics.duckdb, default
    data/warehouse/ogi_analytics.duckdb), replaced atomically at the end of each run: a reader never blocks a
    load and never sees half of one. Not published when an integrity check fails."""
    settings = pipeline_settings.settings()
    published = publish_if_behind(settings)
    path = settings.analytics_path
    context.log.info(f"published {path}" if published else f"{path} already holds the current load")
    return dg.MaterializeResult(
        metadata={"path": dg.MetadataValue.path(str(path)), "size_bytes": path.stat().st_size, "republished": published}
    )
