"""The report basis the load keeps between runs: written uncompressed, and read back whole either way.

build._write_basis skips LZ4 (every load rewrites the file whole, and compressing it cost more than the rest of
keeping it); a file an earlier load wrote with LZ4 must still be reused, not thrown away.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from pipeline import lake
from pipeline.reports import BASIS_SCHEMA
from pipeline.warehouse import build


def _basis(rows: int) -> pa.Table:
    """BASIS_SCHEMA rows whose fingerprints compress to almost nothing (one character repeated)."""
    columns = []
    for field in BASIS_SCHEMA:
        if pa.types.is_integer(field.type):
            columns.append(pa.array(range(rows), field.type))
        elif field.name == "fingerprint":
            columns.append(pa.array(["f" * 4096] * rows, field.type))
        else:
            columns.append(pa.array([f"{field.name}-{i}" if i % 3 else None for i in range(rows)], field.type))
    return pa.table(columns, schema=BASIS_SCHEMA)


def _tagged(table: pa.Table) -> pa.Table:
    return table.replace_schema_metadata({"load_code": build.load_code_version()})


def test_the_basis_is_written_uncompressed_and_read_back_equal(tmp_path: Path):
    basis = _basis(200)
    path = tmp_path / build.BASIS_FILE
    build._write_basis(_tagged(basis), path)
    # 200 fingerprints of 4 KiB: compressed, the file would be a few KiB
    assert path.stat().st_size > 200 * 4096
    assert build._read_basis(path).equals(basis)
    assert [p.name for p in tmp_path.iterdir()] == [build.BASIS_FILE]  # no temporary file left


def test_a_basis_written_with_lz4_by_earlier_code_is_still_reused(tmp_path: Path):
    basis = _basis(200)
    path = tmp_path / build.BASIS_FILE
    lake.write_ipc(_tagged(basis), path)  # how loads before this change wrote it
    assert path.stat().st_size < 200 * 4096
    assert build._read_basis(path).equals(basis)


def test_a_basis_of_other_load_code_is_not_reused(tmp_path: Path):
    path = tmp_path / build.BASIS_FILE
    build._write_basis(_basis(3).replace_schema_metadata({"load_code": "other"}), path)
    assert build._read_basis(path) is None
