"""The Parquet lake: per-stage datasets that double as the per-document cache.

Layout under <lake>/:

    raw_files.parquet                 the manifest of the last scan (one row per file)
    <stage>/_index.parquet            key, version, shard: which shard holds each processed key
    <stage>/<dataset>/<shard>.parquet rows of one dataset of the stage, every row carrying its `key`

A stage's rows for a key are current when the index names that key with the stage's current version and
the row sits in the shard the index names. Re-running with unchanged inputs finds every key in the index
and processes nothing; a changed stage version (any change to the code or data the stage depends on)
makes every key stale. Shards from crashed runs or old versions are ignored, and `compact` drops them.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

INDEX_FILE = "_index.parquet"
INDEX_SCHEMA = pa.schema([("key", pa.string()), ("version", pa.string()), ("shard", pa.string())])


def code_fingerprint(paths: Iterable[Path]) -> str:
    """A short hash of the code and data files under `paths`: the version of a stage."""
    digest = hashlib.sha256()
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in path.rglob("*") if p.is_file() and p.suffix in {".py", ".csv", ".json", ".txt", ".yaml", ".tsv"})
        elif path.exists():
            files.append(path)
    for file in sorted(set(files)):
        if "__pycache__" in file.parts:
            continue
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _write_atomic(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


class StageStore:
    """One stage's datasets in the lake, with the index of processed keys."""

    def __init__(self, lake_dir: Path, stage: str, version: str, schemas: dict[str, pa.Schema]):
        self.root = lake_dir / stage
        self.version = version
        self.schemas = schemas  # dataset name -> schema (each must have a string `key` column)

    @property
    def index_path(self) -> Path:
        return self.root / INDEX_FILE

    def read_index(self) -> pa.Table:
        if not self.index_path.exists():
            return INDEX_SCHEMA.empty_table()
        return pq.read_table(self.index_path, schema=INDEX_SCHEMA)

    def current_index(self) -> pa.Table:
        index = self.read_index()
        return index.filter(pc.equal(index["version"], self.version))

    def done_keys(self) -> set[str]:
        return set(self.current_index()["key"].to_pylist())

    def write_shard(self, keys: Sequence[str], rows: dict[str, list[dict]]) -> str:
        """Write one batch of results: every dataset's rows, then the index entries naming the shard."""
        shard = uuid.uuid4().hex
        for dataset, schema in self.schemas.items():
            table = pa.Table.from_pylist(rows.get(dataset, []), schema=schema)
            _write_atomic(table, self.root / dataset / f"{shard}.parquet")
        index = self.read_index()
        stale = pc.is_in(index["key"], value_set=pa.array(list(keys), pa.string()))
        kept = index.filter(pc.invert(stale))
        added = pa.table(
            {"key": list(keys), "version": [self.version] * len(keys), "shard": [shard] * len(keys)},
            schema=INDEX_SCHEMA,
        )
        _write_atomic(pa.concat_tables([kept, added]), self.index_path)
        return shard

    def shard_paths(self, dataset: str) -> list[Path]:
        folder = self.root / dataset
        return sorted(folder.glob("*.parquet")) if folder.exists() else []

    def read(self, dataset: str, keys: Iterable[str] | None = None, columns: list[str] | None = None) -> pa.Table:
        """The current rows of a dataset, optionally only for some keys."""
        return pa.concat_tables(list(self.iter_read(dataset, keys, columns)))

    def iter_read(
        self, dataset: str, keys: Iterable[str] | None = None, columns: list[str] | None = None
    ) -> Iterator[pa.Table]:
        """Current rows shard by shard, so callers never hold the whole dataset in memory."""
        index = self.current_index()
        if keys is not None:
            index = index.filter(pc.is_in(index["key"], value_set=pa.array(list(set(keys)), pa.string())))
        wanted: dict[str, set[str]] = {}
        for key, shard in zip(index["key"].to_pylist(), index["shard"].to_pylist()):
            wanted.setdefault(shard, set()).add(key)
        read_columns = None if columns is None else sorted(set(columns) | {"key"})
        yielded = False
        for shard, shard_keys in sorted(wanted.items()):
            path = self.root / dataset / f"{shard}.parquet"
            if not path.exists():
                continue
            table = pq.read_table(path, columns=read_columns, schema=self.schemas[dataset])
            table = table.filter(pc.is_in(table["key"], value_set=pa.array(sorted(shard_keys), pa.string())))
            if columns is not None:
                table = table.select(columns)
            yielded = True
            yield table
        if not yielded:
            schema = self.schemas[dataset]
            yield schema.empty_table() if columns is None else pa.schema([schema.field(c) for c in columns]).empty_table()

    def current_shard_files(self, dataset: str) -> list[Path]:
        shards = set(self.current_index()["shard"].to_pylist())
        return [p for p in self.shard_paths(dataset) if p.stem in shards]

    def compact(self) -> int:
        """Delete shard files that no current index entry points at. Returns the number removed."""
        live = set(self.read_index()["shard"].to_pylist())
        removed = 0
        for dataset in self.schemas:
            for path in self.shard_paths(dataset):
                if path.stem not in live:
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed


def write_table(table: pa.Table, path: Path) -> None:
    """Replace a single-file Parquet table atomically."""
    _write_atomic(table, path)


def read_table(path: Path, schema: pa.Schema) -> pa.Table:
    return pq.read_table(path, schema=schema) if path.exists() else schema.empty_table()
