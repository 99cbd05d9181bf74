"""Change one number of a consistent v2019/v2021 report, every cell in turn: a finding must name that cell's
metric. And consistent reports, whatever their figures, produce no finding at all.

Two levels: the values loaded straight into a warehouse (both templates, every cell of tables 三 and 四, every
stock cell of table 二 with the year before), and end to end for v2021, the reports written as text files and
run through the whole pipeline (ingest, identity, extraction, warehouse, checks), every cell its tables show
(one file per changed cell: ~0.25 s of ingestion and extraction each, so v2019 stays at the values level).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from fixtures.checks.rendered import agency_name, rendered_cells, report_text
from fixtures.checks.standard import Figures, standard_report
from fixtures.checks.warehouse import Warehouse
from pipeline.checks import run_checks
from pipeline.checks.rulebook import stock_flows
from pipeline.config import Settings
from pipeline.run import run_all
from pipeline.warehouse.connect import connect

FLAGS = ("error", "warn")
TEMPLATES = ("v2019", "v2021")
Cell = tuple[str, str]


def _names(finding: pd.Series, metric_id: str) -> bool:
    return finding.metric_id == metric_id or f"[{metric_id}]" in finding.message


def _stock_cells(figures: Figures) -> set[Cell]:
    ids = {m for f in stock_flows() for m in (f.stock, f.inflow, f.outflow)}
    return {cell for cell in figures if cell[0] in ids}


def _identity_cells(template: str, figures: Figures) -> set[Cell]:
    """Cells some identity ties to others: tables 三 and 四, and v2021's stock of documents in force."""
    return {c for c in figures if not c[0].startswith("proactive.")} | _stock_cells(figures)


def _previous_year(figures: Figures) -> Figures:
    """Last year's stock, so that this year's 现行有效件数 = last year's + 制发 − 废止 holds."""
    previous = {}
    for flow in stock_flows():
        if (flow.stock, "total") in figures:
            before = figures[(flow.stock, "total")] - figures[(flow.inflow, "total")] + figures[(flow.outflow, "total")]
            previous[(flow.stock, "total")] = before
    return previous


def _mutated_warehouse(template: str, seed: int, delta: int) -> tuple[Warehouse, Figures, dict[str, Cell]]:
    """One report per mutated cell (each its own agency, with its own consistent previous year)."""
    figures = standard_report(template, seed)
    warehouse, mutated = Warehouse(), {}
    for n, cell in enumerate([None, *sorted(figures)]):
        if cell is not None and figures[cell] + delta < 0:
            continue
        report_id = f"{template}-{seed}-{n}"
        agency = f"ag_{n}"
        if _previous_year(figures):  # only its stock figures: the year before says nothing else here
            warehouse.report(f"{report_id}-before", agency_id=agency, year=2021, template=template)
            warehouse.values(f"{report_id}-before", _previous_year(figures))
        warehouse.report(report_id, agency_id=agency, year=2022, template=template)
        warehouse.values(report_id, {**figures, **({cell: figures[cell] + delta} if cell else {})})
        if cell:
            mutated[report_id] = cell
    return warehouse, figures, mutated


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("delta", [1, -1, 10])
def test_every_changed_cell_is_named_by_a_finding(template, delta):
    warehouse, figures, mutated = _mutated_warehouse(template, seed=3, delta=delta)
    findings = run_checks(warehouse.load())
    flags = findings[findings.severity.isin(FLAGS)]
    assert flags[~flags.report_id.isin(mutated)].empty, "the unchanged report and the years before are consistent"
    checked = _identity_cells(template, figures)
    missed = []
    for report_id, (metric_id, applicant) in mutated.items():
        mine = flags[flags.report_id == report_id]
        if (metric_id, applicant) in checked:
            if not any(_names(f, metric_id) for _, f in mine.iterrows()):
                missed.append((metric_id, applicant))
        else:  # 行政许可 处理决定数量 and the like: no identity ties them to another cell
            assert mine.empty, f"{metric_id} changed, yet: {mine.message.tolist()}"
    assert not missed, f"{len(missed)} of {len(checked)} changed cells not named by any finding: {missed[:10]}"
    assert len(checked) >= 197  # v2019: 26 rows × 7 columns of table 三 and the 15 cells of table 四


@pytest.mark.parametrize("template", TEMPLATES)
def test_consistent_reports_give_no_finding_whatever_their_figures(template):
    warehouse = Warehouse()
    for seed in range(40):
        warehouse.report(f"r{seed}", agency_id=f"ag_{seed}", template=template)
        warehouse.values(f"r{seed}", standard_report(template, seed))
    assert run_checks(warehouse.load()).empty


# --- end to end --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pipeline_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One pipeline run over a clean v2021 report and every single-cell mutation of it, plus two consecutive
    years of one agency whose 上年结转 does not match the year before."""
    root = tmp_path_factory.mktemp("mutation")
    raw = root / "raw"
    raw.mkdir()
    files: dict[str, tuple[str, Cell | None, Figures]] = {}
    template, figures = "v2021", standard_report("v2021", seed=5)
    cells = sorted(c for c in rendered_cells(template, figures) if not c[0].startswith("proactive."))
    for n, cell in enumerate([None, *cells]):
        changed = {**figures, **({cell: figures[cell] + 1} if cell else {})}
        name = f"{template}_{n:04d}.txt"
        (raw / name).write_text(report_text(template, changed, agency_name(n), 2022), encoding="utf-8")
        files[name] = (template, cell, changed)
    _write_two_years(raw, files, agency_name(10_000))
    settings = Settings.build(raw, root / "ogi.duckdb")
    run_all(settings, publish=False)
    with connect(settings.warehouse_path, read_only=True) as conn:
        reports = conn.execute("SELECT source_path, report_id, included FROM reports").df()
        values = conn.execute(
            "SELECT r.source_path, v.metric_id, v.applicant, v.value FROM metric_values AS v JOIN reports AS r USING (report_id) "
            "WHERE v.period = 'year'"
        ).df()
        findings = conn.execute("SELECT r.source_path, c.* FROM check_results AS c JOIN reports AS r USING (report_id)").df()
    return {"files": files, "reports": reports, "values": values, "findings": findings}


COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org")


def _write_two_years(raw: Path, files: dict, agency: str) -> None:
    """2021 and 2022 of one agency, each consistent in itself; 2022's 上年结转 of 自然人 is one more than 2021's
    结转下年度继续办理 (so its 总计 column is too), and 现行有效件数 follows on from 2021."""
    before, after = standard_report("v2021", seed=11), standard_report("v2021", seed=12)
    for column in COLUMNS:
        after[("requests.carried_over", column)] = before[("requests.carried_forward", column)] + (column == "natural_person")
        new = after[("requests.processed_total", column)] + after[("requests.carried_forward", column)] - after[("requests.carried_over", column)]
        if new < 0:
            after[("requests.carried_forward", column)] -= new
            new = 0
        after[("requests.new_received", column)] = new
    for metric_id in ("requests.carried_over", "requests.new_received", "requests.carried_forward"):
        after[(metric_id, "total")] = sum(after[(metric_id, column)] for column in COLUMNS)
    for flow in stock_flows():
        after[(flow.stock, "total")] = before[(flow.stock, "total")] + after[(flow.inflow, "total")] - after[(flow.outflow, "total")]
    for year, figures in ((2021, before), (2022, after)):
        name = f"series_{year}.txt"
        (raw / name).write_text(report_text("v2021", figures, agency, year), encoding="utf-8")
        files[name] = ("v2021", None, figures)


def _read_back(run: dict, name: str) -> bool:
    """Whether extraction read every cell the report's tables show, exactly."""
    template, _, figures = run["files"][name]
    mine = run["values"][run["values"].source_path == name]
    got = {(m, a): v for m, a, v in zip(mine.metric_id, mine.applicant, mine.value)}
    return all(got.get(cell) == figures[cell] for cell in rendered_cells(template, figures))


@pytest.fixture(scope="module")
def readable(pipeline_run: dict) -> dict:
    clean = [name for name, (_, cell, _) in pipeline_run["files"].items() if cell is None]
    unread = [name for name in clean if not _read_back(pipeline_run, name)]
    if unread:
        pytest.skip(f"extraction does not read these consistent reports back exactly, so the checks cannot be judged on them: {unread}")
    return pipeline_run


def test_end_to_end_consistent_reports_are_not_flagged(readable):
    findings = readable["findings"]
    clean = [name for name, (_, cell, _) in readable["files"].items() if cell is None and not name.startswith("series_")]
    assert findings[findings.source_path.isin(clean)].empty
    assert readable["reports"].included.all(), "every test report is its own agency's annual report"


def test_end_to_end_every_changed_cell_is_named(readable):
    findings = readable["findings"][readable["findings"].severity.isin(FLAGS)]
    missed = []
    changed = [(name, cell) for name, (_, cell, _) in readable["files"].items() if cell is not None]
    assert len(changed) == 25 * 7 + 15, "every cell of the 25 rows × 7 columns of the v2021 requests table and of table 四"
    for name, cell in changed:
        if not _read_back(readable, name):
            missed.append((name, cell, "not read back by extraction"))
            continue
        mine = findings[findings.source_path == name]
        if not any(_names(f, cell[0]) for _, f in mine.iterrows()):
            missed.append((name, cell, mine.message.tolist()))
    assert not missed, missed[:10]


def test_end_to_end_two_years_of_one_agency(readable):
    findings = readable["findings"]
    series = findings[findings.source_path.str.startswith("series_")]
    after, before = readable["files"]["series_2022.txt"][2], readable["files"]["series_2021.txt"][2]
    expected = [
        ["series_2022.txt", "cross_year.carried_over", "requests.carried_over", column,
         float(after[("requests.carried_over", column)]), float(before[("requests.carried_forward", column)])]
        for column in ("natural_person", "total")
    ]
    got = series.sort_values("applicant")[["source_path", "check_name", "metric_id", "applicant", "stated", "computed"]]
    assert got.values.tolist() == expected
