"""categories.rate: a stated rate against the whole and part its sentence counts. Statements are read from
real sentences (pipeline.extract.rates) into an in-memory warehouse; a pipeline run over g08-012 shows the
load filling rate_statements from report_texts and the finding the label names (117 received, 171 closed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from fixtures.checks.warehouse import Warehouse, insert_rate_statements
from pipeline.checks import run_checks, run_family
from pipeline.config import Settings
from pipeline.extract.rates import extract_rates
from pipeline.run import run_all
from pipeline.warehouse.connect import connect
from pipeline.warehouse.schema import TABLES_BY_NAME

SENTENCES = {
    # the report's own arithmetic holds
    "closed_all": "共受理依申请公开申请52件，已全部办结，办结率100%。",
    "rounded": "2022年，我局共收到网上来信823件，办结795件，办结率达96.6%。",
    "cut_not_rounded": "全年共收到政府信息公开申请250件，答复249件，答复率99%。",  # 99.6% printed as 99%
    "rounded_up_to_whole": "受理申请1000件，办结999件，办结率100%。",  # 99.9%
    # nothing to compare
    "no_part": "2022年，全区收到政府信息公开申请75件，涉及自然人72件、商业企业3件，均在法定期限内予以答复，办结率100%。",
    "carried_over": "共受理申请52件（含上年结转3件），办结55件，办结率100%。",
    "on_time_rate": "受理申请120件，按时办结110件，按时办结率100%。",
    # inconsistent
    "more_closed_than_received": "今年我局共受理审批事项117件，办结171件，办结率100%。",
    "rate_off": "共受理政府信息公开申请60件，答复52件，答复率100%。",
    "not_all": "受理申请52件，已全部办结，办结率96%。",
}
FLAGGED = {
    "more_closed_than_received": (117.0, 171.0),
    "rate_off": (100.0, 86.67),
    "not_all": (96.0, 100.0),
}


def _warehouse(sentences: dict[str, str]) -> duckdb.DuckDBPyConnection:
    warehouse = Warehouse()
    rows = []
    for name, text in sentences.items():
        warehouse.report(name, template="v2008", year=2013)
        rows += [{"report_id": name, **vars(s)} for s in extract_rates(text)]
    conn = warehouse.load()
    insert_rate_statements(conn, rows)
    return conn


@pytest.fixture(scope="module")
def findings() -> pd.DataFrame:
    found = run_family(_warehouse(SENTENCES), "categories")
    return found[found.check_name == "categories.rate"]


def test_every_inconsistent_rate_is_found_with_its_figures(findings):
    got = {r.report_id: (r.stated, r.computed) for r in findings.itertuples()}
    assert got == FLAGGED
    assert (findings.severity == "warn").all()


def test_a_part_above_its_whole_names_both_in_the_message(findings):
    row = findings[findings.report_id == "more_closed_than_received"].iloc[0]
    assert "办结 171件" in row.message and "审批事项 117件" in row.message and "100%" in row.message
    assert row.snippet == "受理审批事项117件，办结171件，办结率100%"


def test_a_rate_off_its_counts_gives_the_computed_rate(findings):
    row = findings[findings.report_id == "rate_off"].iloc[0]
    assert "答复率 is stated as 100%" in row.message and "86.67%" in row.message


def test_the_rule_runs_with_every_family(findings):
    conn = _warehouse({"more_closed_than_received": SENTENCES["more_closed_than_received"]})
    everything = run_checks(conn)
    assert list(everything.check_name) == ["categories.rate"]


@pytest.fixture(scope="module")
def g08_012_run(tmp_path_factory: pytest.TempPathFactory, shared_corpus: Path) -> Path:
    root = tmp_path_factory.mktemp("rates")
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(shared_corpus / "raw" / "g08-012.txt", raw / "g08-012.txt")
    settings = Settings.build(raw, root / "ogi.duckdb")
    run_all(settings, publish=False)
    return settings.warehouse_path


def test_the_load_reads_rate_statements_with_offsets_into_the_text(g08_012_run):
    with connect(g08_012_run, read_only=True) as conn:
        rows = conn.execute(
            "SELECT s.whole_value, s.part_value, s.rate_pct, s.snippet, substr(t.text, s.char_start + 1, s.char_end - s.char_start) "
            "FROM rate_statements AS s JOIN report_texts AS t USING (report_id)"
        ).fetchall()
        [(whole, part, rate, snippet, text)] = rows
        assert (whole, part, rate) == (117.0, 171.0, 100.0)
        assert snippet == text and snippet.replace("，", ",") == "受理审批事项117件,办结171件,办结率100%"
        flags = conn.execute(
            "SELECT check_name, stated, computed FROM check_results WHERE severity IN ('error', 'warn')"
        ).fetchall()
        assert flags == [("categories.rate", 117.0, 171.0)]


def test_the_table_and_every_column_carry_a_comment(g08_012_run):
    with connect(g08_012_run, read_only=True) as conn:
        table = conn.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'rate_statements'").fetchall()
        columns = conn.execute("SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'rate_statements'").fetchall()
    assert table and table[0][0]
    assert [c for c, _ in columns] == TABLES_BY_NAME["rate_statements"].column_names
    assert all(comment for _, comment in columns)
