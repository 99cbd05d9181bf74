"""Lookup frames registered once for every family (pipeline.checks.findings.run_checks, frame.registered): a
block that asks for a name an enclosing block already holds with the same rows reuses it, one that asks for it
with other rows sees its own rows and leaves the enclosing block's in place, and the findings are those of each
family run on its own, registering its own lookups as before."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from fixtures.checks.synthetic import compose_report, load_report, rate_rows
from fixtures.checks.warehouse import Warehouse, insert_rate_statements
from pipeline.checks import findings, incremental
from pipeline.checks.frame import FINDING_COLUMNS, registered

NAME = "_check_test_lookup"


def _rows(conn: duckdb.DuckDBPyConnection) -> list[tuple]:
    return conn.execute(f"SELECT * FROM {NAME} ORDER BY ALL").fetchall()


def _exists(conn: duckdb.DuckDBPyConnection) -> bool:
    return conn.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = ?", [NAME]).fetchall()[0][0] > 0


def test_an_inner_block_with_the_same_rows_keeps_the_outer_table():
    conn = duckdb.connect()
    outer = pd.DataFrame({"k": ["a", "b"], "v": [1, 2]})
    with registered(conn, {NAME: outer}):
        with registered(conn, {NAME: outer.copy()}):  # equal rows, another frame object
            assert _rows(conn) == [("a", 1), ("b", 2)]
        assert _exists(conn) and _rows(conn) == [("a", 1), ("b", 2)]  # not dropped by the inner block
    assert not _exists(conn)


def test_an_inner_block_with_other_rows_sees_them_and_restores_the_outer_ones():
    conn = duckdb.connect()
    with registered(conn, {NAME: pd.DataFrame({"k": ["a"], "v": [1]})}):
        with registered(conn, {NAME: pd.DataFrame({"k": ["z"], "v": [9]})}):
            assert _rows(conn) == [("z", 9)]
        assert _rows(conn) == [("a", 1)]
    assert not _exists(conn)


def test_blocks_on_two_connections_do_not_share_tables():
    first, second = duckdb.connect(), duckdb.connect()
    frame = pd.DataFrame({"k": ["a"], "v": [1]})
    with registered(first, {NAME: frame}), registered(second, {NAME: frame}):
        assert _rows(first) == _rows(second) == [("a", 1)]
    assert not _exists(first) and not _exists(second)


def _sorted(frame: pd.DataFrame) -> list[tuple]:
    return sorted(tuple(str(v) for v in row) for row in frame[FINDING_COLUMNS].itertuples(index=False))


@pytest.fixture(scope="module")
def synthetic_warehouse() -> duckdb.DuckDBPyConnection:
    """300 synthetic reports with the generator's injected inconsistencies, as tests/test_checks_synthetic loads
    them (each report its own agency), plus rate statements."""
    warehouse, rates = Warehouse(), []
    for index in range(300):
        plan, truth = compose_report(index)
        load_report(warehouse, f"syn{index}", plan, truth)
        rates += rate_rows(f"syn{index}", truth)
    conn = warehouse.load()
    insert_rate_statements(conn, rates)
    return conn


def test_run_checks_finds_what_each_family_finds_on_its_own(synthetic_warehouse):
    conn = synthetic_warehouse
    together = findings.run_checks(conn)
    assert together["check_name"].str.split(".").str[0].nunique() >= 3, "findings of several families"
    one_by_one = pd.concat([findings.run_family(conn, family) for family in findings.FAMILIES], ignore_index=True)
    assert _sorted(together) == _sorted(one_by_one)
    left = conn.execute("SELECT table_name FROM duckdb_tables() WHERE temporary AND table_name LIKE '%check%'").fetchall()
    assert left == [], "every lookup and PARTS are dropped after the run"


def test_rules_on_one_thread_find_what_they_find_on_several(synthetic_warehouse):
    conn = synthetic_warehouse
    conn.execute("SET threads = 4")
    several = findings.run_checks(conn)
    with incremental.one_thread(conn):
        assert conn.execute("SELECT current_setting('threads')").fetchall()[0][0] == 1
        one = findings.run_checks(conn)
    assert conn.execute("SELECT current_setting('threads')").fetchall()[0][0] == 4
    assert _sorted(one) == _sorted(several)
