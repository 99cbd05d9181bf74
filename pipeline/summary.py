"""What a load contains, in a few lines: printed after `make run`, shown as metadata in the UI."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb


@dataclass
class LoadSummary:
    files_read: int
    documents: int
    reports_loaded: int
    excluded: dict[str, int] = field(default_factory=dict)  # reason -> documents
    values: int = 0
    values_by_method: dict[str, int] = field(default_factory=dict)
    categories: int = 0
    unmapped: int = 0
    ingest_errors: dict[str, int] = field(default_factory=dict)  # error code -> rows
    findings: dict[str, int] = field(default_factory=dict)  # severity -> findings


def _pairs(conn: duckdb.DuckDBPyConnection, sql: str) -> dict[str, int]:
    return {str(key): int(count) for key, count in conn.execute(sql).fetchall()}


def summarize(conn: duckdb.DuckDBPyConnection) -> LoadSummary:
    one = lambda sql: int(conn.execute(sql).fetchone()[0])  # noqa: E731
    excluded = _pairs(
        conn,
        """SELECT CASE WHEN excluded_reason LIKE 'duplicate_of:%' THEN 'duplicate of another file'
                       ELSE excluded_reason END AS reason, count(*)
           FROM reports WHERE NOT included GROUP BY reason ORDER BY count(*) DESC, reason""",
    )
    return LoadSummary(
        files_read=one("SELECT count(*) FROM raw_files"),
        documents=one("SELECT count(*) FROM reports"),
        reports_loaded=one("SELECT count(*) FROM reports WHERE included"),
        excluded=excluded,
        values=one("SELECT count(*) FROM metric_values"),
        values_by_method=_pairs(conn, "SELECT method, count(*) FROM metric_values GROUP BY method ORDER BY method"),
        categories=one("SELECT count(*) FROM category_values"),
        unmapped=one("SELECT count(*) FROM unmapped_values"),
        ingest_errors=_pairs(conn, "SELECT error, count(*) FROM ingest_errors GROUP BY error ORDER BY count(*) DESC, error"),
        findings=_pairs(
            conn,
            """SELECT severity, count(*) FROM check_results GROUP BY severity
               ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END""",
        ),
    )


def _breakdown(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in counts.items()) or "none"


def format_summary(summary: LoadSummary) -> str:
    return "\n".join(
        [
            f"files read:          {summary.files_read}",
            f"documents found:     {summary.documents}",
            f"reports loaded:      {summary.reports_loaded}",
            f"documents excluded:  {sum(summary.excluded.values())} ({_breakdown(summary.excluded)})",
            f"values extracted:    {summary.values} ({_breakdown(summary.values_by_method)}); "
            f"category entries {summary.categories}; unmapped table rows {summary.unmapped}",
            f"ingest errors:       {sum(summary.ingest_errors.values())} ({_breakdown(summary.ingest_errors)})",
            f"check findings:      {sum(summary.findings.values())} ({_breakdown(summary.findings)})",
        ]
    )
