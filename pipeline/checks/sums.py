"""Table identities that must hold inside one report (family 'sum', severity error).

- parent_children: a metric metrics.csv gives children for = the sum of the children the report's template
  has (review.total in a v2008 report has three outcomes, in a v2019 report four), checked only when the
  report states the parent and every one of those children (a blank cell, / or —, is an empty child; at least
  one child must state a figure), per applicant column and period, or when the
  children are the rows the report's own table lists under the parent (provincial 统计表; see parts.py). A
  child the table has no row for (（三）不予公开 in v2021) counts as the sum of its own rows when all are stated.
- parent_rows: where a table prints 小计 rows, a total against the rows themselves (each 小计 replaced by the
  sum of its rows), reported when the 小计 path agrees but the rows do not.
- applicant_columns: on every row of the requests table, 总计 = the six applicant columns.
- org_subtotal: where the table also prints a 法人或其他组织 小计 column, 小计 = the five organisation columns on
  every row (applicant 'org_subtotal' in the finding).
- flow (and any other balance in checks_balances.csv): 一 + 二 = （七）总计 + 四, per applicant column; the
  finding names the balancing metric (结转下年度继续办理) with stated = 一 + 二 and computed = （七） + 四.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from pipeline.checks import parts, rulebook, wording
from pipeline.checks.frame import collect, concat, registered
from pipeline.checks.numbers import clip, decimals, number_text, sum_tolerance
from pipeline.checks.wording import column_note, metric_label

# The key applicant_columns.csv gives a 法人或其他组织 subtotal column, named in a finding's applicant field.
ORG_SUBTOTAL = "org_subtotal"

# Every part stated (or every row the table lists), and their sum is not the whole beyond rounding.
MISMATCH = "s.complete AND abs(s.whole_value - s.computed) > s.tolerance"


def _parent_children_sql() -> str:
    """A total whose parts include a stated 小计 row is not reported when it agrees with the rows themselves
    (（七）总计 111 = the result rows, but 69 in the （三）不予公开 row over reasons making 68): the 小计 row is
    what is wrong, and its own finding names it; the total is not."""
    rows_agree = (
        f"SELECT 1 FROM {parts.PARTS} AS p WHERE p.relation = '{parts.ROWS}' AND p.report_id = s.report_id "
        f"AND p.whole_metric = s.whole_metric AND p.whole_applicant = s.whole_applicant AND p.period = s.period "
        f"AND p.complete AND abs(p.whole_value - p.computed) <= p.tolerance"
    )
    return f"""
        SELECT 'sum.parent_children' AS check_name, 'error' AS severity, s.report_id, s.whole_metric AS metric_id,
               s.whole_applicant AS applicant, s.whole_value AS stated, s.computed,
               m.label_zh || ' [' || s.whole_metric || ']' || {column_note('s.whole_applicant', 's.period')}
                 || ' is ' || {number_text('s.whole_value')} || ' but '
                 || CASE WHEN s.n_stated < s.n_parts THEN 'the rows its table lists under it' ELSE 'its parts' END
                 || ' add up to ' || {number_text('s.computed')} || ': ' || s.terms AS message,
               {clip('s.whole_snippet')} AS snippet
        FROM ({parts.flagged_sql('parent_children', f"{MISMATCH} AND NOT EXISTS ({rows_agree})")}) AS s
        JOIN metrics AS m ON m.metric_id = s.whole_metric
    """


def _parent_rows_sql() -> str:
    """A total whose parts agree with it through a stated 小计 row that does not add up, while the result rows
    themselves do not: （七）总计 330 = … + （三）不予公开 小计 11 + …, but the 不予公开 rows make 13, so the rows of
    the table add up to 332. The 小计 row's own mismatch is a parent_children finding; this one names the total."""
    pc = (
        f"SELECT 1 FROM {parts.PARTS} AS p WHERE p.relation = 'parent_children' AND p.report_id = s.report_id "
        f"AND p.whole_metric = s.whole_metric AND p.whole_applicant = s.whole_applicant AND p.period = s.period "
        f"AND p.complete AND abs(p.whole_value - p.computed) > p.tolerance"
    )
    return f"""
        SELECT 'sum.parent_rows' AS check_name, 'error' AS severity, s.report_id, s.whole_metric AS metric_id,
               s.whole_applicant AS applicant, s.whole_value AS stated, s.computed,
               m.label_zh || ' [' || s.whole_metric || ']' || {column_note('s.whole_applicant', 's.period')}
                 || ' is ' || {number_text('s.whole_value')} || ' but the rows of the table under it add up to '
                 || {number_text('s.computed')} || ' (a 小计 row between them does not match its own rows): ' || s.terms AS message,
               {clip('s.whole_snippet')} AS snippet
        FROM ({parts.flagged_sql(parts.ROWS, f"{MISMATCH} AND NOT EXISTS ({pc})")}) AS s
        JOIN metrics AS m ON m.metric_id = s.whole_metric
    """


def _applicant_columns_sql() -> str:
    return f"""
        SELECT 'sum.applicant_columns' AS check_name, 'error' AS severity, s.report_id, s.whole_metric AS metric_id,
               'total' AS applicant, s.whole_value AS stated, s.computed,
               m.label_zh || ' [' || s.whole_metric || ']' || {column_note("'total'", 's.period')}
                 || ': the 总计 column is ' || {number_text('s.whole_value')}
                 || ' but the six applicant columns add up to ' || {number_text('s.computed')} || ': ' || s.terms AS message,
               {clip('s.whole_snippet')} AS snippet
        FROM ({parts.flagged_sql('applicant_columns', MISMATCH)}) AS s
        JOIN metrics AS m ON m.metric_id = s.whole_metric
    """


def _org_subtotal_label() -> str:
    """How a 法人或其他组织 subtotal column is named (applicant_columns.csv); its cells reach unmapped_values as
    '<row label> <this label>', since no applicant is the subtotal."""
    return rulebook.column_label(ORG_SUBTOTAL)


def _org_subtotal_sql() -> str:
    """Where table 三 prints a 法人或其他组织 小计 column: on every row, 小计 = the five organisation columns (a
    blank cell is an empty part, as for 总计). Its cell is matched to the row's other cells by their offset."""
    orgs = ", ".join(f"'{a}'" for a in rulebook.APPLICANT_COLUMNS if a != "natural_person")
    n_orgs = len(rulebook.APPLICANT_COLUMNS) - 1
    labels = dict(rulebook.applicant_labels().itertuples(index=False))
    terms = " || ' + ' || ".join(
        f"'{labels.get(a, a)} ' || {number_text(f'max(v.value) FILTER (WHERE v.applicant = {a!r})')}"
        for a in rulebook.APPLICANT_COLUMNS if a != "natural_person"
    )
    label = _org_subtotal_label()
    return f"""
        WITH sub AS (
            SELECT report_id, char_start, period, value, snippet FROM unmapped_values
            WHERE value IS NOT NULL AND label LIKE '% {label}'
        ), rows AS (
            SELECT v.report_id, v.char_start, v.period, any_value(v.metric_id) AS metric_id,
                   count(DISTINCT v.metric_id) AS n_metrics, count(*) AS n_stated,
                   count(*) FILTER (WHERE v.method <> 'blank') AS n_figures, sum(v.value) AS computed,
                   min({decimals('v.value')}) AS min_decimals, {terms} AS terms
            FROM ({parts.STATED}) AS v
            WHERE v.method IN ('table', 'blank') AND v.applicant IN ({orgs})
              AND EXISTS (SELECT 1 FROM sub WHERE sub.report_id = v.report_id AND sub.char_start = v.char_start)
            GROUP BY v.report_id, v.char_start, v.period
        )
        SELECT 'sum.org_subtotal' AS check_name, 'error' AS severity, s.report_id, r.metric_id,
               '{ORG_SUBTOTAL}' AS applicant, s.value AS stated, r.computed,
               m.label_zh || ' [' || r.metric_id || ']: the {label} column is ' || {number_text('s.value')}
                 || ' but the five 法人或其他组织 columns add up to ' || {number_text('r.computed')} || ': ' || r.terms AS message,
               {clip('s.snippet')} AS snippet
        FROM sub AS s
        JOIN rows AS r USING (report_id, char_start, period)
        JOIN metrics AS m ON m.metric_id = r.metric_id
        WHERE r.n_metrics = 1 AND r.n_stated = {n_orgs} AND r.n_figures > 0
          AND abs(s.value - r.computed) > {sum_tolerance(f"least(r.min_decimals, {decimals('s.value')})", str(n_orgs + 1))}
    """


def _column(metric_id: str) -> str:
    return f'b."{metric_id}"'


def _side_text(ids: tuple[str, ...]) -> str:
    """'本年新收… [requests.new_received] 1259 + 上年结转… [requests.carried_over] 170' for one side of a balance."""
    terms = [f"'{metric_label(i)} ' || {number_text(_column(i))}" for i in ids]
    return "(" + " || ' + ' || ".join(terms) + ")"


def _balances_sql(balance: rulebook.Balance) -> str:
    """One row per report, applicant column and period that states every term of the balance (alias b); a
    blank cell is an empty term (see parts.STATED)."""
    metrics = (*balance.inflows, *balance.outflows)
    pivots = ", ".join(f"max(value) FILTER (WHERE metric_id = '{m}') AS \"{m}\"" for m in metrics)
    listed = ", ".join(f"'{m}'" for m in metrics)
    return f"""
            SELECT report_id, applicant, period, {pivots},
                   min({decimals('value')}) AS min_decimals,
                   any_value(snippet) FILTER (WHERE metric_id = '{balance.stated_metric}') AS snippet
            FROM ({parts.STATED})
            WHERE metric_id IN ({listed})
            GROUP BY ALL
            HAVING count(DISTINCT metric_id) = {len(metrics)}
    """


def _unbalanced(balance: rulebook.Balance) -> str:
    inflow = " + ".join(_column(m) for m in balance.inflows)
    outflow = " + ".join(_column(m) for m in balance.outflows)
    n_terms = len(balance.inflows) + len(balance.outflows)
    return f"abs(({inflow}) - ({outflow})) > {sum_tolerance('b.min_decimals', str(n_terms))}"


def _balance_sql(balance: rulebook.Balance) -> str:
    inflow = " + ".join(_column(m) for m in balance.inflows)
    outflow = " + ".join(_column(m) for m in balance.outflows)
    return f"""
        WITH b AS ({_balances_sql(balance)})
        SELECT 'sum.{balance.rule}' AS check_name, 'error' AS severity, b.report_id,
               '{balance.stated_metric}' AS metric_id, b.applicant, {inflow} AS stated, {outflow} AS computed,
               -- the column named even for 总计: a balance holds per column, and the reader must know which failed
               '{balance.identity_zh} does not hold'
                 || CASE WHEN b.applicant = 'total' AND b.period = 'year' THEN ' (总计 column)'
                         ELSE {column_note('b.applicant', 'b.period')} END || ': '
                 || {_side_text(balance.inflows)} || ' = ' || {number_text(inflow)} || ', but '
                 || {_side_text(balance.outflows)} || ' = ' || {number_text(outflow)} AS message,
               {clip('b.snippet')} AS snippet
        FROM b
        WHERE {_unbalanced(balance)}
    """


def in_doubt_sql() -> str:
    """report_id, metric_id, applicant, period of the figures a report's own identities already call wrong: every
    cell of a requests-table row whose 总计 is not the sum of its columns or is less than the columns it states
    (applicant NULL: the whole row), the
    whole and the parts of a parent that does not add up, and every term of a balance that does not hold in a
    column. Another family comparing such a figure with something else learns nothing new (needs PARTS)."""
    # Every part stated and the sum is not the whole, or the parts stated already exceed it.
    mismatched = (f"SELECT s.* FROM {parts.PARTS} AS s WHERE ({MISMATCH}) "
                  f"OR (NOT s.complete AND s.computed > s.whole_value + s.tolerance)")
    balances = " UNION ALL ".join(
        f"SELECT b.report_id, t.metric_id, b.applicant, b.period FROM ({_balances_sql(b)}) AS b, "
        f"(SELECT unnest([{', '.join(repr(m) for m in (*b.inflows, *b.outflows))}]) AS metric_id) AS t WHERE {_unbalanced(b)}"
        for b in rulebook.balances()
    )
    return f"""
        SELECT s.report_id, s.whole_metric AS metric_id, NULL::VARCHAR AS applicant, s.period
        FROM ({mismatched}) AS s WHERE s.relation = 'applicant_columns'
        UNION ALL
        SELECT s.report_id, t.part_metric, s.whole_applicant, s.period
        FROM ({mismatched}) AS s JOIN reports AS r USING (report_id)
        JOIN {parts.TERMS} AS t
          ON t.relation = 'parent_children' AND t.template = coalesce(r.template, 'unknown') AND t.whole_metric = s.whole_metric
         AND t.whole_applicant = s.whole_applicant
        WHERE s.relation = 'parent_children'
        {('UNION ALL ' + balances) if balances else ''}
    """


def find(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    rules = [_parent_children_sql(), _parent_rows_sql(), _applicant_columns_sql(), _org_subtotal_sql(),
             *(_balance_sql(b) for b in rulebook.balances())]
    with parts.parts_table(conn), registered(conn, {**parts.lookups(), **wording.lookups()}):
        return concat([collect(conn, sql) for sql in rules])
