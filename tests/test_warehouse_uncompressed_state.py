"""Files every reload rewrites whole and the next one reads back: the per-report lineage of the load
(build.LOADED_FILE) and the analytics copy's digests (publish._digest_file) are written as uncompressed Parquet
(the digests with a dictionary for the table names only). Both are still read when an earlier load wrote them
compressed: the next load is a delta, and the next publish hashes only the reports that load changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.config import Settings
from pipeline.run import run_all
from pipeline.warehouse import build, publish
from tests.conftest import HELD_BACK, database_rows


def _columns(path: Path) -> dict[str, tuple[str, set[str]]]:
    """Per column of the file's first row group: its compression and encodings."""
    group = pq.ParquetFile(path).metadata.row_group(0)
    return {
        group.column(i).path_in_schema: (group.column(i).compression, set(group.column(i).encodings))
        for i in range(group.num_columns)
    }


def _dictionary(encodings: set[str]) -> bool:
    return bool(encodings & {"PLAIN_DICTIONARY", "RLE_DICTIONARY"})


def _top_up(held: Path, settings: Settings, name: str) -> None:
    shutil.copy(held / name, settings.raw_dir / name)
    run_all(settings)


def test_lineage_and_digests_are_written_uncompressed(held_back_corpus):
    held, settings = held_back_corpus
    run_all(settings)
    loaded = _columns(settings.lake_dir / build.LOADED_FILE)
    assert {compression for compression, _ in loaded.values()} == {"UNCOMPRESSED"}
    digests = _columns(publish._digest_file(settings.analytics_path))
    assert {compression for compression, _ in digests.values()} == {"UNCOMPRESSED"}
    assert {name for name, (_, encodings) in digests.items() if _dictionary(encodings)} == {"tbl"}

    _top_up(held, settings, HELD_BACK[0])  # a delta load and its publish write them the same way
    assert {c for c, _ in _columns(settings.lake_dir / build.LOADED_FILE).values()} == {"UNCOMPRESSED"}
    assert {c for c, _ in _columns(publish._digest_file(settings.analytics_path)).values()} == {"UNCOMPRESSED"}


def test_files_written_compressed_by_earlier_code_are_still_used(held_back_corpus, digest_calls):
    held, settings = held_back_corpus
    run_all(settings)
    # as loads and publishes before this change wrote them: zstd, and snappy with dictionaries everywhere
    loaded_path = settings.lake_dir / build.LOADED_FILE
    pq.write_table(pq.read_table(loaded_path), loaded_path, compression="zstd")
    digest_path = publish._digest_file(settings.analytics_path)
    pq.write_table(pq.read_table(digest_path), digest_path)  # keeps the metadata tying it to the copy
    assert {c for c, _ in _columns(digest_path).values()} == {"SNAPPY"}
    assert {c for c, _ in _columns(loaded_path).values()} == {"ZSTD"}

    digest_calls.clear()
    _top_up(held, settings, HELD_BACK[0])
    changes = build.last_load_changes(settings)
    assert changes is not None  # the lineage was read: a delta load
    assert [only for database, only in digest_calls if database == publish._SOURCE] == [changes.report_ids]  # the digests were read: only the changed reports hashed
    assert database_rows(settings.analytics_path) == database_rows(settings.warehouse_path)
