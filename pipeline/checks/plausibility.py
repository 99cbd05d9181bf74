"""Figures that are probably wrong on their own (family 'plausibility', warn).

- negative: a count below zero, except the metrics that are changes (checks_signed_metrics.csv: 本年增/减).
- part_exceeds_whole: the parts a report states already add up to more than their whole, where the report
  does not state every part (when it does, the sum family reports the mismatch); likewise a category that is
  larger than its total in a list that is not summed (a single 其中 entry, nested levels).
- cumulative_below_year: a 历年累计 figure smaller than the same report's figure for the year alone.
- outlier: a value 10× above the largest or (other than 0) below the smallest of the agency's other years (at
  least 3 of them), by a difference large enough to matter, against a stable history (the other years within
  a factor of 3 of each other) of figures that are not small counts (median at least 50); all in
  checks_settings.csv.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from pipeline.checks import categories, cross_year, parts, rulebook, wording
from pipeline.checks.frame import collect, concat, registered
from pipeline.checks.numbers import clip, decimals, number_text, sum_tolerance
from pipeline.checks.wording import column_note

SIGNED = "_check_signed_metrics"


def _negative_sql() -> str:
    return f"""
        SELECT 'plausibility.negative' AS check_name, 'warn' AS severity, v.report_id, v.metric_id, v.applicant,
               v.value AS stated, NULL::DOUBLE AS computed,
               m.label_zh || ' [' || v.metric_id || ']' || {column_note('v.applicant', 'v.period')}
                 || ' is negative (' || {number_text('v.value')} || '): a count cannot be below zero' AS message,
               {clip('v.snippet')} AS snippet
        FROM metric_values AS v JOIN metrics AS m USING (metric_id)
        WHERE v.value < 0 AND v.metric_id NOT IN (SELECT metric_id FROM {SIGNED})
        UNION ALL
        SELECT 'plausibility.negative', 'warn', c.report_id, c.parent_metric_id, 'total', c.value, NULL::DOUBLE,
               'the category ' || c.label || ' of ' || coalesce(c.parent_metric_id, c.parent_label, 'a list') || ' is negative (' || {number_text('c.value')} || ')',
               {clip('c.snippet')}
        FROM category_values AS c
        WHERE c.value < 0
    """


def _parts_exceed_whole_sql() -> str:
    exceeds = "NOT s.complete AND s.computed > s.whole_value + s.tolerance"
    relations = " UNION ALL ".join(f"SELECT * FROM ({parts.flagged_sql(relation, exceeds)})" for relation in parts.RELATIONS)
    return f"""
        SELECT 'plausibility.part_exceeds_whole' AS check_name, 'warn' AS severity, s.report_id,
               s.whole_metric AS metric_id, s.whole_applicant AS applicant, s.whole_value AS stated, s.computed,
               m.label_zh || ' [' || s.whole_metric || ']' || {column_note('s.whole_applicant', 's.period')} || ' is '
                 || {number_text('s.whole_value')} || ', less than the ' || s.n_stated || ' of its ' || s.n_parts
                 || ' parts the report states, which already add up to ' || {number_text('s.computed')} || ': ' || s.terms AS message,
               {clip('s.whole_snippet')} AS snippet
        FROM ({relations}) AS s
        JOIN metrics AS m ON m.metric_id = s.whole_metric
        UNION ALL
        SELECT 'plausibility.part_exceeds_whole', 'warn', l.report_id, l.parent_metric_id, 'total', l.total, l.largest,
               'a category of ' || coalesce(l.parent_metric_id, l.parent_label, 'a list') || ' (' || l.terms || ') is larger than its total '
                 || {number_text('l.total')},
               {clip('l.snippet')}
        FROM ({categories.lists_sql()}) AS l
        WHERE (l.non_additive OR l.n_counted = 1) AND l.largest > l.total + {sum_tolerance(f"least(l.min_decimals, {decimals('l.total')})", '2')}
    """


def _cumulative_below_year_sql() -> str:
    tolerance = sum_tolerance(f"least({decimals('c.value')}, {decimals('y.value')})", "1")
    return f"""
        SELECT 'plausibility.cumulative_below_year' AS check_name, 'warn' AS severity, c.report_id, c.metric_id,
               c.applicant, c.value AS stated, y.value AS computed,
               m.label_zh || ' [' || c.metric_id || '] 历年累计 is ' || {number_text('c.value')}
                 || ', less than this year''s ' || {number_text('y.value')} || ' alone' AS message,
               {clip('c.snippet')} AS snippet
        FROM metric_values AS c
        JOIN metric_values AS y
          ON y.report_id = c.report_id AND y.metric_id = c.metric_id AND y.applicant = c.applicant AND y.period = 'year'
        JOIN metrics AS m ON m.metric_id = c.metric_id
        WHERE c.period = 'cumulative' AND c.value < y.value - {tolerance}
          AND c.metric_id NOT IN (SELECT metric_id FROM {SIGNED})
    """


def _kth_other(k: str) -> str:
    """The k-th smallest of an agency's other values: its sorted values xs without the value's own rank i."""
    return f"v.xs[CASE WHEN ({k}) < v.i THEN ({k}) ELSE ({k}) + 1 END]"


def _outlier_sql(settings: rulebook.CheckSettings) -> str:
    """A value `ratio` times above the largest, or below the smallest, of the agency's other years.

    Judged against the whole range of the other years, not their median: counts of a young disclosure
    office grow several-fold over a decade, while a misread or mistyped figure (an extra digit, 万 taken
    for 1) leaves every other year behind. And only where that range is a stable history (its largest
    within `max_spread` times its smallest) of figures that are not small counts (median at least
    `min_typical`): an agency whose figures already swing widely, or whose handful of cases happens to
    jump, shows nothing an analyst would call suspicious. A 0 is never below the history: a year with
    none of a kind (no 没有现成信息 reply) is a figure a count can take any year, and a misread or mistyped
    figure is not 0. The median of the other years is the finding's computed value.
    """
    rest = "(v.n - 1)"
    median = (
        f"(CASE WHEN {rest} % 2 = 1 THEN {_kth_other(f'({rest} + 1) // 2')} "
        f"ELSE ({_kth_other(f'{rest} // 2')} + {_kth_other(f'{rest} // 2 + 1')}) / 2 END)"
    )
    lowest, highest = _kth_other("1"), _kth_other(rest)
    ratio, min_years, min_difference = settings.history_ratio, settings.history_min_other_years, settings.history_min_difference
    max_spread, min_typical = settings.history_max_spread, settings.history_min_typical
    return f"""
        WITH v0 AS (
            SELECT c.agency_id, c.year, v.report_id, v.metric_id, v.value
            FROM agency_year_reports AS c JOIN metric_values AS v USING (report_id)
            WHERE c.agency_id IS NOT NULL AND c.year IS NOT NULL AND v.applicant = 'total' AND v.period = 'year'
              -- no history for what may be several agencies under one name (see cross_year.MIXED_SQL)
              AND c.agency_id NOT IN ({cross_year.MIXED_SQL})
        ), sorted AS (
            SELECT agency_id, metric_id, list(value ORDER BY value, year) AS xs, count(*) AS n
            FROM v0 GROUP BY agency_id, metric_id HAVING count(*) > {min_years}
        ), v AS (
            SELECT v0.*, s.xs, s.n,
                   row_number() OVER (PARTITION BY v0.agency_id, v0.metric_id ORDER BY v0.value, v0.year) AS i
            FROM v0 JOIN sorted AS s USING (agency_id, metric_id)
        ), judged AS (SELECT v.* EXCLUDE (xs), {median} AS median, {lowest} AS lowest, {highest} AS highest FROM v),
        flagged AS (
            SELECT j.* FROM judged AS j
            WHERE j.lowest > 0 AND j.highest <= {max_spread} * j.lowest AND j.median >= {min_typical}
              AND ((j.value > {ratio} * j.highest AND j.value - j.highest >= {min_difference})
                   OR (j.value > 0 AND j.value * {ratio} < j.lowest AND j.lowest - j.value >= {min_difference}))
        )
        SELECT 'plausibility.outlier' AS check_name, 'warn' AS severity, j.report_id, j.metric_id, 'total' AS applicant,
               j.value AS stated, j.median AS computed,
               m.label_zh || ' [' || j.metric_id || '] is ' || {number_text('j.value')} || ' in ' || j.year
                 || ', far outside the agency''s steady other ' || (j.n - 1) || ' years ('
                 || {number_text('j.lowest')} || ' to ' || {number_text('j.highest')} || ', median '
                 || {number_text('j.median')} || ')' AS message,
               {clip('w.snippet')} AS snippet
        FROM flagged AS j JOIN metrics AS m USING (metric_id)
        JOIN metric_values AS w
          ON w.report_id = j.report_id AND w.metric_id = j.metric_id AND w.applicant = 'total' AND w.period = 'year'
    """


def lookups() -> dict[str, pd.DataFrame]:
    signed = pd.DataFrame({"metric_id": sorted(rulebook.signed_metrics())}, dtype="object")
    return {SIGNED: signed, **parts.lookups(), **categories.lookups(), **wording.lookups()}


def find(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    rules = [_negative_sql(), _parts_exceed_whole_sql(), _cumulative_below_year_sql(), _outlier_sql(rulebook.settings())]
    with parts.parts_table(conn), registered(conn, lookups()):
        return concat([collect(conn, sql) for sql in rules])
