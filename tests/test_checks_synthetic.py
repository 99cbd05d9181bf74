"""The checks against the synthetic corpus's own account of its injected inconsistencies (pipeline.synth).

The generator records every relation a report's structure implies and, after injecting an error, every one
it breaks; its arithmetic was written independently of the checks. Its reports' figures go straight into a
warehouse (each report its own agency, so only within-report rules apply), and the checks must find every
broken relation they can see, and flag nothing in the reports left consistent. Runs without ../shared.

Two kinds of broken relation are out of sight, by the rule "only compare what is stated": a relation with
a cell the table leaves as a dash (not a stated value, FORMAT.md), and prose that names a single part or
parts covering less than partial_list_min_coverage of the total ("其中网络申请5件"): a highlight, not a breakdown.
"""

from __future__ import annotations

import random

import pandas as pd
import pytest

from fixtures.checks.warehouse import Warehouse, insert_rate_statements
from pipeline.catalog import load_catalog
from pipeline.checks import run_checks
from pipeline.checks.rulebook import settings
from pipeline.synth import compose, v2008
from pipeline.synth.corpus import plan_report
from pipeline.synth.truth import Truth, inconsistencies

SEED = 3
REPORTS = 900
FLAGS = ("error", "warn")


def _table_rows(plan) -> list[str | None]:
    rows = v2008.NATIONAL_ROWS if plan.choices.statistics == "national" else v2008.PROVINCIAL_ROWS
    return [metric_id for _, _, metric_id in rows]


def _load(warehouse: Warehouse, report_id: str, plan, truth: Truth) -> None:
    template = plan.choices.template
    warehouse.report(report_id, agency_id=report_id, year=plan.year, template=template, agency_name=plan.agency.name)
    rows = _table_rows(plan) if template == "v2008" and plan.choices.statistics else []
    standard = template in ("v2019", "v2021") and not plan.choices.tables_missing
    for (metric_id, applicant, period), value in truth.values.items():
        in_table = metric_id in rows or (standard and metric_id != "proactive.total")
        at = 1000 + 10 * rows.index(metric_id) + (period == "cumulative") if metric_id in rows else 5000
        warehouse.value(report_id, metric_id, value, applicant=applicant or "total", period=period,
                        method="table" if in_table else "prose", at=at)
    for (metric_id, applicant, period), value in truth.prose.items():
        warehouse.value(report_id, metric_id, value, applicant=applicant or "total", period=period, method="prose", at=10)
    for list_no, listing in enumerate(truth.category_lists, start=1):
        for entry in listing.entries:
            warehouse.category(report_id, listing.parent, entry["label"], entry["value"], share=entry.get("share_pct"),
                               list_no=list_no, kind="complete" if listing.complete else "partial")


def _out_of_sight(truth: Truth, plan, inconsistency: dict) -> bool:
    """Whether the broken relation has a cell left as a dash, or is prose naming only some of the parts."""
    template = plan.choices.template
    table_rows = set(_table_rows(plan)) if template == "v2008" and plan.choices.statistics else set()
    for relation in truth.relations:
        if relation.description != inconsistency["description"] or list(relation.metrics) != inconsistency["metrics"]:
            continue
        keys = (*relation.stated, *relation.computed)
        if any(k not in truth.values and k not in truth.prose for k in keys):
            return True
        parent = relation.metrics[0]
        needed = [c for c in load_catalog().children(parent) if c.applies_to(template)]
        in_prose = not {k[0] for k in relation.computed} <= table_rows
        listed = [truth.values[k] for k in relation.computed if k in truth.values]
        highlight = len(listed) < 2 or sum(listed) < settings().partial_list_min_coverage * truth.values.get(relation.stated[0], 0)
        if relation.kind == "sum" and in_prose and len(relation.computed) < len(needed) and highlight:
            return True
    return False


@pytest.fixture(scope="module")
def synthetic() -> tuple[dict, pd.DataFrame]:
    warehouse, expected, rates = Warehouse(), {}, []
    for index in range(REPORTS):
        plan = plan_report(SEED, index)
        _, truth = compose.compose(random.Random(f"report:{SEED}:{index}"), SEED, plan.agency, plan.year, plan.choices)
        report_id = f"syn{index}"
        _load(warehouse, report_id, plan, truth)
        rates += _rate_rows(report_id, truth)
        expected[report_id] = (plan, truth)
    conn = warehouse.load()
    insert_rate_statements(conn, rates)
    return expected, run_checks(conn)


def _rate_rows(report_id: str, truth: Truth) -> list[dict]:
    """The rate sentences a report states (全年共受理行政审批事项117件，办结117件，办结率100%), as the load reads them."""
    return [
        dict(report_id=report_id, rate_name="办结率", rate_pct=float(r["rate_pct"]), whole_label=r["label"],
             whole_value=float(r["whole"]), part_label="办结", part_value=float(r["part"]), part_stated="count",
             unit="件", carried_over=False, snippet=r["label"], char_start=7000, char_end=7030)
        for r in truth.rates
    ]


def _same(a: float, b: float) -> bool:
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def _found(flags: pd.DataFrame, inconsistency: dict) -> bool:
    return any(
        (_same(f.stated, inconsistency["stated"]) and _same(f.computed, inconsistency["computed"]))
        or (f.metric_id in inconsistency["metrics"] and _same(f.stated, inconsistency["stated"]))
        for f in flags.itertuples()
    )


def test_every_broken_relation_in_sight_is_found(synthetic):
    expected, findings = synthetic
    flags = findings[findings.severity.isin(FLAGS)]
    judged, missed = 0, []
    for report_id, (plan, truth) in expected.items():
        for inconsistency in inconsistencies(truth):
            if _out_of_sight(truth, plan, inconsistency):
                continue
            judged += 1
            if not _found(flags[flags.report_id == report_id], inconsistency):
                missed.append((report_id, truth.injected, inconsistency["description"]))
    assert judged >= 60, "the first reports of seed 3 inject enough errors to judge"
    assert not missed, missed[:10]


def test_reports_left_consistent_are_not_flagged(synthetic):
    expected, findings = synthetic
    clean = [report_id for report_id, (_, truth) in expected.items() if not inconsistencies(truth)]
    flags = findings[findings.severity.isin(FLAGS) & findings.report_id.isin(clean)]
    assert len(clean) > 700
    assert flags.empty, flags[["report_id", "check_name", "metric_id", "stated", "computed", "message"]].head(10).to_string()


def test_every_kind_of_injection_is_seen(synthetic):
    expected, findings = synthetic
    flagged = set(findings[findings.severity.isin(FLAGS)].report_id)
    injected = {name for report_id, (_, truth) in expected.items() if report_id in flagged for name in truth.injected}
    assert {"applicant_cell", "total_cell", "carried_forward", "review_total", "cross_section", "table_received",
            "table_answered", "category_sum", "category_partial", "share", "staff"} <= injected
