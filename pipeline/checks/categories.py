"""Category breakdowns against their totals (family 'categories').

- total: the listed categories of a list vs the total the list states (its own 合计/"的N条中"), else the
  report's stated value of the parent metric. A list that claims to be complete and does not add up is an
  error; a list introduced as 主要类别/其中 (partial) is a warning, and only when it exceeds its total or covers
  most of it (partial_list_min_coverage): a short selection of highlights is not a breakdown.
- share: a stated share (占比19.5%) vs count / total, beyond the rounding of the printed share.
- listed_children: prose that lists a total's parts by name ("受理申请70件，其中当面申请19件，传真申请1件，
  网络申请39件，信函申请9件") without naming every child metrics.csv has is a partial list like the ones
  above: a warning when the parts fall short while covering most of the total (a total they exceed is
  plausibility's part_exceeds_whole).
- rate: a stated rate vs its part and whole (受理117件，办结171件，办结率100%), whatever they count: see
  pipeline/checks/rates.py.

Lists whose labels mark them as overlapping or nested (checks_non_additive.csv: 一级/二级/三级深度, channels of
the same information) are not partitions and are never summed; a list with a single counted entry is a
subset statement (其中…), not a breakdown; an entry labelled 合计/总计 is the list's total, not a part; and
when the first entries of a list already make its total, the entries after them are topic counts that
overlap the categories (涉及疫情防控信息…), not more categories, unless the list closes with 其他类 (the rest
of a partition).
A list (or a prose breakdown) whose sentence also states a count that nothing was read from (a number broken
over a line, a channel no rule knows) is not judged: a part was lost in the reading (see reading.py).
Nothing is compared when the total is not stated. A list may break down a whole that is no catalog metric
(parent_metric_id NULL, parent_label naming it: 咨询约4900人次，其中现场咨询…): it is compared with the total
the list itself states, and skipped when it states none.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from pipeline.checks import parts, rates, reading, rulebook, wording
from pipeline.checks.frame import collect, concat, registered
from pipeline.checks.numbers import EPSILON, clip, decimals, half_unit, number_text, sum_tolerance

PATTERNS = "_check_non_additive"


TOTAL_ROW = "total"  # the checks_non_additive.csv kind of a 合计 row
CATCH_ALL = "catch_all"  # ...and of the 其他类 entry that closes a partition


def lists_sql() -> str:
    """One row per category list: its entries' sum, whether it is a partition, and the total it is compared with
    (the list's own total, else its 合计 row, else the report's value of the parent metric)."""
    return f"""
        WITH labelled AS (
            SELECT c.*, (SELECT p.kind FROM {PATTERNS} AS p WHERE regexp_matches(c.label, p.pattern) LIMIT 1) AS kind
            FROM category_values AS c
        ), entries AS (
            SELECT *, count(CASE WHEN kind <> '{CATCH_ALL}' THEN kind END) OVER (PARTITION BY report_id, list_no, kind) AS n_overlapping,
                   round(sum(value) OVER (PARTITION BY report_id, list_no ORDER BY char_start
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), 6) AS running
            FROM labelled WHERE kind IS DISTINCT FROM '{TOTAL_ROW}'
        ), lists AS (
            SELECT report_id, list_no, any_value(parent_metric_id) AS parent_metric_id, any_value(parent_label) AS parent_label,
                   bool_or(list_kind = 'partial') AS partial, max(list_total) AS list_total,
                   count(value) AS n_counted, round(sum(value), 6) AS computed, max(value) AS largest,
                   min(char_start) AS parts_start, max(char_end) AS parts_end,
                   min({decimals('value')}) AS min_decimals,
                   string_agg(label || ' ' || {number_text('value')}, '、' ORDER BY char_start) FILTER (WHERE value IS NOT NULL) AS terms,
                   string_agg(snippet, ' … ' ORDER BY char_start) AS snippet,
                   -- a list is not a partition when most of its entries are levels or channels of one kind
                   max(n_overlapping) AS n_overlapping, count(*) AS n_entries,
                   list(running ORDER BY char_start) AS running_sums,
                   arg_max(coalesce(kind, ''), char_start) = '{CATCH_ALL}' AS ends_with_rest
            FROM entries
            GROUP BY report_id, list_no
        ), total_rows AS (
            SELECT report_id, list_no, max(value) AS row_total FROM labelled WHERE kind = '{TOTAL_ROW}' GROUP BY ALL
        )
        SELECT l.*, coalesce(l.list_total, t.row_total, w.value) AS total, w.snippet AS total_snippet,
               l.n_overlapping >= 2 AND 2 * l.n_overlapping >= l.n_entries AS non_additive,
               -- the first entries already make the total: the rest are figures that overlap them (topics)
               -- (never when the list closes with 其他类: the rest of a partition, not a topic)
               NOT l.ends_with_rest
                 AND list_position(l.running_sums[1:-2], coalesce(l.list_total, t.row_total, w.value)) IS NOT NULL AS total_before_end
        FROM lists AS l
        LEFT JOIN total_rows AS t USING (report_id, list_no)
        LEFT JOIN metric_values AS w
          ON w.report_id = l.report_id AND w.metric_id = l.parent_metric_id AND w.applicant = 'total' AND w.period = 'year'
    """


def whole_name(lists: str, metrics: str) -> str:
    """SQL naming what a list breaks down: '主动公开政府信息数 [proactive.total]', or the report's own words for a
    whole that is no catalog metric (parent_metric_id NULL, parent_label 咨询)."""
    return (f"coalesce({metrics}.label_zh || ' [' || {lists}.parent_metric_id || ']', {lists}.parent_metric_id, "
            f"'the stated whole ' || {lists}.parent_label, 'the stated whole')")


def _total_sql(min_coverage: float) -> str:
    tolerance = sum_tolerance(f"least(l.min_decimals, {decimals('l.total')})", "l.n_counted + 1")
    return f"""
        SELECT 'categories.total' AS check_name, CASE WHEN l.partial THEN 'warn' ELSE 'error' END AS severity,
               l.report_id, l.parent_metric_id AS metric_id, 'total' AS applicant, l.total AS stated, l.computed,
               {whole_name('l', 'm')} || ' is ' || {number_text('l.total')}
                 || ' but the ' || l.n_counted || ' categories listed'
                 || CASE WHEN l.partial THEN ' (introduced as 主要类别/其中)' ELSE '' END
                 || ' add up to ' || {number_text('l.computed')} || ': ' || l.terms AS message,
               {clip('l.snippet')} AS snippet, l.parts_start AS window_start, l.parts_end AS window_end
        FROM ({lists_sql()}) AS l
        LEFT JOIN metrics AS m ON m.metric_id = l.parent_metric_id
        WHERE l.total IS NOT NULL AND l.n_counted >= 2 AND NOT l.non_additive
          AND abs(l.total - l.computed) > {tolerance} AND NOT (l.computed > l.total AND l.total_before_end)
          AND (NOT l.partial OR l.computed > l.total OR l.computed >= {min_coverage} * l.total)
    """


def _share_sql(half_units: float) -> str:
    """Stated share vs 100 * count / total; the printed share may be off by half a unit of its last digit, and
    a count or total with decimals by its own rounding (propagated to the share)."""
    share_decimals = decimals("c.share_pct")
    exact = "100.0 * c.value / l.total"
    rounding = (
        f"(CASE WHEN c.value > 0 AND {decimals('c.value')} > 0 THEN {exact} * {half_unit(decimals('c.value'))} / c.value ELSE 0 END"
        f" + CASE WHEN {decimals('l.total')} > 0 THEN {exact} * {half_unit(decimals('l.total'))} / l.total ELSE 0 END)"
    )
    tolerance = f"({half_units} * pow(10, -{share_decimals}) + {rounding} + {EPSILON})"
    return f"""
        SELECT 'categories.share' AS check_name, 'warn' AS severity, c.report_id, l.parent_metric_id AS metric_id,
               'total' AS applicant, c.share_pct AS stated, round({exact}, {share_decimals}) AS computed,
               c.label || ' ' || {number_text('c.value')} || ' is stated as ' || {number_text('c.share_pct')}
                 || '% of ' || {number_text('l.total')} || ' [' || coalesce(l.parent_metric_id, l.parent_label, '?') || '], but '
                 || {number_text('c.value')} || ' / ' || {number_text('l.total')} || ' = '
                 || {number_text(f'round({exact}, 2)')} || '%' AS message,
               {clip('c.snippet')} AS snippet
        FROM category_values AS c
        JOIN ({lists_sql()}) AS l USING (report_id, list_no)
        WHERE c.share_pct IS NOT NULL AND c.value IS NOT NULL AND l.total > 0
          AND abs(c.share_pct - {exact}) > {tolerance}
    """


def _listed_children_sql(min_coverage: float) -> str:
    short = (
        "NOT s.complete AND s.n_stated >= 2 AND s.parts_in_prose AND s.computed < s.whole_value - s.tolerance "
        f"AND s.computed >= {min_coverage} * s.whole_value"
    )
    return f"""
        SELECT 'categories.listed_children' AS check_name, 'warn' AS severity, s.report_id, s.whole_metric AS metric_id,
               s.whole_applicant AS applicant, s.whole_value AS stated, s.computed,
               m.label_zh || ' [' || s.whole_metric || ']' || {wording.column_note('s.whole_applicant', 's.period')} || ' is '
                 || {number_text('s.whole_value')} || ' but the ' || s.n_stated || ' parts the text lists add up to '
                 || {number_text('s.computed')} || ': ' || s.terms AS message,
               {clip('s.whole_snippet')} AS snippet,
               least(s.whole_start, s.parts_start) AS window_start, greatest(s.whole_start, s.parts_end) AS window_end
        FROM ({parts.flagged_sql('parent_children', short)}) AS s
        JOIN metrics AS m ON m.metric_id = s.whole_metric
    """


def lookups() -> dict[str, pd.DataFrame]:
    return {PATTERNS: rulebook.non_additive_patterns(), **parts.lookups(), **wording.lookups()}


def _read_in_full(conn: duckdb.DuckDBPyConnection, rule_sql: str) -> pd.DataFrame:
    """A breakdown's findings, without those whose sentences hold a figure no statement read (reading.py)."""
    try:
        return collect(conn, reading.read_in_full(conn, rule_sql))
    finally:
        reading.release(conn)


def find(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    settings = rulebook.settings()
    with parts.parts_table(conn), registered(conn, lookups()):
        return concat([
            _read_in_full(conn, _total_sql(settings.partial_list_min_coverage)),
            collect(conn, _share_sql(settings.share_half_units)),
            _read_in_full(conn, _listed_children_sql(settings.partial_list_min_coverage)),
            collect(conn, rates.rate_sql()),
        ])
