"""Load the warehouse from the lake in one transaction: every contract table replaced, views rebuilt.

A load replaces each table whole (CREATE OR REPLACE inside one transaction), so rerunning with nothing
changed gives the same rows, never duplicates, and a failed load leaves the previous warehouse intact.
Large datasets (mentions, categories, texts) are read by DuckDB straight from the Parquet shards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from pipeline import __version__
from pipeline.catalog import Catalog
from pipeline.warehouse.connect import memory_limit
from pipeline.warehouse.schema import AGENCY_YEAR_VIEWS, SCHEMA_VERSION, TABLES, TableSpec, comment_statements
from pipeline.warehouse.views import agency_year_views



@dataclass(frozen=True)
class LakeDataset:
    """Rows of one stage dataset that are current: in `files`, for keys the index names with that shard."""

    files: list[Path]
    index_file: Path
    version: str
    hive: bool = False  # files sit in year=<YYYY>/ partition folders

    def relation_sql(self, columns: str = "d.*") -> str:
        if not self.files:
            return ""
        file_list = ", ".join(f"'{f}'" for f in self.files)
        hive = ", hive_partitioning = true" if self.hive else ""
        return (
            f"SELECT {columns} FROM read_parquet([{file_list}], filename = true, union_by_name = true{hive}) AS d "
            f"JOIN read_parquet('{self.index_file}') AS i "
            f"ON i.key = d.key AND i.version = '{self.version}' AND i.shard = parse_filename(d.filename, true)"
        )


@dataclass
class WarehouseInputs:
    raw_dir: str
    raw_files: pa.Table
    reports: pd.DataFrame  # REPORT_COLUMNS + doc_key
    agencies: pd.DataFrame
    agency_names: pd.DataFrame
    agency_lineage: pd.DataFrame
    ingest_errors: pd.DataFrame
    mentions: LakeDataset
    categories: LakeDataset
    unmapped: LakeDataset
    documents: LakeDataset
    rates: LakeDataset
    catalog: Catalog
    extra_sql: list[str] = field(default_factory=list)
    workers: int = 1  # DuckDB threads for the load


def _insert_frame(conn: duckdb.DuckDBPyConnection, spec: TableSpec, frame: pd.DataFrame | pa.Table) -> None:
    conn.register("_incoming", frame)
    try:
        columns = ", ".join(spec.column_names)
        conn.execute(f"INSERT INTO {spec.name} ({columns}) SELECT {columns} FROM _incoming")
    finally:
        conn.unregister("_incoming")


def _insert_lake(conn: duckdb.DuckDBPyConnection, spec: TableSpec, dataset: LakeDataset, select: str) -> None:
    """INSERT INTO spec SELECT <select> FROM current lake rows d joined to the included reports r."""
    if not dataset.files:
        return
    source = dataset.relation_sql()
    columns = ", ".join(spec.column_names)
    conn.execute(
        f"INSERT INTO {spec.name} ({columns}) SELECT {select} "
        f"FROM ({source}) AS d JOIN _report_keys AS r ON r.doc_key = d.key WHERE r.included"
    )


def _catalog_frame(catalog: Catalog) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "metric_id": m.metric_id,
                "template": m.template,
                "section": m.section,
                "label_zh": m.label_zh,
                "aliases": "|".join(m.aliases) or None,
                "unit": m.unit,
                "parent_id": m.parent_id,
                "has_applicant_breakdown": m.has_applicant_breakdown,
            }
            for m in catalog.metrics
        ]
    )


def configure_for_load(conn: duckdb.DuckDBPyConnection, threads: int) -> None:
    """Bounded memory for big loads: DuckDB streams the lake and spills to disk beyond the limit, and does not
    keep insertion order (which would buffer whole tables)."""
    conn.execute(f"SET threads = {max(1, threads)}")
    conn.execute(f"SET memory_limit = '{memory_limit()}'")  # a 100k load stays well under 1.5 GB
    conn.execute("SET preserve_insertion_order = false")


# Tables holding rows per report, filled from the lake; the rest are small and rebuilt whole on every load.
PER_REPORT_TABLES = ("metric_mentions", "metric_values", "category_values", "unmapped_values", "report_texts", "rate_statements")


@dataclass(frozen=True)
class Delta:
    """What changed since the load the warehouse holds: reports whose rows go, reports whose rows come.

    A report whose document, extraction or inclusion changed is in both. Only the per-report tables are edited;
    everything else is rebuilt as in a full load.
    """

    removed: frozenset[str]
    added: frozenset[str]


@dataclass(frozen=True)
class LoadChanges:
    """What one delta load changed: it turned the load `since` (schema_info.loaded_at) into the load `loaded`,
    and in the per-report tables only the rows of `report_ids` (removed or added) differ between the two.

    The publish trusts it to hash only those reports' rows of the big tables instead of every row (0.7 s at
    20,000 reports), when the copy it extends holds exactly the load `since` (see publish.py)."""

    since: str
    loaded: str
    report_ids: frozenset[str]
    tables: tuple[str, ...] = PER_REPORT_TABLES


def few_rows_where(table: str, condition: str) -> str:
    """A WHERE condition selecting the rows of `table` (a qualified name) that meet `condition`, for a
    condition met by few rows: the rows are found by reading the condition's columns alone, then read whole by
    their row ids. A plain WHERE or join reads every column of every row first (the snippets and texts of 1.6M
    metric_mentions for the 15,000 rows of a 200-report top-up: 0.06-0.07 s of CPU, against 0.015-0.03 s)."""
    return f"rowid IN (SELECT rowid FROM {table} WHERE {condition})"


def _fill_per_report_tables(conn: duckdb.DuckDBPyConnection, inputs: WarehouseInputs, few: bool = False) -> None:
    """few: _report_keys holds a delta's reports, a few of those metric_mentions holds."""
    by_name = {t.name: t for t in TABLES}
    _insert_lake(
        conn,
        by_name["metric_mentions"],
        inputs.mentions,
        "r.report_id, d.metric_id, d.applicant, d.period, d.value, d.unit, d.method, d.snippet, d.char_start, d.char_end, "
        "NOT coalesce(d.evidence_only, false) AND d.value IS NOT NULL AND row_number() OVER ("
        "PARTITION BY r.report_id, d.metric_id, d.applicant, d.period "
        "ORDER BY coalesce(d.evidence_only, false), d.value IS NOT NULL DESC, (d.method = 'table') DESC, d.char_start) = 1, "
        "coalesce(d.evidence_only, false)",
    )
    if few:
        rows = f"WHERE {few_rows_where('metric_mentions', 'report_id IN (SELECT report_id FROM _report_keys)')} AND"
    else:
        rows = "JOIN _report_keys AS r USING (report_id) WHERE"
    conn.execute(f"INSERT INTO metric_values SELECT m.* EXCLUDE (selected, evidence_only) FROM metric_mentions AS m {rows} m.selected")
    _insert_lake(
        conn,
        by_name["category_values"],
        inputs.categories,
        "r.report_id, d.parent_metric_id, d.label, d.value, d.share_pct, d.snippet, d.char_start, d.char_end, "
        "d.list_no, d.list_kind, d.list_total, d.parent_label",
    )
    _insert_lake(
        conn,
        by_name["unmapped_values"],
        inputs.unmapped,
        "r.report_id, d.label, d.unit, d.value, d.period, d.snippet, d.char_start, d.char_end",
    )
    if inputs.documents.files:
        conn.execute(
            f"INSERT INTO report_texts SELECT r.report_id, d.text FROM ({inputs.documents.relation_sql()}) AS d "
            "JOIN _report_keys AS r ON r.doc_key = d.doc_key"
        )
    _insert_lake(
        conn,
        by_name["rate_statements"],
        inputs.rates,
        "r.report_id, d.rate_name, d.rate_pct, d.whole_label, d.whole_value, d.part_label, d.part_value, "
        "d.part_stated, d.unit, d.carried_over, d.snippet, d.char_start, d.char_end",
    )


def _existing_tables(conn: duckdb.DuckDBPyConnection) -> set[str]:
    """The contract tables the database already holds (in its main schema)."""
    wanted = [spec.name for spec in TABLES]
    rows = conn.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' "
        "AND list_contains(?, table_name)",
        [wanted],
    ).fetchall()
    return {row[0] for row in rows}


def _views_exist(conn: duckdb.DuckDBPyConnection) -> bool:
    wanted = {"agency_year_reports", *AGENCY_YEAR_VIEWS}
    found = {row[0] for row in conn.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    return wanted <= found


def load_warehouse(conn: duckdb.DuckDBPyConnection, inputs: WarehouseInputs, delta: Delta | None = None) -> dict[str, int]:
    """Replace every warehouse table from `inputs` in one transaction; returns row counts per table.

    With a `delta`, the per-report tables keep the rows of unchanged reports: the removed reports' rows are
    deleted and only the added reports' rows are read from the lake (the datasets in `inputs` need to cover
    just those). The result is the same as a full load.
    """
    configure_for_load(conn, inputs.workers)
    conn.execute("BEGIN TRANSACTION")
    try:
        by_name = {t.name: t for t in TABLES}
        # A delta is only applied to a load by the same code (build.plan_delta): the tables it finds were made by
        # the DDL and comments a full load writes, so they are emptied rather than replaced, and keep their comments
        # (re-commenting the replaced tables cost ~0.1 s of a 1% top-up).
        kept = _existing_tables(conn) if delta is not None else set()
        if delta is not None and not set(PER_REPORT_TABLES) <= kept:
            raise ValueError(f"a delta extends the per-report tables of a load; missing: {sorted(set(PER_REPORT_TABLES) - kept)}")
        for spec in TABLES:
            if spec.name not in kept:
                conn.execute(spec.ddl())
            elif spec.name not in PER_REPORT_TABLES:
                conn.execute(f"DELETE FROM {spec.name}")
        report_keys = inputs.reports[["report_id", "doc_key", "included"]]
        if delta is not None:
            if delta.removed:
                conn.register("_removed", pd.DataFrame({"report_id": sorted(delta.removed)}, dtype="string"))
                for name in PER_REPORT_TABLES:
                    conn.execute(f"DELETE FROM {name} WHERE report_id IN (SELECT report_id FROM _removed)")
                conn.unregister("_removed")
            report_keys = report_keys[report_keys["report_id"].isin(delta.added)]
        conn.register("_report_keys", report_keys)

        _insert_frame(conn, by_name["raw_files"], inputs.raw_files)
        _insert_frame(conn, by_name["reports"], inputs.reports)
        _insert_frame(conn, by_name["agencies"], inputs.agencies)
        _insert_frame(conn, by_name["agency_names"], inputs.agency_names)
        _insert_frame(conn, by_name["agency_lineage"], inputs.agency_lineage)
        _insert_frame(conn, by_name["ingest_errors"], inputs.ingest_errors)
        _insert_frame(conn, by_name["metrics"], _catalog_frame(inputs.catalog))
        _fill_per_report_tables(conn, inputs, few=delta is not None)
        conn.execute(
            "INSERT INTO schema_info VALUES (?, ?, ?, ?)",
            [SCHEMA_VERSION, __version__, datetime.now(timezone.utc), inputs.raw_dir],
        )
        # A delta is only applied to a load by the same code (build.plan_delta), so the views over the catalog and
        # the comments of the tables it kept are already those a full load writes (~200 statements, 0.4 s).
        views = agency_year_views(inputs.catalog) if delta is None or not _views_exist(conn) else []
        for statement in views + inputs.extra_sql:
            conn.execute(statement)
        comments = [c for spec in TABLES if spec.name not in kept for c in comment_statements(spec)]
        if comments:  # in one call: ~80-140 statements, a third of the time of one call each
            conn.execute(";\n".join(comments))
        conn.unregister("_report_keys")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return {spec.name: conn.execute(f"SELECT count(*) FROM {spec.name}").fetchone()[0] for spec in TABLES}


def write_check_results(conn: duckdb.DuckDBPyConnection, findings: pd.DataFrame,
                        keep: tuple[Path, frozenset[str]] | None = None) -> int:
    """Replace check_results with `findings` (columns of the check_results contract).

    keep = (parquet file, report ids): the file's findings (an earlier check_results) are kept too, except
    those about the given reports, whose findings `findings` now holds."""
    spec = next(t for t in TABLES if t.name == "check_results")
    columns = ", ".join(spec.column_names)
    conn.execute("BEGIN TRANSACTION")
    try:
        conn.execute("DELETE FROM check_results")
        if keep is not None:
            path, stale = keep
            conn.register("_stale", pd.DataFrame({"report_id": sorted(stale)}, dtype="object"))
            try:
                conn.execute(
                    f"INSERT INTO check_results ({columns}) SELECT {columns} FROM read_parquet(?) AS k "
                    "WHERE k.report_id NOT IN (SELECT report_id::VARCHAR FROM _stale)",
                    [str(path)],
                )
            finally:
                conn.unregister("_stale")
        if len(findings):
            _insert_frame(conn, spec, findings)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return conn.execute("SELECT count(*) FROM check_results").fetchall()[0][0]
