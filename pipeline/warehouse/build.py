"""Assemble the warehouse inputs from the lake (current files only) and load them, unless they are unchanged.

A load is skipped when the warehouse already holds exactly these inputs: the same raw files, the same current
lake shards of every stage, the same code. The state of the last load (a fingerprint of those inputs and the
load's own timestamp from schema_info) sits next to the lake in _warehouse_state.json; it also records which
load the quality checks and the published copy were made from, so a nightly reload with nothing new does not
recompute or recopy anything (see `checks_are_current` and `publish_is_current`).
"""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import ExitStack
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import lake, stages
from pipeline.catalog import load_catalog
from pipeline.config import Settings
from pipeline.lake import StageStore, code_fingerprint, read_table
from pipeline.reports import (
    BASIS_SCHEMA, DOCUMENT_COLUMNS, IDENTITY_READ, ReportTables, basis_rows_current, finish_reports, report_basis, shard_of, sort_basis,
)
from pipeline.warehouse.connect import connect
from pipeline.warehouse.load import Delta, LakeDataset, LoadChanges, WarehouseInputs, load_warehouse
from pipeline.warehouse.schema import INGEST_ERRORS, TABLES

STATE_FILE = "_warehouse_state.json"
LOADED_FILE = "_loaded_reports.parquet"  # per report: the lake shards its warehouse rows came from
DEDUPE_FILE = "_dedupe_index.parquet"  # the documents pipeline.dedupe compared, and the similar pairs among them
# reports.report_basis of the last load: rows of unchanged files are reused. Arrow IPC, not Parquet: every load
# reads and rewrites it whole. Uncompressed (see _write_basis); a file written with LZ4 by earlier code reads the same.
BASIS_FILE = "_reports_basis.arrow"
_PARQUET_BASIS_FILE = "_reports_basis.parquet"  # where earlier code kept it: deleted
CHANGES_FILE = "_load_changes.parquet"  # the reports the last load changed, when it was a delta (see LoadChanges)
INCREMENTAL_SHARE = 0.3  # above this share of changed reports, a full load is faster than deleting and re-adding
# Code that never changes what a load contains: the corpus generator, and what runs after the load.
_NOT_LOAD_CODE = {"synth", "checks", "evaluate.py", "summary.py", "__main__.py", "run.py", "__pycache__"}


def _dataset(store: StageStore, name: str, shards: set[str] | None = None) -> LakeDataset:
    """The current files of a dataset, or only those of `shards`."""
    files = store.current_shard_files(name, shards)
    return LakeDataset(files, store.index_path, store.version, hive=name in store.by_year)


def _errors(settings: Settings, manifest: pa.Table, reports: pd.DataFrame) -> pd.DataFrame:
    """Scan, ingest, identity and extract errors, each attributed to every current file it concerns."""
    frames = [read_table(stages.scan_errors_path(settings), stages.ERROR_SCHEMA).to_pandas()]
    file_errors = stages.ingest_store(settings).read("errors").to_pandas()
    if len(file_errors):
        paths = manifest.select(["file_key", "source_path"]).to_pandas()  # only when needed: 20,000 rows
        frames.append(file_errors.drop(columns="source_path").merge(paths, left_on="key", right_on="file_key"))
    doc_paths = reports[["doc_key", "source_path"]]
    for store in (stages.identity_store(settings), stages.extract_store(settings)):
        doc_errors = store.read("errors").to_pandas()
        if len(doc_errors):
            frames.append(doc_errors.drop(columns="source_path").merge(doc_paths, left_on="key", right_on="doc_key"))
    frames = [f[INGEST_ERRORS.column_names] for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=INGEST_ERRORS.column_names)
    return pd.concat(frames, ignore_index=True).drop_duplicates().sort_values(["source_path", "stage"])


def assemble_reports(settings: Settings, reuse: bool = True) -> tuple[pa.Table, ReportTables]:
    """The manifest and the report tables of the current lake (reuse=False: the basis joined afresh, ignoring
    the one the last load kept)."""
    manifest = stages.read_manifest(settings)
    basis = current_basis(settings, manifest, reuse)
    return manifest, finish_reports(basis, settings.lake_dir / DEDUPE_FILE)


def _read_basis(path: Path) -> pa.Table | None:
    """The basis the last load kept, if it was made by the code running now."""
    try:
        table = lake.read_ipc(path)
    except (OSError, pa.ArrowInvalid):
        return None
    if (table.schema.metadata or {}).get(b"load_code", b"").decode() != load_code_version():
        return None
    table = table.replace_schema_metadata(None)
    return table if table.schema == BASIS_SCHEMA else None


def current_basis(settings: Settings, manifest: pa.Table, reuse: bool = True) -> pa.Table:
    """reports.report_basis of every file in the manifest. Joining the whole lake's documents and identities
    reads every shard file (~170 files at 21,000 reports), for a top-up of 1% too: the basis of the last load is
    kept, its rows reused where reports.basis_rows_current shows them unchanged, and only the other files' rows
    are read from the lake. The same rows as a join from scratch: each row depends on its own lake rows only.
    """
    ingest, identity = stages.ingest_store(settings), stages.identity_store(settings)
    ingest_index, identity_index = ingest.current_index(), identity.current_index()
    path = settings.lake_dir / BASIS_FILE
    previous = _read_basis(path) if reuse else None
    kept = None
    todo = manifest
    if previous is not None:
        kept = basis_rows_current(previous, manifest, ingest_index, identity_index)
        todo = manifest.filter(pc.invert(pc.is_in(manifest["source_path"], value_set=kept["source_path"].unique())))
        if not todo.num_rows and kept.num_rows == previous.num_rows:
            return kept
    documents = ingest.read("documents", keys=set(todo["file_key"].to_pylist()), columns=DOCUMENT_COLUMNS)
    identities = identity.read("identities", keys=set(documents["doc_key"].to_pylist()), columns=IDENTITY_READ)
    new = report_basis(todo, documents, identities, ingest_index, identity_index)
    basis = new if kept is None else sort_basis(pa.concat_tables([kept, new]))
    _write_basis(basis.replace_schema_metadata({"load_code": load_code_version()}), path)
    (settings.lake_dir / _PARQUET_BASIS_FILE).unlink(missing_ok=True)
    return basis


def _write_basis(basis: pa.Table, path: Path) -> None:
    """Replace the kept basis atomically, uncompressed. Its 20,000 rows are 23 MB, 11 MB of them fingerprints
    (hex digits): LZ4 halved the file, but compressing it was most of keeping it (current_basis of a 1% top-up
    at 20,000 reports 0.19-0.29 CPU s with LZ4, 0.11-0.14 without)."""
    lake.write_ipc(basis, path, compression=None)


# --- has anything changed? --------------------------------------------------------------------------------


def _update(digest: Any, column: pa.ChunkedArray | pa.Array) -> None:
    """Add a column's values, as text (by Arrow), to `digest`: each value's length in bytes, then all of them.
    Straight from Arrow's buffers: a load digests ~15 columns of ~20,000 values, 2-3 ms each as Python strings."""
    texts = pc.fill_null(column.cast(pa.string()), "")
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    if len(texts):
        _, offsets, data = texts.buffers()  # offsets into data; the array may be a slice of them
        offsets = np.frombuffer(offsets, dtype=np.int32)[texts.offset : texts.offset + len(texts) + 1]
        digest.update((offsets - offsets[0]).tobytes())
        if data is not None:  # none when every value is empty
            digest.update(memoryview(data)[offsets[0] : offsets[-1]])
    digest.update(b"\x1e")


@cache
def load_code_version() -> str:
    """The code a load runs, fingerprinted once per process like the stage versions."""
    return code_fingerprint(p for p in stages.PIPELINE_DIR.iterdir() if p.name not in _NOT_LOAD_CODE)


@cache
def checks_code_version() -> str:
    """Everything check results depend on besides the load: any code change re-runs the checks."""
    return code_fingerprint(p for p in stages.PIPELINE_DIR.iterdir() if p.name not in ("synth", "__pycache__"))


_FINGERPRINTS: dict[tuple, str] = {}  # load_fingerprint's answers in this process, by the files it read


def _fingerprint_key(settings: Settings) -> tuple:
    """What load_fingerprint reads, as file identities: a file the stages rewrite gets a new inode and mtime."""
    stores = (stages.ingest_store(settings), stages.identity_store(settings), stages.extract_store(settings))
    paths = (stages.manifest_path(settings), stages.scan_errors_path(settings), *(store.index_path for store in stores))

    def identity(path: Path) -> tuple:
        try:
            stat = path.stat()
        except OSError:
            return (str(path), None)
        return (str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)

    return (load_code_version(), str(settings.raw_dir), *(store.version for store in stores), *map(identity, paths))


def load_fingerprint(settings: Settings) -> str:
    """A digest of everything a load reads: raw files, the current lake shards of every stage, and the code.

    Computed once per state of those files in a process (a reload asks three times: load, checks, publish;
    each reading costs about 0.5 s at 20,000 reports)."""
    key = _fingerprint_key(settings)
    if key not in _FINGERPRINTS:
        _FINGERPRINTS.clear()
        _FINGERPRINTS[key] = _compute_load_fingerprint(settings)
    return _FINGERPRINTS[key]


def _compute_load_fingerprint(settings: Settings) -> str:
    digest = hashlib.sha256()
    digest.update(load_code_version().encode())
    digest.update(str(settings.raw_dir).encode())
    manifest = stages.read_manifest(settings).sort_by("source_path")
    for column in ("source_path", "sha256", "format", "encoding"):
        _update(digest, manifest[column])
    scan_errors = read_table(stages.scan_errors_path(settings), stages.ERROR_SCHEMA)
    for column in scan_errors.column_names:
        _update(digest, scan_errors[column])
    for store in (stages.ingest_store(settings), stages.identity_store(settings), stages.extract_store(settings)):
        index = store.current_index().sort_by("key")
        digest.update(store.version.encode())
        _update(digest, index["key"])
        _update(digest, index["shard"])
    return digest.hexdigest()


def state_path(settings: Settings) -> Path:
    return settings.lake_dir / STATE_FILE


def read_state(settings: Settings) -> dict[str, Any]:
    try:
        return json.loads(state_path(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_state(settings: Settings, state: dict[str, Any]) -> None:
    path = state_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
    os.replace(tmp, path)


_LOADED_AT: dict[tuple, str | None] = {}  # loaded_at's answers in this process, by the file identities they were read at


def _database_identity(database: Path) -> tuple:
    """The database file and its write-ahead log as (inode, mtime, size): a write changes one of them."""

    def identity(path: Path) -> tuple | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    return (str(database), identity(database), identity(database.with_name(database.name + ".wal")))


def loaded_at(database: Path) -> str | None:
    """The schema_info timestamp of the load a database file holds (None if it holds none).

    A reload asks about the warehouse five times and the analytics copy once, each an open of the file (~30 ms,
    90 ms on a busy host): the answer is kept for as long as neither the file nor its log changes."""
    key = _database_identity(database)
    if key[1] is None:
        return None
    if key not in _LOADED_AT:
        try:
            with connect(database, read_only=True) as conn:
                value = connection_loaded_at(conn)
        except Exception:  # no file, no table, a half-written copy: no load we can vouch for
            value = None
        for stale in [k for k in _LOADED_AT if k[0] == key[0]]:
            del _LOADED_AT[stale]
        _LOADED_AT[key] = value
    return _LOADED_AT[key]


def remember_loaded_at(database: Path, value: str | None) -> None:
    """Record what loaded_at would read from `database` as it is on disk now, by a caller that has just closed a
    connection to it that read or wrote `value`: the next question about the file opens nothing (after a load,
    the checks, the publish and the summary each opened the file or the copy for this one value, 40-110 ms)."""
    key = _database_identity(database)
    if key[1] is None:
        return
    for stale in [k for k in _LOADED_AT if k[0] == key[0]]:
        del _LOADED_AT[stale]
    _LOADED_AT[key] = value


def connection_loaded_at(conn: duckdb.DuckDBPyConnection) -> str | None:
    """loaded_at for a database already open (raises when it has no schema_info). As text from DuckDB: a Python
    datetime with a time zone loads pytz's zone list (0.1 s)."""
    value = conn.execute("SELECT max(loaded_at)::VARCHAR FROM schema_info").fetchall()[0][0]
    return None if value is None else str(value)


def _held_load(conn: duckdb.DuckDBPyConnection) -> str | None:
    """connection_loaded_at, or None when the database holds no load (a new file, no schema_info), as loaded_at
    answers."""
    try:
        return connection_loaded_at(conn)
    except duckdb.Error:
        return None


def warehouse_is_current(settings: Settings, fingerprint: str | None = None) -> bool:
    """True when the warehouse file holds the load of exactly the current inputs."""
    state = read_state(settings)
    if not state.get("loaded_at") or state.get("inputs") != (fingerprint or load_fingerprint(settings)):
        return False
    return loaded_at(settings.warehouse_path) == state["loaded_at"]


def checks_are_current(settings: Settings) -> bool:
    """True when check_results were computed on the load the warehouse holds, with the current code."""
    state = read_state(settings)
    return (
        warehouse_is_current(settings)
        and state.get("checks_for") == state.get("loaded_at")
        and state.get("checks_code") == checks_code_version()
    )


def record_checks(settings: Settings, loaded: str | None = None) -> None:
    """Call after writing check_results: they belong to the warehouse's current load (`loaded`, its loaded_at, if
    the caller has it) and the current code."""
    state = read_state(settings)
    if loaded:  # read by the caller on the connection that wrote the results, now closed
        remember_loaded_at(settings.warehouse_path, loaded)
    state["checks_for"] = loaded or loaded_at(settings.warehouse_path)
    state["checks_code"] = checks_code_version()
    _write_state(settings, state)


def publish_is_current(settings: Settings) -> bool:
    """True when the analytics copy already holds the current load and its check results."""
    state = read_state(settings)
    return (
        checks_are_current(settings)
        and state.get("published_for") == state.get("loaded_at")
        # a changed check rule re-runs the checks on the same load: their new findings must be published too
        and state.get("published_checks_code") == state.get("checks_code")
        and loaded_at(settings.analytics_path) == state.get("loaded_at")
    )


def record_published(settings: Settings) -> None:
    """Call after publishing the analytics copy."""
    state = read_state(settings)
    state["published_for"] = loaded_at(settings.analytics_path)
    state["published_checks_code"] = state.get("checks_code")
    _write_state(settings, state)


def table_counts(database: Path) -> dict[str, int]:
    with connect(database, read_only=True) as conn:
        return {spec.name: conn.execute(f"SELECT count(*) FROM {spec.name}").fetchone()[0] for spec in TABLES}


# --- the load ---------------------------------------------------------------------------------------------


def file_keys_of(doc_keys: pa.Array) -> pa.Array:
    """stages.file_key_of of each document key (all but its last '#part'), by Arrow."""
    return pc.replace_substring_regex(doc_keys, pattern="#[^#]*$", replacement="")


def loaded_reports(reports: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Per report: its document key, whether it is included, and the lake shards its rows come from."""
    frame = reports[["report_id", "doc_key", "included"]].copy()
    doc_keys = pa.array(frame["doc_key"].tolist(), pa.string())
    frame["ingest_shard"] = shard_of(file_keys_of(doc_keys), stages.ingest_store(settings).current_index()).to_pylist()
    frame["extract_shard"] = shard_of(doc_keys, stages.extract_store(settings).current_index()).to_pylist()
    return frame.astype({"report_id": "string", "doc_key": "string", "ingest_shard": "string", "extract_shard": "string"})


def _loaded_path(settings: Settings) -> Path:
    return settings.lake_dir / LOADED_FILE


def _row_keys(frame: pd.DataFrame) -> tuple[pa.Array, pa.Array]:
    """Each row's report_id (the first column) and its values of every column as one string, a missing value
    written as NUL: ids, keys, shard names and booleans hold neither NUL nor the separator, so two rows are equal
    exactly when their strings are. Built by Arrow, not per value in Python (at 21,784 reports 0.04-0.05 s for
    both snapshots, against 0.16-0.23 s for tuples of values)."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    texts = [pc.fill_null(table[name].cast(pa.string()), "\x00") for name in table.column_names]
    return table[frame.columns[0]].combine_chunks(), pc.binary_join_element_wise(*texts, "\x1f").combine_chunks()


def plan_delta(settings: Settings, current: pd.DataFrame) -> Delta | None:
    """The reports to remove and add, when the warehouse holds a load this one can be applied to incrementally."""
    state = read_state(settings)
    path = _loaded_path(settings)
    if state.get("load_code") != load_code_version() or not state.get("loaded_at") or not path.exists():
        return None
    if loaded_at(settings.warehouse_path) != state["loaded_at"]:
        return None  # the warehouse no longer holds the load the snapshot describes
    assert current.columns[0] == "report_id"
    previous_ids, previous = _row_keys(pd.read_parquet(path).astype(current.dtypes.to_dict())[list(current.columns)])
    now_ids, now = _row_keys(current)
    # rows that differ in any column (report_id first): a set difference of the rows as strings
    removed = frozenset(previous_ids.filter(pc.invert(pc.is_in(previous, value_set=now))).to_pylist())
    added = frozenset(now_ids.filter(pc.invert(pc.is_in(now, value_set=previous))).to_pylist())
    if len(removed) + len(added) > INCREMENTAL_SHARE * max(len(current), 1):
        return None
    return Delta(removed=removed, added=added)


def _changes_path(settings: Settings) -> Path:
    return settings.lake_dir / CHANGES_FILE


def _write_changes(settings: Settings, changes: LoadChanges) -> None:
    table = pa.table({"report_id": pa.array(sorted(changes.report_ids), pa.string())})
    meta = {"since": changes.since, "loaded": changes.loaded, "tables": "\x1f".join(changes.tables)}
    lake.write_table(table.replace_schema_metadata(meta), _changes_path(settings))


def last_load_changes(settings: Settings) -> LoadChanges | None:
    """What the warehouse's last load changed, if it was a delta load (None after a full load, or when unknown).
    Written after the load commits and deleted before the next one writes: it never describes a load the
    warehouse does not hold, and its `loaded` tells which load it describes."""
    try:
        table = pq.ParquetFile(_changes_path(settings)).read()
    except (OSError, pa.ArrowException):
        return None
    meta = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
    if not meta.get("since") or not meta.get("loaded") or not meta.get("tables"):
        return None
    return LoadChanges(meta["since"], meta["loaded"], frozenset(table["report_id"].to_pylist()),
                       tuple(meta["tables"].split("\x1f")))


def build_warehouse(settings: Settings, force: bool = False) -> dict[str, int]:
    """Load every contract table from the lake into the warehouse file; returns row counts.

    Skipped (the counts come from the warehouse as it is) when the warehouse already holds these inputs; when
    few reports changed, only their rows are replaced (see load.Delta), else everything is reloaded.
    """
    stages.shutdown_pools(wait=False)  # the per-document workers are done; their memory is better spent on the load
    with ExitStack() as open_warehouse:
        # the stage indexes are read once here, not once per question (~15); released before DuckDB's memory peaks
        with lake.cached_indexes():
            fingerprint = load_fingerprint(settings)
            if not force and warehouse_is_current(settings, fingerprint):
                # the counts the load recorded with the state, which is of the load the file holds
                return read_state(settings).get("counts") or table_counts(settings.warehouse_path)
            # Opened for the load now: the plan's question of which load the file holds is answered on this
            # connection, not on one more read-only one (a DuckDB instance and the file's catalog, ~20 ms).
            conn = open_warehouse.enter_context(connect(settings.warehouse_path))
            remember_loaded_at(settings.warehouse_path, _held_load(conn))
            manifest, tables = assemble_reports(settings, reuse=not force)
            current = loaded_reports(tables.reports, settings)
            delta = None if force else plan_delta(settings, current)
            added = current[current["report_id"].isin(delta.added)] if delta is not None else current
            extract, ingest = stages.extract_store(settings), stages.ingest_store(settings)
            extract_shards = set(added["extract_shard"].dropna()) if delta is not None else None
            ingest_shards = set(added["ingest_shard"].dropna()) if delta is not None else None
            inputs = WarehouseInputs(
                raw_dir=str(settings.raw_dir),
                raw_files=manifest.select(["source_path", "size", "sha256", "format", "encoding"]),
                reports=tables.reports,
                agencies=tables.agencies,
                agency_names=tables.agency_names,
                agency_lineage=tables.agency_lineage,
                ingest_errors=_errors(settings, manifest, tables.reports),
                mentions=_dataset(extract, "mentions", extract_shards),
                categories=_dataset(extract, "categories", extract_shards),
                unmapped=_dataset(extract, "unmapped", extract_shards),
                documents=_dataset(ingest, "documents", ingest_shards),
                rates=_dataset(extract, "rates", extract_shards),
                catalog=load_catalog(),
                workers=settings.workers,
            )
        since = loaded_at(settings.warehouse_path) if delta is not None else None  # the load the delta applies to
        _write_state(settings, {})  # a load in progress invalidates the previous state until it commits
        _changes_path(settings).unlink(missing_ok=True)  # and what the previous load changed, before any write
        counts = load_warehouse(conn, inputs, delta)
        loaded = connection_loaded_at(conn)
    remember_loaded_at(settings.warehouse_path, loaded)
    if delta is not None and since and loaded:
        _write_changes(settings, LoadChanges(since, loaded, delta.removed | delta.added))
    # uncompressed: written whole by every load, read by the next load's plan and by the checks (20,000 rows: 2.1
    # instead of 1.0 MB; writing 11 -> 5 ms CPU, reading 5 -> 3 ms)
    lake.write_table(pa.Table.from_pandas(current, preserve_index=False), _loaded_path(settings), compression="none")
    _write_state(settings, {"inputs": fingerprint, "loaded_at": loaded, "load_code": load_code_version(), "counts": counts})
    return counts


load_code_version()  # at import, like stages.stage_versions()
checks_code_version()
