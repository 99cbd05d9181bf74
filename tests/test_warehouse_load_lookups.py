"""The Arrow forms of the load's per-row lookups give what the per-row Python rules give.

- lake listing (os.scandir, sorted as tuples of names) is the sorted glob of Path objects it replaced;
- reports.basis_rows_current (column-wise comparisons) is the row-by-row rule on dictionaries;
- build.file_keys_of is stages.file_key_of;
- build._update (the load fingerprint's digest of a column) depends on the values only, not on how Arrow
  chunks or slices them, and tells apart values that a plain concatenation would not.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pyarrow as pa

from pipeline import lake, reports, stages
from pipeline.warehouse import build


def _touch(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")


def test_shard_listing_is_the_sorted_glob_it_replaced(tmp_path: Path) -> None:
    store = lake.StageStore(tmp_path, "extract", "v1", {"flat": pa.schema([]), "by_year": pa.schema([])}, by_year=["by_year"])
    rng = random.Random(7)
    names = [f"{rng.getrandbits(64):016x}" for _ in range(60)] + ["a.b", "A1", "z", "0"]
    partitions = ["year=2019", "year=2021", "year=__HIVE_DEFAULT_PARTITION__", "year=2019-1", "year=20"]
    for name in names:
        _touch(tmp_path / "extract" / "flat" / f"{name}.parquet")
        _touch(tmp_path / "extract" / "by_year" / rng.choice(partitions) / f"{name}.parquet")
    for debris in (".hidden.parquet", ".x.parquet.1234.tmp", "notes.txt", "year=2019/.tmp.parquet"):
        _touch(tmp_path / "extract" / "flat" / debris)
    _touch(tmp_path / "extract" / "by_year" / "year=2019" / ".writing.parquet")
    _touch(tmp_path / "extract" / "by_year" / "stray.parquet")  # not in a partition folder
    (tmp_path / "extract" / "by_year" / "other=1").mkdir()

    for dataset, pattern in (("flat", "*.parquet"), ("by_year", "year=*/*.parquet")):
        folder = tmp_path / "extract" / dataset
        expected = sorted(p for p in folder.glob(pattern) if not p.name.startswith("."))
        assert store.shard_paths(dataset) == expected
        shards = {p.stem for p in expected[::3]}
        index = pa.table({"key": [f"k{i}" for i in range(len(shards))], "version": ["v1"] * len(shards), "shard": sorted(shards)},
                         schema=lake.INDEX_SCHEMA)
        lake.write_table(index, store.index_path)
        assert store.current_shard_files(dataset) == [p for p in expected if p.stem in shards]
        some = set(sorted(shards)[:4])
        assert store.current_shard_files(dataset, some) == [p for p in expected if p.stem in some]
        by_shard: dict[str, list[Path]] = {}
        for p in expected:
            by_shard.setdefault(p.stem, []).append(p)
        assert store.files_by_shard(dataset) == by_shard
        # current_files: every current key with its shard's files, in shard order; shards without a file skipped
        keys_of = dict(zip(index["shard"].to_pylist(), index["key"].to_pylist()))
        assert list(store.current_files(dataset)) == [
            (p, [keys_of[shard]]) for shard in sorted(keys_of) for p in by_shard.get(shard, [])
        ]
    assert store.shard_paths("missing") == []


def _stale_by_rows(basis: pa.Table, file_key_of_path: dict, ingest_shard: dict, identity_shard: dict) -> list[str]:
    """The row-by-row rule basis_rows_current implements: the kept rows' paths."""
    stale = set()
    for path, key, doc, ingest, identity in zip(*(basis[c].to_pylist() for c in ("source_path", "file_key", "doc_key", "ingest_shard", "identity_shard"))):
        if file_key_of_path.get(path) != key or ingest_shard.get(key) != ingest or identity_shard.get(doc) != identity:
            stale.add(path)
    return [p for p in basis["source_path"].to_pylist() if p not in stale]


def test_kept_basis_rows_are_those_the_row_by_row_rule_keeps() -> None:
    rng = random.Random(11)
    for _ in range(40):
        paths = [f"f{i}.txt" for i in range(rng.randint(0, 30))]
        rows = {c: [] for c in ("source_path", "file_key", "doc_key", "ingest_shard", "identity_shard")}
        for path in paths:
            key = f"k-{path}"
            for part in range(rng.randint(1, 3)):
                rows["source_path"].append(path)
                rows["file_key"].append(key)
                rows["doc_key"].append(f"{key}#{part}")
                rows["ingest_shard"].append(rng.choice(["s1", "s2", None]))
                rows["identity_shard"].append(rng.choice(["i1", "i2", None]))
        basis = pa.table({c: pa.array(v, pa.string()) for c, v in rows.items()})
        # the lake now: most things as they were, some paths gone or holding other bytes, some shards changed
        file_key_of_path = {p: (f"k-{p}" if rng.random() < 0.8 else "other") for p in paths if rng.random() < 0.9}
        ingest_shard = {k: (s if rng.random() < 0.9 else "s3") for k, s in zip(rows["file_key"], rows["ingest_shard"]) if s is not None}
        identity_shard = {d: (s if rng.random() < 0.9 else "i3") for d, s in zip(rows["doc_key"], rows["identity_shard"]) if s is not None}
        kept = reports.basis_rows_current(
            basis,
            pa.table({"source_path": pa.array(list(file_key_of_path), pa.string()), "file_key": pa.array(list(file_key_of_path.values()), pa.string())}),
            pa.table({"key": pa.array(list(ingest_shard), pa.string()), "shard": pa.array(list(ingest_shard.values()), pa.string())}),
            pa.table({"key": pa.array(list(identity_shard), pa.string()), "shard": pa.array(list(identity_shard.values()), pa.string())}),
        )
        assert kept["source_path"].to_pylist() == _stale_by_rows(basis, file_key_of_path, ingest_shard, identity_shard)


def test_file_keys_of_document_keys_are_those_of_stages_file_key_of() -> None:
    rng = random.Random(3)
    keys = ["abc:txt#0", "abc:txt#12", "a#b#c", "no-part", "#", "x#", "#y", "", "sha:pdf#3#4"]
    keys += ["".join(rng.choice("ab#:") for _ in range(rng.randint(0, 8))) for _ in range(500)]
    assert build.file_keys_of(pa.array(keys, pa.string())).to_pylist() == [stages.file_key_of(k) for k in keys]


def _digest(column: pa.ChunkedArray | pa.Array) -> str:
    digest = hashlib.sha256()
    build._update(digest, column)
    return digest.hexdigest()


def test_the_fingerprint_digest_of_a_column_depends_on_its_values_only() -> None:
    values = ["a", None, "", "北京市", "b" * 100, "c"]
    whole = _digest(pa.array(values, pa.string()))
    assert _digest(pa.chunked_array([pa.array(values[:2], pa.string()), pa.array(values[2:], pa.string())])) == whole
    assert _digest(pa.array(["x", *values, "y"], pa.string()).slice(1, len(values))) == whole
    assert _digest(pa.array(values, pa.large_string())) == whole
    assert _digest(pa.array(["a", "bc"])) != _digest(pa.array(["ab", "c"]))
    assert _digest(pa.array(["a", ""])) != _digest(pa.array(["a"]))
    assert _digest(pa.array(["", ""])) != _digest(pa.array([""]))
    assert _digest(pa.array([], pa.string())) == _digest(pa.chunked_array([], pa.string()))
    assert _digest(pa.array([1, 2], pa.int64())) == _digest(pa.array(["1", "2"]))  # as text, as before
