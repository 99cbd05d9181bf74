"""What a reload with nothing new pays for: the modules it imports, the stage indexes it reads."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa

from pipeline import lake
from tests.conftest import PROJECT_ROOT

# Decoding, cleaning, table recognition, identification, extraction and the duplicate search: imported by the
# processes that read, identify or extract documents, or load a changed warehouse, on first use.
ENGINE = ("pipeline.ingest.read", "pipeline.clean", "pipeline.tables", "pipeline.identity", "pipeline.extract", "pipeline.dedupe")


def test_the_dagster_definitions_and_the_run_do_not_import_the_engine():
    code = "import json, sys, assets.definitions, pipeline.run; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    modules = json.loads(result.stdout.strip().splitlines()[-1])
    imported = [m for m in modules if m.startswith(ENGINE)]
    assert not imported, f"imported at start-up: {imported}"
    assert "pyarrow.dataset" not in modules  # the lake reads its files without dataset discovery


def test_cached_indexes_read_an_index_once_per_version_of_its_file(tmp_path: Path, monkeypatch):
    store = lake.StageStore(tmp_path, "stage", "v1", {"rows": pa.schema([("key", pa.string())])})
    reads: list[Path] = []
    original = lake._read_whole
    monkeypatch.setattr(lake, "_read_whole", lambda path, schema: reads.append(path) or original(path, schema))
    store.commit([(["a"], "s1")])
    with lake.cached_indexes():
        assert store.done_keys() == {"a"} and store.done_keys() == {"a"}
        assert len(reads) == 1
        store.commit([(["b"], "s2")])  # a new file: never served from the cache
        assert store.done_keys() == {"a", "b"}
    assert store.done_keys() == {"a", "b"}
    assert len(reads) == 3  # the first index once, the committed one once, then one read outside the block
