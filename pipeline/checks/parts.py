"""Parts against their whole, as the report states them: the shared ground of the sum and plausibility checks.

Two relations, both read from the catalog: parent_children (a metric metrics.csv gives children for, and the
children the report's template has: review.total has three outcomes in v2008 and four in v2019) and
applicant_columns (总计 and the six applicant columns of a requests-table row). For every stated whole the
report gives parts for, one pass over metric_values yields how many parts the template has, how many the
report states, their sum and the rounding tolerance; it is materialised once per run (`parts_table`) because
two families read it and metric_values may hold 100M rows. Messages spell the parts out only for the few
wholes a rule flags (`flagged_sql`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import duckdb
import pandas as pd

from pipeline.catalog import load_catalog
from pipeline.checks import rulebook
from pipeline.checks.frame import registered
from pipeline.checks.numbers import decimals, number_text, sum_tolerance
from pipeline.checks.wording import metric_label
from pipeline.model import APPLICANTS

TERMS = "_check_sum_terms"
PARTS = "_check_parts"
RELATIONS = ("parent_children", "applicant_columns")
# A total against its result rows where the table also prints 小计 rows for groups of them: the same pairs as
# parent_children, read with every stated subtotal replaced by the sum of its rows (see rows_values_sql).
ROWS = "parent_rows"
DESCENDANTS = "_check_descendants"
BATCH_VALUES = "_check_batch_values"
BATCH_UNMAPPED = "_check_batch_unmapped"
# A standard-table cell holding a blank mark (无, /, —, nothing) states no figure; as a part of a sum it is an
# empty part (0), never a whole (derived = true), and only where the metric has no figure of its own.
STATED = (
    "SELECT * FROM ("
    "SELECT report_id, metric_id, applicant, period, value, snippet, method, char_start, false AS derived FROM metric_values"
    " UNION ALL "
    "SELECT b.report_id, b.metric_id, b.applicant, b.period, 0.0, any_value(b.snippet), 'blank', min(b.char_start), true "
    "FROM metric_mentions AS b ANTI JOIN metric_values AS v USING (report_id, metric_id, applicant, period) "
    "WHERE b.value IS NULL AND b.method = 'table' GROUP BY b.report_id, b.metric_id, b.applicant, b.period"
    ") AS stated"
)


def _pair(relation: str, template: str, whole: str, whole_applicant: str, part: str, part_applicant: str,
          role: str, label: str, position: int, n_parts: int) -> dict[str, object]:
    return dict(relation=relation, template=template, whole_metric=whole, whole_applicant=whole_applicant,
                part_metric=part, part_applicant=part_applicant, role=role, part_label=label, position=position,
                n_parts=n_parts)


def _parent_children_terms() -> list[dict[str, object]]:
    """Whole and parts in the same applicant column, for every column (joins on equality stay fast)."""
    catalog = load_catalog()
    rows = []
    for template in rulebook.REPORT_TEMPLATES:
        applies_to = None if template == "unknown" else template
        for parent in catalog.parents():
            needed = [c for c in catalog.children(parent.metric_id) if c.applies_to(applies_to)]
            if not needed:
                continue
            whole = parent.metric_id
            for column in APPLICANTS:
                rows.append(_pair("parent_children", template, whole, column, whole, column, "whole", metric_label(whole), -1, len(needed)))
                rows += [
                    _pair("parent_children", template, whole, column, child.metric_id, column, "part",
                          metric_label(child.metric_id), position, len(needed))
                    for position, child in enumerate(needed)
                ]
    return rows


def _applicant_column_terms() -> list[dict[str, object]]:
    labels = dict(rulebook.applicant_labels().itertuples(index=False))
    columns = rulebook.APPLICANT_COLUMNS
    rows = []
    for template in rulebook.REPORT_TEMPLATES:
        for metric in (m for m in load_catalog().metrics if m.has_applicant_breakdown):
            whole = metric.metric_id
            rows.append(_pair("applicant_columns", template, whole, "total", whole, "total", "whole",
                              labels.get("total", "total"), -1, len(columns)))
            rows += [
                _pair("applicant_columns", template, whole, "total", whole, applicant, "part",
                      labels.get(applicant, applicant), position, len(columns))
                for position, applicant in enumerate(columns)
            ]
    return rows


@cache
def sum_terms() -> pd.DataFrame:
    """Every (whole, part) pair per report template; each whole also pairs with itself (role 'whole') so that
    one aggregation reads the whole and its parts together."""
    return pd.DataFrame(_parent_children_terms() + _applicant_column_terms())


@cache
def descendants() -> pd.DataFrame:
    """ancestor, metric_id: every metric under a parent in metrics.csv, at any depth, and the parent itself."""
    catalog = load_catalog()

    def below(metric_id: str) -> list[str]:
        return [metric_id] + [d for c in catalog.children(metric_id) for d in below(c.metric_id)]

    return pd.DataFrame([(p.metric_id, d) for p in catalog.parents() for d in below(p.metric_id)], columns=["ancestor", "metric_id"])


def lookups() -> dict[str, pd.DataFrame]:
    return {TERMS: sum_terms(), DESCENDANTS: descendants()}


def _joined(relation: str, values_sql: str) -> str:
    """Values joined to the pairs of `relation` that apply to their report's template."""
    pairs = "parent_children" if relation == ROWS else relation
    return f"""
        FROM ({values_sql}) AS v
        JOIN reports AS r USING (report_id)
        JOIN {TERMS} AS t
          ON t.relation = '{pairs}' AND t.template = coalesce(r.template, 'unknown') AND t.part_metric = v.metric_id
         AND t.part_applicant = v.applicant
    """


WHOLE_KEY = "v.report_id, t.whole_metric, t.whole_applicant, v.period"


def _sums_sql(relation: str, values_sql: str, only_wholes: tuple[str, ...] = ()) -> str:
    """Per whole: the stated whole (NULL when unstated or only derived), how many parts the template has and
    the report states, and their sum (for `only_wholes` when given)."""
    part = "t.role = 'part'"
    only = f"AND t.whole_metric IN ({', '.join(repr(m) for m in only_wholes)})" if only_wholes else ""
    return f"""
        SELECT {WHOLE_KEY}, any_value(t.n_parts) AS n_parts,
               count(*) FILTER (WHERE {part}) AS n_stated, round(sum(v.value) FILTER (WHERE {part}), 6) AS computed,
               count(*) FILTER (WHERE {part} AND v.method IS DISTINCT FROM 'blank') AS n_figures,
               min({decimals('v.value')}) FILTER (WHERE {part}) AS min_decimals,
               count(*) FILTER (WHERE t.role = 'whole' AND v.method IS DISTINCT FROM 'blank') AS n_whole,
               max(v.value) FILTER (WHERE t.role = 'whole' AND NOT v.derived) AS whole_value,
               any_value(v.snippet) FILTER (WHERE t.role = 'whole' AND NOT v.derived) AS whole_snippet,
               bool_and(v.method = 'table') FILTER (WHERE t.role = 'whole' AND NOT v.derived) AS whole_in_table,
               min(v.char_start) FILTER (WHERE t.role = 'whole' AND NOT v.derived) AS whole_start,
               bool_and(coalesce(v.method IN ('table', 'blank'), false)) FILTER (WHERE {part}) AS parts_in_table,
               bool_and(coalesce(v.method = 'prose', false)) FILTER (WHERE {part}) AS parts_in_prose,
               min(v.char_start) FILTER (WHERE {part}) AS parts_start, max(v.char_start) FILTER (WHERE {part}) AS parts_end
        {_joined(relation, values_sql)} {only}
        GROUP BY ALL
    """


def _subtotals() -> tuple[str, ...]:
    """Metrics that have parts and are parts themselves (（三）不予公开): the only wholes ever derived."""
    return tuple(sorted(m.metric_id for m in load_catalog().parents() if m.parent_id))


def _derivation_levels() -> int:
    """How many levels of unstated subtotal rows may lie between a stated total and stated rows."""
    catalog = load_catalog()

    def depth(metric_id: str) -> int:
        return 1 + max((depth(c.metric_id) for c in catalog.children(metric_id)), default=0)

    return max((depth(m.metric_id) for m in catalog.parents()), default=0) - 2


def effective_values_sql(stated_sql: str = STATED) -> str:
    """Stated values, plus the subtotals a report implies without stating them.

    A v2021 table has no row for （三）不予公开 itself, only its eight reasons; （七）总计 is still checkable
    against （一）+（二）+ the reasons + …, so an unstated group whose every part is stated counts as their sum
    (derived = true). Derived values only ever serve as parts, never as the stated whole.
    """
    sql = stated_sql
    for _ in range(max(0, _derivation_levels())):
        sql = f"""
            WITH base AS ({sql})
            SELECT * FROM base
            UNION ALL
            SELECT g.report_id, g.whole_metric, g.whole_applicant, g.period, g.computed, NULL, NULL, NULL, true
            FROM ({_sums_sql('parent_children', 'SELECT * FROM base', _subtotals())}) AS g
            WHERE g.n_stated = g.n_parts AND g.n_whole = 0
        """
    return sql


def _above_subtotals() -> tuple[str, ...]:
    """The metrics a subtotal is part of, at any depth (（七）总计 above （三）不予公开)."""
    catalog = load_catalog()
    above: set[str] = set()
    for metric_id in _subtotals():
        parent = catalog[metric_id].parent_id
        while parent:
            above.add(parent)
            parent = catalog[parent].parent_id
    return tuple(sorted(above))


@cache
def _grouping_subtotals() -> tuple[str, ...]:
    """'<template>|<metric>' for every subtotal that template gives rows under: a v2019 table's （六）其他处理 is a
    row of its own (its three reasons are v2021's), so it stays a figure there and is never replaced."""
    catalog = load_catalog()
    return tuple(
        f"{template}|{metric_id}"
        for template in rulebook.REPORT_TEMPLATES
        for metric_id in _subtotals()
        if any(c.applies_to(None if template == "unknown" else template) for c in catalog.children(metric_id))
    )


def rows_values_sql(stated_sql: str = STATED) -> str:
    """The stated values with every stated subtotal (a 小计 row) replaced by the sum of its rows when all are
    stated: a total above it is then compared with the rows themselves. Where a 小计 row disagrees with its
    rows, the total may agree with the one and not the other; the rows are what the table reports. A metric
    the report's template gives no rows under is a row itself, and stays."""
    listed = ", ".join(repr(k) for k in _grouping_subtotals()) or "NULL"
    return effective_values_sql(
        f"SELECT s.* FROM ({stated_sql}) AS s JOIN reports AS r USING (report_id) "
        f"WHERE coalesce(r.template, 'unknown') || '|' || s.metric_id NOT IN ({listed})"
    )


def _values_sql(relation: str, stated_sql: str = STATED) -> str:
    if relation == ROWS:
        return rows_values_sql(stated_sql)
    return effective_values_sql(stated_sql) if relation == "parent_children" else stated_sql


def _table_breakdowns_sql(sums: str, values_table: str = "metric_values", unmapped_table: str = "unmapped_values") -> str:
    """Wholes whose parts are the rows a table lists under them, though fewer than the template's.

    Provincial 统计表 before 2019 have their own rows (信函、传真申请数 as one row, no 传真 row): a parent row
    followed by child rows, with nothing between them but its own descendants, is the breakdown that table
    gives, and it must add up. A row the extraction could not map, inside that span, might be a missing
    child (电子邮件申请数), so such a table is not judged. Only for templates whose tables vary
    (checks_settings.csv table_breakdown_templates).
    """
    templates = ", ".join(f"'{t}'" for t in rulebook.settings().table_breakdown_templates) or "NULL"
    return f"""
        SELECT c.report_id, c.whole_metric, c.whole_applicant, c.period
        FROM ({sums}) AS c JOIN reports AS r USING (report_id)
        WHERE r.template IN ({templates}) AND c.n_stated < c.n_parts AND c.n_stated >= 2 AND c.whole_in_table AND c.parts_in_table
          AND c.parts_start > c.whole_start
          AND NOT EXISTS (
              SELECT 1 FROM {values_table} AS v
              WHERE v.report_id = c.report_id AND v.char_start > c.whole_start AND v.char_start < c.parts_end
                AND v.metric_id NOT IN (SELECT d.metric_id FROM {DESCENDANTS} AS d WHERE d.ancestor = c.whole_metric))
          AND NOT EXISTS (
              SELECT 1 FROM {unmapped_table} AS u
              WHERE u.report_id = c.report_id AND u.char_start > c.whole_start AND u.char_start < c.parts_end)
    """


def _parts_sql(relation: str, stated_sql: str = STATED, values_table: str = "metric_values",
               unmapped_table: str = "unmapped_values") -> str:
    """PARTS rows of one relation; `complete` when every part of the template is stated, or (parent_children)
    when the parts are the rows the report's table lists under the whole."""
    tolerance = sum_tolerance(f"least(s.min_decimals, {decimals('s.whole_value')})", "s.n_stated + 1")
    only = _above_subtotals() if relation == ROWS else ()
    sums = f"SELECT * FROM ({_sums_sql(relation, _values_sql(relation, stated_sql), only)}) WHERE whole_value IS NOT NULL AND n_figures > 0"
    if relation == ROWS:
        templates = ", ".join(f"'{t}'" for t in rulebook.settings().rows_total_templates) or "NULL"
        sums += f" AND report_id IN (SELECT report_id FROM reports WHERE template IN ({templates}))"
    listed = (
        f"EXISTS (SELECT 1 FROM listed AS l WHERE l.report_id = s.report_id AND l.whole_metric = s.whole_metric "
        f"AND l.whole_applicant = s.whole_applicant AND l.period = s.period)"
        if relation == "parent_children" else "false"
    )
    return f"""
        WITH s AS MATERIALIZED ({sums}), listed AS ({_table_breakdowns_sql('SELECT * FROM s', values_table, unmapped_table)})
        SELECT '{relation}' AS relation, s.*, {tolerance} AS tolerance,
               s.n_stated = s.n_parts OR {listed} AS complete
        FROM s
    """


def report_batches(conn: duckdb.DuckDBPyConnection, column: str = "report_id") -> list[str]:
    """SQL conditions on `column` that split the reports into batches of about checks_batch_reports each.

    A rule that aggregates per report over metric_values (7M rows at 100k reports) holds a hash table of
    every group at once; run batch by batch, it holds one batch's, and its result is the same, since no
    group spans two reports. One batch (TRUE) for a warehouse that small."""
    reports = conn.execute("SELECT count(*) FROM reports").fetchall()[0][0]
    n = max(1, -(-reports // rulebook.settings().batch_reports))
    return ["TRUE"] if n == 1 else [f"hash({column}) % {n} = {k}" for k in range(n)]


@contextmanager
def parts_table(conn: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """PARTS (and TERMS) for the duration of a run: built once, shared by every family that reads them."""
    exists = conn.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = ?", [PARTS]
    ).fetchall()[0][0]
    if exists:
        yield
        return
    with registered(conn, lookups()):
        created = False
        for batch in report_batches(conn):
            # The batch's values (and unmapped rows) copied once: every read of them below is then a small scan.
            conn.execute(f"CREATE OR REPLACE TEMP TABLE {BATCH_VALUES} AS {STATED} WHERE {batch}")
            conn.execute(f"CREATE OR REPLACE TEMP TABLE {BATCH_UNMAPPED} AS SELECT report_id, char_start FROM unmapped_values WHERE {batch}")
            for relation in (*RELATIONS, ROWS):
                sql = _parts_sql(relation, f"SELECT * FROM {BATCH_VALUES}", BATCH_VALUES, BATCH_UNMAPPED)
                # the table is created by its first rows' query (with the columns of RELATIONS[0]'s query: a
                # separate empty CREATE planned that whole query once more, ~12 ms of a small recheck)
                conn.execute(f"INSERT INTO {PARTS} {sql}" if created else f"CREATE TEMP TABLE {PARTS} AS {sql}")
                created = True
        conn.execute(f"DROP TABLE IF EXISTS {BATCH_VALUES}")
        conn.execute(f"DROP TABLE IF EXISTS {BATCH_UNMAPPED}")
        try:
            yield
        finally:
            conn.execute(f"DROP TABLE IF EXISTS {PARTS}")


def flagged_sql(relation: str, condition: str) -> str:
    """The wholes of `relation` meeting `condition` (over PARTS' columns, alias s), each with its parts written
    out ('（一）予以公开 [requests.granted] 40 + …'), read again for the flagged reports only."""
    stated_of_flagged = f"{STATED} WHERE report_id IN (SELECT report_id FROM flagged)"
    term = (
        f"t.part_label || ' ' || {number_text('v.value')}"
        " || CASE WHEN v.method = 'blank' THEN ' (blank cell)' WHEN v.derived THEN ' (sum of its rows)' ELSE '' END"
    )
    # Two terms can share a position (a blank cell and the sum of its rows); ordering them by their text too
    # makes the message the same on every run, whatever order DuckDB's threads deliver them in.
    return f"""
        WITH flagged AS MATERIALIZED (SELECT s.* FROM {PARTS} AS s WHERE s.relation = '{relation}' AND {condition}),
        terms AS (
            SELECT {WHOLE_KEY},
                   string_agg({term}, ' + ' ORDER BY t.position, {term}) AS terms
            {_joined(relation, _values_sql(relation, stated_of_flagged))}
              AND t.role = 'part'
            GROUP BY ALL
        )
        SELECT f.*, t.terms FROM flagged AS f JOIN terms AS t USING (report_id, whole_metric, whole_applicant, period)
    """
