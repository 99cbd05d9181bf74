"""The report_findings asset check counts every family's findings in one pass (assets.checks.findings_counts):
the same counts per severity and per rule, in the same order, as counting each family on its own in SQL."""

from __future__ import annotations

import duckdb
import pandas as pd

from assets.checks import SEVERITY_ORDER, family_counts, findings_counts
from fixtures.checks.warehouse import Warehouse, insert_findings
from pipeline.checks import FAMILIES


def _family_alone(conn: duckdb.DuckDBPyConnection, family: str) -> tuple[dict[str, int], dict[str, int]]:
    """One family counted by itself, in SQL (severities in SEVERITY_ORDER first, then any other)."""
    by_severity = dict.fromkeys(SEVERITY_ORDER, 0)
    where = "split_part(check_name, '.', 1) = ?"
    for severity, n in conn.execute(f"SELECT severity, count(*) FROM check_results WHERE {where} GROUP BY ALL", [family]).fetchall():
        by_severity[severity] = n
    by_rule = conn.execute(
        f"SELECT check_name, count(*) AS n FROM check_results WHERE {where} GROUP BY ALL ORDER BY n DESC, check_name", [family]
    ).fetchall()
    return by_severity, dict(by_rule)


def _warehouse_with_findings() -> duckdb.DuckDBPyConnection:
    w = Warehouse()
    w.report("a")
    conn = w.load()
    # rules with equal counts (ordered by name), one family without findings, a family no module defines
    counts = {("sum.parent_children", "error"): 3, ("sum.applicant_columns", "error"): 3, ("sum.flow", "warn"): 1,
              ("sum.flow", "info"): 2, ("categories.total", "warn"): 5, ("categories.share", "error"): 1,
              ("completeness.identity", "info"): 4, ("plausibility.outlier", "warn"): 2, ("retired.rule", "warn"): 1}
    rows = [(rule, severity, "a", "m") for (rule, severity), n in counts.items() for _ in range(n)]
    frame = pd.DataFrame(rows, columns=["check_name", "severity", "report_id", "message"])
    insert_findings(conn, frame)
    return conn


def test_one_pass_counts_every_family_as_counting_it_alone() -> None:
    conn = _warehouse_with_findings()
    counts = findings_counts(conn)
    assert set(FAMILIES) <= set(counts)
    for family in FAMILIES:
        by_severity, by_rule = counts[family]
        expected_severity, expected_rule = _family_alone(conn, family)
        assert by_severity == expected_severity, family
        assert list(by_rule.items()) == list(expected_rule.items()), family  # order included: the rule table lists it
        assert family_counts(conn, family) == (expected_severity, expected_rule)
    assert counts["sum"][1] == {"sum.applicant_columns": 3, "sum.parent_children": 3, "sum.flow": 3}
    assert counts["cross_year"] == ({"error": 0, "warn": 0, "info": 0}, {})


def test_counts_of_an_empty_check_results() -> None:
    w = Warehouse()
    w.report("a")
    conn = w.load()
    assert all(findings_counts(conn)[family] == (dict.fromkeys(SEVERITY_ORDER, 0), {}) for family in FAMILIES)
