"""Notes on what an included report lacks (family 'completeness', info).

- standard_table: a v2019/v2021 report with no figure read from one of its standard tables 二, 三 or 四
  (checks_standard_tables.csv; the table's metrics are the catalog's template-specific metrics of its
  sections). Prose restating a figure does not make up for the missing table.
- identity: an included report that names no agency or no year.
"""

from __future__ import annotations

from functools import cache

import duckdb
import pandas as pd

from pipeline.catalog import load_catalog
from pipeline.checks import rulebook
from pipeline.checks.frame import collect, concat, registered
from pipeline.checks.numbers import clip

TABLE_METRICS = "_check_table_metrics"
STANDARD_TEMPLATES = ("v2019", "v2021")
TABLE_ONLY_TEMPLATES = ("v2019", "v2021", "v2019+")  # metrics that exist only in the standard tables


@cache
def table_metrics() -> pd.DataFrame:
    """template, numeral, title_zh, metric_id: the metrics a standard table of a template holds."""
    rows = [
        (template, table.numeral, table.title_zh, metric.metric_id)
        for template in STANDARD_TEMPLATES
        for table in rulebook.standard_tables()
        for metric in load_catalog().in_sections(*table.sections)
        if metric.template in TABLE_ONLY_TEMPLATES and metric.applies_to(template)
    ]
    return pd.DataFrame(rows, columns=["template", "numeral", "title_zh", "metric_id"])


def _standard_table_sql() -> str:
    return f"""
        WITH expected AS (
            SELECT r.report_id, r.template, r.title, e.numeral, e.title_zh
            FROM reports AS r JOIN (SELECT DISTINCT template, numeral, title_zh FROM {TABLE_METRICS}) AS e USING (template)
            WHERE r.included
        ), read AS (
            SELECT DISTINCT v.report_id, t.numeral
            FROM metric_mentions AS v
            JOIN reports AS r USING (report_id)
            JOIN {TABLE_METRICS} AS t ON t.metric_id = v.metric_id AND t.template = r.template
            WHERE v.method = 'table'
        )
        SELECT 'completeness.standard_table' AS check_name, 'info' AS severity, e.report_id, NULL AS metric_id,
               NULL AS applicant, NULL::DOUBLE AS stated, NULL::DOUBLE AS computed,
               'no figure was read from standard table ' || e.numeral || ' (' || e.title_zh || ') of this '
                 || e.template || ' report: the table is missing or could not be read' AS message,
               {clip('e.title')} AS snippet
        FROM expected AS e ANTI JOIN read AS d USING (report_id, numeral)
    """


def _identity_sql() -> str:
    return f"""
        SELECT 'completeness.identity' AS check_name, 'info' AS severity, report_id, NULL AS metric_id,
               NULL AS applicant, NULL::DOUBLE AS stated, NULL::DOUBLE AS computed,
               CASE WHEN agency_name IS NULL AND year IS NULL THEN 'the report names neither its agency nor its year'
                    WHEN agency_name IS NULL THEN 'the report does not say which agency it is from'
                    ELSE 'the report does not say which year it covers' END AS message,
               {clip('title')} AS snippet
        FROM reports WHERE included AND (agency_name IS NULL OR year IS NULL)
    """


def lookups() -> dict[str, pd.DataFrame]:
    return {TABLE_METRICS: table_metrics()}


def find(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    with registered(conn, lookups()):
        return concat([collect(conn, _standard_table_sql()), collect(conn, _identity_sql())])
