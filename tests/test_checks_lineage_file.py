"""The incremental recheck reads the load's lineage file in DuckDB: the same lineage strings as building them in
pandas (how earlier code built the states of its snapshots), and any part of a report's lineage changes its state."""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.checks import incremental, refresh
from pipeline.config import Settings
from pipeline.warehouse import build
from tests.conftest import warehouse_of
from tests.test_checks_unread_figures import REPORTS


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("lineage_file")
    path = warehouse_of(REPORTS, root)
    return Settings.build(root / "raw", path)


def _pandas_lineage(path) -> pd.DataFrame:
    """The lineage strings as earlier code built them in pandas, the reference the SQL must match."""
    loaded_reports = pd.read_parquet(path)
    parts = [loaded_reports[c].astype("string").fillna("") for c in ("doc_key", "included", "ingest_shard", "extract_shard")]
    return pd.DataFrame({"report_id": loaded_reports["report_id"].astype("string"), "lineage": parts[0].str.cat(parts[1:], sep="|")})


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("report_id", ignore_index=True)


def test_the_lineage_file_gives_the_states_the_pandas_lineage_gives(settings: Settings):
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        loaded = build.connection_loaded_at(conn)
        path = refresh._lineage_file(settings, loaded)
        assert path is not None
        frame = _pandas_lineage(path)
        in_sql = conn.execute(incremental.lineage_sql(path)).df()
        assert dict(zip(in_sql["report_id"], in_sql["lineage"])) == dict(zip(frame["report_id"], frame["lineage"]))
        conn.register("pandas_lineage", frame)
        from_pandas = conn.execute(
            """SELECT r.report_id, r.agency_id, hash(r, coalesce(l.lineage, '')) AS state
               FROM reports AS r LEFT JOIN pandas_lineage AS l USING (report_id)"""
        ).df()
        assert _sorted(incremental.report_states(conn, path)).equals(_sorted(from_pandas))
    assert refresh._lineage_file(settings, "another load") is None


@pytest.mark.parametrize("column", incremental.LINEAGE_PARTS)
def test_each_part_of_the_lineage_changes_the_state_of_its_report_only(settings: Settings, tmp_path, column: str):
    path = settings.lake_dir / build.LOADED_FILE
    table = pq.read_table(path)
    target = table["report_id"][0].as_py()
    values = table[column].to_pylist()
    values[0] = (not values[0]) if column == "included" else (values[0] or "") + "x"
    edited = table.set_column(table.column_names.index(column), column, pa.array(values, table[column].type))
    other = tmp_path / "loaded.parquet"
    pq.write_table(edited, other)
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        before = _sorted(incremental.report_states(conn, path))
        after = _sorted(incremental.report_states(conn, other))
    assert set(before.loc[before["state"] != after["state"], "report_id"]) == {target}
