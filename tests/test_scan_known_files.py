"""run_scan's previous files (stages._known_files) are the manifest's rows as RawFile values, built column by
column: the same values a RawFile per row dict gives, for every row of a real scan."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline import stages
from pipeline.config import Settings
from pipeline.model import RawFile
from tests.conftest import SAMPLE_RAW


def test_known_files_are_the_manifest_rows_as_raw_files(tmp_path: Path):
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_RAW, raw)
    (raw / "notes.bin").write_bytes(b"\x00\x01")  # an unreadable format: encoding None
    settings = Settings.build(raw_dir=raw, warehouse_path=tmp_path / "wh" / "ogi.duckdb", workers=1)
    manifest, _ = stages.run_scan(settings)
    rows = manifest.to_pylist()
    assert len(rows) > 5 and any(row["encoding"] is None for row in rows) and any(row["encoding"] for row in rows)
    expected = {row["source_path"]: RawFile(**{k: v for k, v in row.items() if k != "file_key"}) for row in rows}
    known = stages._known_files(manifest)
    assert known == expected
    assert list(known) == list(expected)  # in manifest order
    assert stages._known_files(stages.MANIFEST_SCHEMA.empty_table()) == {}
