"""The Parquet lake: shards, the index that says which are current, year partitions, and what DuckDB sees."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from pipeline import lake

SCHEMAS = {
    "rows": pa.schema([("key", pa.string()), ("value", pa.int64())]),
    "by_year": pa.schema([("key", pa.string()), ("label", pa.string())]),
}


def _store(root: Path, version: str = "v1") -> lake.StageStore:
    return lake.StageStore(root, "stage", version, SCHEMAS, by_year=("by_year",))


def _write(store: lake.StageStore, keys: list[str], years: dict[str, int | None] | None = None) -> str:
    rows = {
        "rows": [{"key": k, "value": i} for i, k in enumerate(keys)],
        "by_year": [{"key": k, "label": f"{k}-label"} for k in keys],
    }
    return store.write_shard(rows, years or {})


def test_committed_shards_are_current_and_readable_by_key_and_column(tmp_path: Path):
    store = _store(tmp_path)
    first = _write(store, ["a", "b"])
    second = _write(store, ["c"])
    store.commit([(["a", "b"], first), (["c"], second)])
    assert store.done_keys() == {"a", "b", "c"}
    assert sorted(store.read("rows")["key"].to_pylist()) == ["a", "b", "c"]
    only = store.read("rows", keys=["b", "c"], columns=["value"])
    assert only.column_names == ["value"] and sorted(only["value"].to_pylist()) == [0, 1]


def test_a_shard_written_but_never_committed_is_ignored_and_compacted_away(tmp_path: Path):
    store = _store(tmp_path)
    done = _write(store, ["a"])
    store.commit([(["a"], done)])
    orphan = _write(store, ["b"])  # a worker finished, the coordinator crashed before committing
    assert store.done_keys() == {"a"}
    assert store.read("rows")["key"].to_pylist() == ["a"]
    assert store.compact() == 2  # the orphan's file in each dataset
    assert not any(orphan in p.name for p in tmp_path.rglob("*.parquet"))
    assert store.read("rows")["key"].to_pylist() == ["a"]


def test_reprocessing_a_key_supersedes_its_older_shard(tmp_path: Path):
    store = _store(tmp_path)
    old = store.write_shard({"rows": [{"key": "a", "value": 1}], "by_year": []})
    store.commit([(["a"], old)])
    new = store.write_shard({"rows": [{"key": "a", "value": 2}], "by_year": []})
    store.commit([(["a"], new)])
    assert store.read("rows")["value"].to_pylist() == [2]
    assert store.read_index().num_rows == 1


def test_a_new_version_makes_every_key_stale(tmp_path: Path):
    store = _store(tmp_path)
    shard = _write(store, ["a", "b"])
    store.commit([(["a", "b"], shard)])
    newer = _store(tmp_path, version="v2")
    assert newer.done_keys() == set()
    assert newer.read("rows").num_rows == 0
    assert newer.read("rows", columns=["value"]).column_names == ["value"]


def test_year_partitioned_datasets_use_hive_folders_with_a_null_partition(tmp_path: Path):
    store = _store(tmp_path)
    shard = _write(store, ["a", "b", "c"], years={"a": 2018, "b": 2021})
    store.commit([(["a", "b", "c"], shard)])
    folders = sorted(p.parent.name for p in (tmp_path / "stage" / "by_year").rglob("*.parquet"))
    assert folders == ["year=2018", "year=2021", f"year={lake.NULL_PARTITION}"]
    assert sorted(store.read("by_year")["key"].to_pylist()) == ["a", "b", "c"]
    assert (tmp_path / "stage" / "rows" / f"{shard}.parquet").exists(), "datasets without a year stay flat"


def test_duckdb_reads_the_partitioned_layout_with_the_year_as_a_column(tmp_path: Path):
    """What docs/scale-out.md promises analysts and other engines: hive partitions, current rows via the index."""
    store = _store(tmp_path)
    shard = _write(store, ["a", "b", "c"], years={"a": 2018, "b": 2021})
    store.commit([(["a", "b", "c"], shard)])
    stale = _write(store, ["a"], years={"a": 2018})  # never committed: must not show up
    assert stale
    sql = f"""
        SELECT d.key, d.year FROM read_parquet('{tmp_path}/stage/by_year/*/*.parquet', hive_partitioning = true, filename = true) AS d
        JOIN read_parquet('{store.index_path}') AS i ON i.key = d.key AND i.shard = parse_filename(d.filename, true)
        ORDER BY d.key
    """
    assert duckdb.sql(sql).fetchall() == [("a", 2018), ("b", 2021), ("c", None)]


def test_code_fingerprint_changes_with_any_code_or_data_file(tmp_path: Path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    (tmp_path / "pkg" / "words.csv").write_text("a,b\n")
    (tmp_path / "pkg" / "notes.md").write_text("not code\n")
    before = lake.code_fingerprint([tmp_path / "pkg"])
    (tmp_path / "pkg" / "notes.md").write_text("still not code\n")
    assert lake.code_fingerprint([tmp_path / "pkg"]) == before
    (tmp_path / "pkg" / "words.csv").write_text("a,c\n")
    assert lake.code_fingerprint([tmp_path / "pkg"]) != before


@pytest.mark.parametrize("value", [None, 2019])
def test_partition_names_follow_hive_conventions(value):
    assert lake.partition_name(value) == ("year=2019" if value else f"year={lake.NULL_PARTITION}")


def test_a_batch_without_rows_for_a_dataset_writes_no_file_for_it(tmp_path: Path):
    store = _store(tmp_path)
    shard = store.write_shard({"rows": [{"key": "a", "value": 1}]})
    store.commit([(["a"], shard)])
    assert not (tmp_path / "stage" / "by_year").exists()
    assert store.read("by_year").num_rows == 0 and store.read("by_year").schema == SCHEMAS["by_year"]


def test_files_written_before_a_column_was_added_read_with_that_column_empty(tmp_path: Path):
    import pyarrow.parquet as pq

    old = pa.table({"key": ["a"]})
    path = tmp_path / "old.parquet"
    pq.write_table(old, path)
    table = lake.read_rows(path, SCHEMAS["rows"])
    assert table.schema == SCHEMAS["rows"] and table.to_pylist() == [{"key": "a", "value": None}]
    assert lake.read_rows(path, SCHEMAS["rows"], keys=["b"]).num_rows == 0
