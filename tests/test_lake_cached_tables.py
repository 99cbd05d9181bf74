"""Within lake.cached_indexes(), a single-file table (the manifest, the scan errors) is read once per version of
its file, like the stage indexes: the warehouse load reads the manifest for its fingerprint and again for the
reports (10 ms each at 20,000 files)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from pipeline import lake

SCHEMA = pa.schema([("key", pa.string()), ("n", pa.int64())])


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    found: list[Path] = []
    original = lake._read_whole
    monkeypatch.setattr(lake, "_read_whole", lambda path, schema: found.append(path) or original(path, schema))
    return found


def test_a_table_is_read_once_per_version_of_its_file_within_the_block(tmp_path: Path, reads: list[Path]):
    path = tmp_path / "table.parquet"
    lake.write_table(pa.table({"key": ["a"], "n": [1]}, schema=SCHEMA), path)
    with lake.cached_indexes():
        first = lake.read_table(path, SCHEMA)
        assert lake.read_table(path, SCHEMA).equals(first) and first.to_pydict() == {"key": ["a"], "n": [1]}
        assert reads == [path]
        lake.write_table(pa.table({"key": ["b"], "n": [2]}, schema=SCHEMA), path)  # a new file: read again
        assert lake.read_table(path, SCHEMA).to_pydict() == {"key": ["b"], "n": [2]}
        assert len(reads) == 2
        narrower = pa.schema([("key", pa.string())])  # another schema: read again, in that schema
        assert lake.read_table(path, narrower).schema == narrower
        assert len(reads) == 3
        missing = tmp_path / "none.parquet"
        assert lake.read_table(missing, SCHEMA).num_rows == 0 and len(reads) == 3
    lake.read_table(path, SCHEMA)
    lake.read_table(path, SCHEMA)
    assert len(reads) == 5  # outside the block: every call reads the file
