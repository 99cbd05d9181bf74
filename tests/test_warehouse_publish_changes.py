"""A top-up's publish hashes only the changed reports' rows of the big per-report tables (issue 7: hashing every
warehouse row cost 0.7 s of a 200-file reload at 20,000 reports), trusting what the delta load recorded, and
only when the copy holds exactly the load that delta was applied to; the copy is the warehouse either way."""

from __future__ import annotations

import shutil

import duckdb
import pyarrow.parquet as pq

from pipeline.config import Settings
from pipeline.run import run_all
from pipeline.warehouse import build, publish
from tests.conftest import HELD_BACK, database_rows


def _assert_copy_is_warehouse(settings: Settings) -> None:
    assert database_rows(settings.analytics_path) == database_rows(settings.warehouse_path)
    # the digests kept for the next publish are those of the copy, as hashing it whole finds them
    with duckdb.connect() as conn:
        conn.execute(f"ATTACH '{settings.analytics_path}' AS copy (READ_ONLY)")
        whole = publish._digests(conn, "copy").to_pandas()
    kept = pq.read_table(publish._digest_file(settings.analytics_path)).to_pandas()
    order = ["tbl", "part"]
    assert kept.sort_values(order).reset_index(drop=True).equals(whole.sort_values(order).reset_index(drop=True))


def _new_report_ids(settings: Settings, name: str) -> set[str]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        return {r[0] for r in conn.execute("SELECT report_id FROM reports WHERE source_path LIKE ?", [f"%{name}"]).fetchall()}


def test_top_up_publish_hashes_only_the_reports_the_load_changed(held_back_corpus, digest_calls):
    held, settings = held_back_corpus
    run_all(settings)
    assert build.last_load_changes(settings) is None  # a first load is no delta

    shutil.copy(held / HELD_BACK[0], settings.raw_dir / HELD_BACK[0])
    digest_calls.clear()
    run_all(settings)

    changes = build.last_load_changes(settings)
    assert changes is not None and changes.report_ids == frozenset(_new_report_ids(settings, HELD_BACK[0]))
    assert changes.loaded == build.read_state(settings)["loaded_at"]
    assert [only for database, only in digest_calls if database == publish._SOURCE] == [changes.report_ids]
    _assert_copy_is_warehouse(settings)


def test_changes_since_a_load_the_copy_does_not_hold_are_not_trusted(held_back_corpus, digest_calls):
    held, settings = held_back_corpus
    run_all(settings)
    shutil.copy(held / HELD_BACK[0], settings.raw_dir / HELD_BACK[0])
    run_all(settings, publish=False)  # a load that is not published (as when an integrity check fails)
    shutil.copy(held / HELD_BACK[1], settings.raw_dir / HELD_BACK[1])
    digest_calls.clear()
    run_all(settings)

    changes = build.last_load_changes(settings)
    assert changes is not None and changes.report_ids == frozenset(_new_report_ids(settings, HELD_BACK[1]))
    # the copy holds the first load, which the last delta was not applied to: every warehouse row is hashed
    assert [only for database, only in digest_calls if database == publish._SOURCE] == [None]
    _assert_copy_is_warehouse(settings)


def test_a_full_load_leaves_no_changes_to_trust(held_back_corpus):
    held, settings = held_back_corpus
    run_all(settings)
    shutil.copy(held / HELD_BACK[0], settings.raw_dir / HELD_BACK[0])
    run_all(settings)
    assert build.last_load_changes(settings) is not None
    build.build_warehouse(settings, force=True)
    assert build.last_load_changes(settings) is None
