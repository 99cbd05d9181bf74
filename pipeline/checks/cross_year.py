"""Figures that tie one year's report of an agency to its previous years (family 'cross_year', warn).

- carried_over (checks_continuity.csv): this year's 上年结转 = last year's 结转下年度继续办理, per column.
- stock_flow (checks_stock_flow.csv): last year's 现行有效件数 + this year's 制发 − 废止 = this year's 现行有效件数.
- cumulative_decrease: a 历年累计 figure below the same agency's figure of an earlier year.

Each agency-year is represented by the report agency_year_reports chooses (the views analysts read), and a
finding is about the later report. A figure read as one of several cells out of a single run of digits
glued to its row's label ('行政规范性文件214': 2 | 1 | 4, or 2 | blank | 14?) is never compared across years:
where its cell ends was guessed, and a wrong guess would blame another year's report for what this one's text
left open (20k synthetic run: all 6 stock-flow findings, 5 of them on clean reports, were such guesses). Nor
is an agency that has two different included reports for one year: most often two agencies under one name
(市中区人民政府 of four cities), whose years interleave (100k synthetic run: 110 of 135 cross-year findings).
Only consecutive years are compared for continuity and stock-flow, and not against a previous figure its own
report already shows to be wrong (a 结转下年度 row whose 总计 is not the sum of its columns, or a column whose
flow does not hold): the sum family reports that year's error, and the later report, which may well state the
true figure, is not blamed for it.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from pipeline.checks import parts, rulebook, sums
from pipeline.checks.frame import collect, concat, registered
from pipeline.checks.numbers import clip, decimals, glued_run, number_text, sum_tolerance
from pipeline.checks.wording import APPLICANT_LABELS, column_note

CONTINUITY = "_check_continuity"
STOCK_FLOWS = "_check_stock_flows"
IN_DOUBT = "_check_in_doubt"
GUESSED = "_check_guessed_cells"
MIXED = "_check_mixed_agencies"

# One value per agency, year, metric, applicant and period, from the report chosen for that agency-year.
AGENCY_YEAR_VALUES = """
    SELECT c.agency_id, c.year, v.*
    FROM agency_year_reports AS c JOIN metric_values AS v USING (report_id)
    WHERE c.agency_id IS NOT NULL AND c.year IS NOT NULL
      AND c.agency_id NOT IN (SELECT agency_id FROM {MIXED})
      AND NOT EXISTS (SELECT 1 FROM {GUESSED} AS g
                      WHERE g.report_id = v.report_id AND g.metric_id = v.metric_id
                        AND g.applicant = v.applicant AND g.period = v.period)
""".format(GUESSED=GUESSED, MIXED=MIXED)

# Agencies with two different included reports for one year: most often two agencies under one name (铁西区水利局
# of 沈阳 and of 鞍山, 市中区人民政府 of four cities), whose years interleave in agency_year_reports, so no year
# of theirs can be tied to the one before.
MIXED_SQL = """
    SELECT DISTINCT agency_id FROM reports
    WHERE included AND agency_id IS NOT NULL AND year IS NOT NULL
    GROUP BY agency_id, year HAVING count(DISTINCT content_sha256) > 1
"""

# Table figures read as one of several cells out of a single run of digits glued to the row's label.
GUESSED_SQL = f"""
    SELECT report_id, metric_id, applicant, period
    FROM (SELECT *, count(*) OVER (PARTITION BY report_id, char_start, snippet) AS cells
          FROM metric_values WHERE method = 'table' AND {glued_run('snippet')})
    WHERE cells > 1
"""


def _continuity_sql() -> str:
    tolerance = sum_tolerance(f"least({decimals('cur.value')}, {decimals('prev.value')})", "1")
    return f"""
        WITH cur AS ({AGENCY_YEAR_VALUES} AND v.metric_id IN (SELECT metric_id FROM {CONTINUITY})),
        prev AS ({AGENCY_YEAR_VALUES} AND v.metric_id IN (SELECT previous_year_metric_id FROM {CONTINUITY}))
        SELECT 'cross_year.carried_over' AS check_name, 'warn' AS severity, cur.report_id, cur.metric_id, cur.applicant,
               cur.value AS stated, prev.value AS computed,
               m.label_zh || ' [' || cur.metric_id || ']' || {column_note('cur.applicant', 'cur.period')} || ' is '
                 || {number_text('cur.value')} || ' in ' || cur.year || ', but the ' || prev.year || ' report gives '
                 || pm.label_zh || ' [' || prev.metric_id || '] = ' || {number_text('prev.value')} AS message,
               {clip('cur.snippet')} AS snippet
        FROM cur
        JOIN {CONTINUITY} AS k ON k.metric_id = cur.metric_id
        JOIN prev
          ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1 AND prev.metric_id = k.previous_year_metric_id
         AND prev.applicant = cur.applicant AND prev.period = cur.period
        JOIN metrics AS m ON m.metric_id = cur.metric_id
        JOIN metrics AS pm ON pm.metric_id = prev.metric_id
        WHERE abs(cur.value - prev.value) > {tolerance}
          AND NOT EXISTS (
              SELECT 1 FROM {IN_DOUBT} AS d
              WHERE d.report_id = prev.report_id AND d.metric_id = prev.metric_id AND d.period = prev.period
                AND (d.applicant IS NULL OR d.applicant = prev.applicant))
    """


def _stock_flow_sql() -> str:
    expected = "prev.value + inflow.value - outflow.value"
    tolerance = sum_tolerance(
        f"least({decimals('stock.value')}, {decimals('prev.value')}, {decimals('inflow.value')}, {decimals('outflow.value')})", "4"
    )
    return f"""
        WITH v AS ({AGENCY_YEAR_VALUES} AND v.applicant = 'total' AND v.period = 'year'
                   AND v.metric_id IN (SELECT unnest([stock, inflow, outflow]) FROM {STOCK_FLOWS}))
        SELECT 'cross_year.stock_flow' AS check_name, 'warn' AS severity, stock.report_id, stock.metric_id,
               'total' AS applicant, stock.value AS stated, {expected} AS computed,
               m.label_zh || ' [' || stock.metric_id || '] is ' || {number_text('stock.value')} || ' in ' || stock.year
                 || ', but ' || prev.year || '''s ' || {number_text('prev.value')} || ' + ' || mi.label_zh || ' [' || s.inflow
                 || '] ' || {number_text('inflow.value')} || ' − ' || mo.label_zh || ' [' || s.outflow || '] '
                 || {number_text('outflow.value')} || ' = ' || {number_text(expected)} AS message,
               {clip('stock.snippet')} AS snippet
        FROM v AS stock
        JOIN {STOCK_FLOWS} AS s ON s.stock = stock.metric_id
        JOIN v AS inflow ON inflow.report_id = stock.report_id AND inflow.metric_id = s.inflow
        JOIN v AS outflow ON outflow.report_id = stock.report_id AND outflow.metric_id = s.outflow
        JOIN v AS prev ON prev.agency_id = stock.agency_id AND prev.year = stock.year - 1 AND prev.metric_id = s.stock
        JOIN metrics AS m ON m.metric_id = stock.metric_id
        JOIN metrics AS mi ON mi.metric_id = s.inflow
        JOIN metrics AS mo ON mo.metric_id = s.outflow
        WHERE abs(stock.value - ({expected})) > {tolerance}
    """


def _cumulative_sql() -> str:
    tolerance = sum_tolerance(f"least({decimals('s.value')}, {decimals('s.earlier_value')})", "1")
    return f"""
        WITH v AS ({AGENCY_YEAR_VALUES} AND v.period = 'cumulative'),
        s AS (
            SELECT *, lag(value) OVER w AS earlier_value, lag(year) OVER w AS earlier_year
            FROM v WINDOW w AS (PARTITION BY agency_id, metric_id, applicant ORDER BY year)
        )
        SELECT 'cross_year.cumulative_decrease' AS check_name, 'warn' AS severity, s.report_id, s.metric_id, s.applicant,
               s.value AS stated, s.earlier_value AS computed,
               m.label_zh || ' [' || s.metric_id || '] 历年累计 is ' || {number_text('s.value')} || ' in ' || s.year
                 || ', less than the ' || {number_text('s.earlier_value')} || ' of ' || s.earlier_year
                 || ': a cumulative figure cannot decrease' AS message,
               {clip('s.snippet')} AS snippet
        FROM s JOIN metrics AS m ON m.metric_id = s.metric_id
        WHERE s.earlier_value IS NOT NULL AND s.value < s.earlier_value - {tolerance}
    """


def lookups() -> dict[str, pd.DataFrame]:
    flows = pd.DataFrame([(f.stock, f.inflow, f.outflow) for f in rulebook.stock_flows()], columns=["stock", "inflow", "outflow"])
    return {CONTINUITY: rulebook.continuity(), STOCK_FLOWS: flows, APPLICANT_LABELS: rulebook.applicant_labels()}


def find(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    with parts.parts_table(conn), registered(conn, {**lookups(), **parts.lookups()}):
        conn.execute(f"CREATE OR REPLACE TEMP TABLE {IN_DOUBT} AS {sums.in_doubt_sql()}")
        conn.execute(f"CREATE OR REPLACE TEMP TABLE {GUESSED} AS {GUESSED_SQL}")
        conn.execute(f"CREATE OR REPLACE TEMP TABLE {MIXED} AS {MIXED_SQL}")
        try:
            return concat([collect(conn, sql) for sql in (_continuity_sql(), _stock_flow_sql(), _cumulative_sql())])
        finally:
            conn.execute(f"DROP TABLE IF EXISTS {IN_DOUBT}")
            conn.execute(f"DROP TABLE IF EXISTS {GUESSED}")
            conn.execute(f"DROP TABLE IF EXISTS {MIXED}")
