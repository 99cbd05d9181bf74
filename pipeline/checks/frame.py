"""The shape of a finding, and running one rule's SQL into findings with the report's agency and year.

A rule is a SELECT over the warehouse returning RULE_COLUMNS; agency and year always come from the reports
table, so no rule repeats that join.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import duckdb
import pandas as pd

FINDING_COLUMNS = [
    "check_name",
    "severity",
    "report_id",
    "agency_id",
    "year",
    "metric_id",
    "applicant",
    "stated",
    "computed",
    "message",
    "snippet",
]
RULE_COLUMNS = [c for c in FINDING_COLUMNS if c not in ("agency_id", "year")]


def empty_findings() -> pd.DataFrame:
    return _typed(pd.DataFrame({c: [] for c in FINDING_COLUMNS}))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[FINDING_COLUMNS].copy()
    frame["year"] = frame["year"].astype("Int64")
    for column in ("stated", "computed"):
        frame[column] = frame[column].astype("float64")
    return frame


def collect(conn: duckdb.DuckDBPyConnection, rule_sql: str) -> pd.DataFrame:
    """Run one rule and attach each finding's agency and year, as DuckDB returns them (`concat` types them).

    Over a small recheck most rules find nothing: typing every rule's frame cost more than the concatenation
    (~28 copies of mostly empty frames, ~50 ms of a 1% top-up's checks)."""
    # A message is never empty, even if some figure in it was unknown (check_results.message is NOT NULL).
    columns = ", ".join(f"coalesce(f.message, f.check_name) AS message" if c == "message" else f"f.{c}" for c in RULE_COLUMNS)
    return conn.execute(
        f"""SELECT {columns}, r.agency_id, r.year
            FROM ({rule_sql}) AS f LEFT JOIN reports AS r USING (report_id)
            ORDER BY f.report_id, f.metric_id NULLS FIRST, f.applicant NULLS FIRST"""
    ).df()


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Findings of several rules (or families), in the order given, in FINDING_COLUMNS with their types."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_findings()
    return _typed(pd.concat(frames, ignore_index=True))


# (connection, name) -> the frames the open `registered` blocks hold under that name, innermost last
_HELD: dict[tuple[int, str], list[pd.DataFrame]] = {}


def _create(conn: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    conn.register("_check_frame", frame)
    try:
        conn.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _check_frame")
    finally:
        conn.unregister("_check_frame")


@contextmanager
def registered(conn: duckdb.DuckDBPyConnection, frames: Mapping[str, pd.DataFrame]) -> Iterator[None]:
    """Make small lookup frames (catalog relations, patterns) visible to SQL for the duration of a rule.

    They are copied into temporary tables (allowed on a read-only connection too): DuckDB plans joins with a
    table far better than with a scanned pandas frame, which matters against 100M metric_values.

    A name an enclosing block already holds with the same rows is not copied again: run_checks registers every
    family's lookups once, and the families' own blocks then cost nothing (25 copies and drops of the same
    frames, ~0.1 s of a small recheck). A name held with other rows is replaced for the block, then restored.
    """
    key = id(conn)
    fresh = {}
    for name, frame in frames.items():
        held = _HELD.get((key, name))
        if held and (held[-1] is frame or held[-1].equals(frame)):
            continue
        _create(conn, name, frame)
        _HELD.setdefault((key, name), []).append(frame)
        fresh[name] = frame
    try:
        yield
    finally:
        for name in fresh:
            held = _HELD[(key, name)]
            held.pop()
            if held:
                _create(conn, name, held[-1])
            else:
                del _HELD[(key, name)]
                conn.execute(f"DROP TABLE IF EXISTS {name}")
