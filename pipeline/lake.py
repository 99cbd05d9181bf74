"""The Parquet lake: per-stage datasets that double as the per-document cache.

Layout under <lake>/ (see docs/scale-out.md for how DuckDB, Spark or Trino read it):

    raw_files.parquet                          the manifest of the last scan (one row per file)
    scan_errors.parquet                        files the scan could not read
    <stage>/_index.parquet                     key, version, shard: which shard holds each processed key
    <stage>/<dataset>/<shard>.parquet          rows of one dataset of the stage, every row carrying its `key`
    <stage>/<dataset>/year=<YYYY>/<shard>.parquet   the same, hive-partitioned by the report year, for datasets
                                               written after the year is known (year=__HIVE_DEFAULT_PARTITION__
                                               when the report gives none)

A stage's rows for a key are current when the index names that key with the stage's current version and the
row sits in a file of the shard the index names. Re-running with unchanged inputs finds every key in the index
and processes nothing; a changed stage version (any change to the code or data the stage depends on) makes
every key stale. Shard files are written by the worker that computed them (unique names, atomic renames); only
the coordinating process writes the index, so there is never more than one writer per file. Files of crashed
runs or old versions are ignored, and `compact` deletes them.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

# Arrow's default allocator (mimalloc) keeps the pages Arrow frees, per thread, for reuse. Reading and rewriting
# shards and the stage index, the coordinating process of a 6,000-file run (scan to extract, 2 workers) peaked at
# 210 MB for ~1 MB of live Arrow buffers, even with release_unused after every stage; with the system allocator
# the same run peaked at 138 MB (139 -> 123 MB after the scan). Every pipeline process reads Parquet through this
# module, so it chooses the allocator here, unless ARROW_DEFAULT_MEMORY_POOL says otherwise.
if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
    pa.set_memory_pool(pa.system_memory_pool())

INDEX_FILE = "_index.parquet"
INDEX_SCHEMA = pa.schema([("key", pa.string()), ("version", pa.string()), ("shard", pa.string())])
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # Hive's, Spark's and DuckDB's name for a NULL partition value
CODE_SUFFIXES = {".py", ".csv", ".json", ".txt", ".yaml", ".tsv"}
# Stage indexes and single-file tables read inside `cached_indexes()`, by path, with the file identity and schema
# they were read at. The warehouse load asks for the same three indexes ~15 times (30 ms each at 20,000 reports),
# and for the manifest twice (10 ms each); outside the block nothing is kept.
_INDEX_CACHE: dict[Path, tuple[tuple[int, int, int], pa.Schema, pa.Table]] | None = None


@contextmanager
def cached_indexes() -> Iterator[None]:
    """Within the block, a stage index or a table read by `read_table` is read once per version of its file (a
    commit or an atomic write replaces the file, so a new inode and mtime: never a stale table)."""
    global _INDEX_CACHE
    outer = _INDEX_CACHE
    _INDEX_CACHE = {} if outer is None else outer
    try:
        yield
    finally:
        _INDEX_CACHE = outer


def code_fingerprint(paths: Iterable[Path]) -> str:
    """A short hash of the code and data files under `paths`: the version of a stage."""
    digest = hashlib.sha256()
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in path.rglob("*") if p.is_file() and p.suffix in CODE_SUFFIXES)
        elif path.exists():
            files.append(path)
    for file in sorted(set(files)):
        if "__pycache__" in file.parts:
            continue
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _write_atomic(table: pa.Table, path: Path, compression: str = "zstd") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    pq.write_table(table, tmp, compression=compression)
    os.replace(tmp, path)


def partition_name(year: int | None) -> str:
    return f"year={NULL_PARTITION if year is None else int(year)}"


class StageStore:
    """One stage's datasets in the lake, with the index of processed keys.

    Datasets named in `by_year` are hive-partitioned by report year; their writers say each key's year.
    The store is a plain picklable value, so worker processes write shards through their own copy.
    """

    def __init__(self, lake_dir: Path, stage: str, version: str, schemas: dict[str, pa.Schema], by_year: Iterable[str] = ()):
        self.root = lake_dir / stage
        self.stage = stage
        self.version = version
        self.schemas = schemas  # dataset name -> schema (each must have a string `key` column)
        self.by_year = frozenset(by_year)

    @property
    def index_path(self) -> Path:
        return self.root / INDEX_FILE

    # --- the index (written by the coordinating process only) ---------------------------------------

    def read_index(self) -> pa.Table:
        try:
            return _read_cached(self.index_path, INDEX_SCHEMA)
        except FileNotFoundError:
            return INDEX_SCHEMA.empty_table()

    def current_index(self) -> pa.Table:
        index = self.read_index()
        return index.filter(pc.equal(index["version"], self.version))

    def done_keys(self) -> set[str]:
        return set(self.current_index()["key"].to_pylist())

    def commit(self, entries: Sequence[tuple[Sequence[str], str]]) -> None:
        """Record that each (keys, shard) pair is done at the current version, replacing older entries of those keys."""
        if not entries:
            return
        keys = [key for batch, _ in entries for key in batch]
        shards = [shard for batch, shard in entries for _ in batch]
        index = self.read_index()
        kept = index.filter(pc.invert(pc.is_in(index["key"], value_set=pa.array(keys, pa.string()))))
        added = pa.table({"key": keys, "version": [self.version] * len(keys), "shard": shards}, schema=INDEX_SCHEMA)
        _write_atomic(pa.concat_tables([kept, added]), self.index_path)

    # --- shards (written by whichever process computed them) ------------------------------------------

    def write_shard(self, rows: Mapping[str, list[dict]], years: Mapping[str, int | None] | None = None) -> str:
        """Write one batch's rows of every dataset as a new shard; returns the shard id (commit it afterwards)."""
        shard = uuid.uuid4().hex
        for dataset, schema in self.schemas.items():
            dataset_rows = rows.get(dataset, [])
            if not dataset_rows:
                continue  # no file at all: most batches have no errors, and empty files only cost reads
            if dataset not in self.by_year:
                _write_atomic(pa.Table.from_pylist(dataset_rows, schema=schema), self.root / dataset / f"{shard}.parquet")
                continue
            by_partition: dict[str, list[dict]] = {}
            for row in dataset_rows:
                by_partition.setdefault(partition_name((years or {}).get(row["key"])), []).append(row)
            for partition, partition_rows in by_partition.items():
                _write_atomic(pa.Table.from_pylist(partition_rows, schema=schema), self.root / dataset / partition / f"{shard}.parquet")
        return shard

    def _shard_names(self, dataset: str) -> list[tuple[str, ...]]:
        """The dataset's shard files as their path parts below its folder ((name,) or (partition, name)), in
        the order of their paths. Listed with os.scandir and sorted as tuples of strings, the order Path
        objects sort in: a load lists five datasets of ~200-1,800 files, and globbing and sorting Path objects
        cost ~20x more."""
        folder = self.root / dataset
        if dataset not in self.by_year:
            return sorted((name,) for name in _parquet_names(folder))
        try:
            partitions = [e.name for e in os.scandir(folder) if e.name.startswith("year=") and e.is_dir()]
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted((partition, name) for partition in partitions for name in _parquet_names(folder / partition))

    def shard_paths(self, dataset: str) -> list[Path]:
        folder = self.root / dataset
        return [folder.joinpath(*parts) for parts in self._shard_names(dataset)]

    def current_shard_files(self, dataset: str, shards: set[str] | None = None) -> list[Path]:
        """The files of current shards (only of `shards` when given)."""
        current = set(self.current_index()["shard"].to_pylist())
        if shards is not None:
            current &= shards
        folder = self.root / dataset
        return [folder.joinpath(*parts) for parts in self._shard_names(dataset) if _stem(parts[-1]) in current]

    def files_by_shard(self, dataset: str) -> dict[str, list[Path]]:
        found: dict[str, list[Path]] = {}
        folder = self.root / dataset
        for parts in self._shard_names(dataset):
            found.setdefault(_stem(parts[-1]), []).append(folder.joinpath(*parts))
        return found

    # --- reading ----------------------------------------------------------------------------------------

    def read(self, dataset: str, keys: Iterable[str] | None = None, columns: list[str] | None = None) -> pa.Table:
        """The current rows of a dataset, optionally only for some keys."""
        return pa.concat_tables(list(self.iter_read(dataset, keys, columns)))

    def iter_read(
        self, dataset: str, keys: Iterable[str] | None = None, columns: list[str] | None = None
    ) -> Iterator[pa.Table]:
        """Current rows shard file by shard file, so callers never hold the whole dataset in memory."""
        yielded = False
        for path, shard_keys in self.current_files(dataset, keys):
            yield read_rows(path, self.schemas[dataset], shard_keys, columns)
            yielded = True
        if not yielded:
            schema = self.schemas[dataset]
            yield schema.empty_table() if columns is None else pa.schema([schema.field(c) for c in columns]).empty_table()

    def current_files(self, dataset: str, keys: Iterable[str] | None = None) -> Iterator[tuple[Path, list[str]]]:
        """(shard file, the current keys it holds rows of) for every file with current rows of `keys` (default:
        all keys), in the order iter_read reads them."""
        index = self.current_index()
        if keys is not None:
            index = index.filter(pc.is_in(index["key"], value_set=pa.array(list(set(keys)), pa.string())))
        files = self.files_by_shard(dataset) if index.num_rows else {}
        # only the keys of shards with a file of this dataset: most shards have no errors file, say
        index = index.filter(pc.is_in(index["shard"], value_set=pa.array(list(files), pa.string())))
        wanted: dict[str, list[str]] = {}
        for key, shard in zip(index["key"].to_pylist(), index["shard"].to_pylist()):
            wanted.setdefault(shard, []).append(key)
        for shard, shard_keys in sorted(wanted.items()):
            for path in files.get(shard, []):
                yield path, shard_keys

    # --- housekeeping -------------------------------------------------------------------------------------

    def compact(self) -> int:
        """Delete shard files no index entry points at (crashed batches, superseded versions). Returns how many."""
        live = set(self.read_index()["shard"].to_pylist())
        removed = 0
        for dataset in self.schemas:
            for path in self.shard_paths(dataset):
                if path.stem not in live:
                    path.unlink(missing_ok=True)
                    removed += 1
        for leftover in self.root.rglob(".*.tmp") if self.root.exists() else []:
            leftover.unlink(missing_ok=True)
        return removed


def _parquet_names(folder: Path) -> list[str]:
    """Names of the Parquet files in `folder` (none if it does not exist), not the hidden ones (temporary files
    of writes in progress)."""
    try:
        return [e.name for e in os.scandir(folder) if e.name.endswith(".parquet") and not e.name.startswith(".")]
    except (FileNotFoundError, NotADirectoryError):
        return []


def _stem(name: str) -> str:
    """Path(name).stem: the shard id of a shard file name."""
    return name.rpartition(".")[0] or name


def read_rows(path: Path, schema: pa.Schema, keys: Sequence[str] | None = None, columns: list[str] | None = None) -> pa.Table:
    """Rows of one shard file, only those of `keys` when given, only `columns` when given, in `schema`'s types.

    Reads the file directly (pq.read_table with a schema costs 7 ms per file in dataset discovery, this 0.3 ms).
    """
    wanted = schema if columns is None else pa.schema([schema.field(c) for c in sorted(set(columns) | {"key"})])
    parquet = pq.ParquetFile(path)
    present = [name for name in wanted.names if name in parquet.schema_arrow.names]
    table = _conform(parquet.read(columns=present), wanted)
    if keys is not None:
        table = table.filter(pc.is_in(table["key"], value_set=pa.array(list(keys), pa.string())))
    return table if columns is None else table.select(columns)


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """`table` with exactly `schema`'s columns and types (a column an older file lacks comes back all null)."""
    arrays = [
        table[field.name].cast(field.type) if field.name in table.column_names else pa.nulls(table.num_rows, field.type)
        for field in schema
    ]
    return pa.table(arrays, schema=schema)


def write_table(table: pa.Table, path: Path, compression: str = "zstd") -> None:
    """Replace a single-file Parquet table atomically (zstd-compressed unless `compression` says otherwise)."""
    _write_atomic(table, path, compression)


def write_ipc(table: pa.Table, path: Path, compression: str | None = "lz4") -> None:
    """Replace a single-file Arrow IPC table (LZ4-compressed unless `compression` says otherwise) atomically: for
    files a process reads and rewrites whole on every run, where Parquet's encoding costs several times more than
    the read or write itself."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    options = pa.ipc.IpcWriteOptions(compression=compression)
    with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, table.schema, options=options) as writer:
        writer.write_table(table)
    os.replace(tmp, path)


def read_ipc(path: Path) -> pa.Table:
    """A table write_ipc wrote (raises OSError when there is none)."""
    with pa.OSFile(str(path)) as source:
        return pa.ipc.open_file(source).read_all()


def read_table(path: Path, schema: pa.Schema) -> pa.Table:
    try:
        return _read_cached(path, schema)
    except FileNotFoundError:
        return schema.empty_table()


def _read_cached(path: Path, schema: pa.Schema) -> pa.Table:
    """_read_whole, served from the cache of `cached_indexes()` when the block is open and the file is the one read
    (same inode, mtime and size) in the same schema. Raises FileNotFoundError when there is no file."""
    stat = path.stat()
    identity = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    cached = _INDEX_CACHE.get(path) if _INDEX_CACHE is not None else None
    if cached is not None and cached[0] == identity and cached[1] == schema:
        return cached[2]
    table = _read_whole(path, schema)
    if _INDEX_CACHE is not None:
        _INDEX_CACHE[path] = (identity, schema, table)
    return table


def _read_whole(path: Path, schema: pa.Schema) -> pa.Table:
    """A single-file table in `schema`'s types. Not pq.read_table: its dataset discovery costs more than the read
    of a stage index, and importing pyarrow.dataset 50-150 ms of a reload's start."""
    return _conform(pq.ParquetFile(path).read(), schema)
