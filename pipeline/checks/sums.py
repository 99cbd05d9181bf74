"""Table identities that must hold inside one report (family 'sum', severity error).

- parent_children: a metric metrics.csv gives children for = the sum of the children the report's template
  has (review.total in a v2008 report has three outcomes, in a v2019 report four), checked only when the
  report states the parent and every one of those children, per applicant column and period. A child the
  table has no row for (（三）不予公开 in v2021) counts as the sum of its own rows when all of them are stated.
- applicant_columns: on every row of the requests table, 总计 = the six applicant columns.
- flow (and any other balance in checks_balances.csv): 一 + 二 = （七）总计 + 四, per applicant column; the
  finding names the balancing metric (结转下年度继续办理) with stated = 一 + 二 and computed = （七） + 四.

The parts-vs-whole relation is shared with plausibility, which looks at the reports that state only some
of the parts (their sum may already exceed the whole).
"""

from __future__ import annotations

from functools import cache

import duckdb
import pandas as pd

from pipeline.catalog import load_catalog
from pipeline.checks import rulebook
from pipeline.checks.frame import collect, concat, registered
from pipeline.checks.numbers import clip, decimals, number_text, sum_tolerance

SUM_TERMS = "_check_sum_terms"
APPLICANT_LABELS = "_check_applicant_labels"
SAME_APPLICANT = "*"


def _label(metric_id: str) -> str:
    return f"{load_catalog()[metric_id].label_zh} [{metric_id}]"


def _parent_children_terms() -> list[dict[str, object]]:
    catalog = load_catalog()
    rows = []
    for template in rulebook.REPORT_TEMPLATES:
        applies_to = None if template == "unknown" else template
        for parent in catalog.parents():
            needed = [c for c in catalog.children(parent.metric_id) if c.applies_to(applies_to)]
            for position, child in enumerate(needed):
                rows.append(
                    dict(relation="parent_children", template=template, whole_metric=parent.metric_id,
                         whole_applicant=SAME_APPLICANT, part_metric=child.metric_id, part_applicant=SAME_APPLICANT,
                         part_label=_label(child.metric_id), position=position, n_parts=len(needed))
                )
    return rows


def _applicant_column_terms() -> list[dict[str, object]]:
    labels = dict(rulebook.applicant_labels().itertuples(index=False))
    columns = rulebook.APPLICANT_COLUMNS
    rows = []
    for template in rulebook.REPORT_TEMPLATES:
        for metric in load_catalog().metrics:
            if not metric.has_applicant_breakdown:
                continue
            for position, applicant in enumerate(columns):
                rows.append(
                    dict(relation="applicant_columns", template=template, whole_metric=metric.metric_id,
                         whole_applicant="total", part_metric=metric.metric_id, part_applicant=applicant,
                         part_label=labels.get(applicant, applicant), position=position, n_parts=len(columns))
                )
    return rows


@cache
def sum_terms() -> pd.DataFrame:
    """Every (whole, part) pair the sum rules use, per report template, from the catalog and applicant columns."""
    return pd.DataFrame(_parent_children_terms() + _applicant_column_terms())


def lookups() -> dict[str, pd.DataFrame]:
    return {SUM_TERMS: sum_terms(), APPLICANT_LABELS: rulebook.applicant_labels()}


def column_note(applicant: str, period: str) -> str:
    """' (自然人 column, 历年累计)' for a finding outside the plain 总计/year cell; '' otherwise."""
    return (
        f"(CASE WHEN {applicant} = 'total' AND {period} = 'year' THEN '' ELSE ' (' || "
        f"concat_ws(', ', CASE WHEN {applicant} <> 'total' THEN coalesce((SELECT a.label_zh FROM {APPLICANT_LABELS} AS a "
        f"WHERE a.applicant = {applicant}), {applicant}) || ' column' END, "
        f"CASE WHEN {period} = 'cumulative' THEN '历年累计' END) || ')' END)"
    )


def _part_sums_sql(relation: str, values_sql: str) -> str:
    """Per whole (report, metric, applicant column, period): how many of the template's parts `values_sql`
    states, their sum, and the terms written out for a message."""
    return f"""
        SELECT v.report_id, t.whole_metric,
               CASE WHEN t.whole_applicant = '{SAME_APPLICANT}' THEN v.applicant ELSE t.whole_applicant END AS whole_applicant,
               v.period, any_value(t.n_parts) AS n_parts, count(*) AS n_stated, round(sum(v.value), 6) AS computed,
               min({decimals('v.value')}) AS min_decimals,
               string_agg(t.part_label || ' ' || {number_text('v.value')}
                          || CASE WHEN v.derived THEN ' (sum of its rows)' ELSE '' END, ' + ' ORDER BY t.position) AS terms
        FROM ({values_sql}) AS v
        JOIN reports AS r USING (report_id)
        JOIN {SUM_TERMS} AS t
          ON t.relation = '{relation}' AND t.template = coalesce(r.template, 'unknown') AND t.part_metric = v.metric_id
         AND (t.part_applicant = '{SAME_APPLICANT}' OR t.part_applicant = v.applicant)
        GROUP BY ALL
    """


def _derivation_levels() -> int:
    """How many levels of unstated subtotal rows may lie between a stated total and stated rows."""
    catalog = load_catalog()

    def depth(metric_id: str) -> int:
        return 1 + max((depth(c.metric_id) for c in catalog.children(metric_id)), default=0)

    return max((depth(m.metric_id) for m in catalog.parents()), default=0) - 2


def effective_values_sql() -> str:
    """metric_values, plus the subtotals a report implies without stating them.

    A v2021 table has no row for （三）不予公开 itself, only its eight reasons; （七）总计 is still checkable
    against （一）+（二）+ the reasons + …, so an unstated group whose every part is stated counts as their sum
    (derived = true). Derived values only ever serve as parts, never as the stated whole.
    """
    sql = "SELECT report_id, metric_id, applicant, period, value, false AS derived FROM metric_values"
    for _ in range(max(0, _derivation_levels())):
        sql = f"""
            WITH base AS ({sql})
            SELECT * FROM base
            UNION ALL
            SELECT g.report_id, g.whole_metric, g.whole_applicant, g.period, g.computed, true
            FROM ({_part_sums_sql('parent_children', 'SELECT * FROM base')}) AS g
            WHERE g.n_stated = g.n_parts AND NOT EXISTS (
                SELECT 1 FROM base AS b WHERE b.report_id = g.report_id AND b.metric_id = g.whole_metric
                  AND b.applicant = g.whole_applicant AND b.period = g.period)
        """
    return sql


def parts_and_wholes_sql(relation: str) -> str:
    """One row per stated whole with at least one stated part: the parts' sum, how many parts the template has
    and how many the report states, and the tolerance for comparing them."""
    values = effective_values_sql() if relation == "parent_children" else (
        "SELECT report_id, metric_id, applicant, period, value, false AS derived FROM metric_values"
    )
    return f"""
        SELECT p.*, w.value AS whole_value, w.snippet AS whole_snippet,
               {sum_tolerance(f"least(p.min_decimals, {decimals('w.value')})", 'p.n_stated + 1')} AS tolerance
        FROM ({_part_sums_sql(relation, values)}) AS p
        JOIN metric_values AS w
          ON w.report_id = p.report_id AND w.metric_id = p.whole_metric AND w.applicant = p.whole_applicant
         AND w.period = p.period
    """


def _parent_children_sql() -> str:
    return f"""
        SELECT 'sum.parent_children' AS check_name, 'error' AS severity, s.report_id, s.whole_metric AS metric_id,
               s.whole_applicant AS applicant, s.whole_value AS stated, s.computed,
               m.label_zh || ' [' || s.whole_metric || ']' || {column_note('s.whole_applicant', 's.period')}
                 || ' is ' || {number_text('s.whole_value')} || ' but its parts add up to ' || {number_text('s.computed')}
                 || ': ' || s.terms AS message,
               {clip('s.whole_snippet')} AS snippet
        FROM ({parts_and_wholes_sql('parent_children')}) AS s
        JOIN metrics AS m ON m.metric_id = s.whole_metric
        WHERE s.n_stated = s.n_parts AND abs(s.whole_value - s.computed) > s.tolerance
    """


def _applicant_columns_sql() -> str:
    return f"""
        SELECT 'sum.applicant_columns' AS check_name, 'error' AS severity, s.report_id, s.whole_metric AS metric_id,
               'total' AS applicant, s.whole_value AS stated, s.computed,
               m.label_zh || ' [' || s.whole_metric || ']' || {column_note("'total'", 's.period')}
                 || ': the 总计 column is ' || {number_text('s.whole_value')}
                 || ' but the six applicant columns add up to ' || {number_text('s.computed')} || ': ' || s.terms AS message,
               {clip('s.whole_snippet')} AS snippet
        FROM ({parts_and_wholes_sql('applicant_columns')}) AS s
        JOIN metrics AS m ON m.metric_id = s.whole_metric
        WHERE s.n_stated = s.n_parts AND abs(s.whole_value - s.computed) > s.tolerance
    """


def _quoted(ids: tuple[str, ...]) -> str:
    return ", ".join(f"'{i}'" for i in ids)


def _side_text(ids: tuple[str, ...]) -> str:
    """'本年新收… [requests.new_received] 1259 + 上年结转… [requests.carried_over] 170' for one side of a balance."""
    terms = [f"'{_label(i)} ' || {number_text(_column(i))}" for i in ids]
    return "(" + " || ' + ' || ".join(terms) + ")"


def _column(metric_id: str) -> str:
    return f'b."{metric_id}"'


def _balance_sql(balance: rulebook.Balance) -> str:
    metrics = (*balance.inflows, *balance.outflows)
    pivots = ", ".join(f"max(value) FILTER (WHERE metric_id = '{m}') AS \"{m}\"" for m in metrics)
    inflow = " + ".join(_column(m) for m in balance.inflows)
    outflow = " + ".join(_column(m) for m in balance.outflows)
    return f"""
        WITH b AS (
            SELECT report_id, applicant, period, {pivots},
                   min({decimals('value')}) AS min_decimals,
                   any_value(snippet) FILTER (WHERE metric_id = '{balance.stated_metric}') AS snippet
            FROM metric_values
            WHERE metric_id IN ({_quoted(metrics)})
            GROUP BY ALL
            HAVING count(DISTINCT metric_id) = {len(metrics)}
        )
        SELECT 'sum.{balance.rule}' AS check_name, 'error' AS severity, b.report_id,
               '{balance.stated_metric}' AS metric_id, b.applicant, {inflow} AS stated, {outflow} AS computed,
               '{balance.identity_zh} does not hold' || {column_note('b.applicant', 'b.period')} || ': '
                 || {_side_text(balance.inflows)} || ' = ' || {number_text(inflow)} || ', but '
                 || {_side_text(balance.outflows)} || ' = ' || {number_text(outflow)} AS message,
               {clip('b.snippet')} AS snippet
        FROM b
        WHERE abs(({inflow}) - ({outflow})) > {sum_tolerance('b.min_decimals', str(len(metrics)))}
    """


def find(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    rules = [_parent_children_sql(), _applicant_columns_sql(), *(_balance_sql(b) for b in rulebook.balances())]
    with registered(conn, lookups()):
        return concat([collect(conn, sql) for sql in rules])
