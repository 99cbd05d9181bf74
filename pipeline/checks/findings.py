"""Report-level findings: every family of inconsistency the warehouse can show, in the check_results layout.

A family is a module with `find(conn) -> findings`; check names are "<family>.<rule>". Findings are about the
reports, never failures of the pipeline: run_checks always returns, whatever the reports say.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import pandas as pd

from pipeline.checks import categories, completeness, cross_section, cross_year, parts, plausibility, rulebook, sums, wording
from pipeline.checks.frame import FINDING_COLUMNS, concat, registered

FAMILIES = {
    "sum": "Table identities: parent totals vs the sum of their children (from metrics.csv), 总计 vs the six "
    "applicant columns (and a 法人或其他组织 小计 column vs its five), and 一 + 二 = （七）总计 + 四 in every column.",
    "categories": "Stated totals vs the sum of their listed categories (lists introduced as 主要类别/其中, and prose "
    "naming most but not all of a total's parts, are warnings); stated shares vs count / total beyond rounding; "
    "stated rates (办结率, 答复率) vs the part and whole the sentence counts.",
    "cross_section": "The same figure stated twice in a report (prose and table) with different values, including "
    "combined 行政诉讼 figures vs direct + after-review totals.",
    "cross_year": "Same agency across years: 上年结转 vs last year's 结转下年度, 现行有效件数 stock-flow, "
    "cumulative (历年累计) figures that decrease.",
    "completeness": "v2019/v2021 reports with a standard table missing; included reports without agency or year.",
    "plausibility": "Negative counts, parts larger than their whole, values far outside an agency's own history.",
}
_FINDERS = {
    "sum": sums.find,
    "categories": categories.find,
    "cross_section": cross_section.find,
    "cross_year": cross_year.find,
    "completeness": completeness.find,
    "plausibility": plausibility.find,
}

__all__ = ["FAMILIES", "FINDING_COLUMNS", "run_checks", "run_family"]


def run_family(conn: duckdb.DuckDBPyConnection, family: str) -> pd.DataFrame:
    """The findings of one family (check names '<family>.<rule>')."""
    return _FINDERS[family](conn)


@contextmanager
def memory_bounded(conn: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """DuckDB's memory limit lowered to checks_settings.csv memory_limit_mb while the checks run, then restored.

    The rules aggregate per report batch (parts.report_batches), so their own working sets are small; the
    limit keeps DuckDB from also caching every block of the warehouse file it read (metric_values' snippets),
    which is what made a 100k-report run peak at 4 GB."""
    previous = _memory_limit(conn)
    conn.execute(f"SET memory_limit = '{rulebook.settings().memory_limit_mb}MB'")
    try:
        yield
    finally:
        conn.execute("RESET memory_limit")  # the default, which is what a pipeline connection has
        if _memory_limit(conn) != previous:
            # DuckDB prints a limit truncated to one decimal ('2.7 GiB' for 2.79): set the middle of that step,
            # which prints the same again.
            number, unit = previous.split()
            conn.execute(f"SET memory_limit = '{float(number) + 0.05} {unit}'")


def _memory_limit(conn: duckdb.DuckDBPyConnection) -> str:
    return conn.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]


def lookups() -> dict[str, pd.DataFrame]:
    """Every family's lookup frames (a name two families share holds the same rows in both)."""
    modules = (parts, wording, categories, completeness, cross_section, cross_year, plausibility)
    return {name: frame for module in modules for name, frame in module.lookups().items()}


def run_checks(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every finding about the loaded reports, in the check_results layout (FINDING_COLUMNS)."""
    rulebook.validate()
    # the lookups registered once for every family, and PARTS built once, read by the sum and plausibility families
    with memory_bounded(conn), registered(conn, lookups()), parts.parts_table(conn):
        return concat([run_family(conn, family) for family in FAMILIES])
