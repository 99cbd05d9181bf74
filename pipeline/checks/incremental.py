"""Findings for part of the warehouse: what a load that added, changed or removed a few reports needs rechecked.

Every rule reads one report's own rows (sum, categories, cross_section, completeness, and plausibility's
negative, part_exceeds_whole and cumulative_below_year), or one agency's reports across its years (cross_year,
and plausibility.outlier: both through agency_year_reports, whose choice of one report per agency-year is made
among that agency's reports). So a report's findings depend on its own rows and on those of the other reports
of its agency, nothing else. When some reports changed, the findings of every report of every agency they
touch (the agency a report had and the one it has now, with all its years: the neighbouring years of
cross_year and the whole history of the outlier rule) are recomputed over a copy of just those reports, and
every other report keeps the findings it had: together, exactly what a run over the whole warehouse gives.

What "changed" means is decided per report by `report_states`: a digest of the report's row in `reports`
(identity, template, inclusion...) and of the lake shards its value rows were loaded from. Code is not in it:
the caller recomputes everything when the checks' or the load's code differs from the previous run's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.checks.findings import run_checks
from pipeline.warehouse.views import chosen_reports_view

SCOPE_DB = "_check_scope"
# The tables the rules read: the per-report ones are copied for the reports in scope, the others whole.
PER_REPORT_TABLES = ("reports", "metric_values", "metric_mentions", "category_values", "unmapped_values", "rate_statements")
# Per-report tables the rules read for a few reports only, seen through a view of the scope's rows instead of a
# copy: report_texts, whose text reading.py reads for the breakdowns that fall short (a handful of reports;
# copying the scope's texts read every text block of the warehouse file, ~45 ms of CPU of a 1% top-up's checks).
VIEWED_TABLES = ("report_texts",)
WHOLE_TABLES = ("metrics",)
STATE_COLUMNS = ["report_id", "agency_id", "state"]


@dataclass(frozen=True)
class Scope:
    """changed: reports whose state differs (added, changed, removed); recheck: the current reports whose
    findings are recomputed (every report of an agency a changed report had or has, and the changed ones)."""

    changed: frozenset[str]
    recheck: frozenset[str]

    @property
    def stale(self) -> frozenset[str]:
        """Reports whose stored findings no longer hold: removed ones included."""
        return self.changed | self.recheck


# The parts of a report's lineage string, in order, from the load's per-report lineage file (build.LOADED_FILE),
# each as pandas writes it with astype("string").fillna("") (a boolean as True / False, a missing value empty),
# which is how the states of snapshots taken by earlier code were built.
LINEAGE_PARTS = ("doc_key", "included", "ingest_shard", "extract_shard")


def lineage_sql(path: Path) -> str:
    """report_id and lineage (its LINEAGE_PARTS joined by |) of every report in the load's lineage file."""
    def text(column: str) -> str:
        if column == "included":
            return "coalesce(CASE included WHEN true THEN 'True' WHEN false THEN 'False' END, '')"
        return f"coalesce({column}::VARCHAR, '')"

    source = str(path).replace("'", "''")
    joined = " || '|' || ".join(text(c) for c in LINEAGE_PARTS)
    return f"SELECT report_id::VARCHAR AS report_id, {joined} AS lineage FROM read_parquet('{source}')"


def report_states(conn: duckdb.DuckDBPyConnection, lineage: Path) -> pd.DataFrame:
    """report_id, agency_id, state for every report of the warehouse; `lineage` is the load's lineage file, naming
    where each report's value rows come from (its lake shards), read by DuckDB (reading it into pandas and joining
    its columns there cost ~50 ms of CPU at 20,000 reports, against ~10 ms).

    The state is DuckDB's 64-bit hash of the whole row (every column, in order) and of the lineage: at 20,000
    reports 6 ms against 57 ms for an md5 of the row as JSON. Another DuckDB version may hash differently; its
    states then all differ from the snapshot's, and everything is checked again (slower, never wrong)."""
    return conn.execute(
        f"""SELECT r.report_id, r.agency_id, hash(r, coalesce(l.lineage, '')) AS state
            FROM reports AS r LEFT JOIN ({lineage_sql(lineage)}) AS l USING (report_id)"""
    ).df()[STATE_COLUMNS]


def scope_of(previous: pd.DataFrame, current: pd.DataFrame) -> Scope:
    """The reports to recheck, from their states when the findings were computed and now (STATE_COLUMNS)."""
    def columns(frame: pd.DataFrame) -> tuple[list, list, list]:
        return frame["report_id"].tolist(), frame["agency_id"].tolist(), frame["state"].tolist()

    ids_before, agencies_before, states_before = columns(previous)
    ids_now, agencies_now, states_now = columns(current)
    before, now = dict(zip(ids_before, states_before)), dict(zip(ids_now, states_now))
    changed = {r for r in before.keys() | now.keys() if before.get(r) != now.get(r)}
    agency_before, agency_now = dict(zip(ids_before, agencies_before)), dict(zip(ids_now, agencies_now))
    touched = {a for r in changed for a in (agency_before.get(r), agency_now.get(r)) if isinstance(a, str)}
    recheck = {r for r, a in agency_now.items() if isinstance(a, str) and a in touched} | (changed & now.keys())
    return Scope(frozenset(changed), frozenset(recheck))


@contextmanager
def scoped_database(conn: duckdb.DuckDBPyConnection, report_ids: frozenset[str]) -> Iterator[None]:
    """Within the block, the connection's default database is an in-memory copy of the warehouse tables the
    rules read, holding only `report_ids` (and the agency_year_reports view over them)."""
    database = conn.execute("SELECT current_database()").fetchall()[0][0]
    source = '"' + database.replace('"', '""') + '".main'
    conn.execute(f"ATTACH ':memory:' AS {SCOPE_DB}")
    try:
        conn.register("_check_scope_ids", pd.DataFrame({"report_id": sorted(report_ids)}, dtype="object"))
        try:
            conn.execute(f"CREATE TABLE {SCOPE_DB}.main.scope_ids AS SELECT DISTINCT report_id::VARCHAR AS report_id FROM _check_scope_ids")
        finally:
            conn.unregister("_check_scope_ids")
        for table in PER_REPORT_TABLES:
            conn.execute(
                f"CREATE TABLE {SCOPE_DB}.main.{table} AS SELECT t.* FROM {source}.{table} AS t "
                f"SEMI JOIN {SCOPE_DB}.main.scope_ids AS s USING (report_id)"
            )
        for table in VIEWED_TABLES:
            conn.execute(
                f"CREATE VIEW {SCOPE_DB}.main.{table} AS SELECT t.* FROM {source}.{table} AS t "
                f"SEMI JOIN {SCOPE_DB}.main.scope_ids AS s USING (report_id)"
            )
        for table in WHOLE_TABLES:
            conn.execute(f"CREATE TABLE {SCOPE_DB}.main.{table} AS SELECT * FROM {source}.{table}")
        conn.execute(f"USE {SCOPE_DB}")
        try:
            conn.execute(chosen_reports_view()[0])
            yield
        finally:
            conn.execute(f"USE {source.removesuffix('.main')}")
    finally:
        conn.execute(f"DETACH {SCOPE_DB}")


@contextmanager
def one_thread(conn: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """DuckDB on one thread within the block. Over a few hundred reports every rule is a small query, whose
    cost is mostly setting up its operators once per thread (~10% less CPU for the rules of a 1% top-up)."""
    threads = conn.execute("SELECT current_setting('threads')").fetchall()[0][0]
    conn.execute("SET threads = 1")
    try:
        yield
    finally:
        conn.execute(f"SET threads = {int(threads)}")


def find_for(conn: duckdb.DuckDBPyConnection, report_ids: frozenset[str]) -> pd.DataFrame:
    """The findings of `report_ids`, which must include every report of their agencies (see the module doc)."""
    with scoped_database(conn, report_ids), one_thread(conn):
        return run_checks(conn)
