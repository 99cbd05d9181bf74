"""The asset checks' metadata computed in SQL: counts of every offending row, a bounded sample, and the same
per-severity counts and worst offenders as reading the whole family into pandas."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from assets.checks import SAMPLE_ROWS, family_counts, integrity_summary, worst_offenders
from fixtures.checks.standard import standard_report
from fixtures.checks.warehouse import Warehouse, insert_findings
from pipeline.checks import INTEGRITY_CHECKS
from pipeline.warehouse.connect import connect


def _warehouse() -> duckdb.DuckDBPyConnection:
    w = Warehouse()
    for report in ("a", "b"):
        w.report(report, template="v2021")
        w.values(report, standard_report("v2021", 1))
    return w.load()


def test_a_sound_load_has_no_offending_row() -> None:
    conn = _warehouse()
    for name in INTEGRITY_CHECKS:
        offending, sample = integrity_summary(conn, name)
        assert offending == 0 and sample.empty, name


def test_every_offending_row_is_counted_and_only_a_sample_is_read() -> None:
    conn = _warehouse()
    conn.execute("UPDATE metric_values SET applicant = 'natural person' WHERE applicant = 'natural_person'")
    expected = conn.execute("SELECT count(*) FROM metric_values WHERE applicant = 'natural person'").fetchone()[0]
    assert expected > SAMPLE_ROWS
    offending, sample = integrity_summary(conn, "valid_codes")
    assert offending == expected
    assert len(sample) == SAMPLE_ROWS and set(sample["value"]) == {"natural person"}


def _findings(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    rows = [
        ("sum.parent_children", "error", "a", 2021, "requests.total", "total", 10, 7),
        ("sum.parent_children", "warn", "b", 2021, "requests.total", "total", 10, 9),
        ("sum.applicants", "error", "b", 2021, "requests.new", "total", 5, 50),
        ("sum.applicants", "info", "a", 2021, "requests.new", None, None, None),
        ("categories.total", "error", "a", 2021, "proactive.total", None, 3, 4),
    ]
    frame = pd.DataFrame(rows, columns=["check_name", "severity", "report_id", "year", "metric_id", "applicant", "stated", "computed"])
    frame = frame.assign(agency_id=None, message="m", snippet=None)
    insert_findings(conn, frame)
    return frame


def test_family_counts_and_worst_offenders() -> None:
    conn = _warehouse()
    _findings(conn)
    by_severity, by_rule = family_counts(conn, "sum")
    assert by_severity == {"error": 2, "warn": 1, "info": 1}
    assert by_rule == {"sum.applicants": 2, "sum.parent_children": 2}
    assert family_counts(conn, "cross_year") == ({"error": 0, "warn": 0, "info": 0}, {})
    offenders = worst_offenders(conn, "sum")
    assert list(offenders["metric_id"]) == ["requests.new", "requests.total", "requests.total", "requests.new"]  # errors by gap, warn, info
    assert list(offenders["stated"][:3]) == [5, 10, 10]
    assert list(offenders.columns) == ["agency_name", "year", "metric_id", "applicant", "stated", "computed", "message"]
    assert len(worst_offenders(conn, "sum", limit=1)) == 1


def test_bounded_connection_has_the_memory_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OGI_DUCKDB_MEMORY", "300MB")
    path = tmp_path / "w.duckdb"
    with connect(path) as conn:
        conn.execute("CREATE TABLE t AS SELECT 1 AS x")
        unbounded = conn.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    with connect(path, read_only=True, bounded=True) as conn:
        limit, threads = conn.execute("SELECT current_setting('memory_limit'), current_setting('threads')").fetchone()
    assert threads == 1 and limit != unbounded
    assert limit.replace(" ", "").upper().startswith(("286.1MIB", "300MB", "286MIB"))
