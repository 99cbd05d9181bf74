"""A delta load empties the tables it rebuilds instead of replacing them, so they keep the comments the full load
wrote (re-commenting them cost ~0.1 s of a 200-file top-up at 20,000 reports); the publish reads the few rows of
changed reports by row id. Either way the warehouse and its copy are those a full load and publish give."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.config import Settings
from pipeline.run import run_all
from pipeline.warehouse import build, publish
from pipeline.warehouse.load import PER_REPORT_TABLES, few_rows_where
from pipeline.warehouse.schema import TABLES
from tests.conftest import HELD_BACK, contract_tables


def _catalog(path: Path) -> list[tuple]:
    """Tables, columns, views and their comments, as the publish compares them."""
    with duckdb.connect() as conn:
        conn.execute(f"ATTACH '{path}' AS db (READ_ONLY)")
        return publish._catalog(conn, "db")


def test_a_delta_load_gives_the_tables_and_comments_of_a_full_load(held_back_corpus, tmp_path: Path):
    held, settings = held_back_corpus
    run_all(settings)
    for name in HELD_BACK:
        shutil.copy(held / name, settings.raw_dir / name)
    run_all(settings)
    assert build.last_load_changes(settings) is not None, "the top-up was loaded as a delta"

    scratch = Settings.build(raw_dir=settings.raw_dir, warehouse_path=tmp_path / "scratch" / "ogi.duckdb", workers=1)
    run_all(scratch)
    assert _catalog(settings.warehouse_path) == _catalog(scratch.warehouse_path)
    assert contract_tables(settings.warehouse_path) == contract_tables(scratch.warehouse_path)
    assert contract_tables(settings.analytics_path) == contract_tables(scratch.analytics_path)
    assert _catalog(settings.analytics_path) == _catalog(scratch.analytics_path)


def test_a_delta_load_needs_the_per_report_tables_it_extends(held_back_corpus):
    held, settings = held_back_corpus
    run_all(settings, publish=False)
    with duckdb.connect(str(settings.warehouse_path)) as conn:
        conn.execute(f"DROP TABLE {PER_REPORT_TABLES[0]}")
    shutil.copy(held / HELD_BACK[0], settings.raw_dir / HELD_BACK[0])
    with pytest.raises(ValueError, match=PER_REPORT_TABLES[0]):
        run_all(settings, publish=False)


def test_rows_found_by_row_id_are_the_rows_a_plain_filter_finds():
    with duckdb.connect() as conn:
        conn.execute("CREATE TABLE t AS SELECT (i % 97)::VARCHAR AS report_id, repeat('x', i % 50) AS snippet, i FROM range(50000) AS r(i)")
        conn.execute("DELETE FROM t WHERE i % 7 = 0")  # row ids with gaps
        conn.execute("INSERT INTO t SELECT '5', 'late', -1")
        condition = "report_id IN ('5', '17', '96')"
        by_row_id = conn.execute(f"SELECT * FROM t WHERE {few_rows_where('t', condition)} ORDER BY ALL").fetchall()
        plain = conn.execute(f"SELECT * FROM t WHERE {condition} ORDER BY ALL").fetchall()
    assert by_row_id == plain and len(plain) > 1000


def test_the_contract_tables_are_the_ones_a_load_keeps():
    # the delta path relies on finding every contract table by name in the main schema
    assert set(PER_REPORT_TABLES) <= {spec.name for spec in TABLES}
