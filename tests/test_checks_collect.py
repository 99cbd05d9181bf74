"""Rules' findings collected as DuckDB returns them and typed once, when concatenated (frame.collect, concat):
the same rows, in the same order, as the rule's own SQL gives, whatever types the rules give their columns."""

from __future__ import annotations

import math

import duckdb
import pandas as pd

from fixtures.checks.standard import standard_report
from fixtures.checks.warehouse import Warehouse
from pipeline.checks import FINDING_COLUMNS, run_checks, run_family
from pipeline.checks.frame import collect, concat, empty_findings

# A rule naming no metric or applicant (NULL literals: DuckDB gives them no type), and one naming both.
NO_METRIC = """SELECT 'completeness.x' AS check_name, 'info' AS severity, report_id, NULL AS metric_id, NULL AS applicant,
                      NULL AS stated, NULL AS computed, NULL AS message, NULL AS snippet FROM reports"""
TIES = """SELECT 'sum.x' AS check_name, 'error' AS severity, report_id, metric_id, applicant, value AS stated,
                 value + 1 AS computed, metric_id || ' ' || period AS message, snippet FROM metric_values"""


def _warehouse() -> duckdb.DuckDBPyConnection:
    w = Warehouse()
    for report, year in (("a", 2020), ("b", 2021)):
        w.report(report, template="v2021", year=year)
        w.values(report, standard_report("v2021", 1))
    w.report("c", template="v2021", year=2022)
    w.value("c", "requests.new_received", 5, period="year")
    return w.load()


def _plain(conn: duckdb.DuckDBPyConnection, rule_sql: str) -> list[tuple]:
    """The rule run the general way: its rows with the report's agency and year, sorted as collect sorts."""
    return conn.execute(
        f"""SELECT f.check_name, f.severity, f.report_id, r.agency_id, r.year, f.metric_id, f.applicant, f.stated,
                   f.computed, coalesce(f.message, f.check_name), f.snippet
            FROM ({rule_sql}) AS f LEFT JOIN reports AS r USING (report_id)
            ORDER BY f.report_id, f.metric_id NULLS FIRST, f.applicant NULLS FIRST"""
    ).fetchall()


def _rows(frame: pd.DataFrame) -> list[tuple]:
    def plain(v):
        return None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v
    return [tuple(plain(v) for v in row) for row in frame[FINDING_COLUMNS].astype(object).itertuples(index=False)]


def test_collected_rules_give_the_rows_duckdb_gives_in_order() -> None:
    conn = _warehouse()
    frame = (concat([collect(conn, NO_METRIC), collect(conn, TIES)]))
    expected = _plain(conn, NO_METRIC) + _plain(conn, TIES)
    assert len(expected) > 40
    found = _rows(frame)
    assert sorted(found, key=repr) == sorted(expected, key=repr)
    # in the order of the rules, each sorted by report, metric and applicant (rows tying on those three may come
    # in either order: a report's yearly and cumulative figure)
    assert [r[:3] + r[5:7] for r in found] == [r[:3] + r[5:7] for r in expected]


def test_findings_frame_types() -> None:
    conn = _warehouse()
    frame = (concat([collect(conn, NO_METRIC), collect(conn, TIES)]))
    assert list(frame.columns) == FINDING_COLUMNS
    assert str(frame["year"].dtype) == "Int64" and frame["stated"].dtype == "float64" and frame["computed"].dtype == "float64"
    # a finding about a whole report names no metric: None, as the rule wrote it
    assert frame["metric_id"].dtype == object and frame.loc[frame["check_name"] == "completeness.x", "metric_id"].map(lambda v: v is None).all()
    assert frame.loc[frame["check_name"] == "sum.x", "metric_id"].map(lambda v: isinstance(v, str)).all()
    # the message falls back to the check name, never NULL
    assert (frame.loc[frame["check_name"] == "completeness.x", "message"] == "completeness.x").all()


def test_no_findings_is_an_empty_typed_frame() -> None:
    conn = _warehouse()
    nothing = (concat([collect(conn, f"{TIES} WHERE false"), collect(conn, f"{NO_METRIC} WHERE false")]))
    empty = empty_findings()
    assert nothing.empty and list(nothing.columns) == FINDING_COLUMNS
    assert nothing.dtypes.to_dict() == empty.dtypes.to_dict()


def test_run_checks_is_every_family_in_order() -> None:
    w = Warehouse()
    for report, year in (("a", 2020), ("b", 2021)):
        w.report(report, template="v2021", year=year)
        w.values(report, standard_report("v2021", 1))
    w.value("a", "requests.new_received", -3, period="cumulative")  # a negative count: plausibility
    w.report("d", template="v2021", agency_id=None, year=None)  # no agency nor year: completeness
    conn = w.load()
    every = run_checks(conn)
    families = [run_family(conn, family) for family in ("sum", "categories", "cross_section", "cross_year", "completeness", "plausibility")]
    assert len(every) >= 2 and {f.split(".")[0] for f in every["check_name"]} >= {"completeness", "plausibility"}
    assert sorted(_rows(every), key=repr) == sorted((row for frame in families for row in _rows(frame)), key=repr)
    assert [r[0] for r in _rows(every)] == [r[0] for frame in families for r in _rows(frame)]
    assert str(every["year"].dtype) == "Int64" and every["stated"].dtype == "float64" and every["computed"].dtype == "float64"
