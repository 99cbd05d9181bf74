"""Blank marks in the standard tables (/, —, an empty cell) state no figure, yet a row that shows one has
nothing in that column: the mark is kept as a mention without a value, and the sum and flow checks count it
as an empty part. Reports written as text files with their zeros printed as blank marks, run through the whole
pipeline: consistent ones raise nothing, and a changed total is still found although some of its parts are
blank (before, any blank part left the total unchecked)."""

from __future__ import annotations

import pandas as pd
import pytest

from fixtures.checks.rendered import agency_name, report_text
from fixtures.checks.standard import standard_report
from pipeline.config import Settings
from pipeline.run import run_all
from pipeline.warehouse.connect import connect

MARKS = {"slash": "/", "dash": "—"}
# (metric, applicant column) changed by +1, each in its own report; every one has blank cells among its parts.
CHANGES = {
    "total_of_results": ("requests.processed_total", "total"),
    "granted_of_one_column": ("requests.granted", "natural_person"),
    "carried_forward": ("requests.carried_forward", "total"),
}


def _blank_parts(figures: dict) -> bool:
    return any(v == 0 for (m, _), v in figures.items() if m.startswith("requests."))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("blank_cells")
    raw = root / "raw"
    raw.mkdir()
    figures = standard_report("v2021", seed=3)
    assert _blank_parts(figures), "the drawn report needs zero cells to print as blank marks"
    files = {}
    n = 0
    for mark_name, mark in MARKS.items():
        for change_name, cell in [("clean", None), *CHANGES.items()]:
            changed = {**figures, **({cell: figures[cell] + 1} if cell else {})}
            name = f"{mark_name}_{change_name}.txt"
            (raw / name).write_text(report_text("v2021", changed, agency_name(500 + n), 2022, zero=mark), encoding="utf-8")
            files[name] = (cell, changed)
            n += 1
    settings = Settings.build(raw, root / "ogi.duckdb")
    run_all(settings, publish=False)
    with connect(settings.warehouse_path, read_only=True) as conn:
        def frame(sql: str) -> pd.DataFrame:
            return conn.execute(sql).df()

        return {
            "files": files,
            "mentions": frame("SELECT r.source_path, m.* FROM metric_mentions AS m JOIN reports AS r USING (report_id)"),
            "values": frame("SELECT r.source_path, v.* FROM metric_values AS v JOIN reports AS r USING (report_id)"),
            "findings": frame("SELECT r.source_path, c.* FROM check_results AS c JOIN reports AS r USING (report_id)"),
        }


@pytest.mark.parametrize("mark_name", MARKS)
def test_a_blank_mark_is_a_mention_without_a_value_and_never_a_value(run, mark_name):
    name = f"{mark_name}_clean.txt"
    _, figures = run["files"][name]
    mentions = run["mentions"][run["mentions"].source_path == name]
    blank = mentions[mentions.value.isna()]
    zero_cells = {(m, a) for (m, a), v in figures.items() if v == 0}
    blank_cells = set(zip(blank.metric_id, blank.applicant))
    assert blank_cells and blank_cells <= zero_cells
    assert not blank.selected.any()
    assert (blank.method == "table").all() and blank.snippet.str.contains(MARKS[mark_name], regex=False).all()
    values = run["values"][run["values"].source_path == name]
    assert not values.value.isna().any()
    assert not blank_cells & set(zip(values.metric_id, values.applicant))


@pytest.mark.parametrize("mark_name", MARKS)
def test_a_consistent_report_with_blank_cells_raises_nothing(run, mark_name):
    findings = run["findings"]
    flagged = findings[(findings.source_path == f"{mark_name}_clean.txt") & findings.severity.isin(["error", "warn"])]
    assert flagged.empty, flagged.message.tolist()


@pytest.mark.parametrize("mark_name", MARKS)
@pytest.mark.parametrize("change_name", CHANGES)
def test_a_changed_figure_is_found_although_some_of_its_parts_are_blank(run, mark_name, change_name):
    metric_id, _ = CHANGES[change_name]
    findings = run["findings"]
    errors = findings[(findings.source_path == f"{mark_name}_{change_name}.txt") & (findings.severity == "error")]
    named = errors[(errors.metric_id == metric_id) | errors.message.str.contains(f"[{metric_id}]", regex=False)]
    assert not named.empty, errors.message.tolist()
    assert errors.message.str.contains("(blank cell)", regex=False).any() or errors.check_name.str.startswith("sum.flow").any()
