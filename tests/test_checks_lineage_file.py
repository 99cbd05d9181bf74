"""The incremental recheck reads the load's lineage file in DuckDB: the same lineage strings, hence the same
report states, as building them in pandas (refresh._lineage), and any part of a report's lineage changes its state."""

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


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("report_id", ignore_index=True)


def test_the_lineage_file_gives_the_states_the_pandas_lineage_gives(settings: Settings):
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        loaded = build.connection_loaded_at(conn)
        path = refresh._lineage_file(settings, loaded)
        assert path is not None
        frame = refresh._lineage(settings, loaded)
        in_sql = conn.execute(incremental.lineage_sql(path)).df()
        assert dict(zip(in_sql["report_id"], in_sql["lineage"])) == dict(zip(frame["report_id"], frame["lineage"]))
        assert _sorted(incremental.report_states(conn, path)).equals(_sorted(incremental.report_states(conn, frame)))
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
