"""The same figure stated twice in one report with different values (family 'cross_section', warn).

- restated: two mentions of one metric, applicant column and period (prose restating a table, or a table
  and its 附表) disagree. The finding's stated value is the other mention's, computed the value the warehouse
  keeps (tables win over prose), and the snippet is the other mention's text. One stretch of text read as two
  values is an unclear statement, not a restatement, and is left alone.
- combined: a combined figure (prose 行政诉讼 46 件) vs the sum of the parts the table states
  (未经复议直接起诉 总计 + 复议后起诉 总计), from checks_equivalents.csv, when every part is stated.
- evidence: a statement whose wording leaves open what it counts (an evidence-only mention: v2019+ prose
  收到申请75件 is 本年新收 in some reports, 本年新收 + 上年结转 in others) vs the value the warehouse keeps and
  vs that value plus the other metric it may count (checks_evidence.csv): flagged only when it
  is neither. When the other metric is not stated, only the first comparison is made.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from pipeline.checks import rulebook
from pipeline.checks.frame import collect, concat, registered
from pipeline.checks.numbers import clip, decimals, number_text, sum_tolerance
from pipeline.checks.wording import APPLICANT_LABELS, column_note

EQUIVALENTS = "_check_equivalents"
EVIDENCE_SUMS = "_evidence_sums"


# One stretch of text read as two different values of a metric (a run of digits split two ways): the
# report's statement is unclear, not restated, so that figure is not compared across sections. Only the
# figures with a second mention are looked at.
AMBIGUOUS = """
    SELECT DISTINCT a.report_id, a.metric_id, a.applicant, a.period
    FROM contested AS a JOIN contested AS b
      ON b.report_id = a.report_id AND b.metric_id = a.metric_id AND b.applicant = a.applicant AND b.period = a.period
     AND b.value <> a.value AND b.char_start < a.char_end AND a.char_start < b.char_end
"""


# A prose reading of text that the table reading took as a row of another metric ("二、上年结转政府信息公开申请
#数量 0" read by a prose pattern as 本年新收 0): that text states the other metric, so it restates nothing.
TABLE_TEXT_OF_ANOTHER_METRIC = """
    EXISTS (SELECT 1 FROM metric_mentions AS t
            WHERE t.report_id = m.report_id AND t.method = 'table' AND t.metric_id <> m.metric_id
              AND t.char_start < m.char_end AND m.char_start < t.char_end)
"""


def _restated_sql() -> str:
    tolerance = sum_tolerance(f"least({decimals('o.value')}, {decimals('k.value')})", "1")
    return f"""
        WITH others AS (
            SELECT report_id, metric_id, applicant, period, value,
                   arg_min(method, char_start) AS method, arg_min(snippet, char_start) AS snippet
            FROM metric_mentions AS m
            WHERE NOT selected AND NOT evidence_only AND value IS NOT NULL
              AND NOT (m.method = 'prose' AND {TABLE_TEXT_OF_ANOTHER_METRIC})
            GROUP BY report_id, metric_id, applicant, period, value
        ), contested AS (
            SELECT m.* FROM metric_mentions AS m SEMI JOIN others AS o USING (report_id, metric_id, applicant, period)
            WHERE m.value IS NOT NULL
        ), clear AS (SELECT * FROM others ANTI JOIN ({AMBIGUOUS}) AS a USING (report_id, metric_id, applicant, period))
        SELECT 'cross_section.restated' AS check_name, 'warn' AS severity, o.report_id, o.metric_id, o.applicant,
               o.value AS stated, k.value AS computed,
               m.label_zh || ' [' || o.metric_id || ']' || {column_note('o.applicant', 'o.period')} || ' is stated as '
                 || {number_text('k.value')} || ' in the ' || k.method || coalesce(' (' || {clip('k.snippet', 80)} || ')', '') || ' but as '
                 || {number_text('o.value')} || ' in the ' || o.method AS message,
               {clip('o.snippet')} AS snippet
        FROM clear AS o
        JOIN metric_mentions AS k
          ON k.selected AND k.report_id = o.report_id AND k.metric_id = o.metric_id AND k.applicant = o.applicant
         AND k.period = o.period
        JOIN metrics AS m ON m.metric_id = o.metric_id
        WHERE abs(o.value - k.value) > {tolerance}
    """


def _combined_sql() -> str:
    tolerance = sum_tolerance(f"least({decimals('c.value')}, p.min_decimals)", "p.n_stated + 1")
    return f"""
        WITH parts AS (
            SELECT v.report_id, e.metric_id, v.applicant, v.period, count(*) AS n_stated, sum(v.value) AS computed,
                   min({decimals('v.value')}) AS min_decimals,
                   string_agg(m.label_zh || ' [' || v.metric_id || '] ' || {number_text('v.value')}, ' + ' ORDER BY v.metric_id) AS terms
            FROM metric_values AS v
            JOIN {EQUIVALENTS} AS e ON e.part_id = v.metric_id
            JOIN metrics AS m ON m.metric_id = v.metric_id
            GROUP BY ALL
        ), combined AS (
            SELECT report_id, metric_id, applicant, period, value, arg_min(snippet, char_start) AS snippet
            FROM metric_mentions
            WHERE metric_id IN (SELECT metric_id FROM {EQUIVALENTS})
            GROUP BY ALL
        )
        SELECT 'cross_section.combined' AS check_name, 'warn' AS severity, c.report_id, c.metric_id, c.applicant,
               c.value AS stated, p.computed,
               m.label_zh || ' [' || c.metric_id || ']' || {column_note('c.applicant', 'c.period')} || ' is stated as '
                 || {number_text('c.value')} || ' but the table''s parts add up to ' || {number_text('p.computed')}
                 || ': ' || p.terms AS message,
               {clip('c.snippet')} AS snippet
        FROM combined AS c
        JOIN parts AS p USING (report_id, metric_id, applicant, period)
        JOIN (SELECT metric_id, count(*) AS n_parts FROM {EQUIVALENTS} GROUP BY metric_id) AS n USING (metric_id)
        JOIN metrics AS m ON m.metric_id = c.metric_id
        WHERE p.n_stated = n.n_parts AND abs(c.value - p.computed) > {tolerance}
    """


def _evidence_sql() -> str:
    tolerance = sum_tolerance(f"least({decimals('o.value')}, {decimals('k.value')})", "2")
    return f"""
        SELECT 'cross_section.evidence' AS check_name, 'warn' AS severity, o.report_id, o.metric_id, o.applicant,
               o.value AS stated, k.value AS computed,
               m.label_zh || ' [' || o.metric_id || ']' || {column_note('o.applicant', 'o.period')} || ' is '
                 || {number_text('k.value')} || ' in the ' || k.method
                 -- with the other term only where it changes the figure (上年结转 of 0 adds nothing to read)
                 || coalesce(CASE WHEN a.value <> 0 THEN ' (' || {number_text('k.value + a.value')} || ' with '
                      || n.label_zh || ' [' || s.also_id || '] ' || {number_text('a.value')} || ' added)' END, '')
                 || ', but the ' || o.method || ' states ' || {number_text('o.value')} AS message,
               {clip('o.snippet')} AS snippet
        FROM metric_mentions AS o
        JOIN {EVIDENCE_SUMS} AS s ON s.metric_id = o.metric_id
        JOIN metric_mentions AS k
          ON k.selected AND k.report_id = o.report_id AND k.metric_id = o.metric_id AND k.applicant = o.applicant
         AND k.period = o.period
        LEFT JOIN metric_mentions AS a
          ON a.selected AND a.report_id = o.report_id AND a.metric_id = s.also_id AND a.applicant = o.applicant
         AND a.period = o.period
        JOIN metrics AS m ON m.metric_id = o.metric_id
        JOIN metrics AS n ON n.metric_id = s.also_id
        WHERE o.evidence_only AND o.value IS NOT NULL
          AND abs(o.value - k.value) > {tolerance}
          AND (a.value IS NULL OR abs(o.value - (k.value + a.value)) > {tolerance})
    """


def lookups() -> dict[str, pd.DataFrame]:
    return {
        EQUIVALENTS: rulebook.equivalents(),
        APPLICANT_LABELS: rulebook.applicant_labels(),
        EVIDENCE_SUMS: rulebook.evidence_sums(),
    }


def find(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    with registered(conn, lookups()):
        return concat([collect(conn, _restated_sql()), collect(conn, _combined_sql()), collect(conn, _evidence_sql())])
