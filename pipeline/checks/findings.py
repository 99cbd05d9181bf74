"""Report-level findings: every family of inconsistency the warehouse can show."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipeline.catalog import load_catalog

FAMILIES = {
    "sum": "Parent totals vs the sum of their children, applicant columns and the requests flow.",
    "categories": "Stated totals vs the sum of their listed categories; stated shares vs count / total.",
    "cross_section": "The same figure stated twice (prose and table) with different values.",
    "cross_year": "Carried-over requests, stock of documents in force and cumulative figures across years.",
    "completeness": "Standard tables missing from v2019/v2021 reports; reports without agency or year.",
    "plausibility": "Negative counts, parts larger than their whole, values far outside an agency's history.",
}
FINDING_COLUMNS = [
    "check_name",
    "severity",
    "report_id",
    "agency_id",
    "year",
    "metric_id",
    "applicant",
    "stated",
    "computed",
    "message",
    "snippet",
]


def _parent_children_sums(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    catalog = load_catalog()
    pairs = pd.DataFrame(
        [(m.metric_id, m.parent_id) for m in catalog.metrics if m.parent_id], columns=["child_id", "parent_id"]
    )
    conn.register("_pairs", pairs)
    try:
        return conn.execute(
            """
            WITH expected AS (
                SELECT parent_id, count(*) AS n_children FROM _pairs GROUP BY parent_id
            ), sums AS (
                SELECT c.report_id, p.parent_id, c.applicant, c.period, sum(c.value) AS computed, count(*) AS n_stated
                FROM metric_values AS c JOIN _pairs AS p ON p.child_id = c.metric_id
                GROUP BY ALL
            )
            SELECT 'sum.parent_children' AS check_name, 'error' AS severity, s.report_id, r.agency_id, r.year,
                   s.parent_id AS metric_id, s.applicant, v.value AS stated, s.computed,
                   printf('%s (%s) is stated as %g but its parts add up to %g', m.label_zh, s.parent_id, v.value, s.computed) AS message,
                   v.snippet
            FROM sums AS s
            JOIN expected AS e USING (parent_id)
            JOIN metric_values AS v ON v.report_id = s.report_id AND v.metric_id = s.parent_id
                 AND v.applicant = s.applicant AND v.period = s.period
            JOIN reports AS r ON r.report_id = s.report_id
            JOIN metrics AS m ON m.metric_id = s.parent_id
            WHERE s.n_stated = e.n_children AND abs(v.value - s.computed) > 1e-6
            """
        ).df()
    finally:
        conn.unregister("_pairs")


def _missing_identity(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return conn.execute(
        """
        SELECT 'completeness.identity' AS check_name, 'info' AS severity, report_id, agency_id, year,
               NULL AS metric_id, NULL AS applicant, NULL::DOUBLE AS stated, NULL::DOUBLE AS computed,
               CASE WHEN agency_name IS NULL AND year IS NULL THEN 'the report names neither its agency nor its year'
                    WHEN agency_name IS NULL THEN 'the report does not say which agency it is from'
                    ELSE 'the report does not say which year it covers' END AS message,
               title AS snippet
        FROM reports WHERE included AND (agency_name IS NULL OR year IS NULL)
        """
    ).df()


def run_checks(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every finding about the loaded reports, in the check_results layout."""
    frames = [_parent_children_sums(conn), _missing_identity(conn)]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=FINDING_COLUMNS)
    return pd.concat(frames, ignore_index=True)[FINDING_COLUMNS]
