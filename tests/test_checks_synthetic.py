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

import pandas as pd
import pytest

from fixtures.checks.synthetic import compose_report, load_report, rate_rows, table_rows
from fixtures.checks.warehouse import Warehouse, insert_rate_statements
from pipeline.catalog import load_catalog
from pipeline.checks import run_checks
from pipeline.checks.rulebook import settings
from pipeline.synth.truth import Truth, inconsistencies

REPORTS = 900
FLAGS = ("error", "warn")


def _out_of_sight(truth: Truth, plan, inconsistency: dict) -> bool:
    """Whether the broken relation has a cell left as a dash, or is prose naming only some of the parts."""
    template = plan.choices.template
    rows_in_table = set(table_rows(plan)) if template == "v2008" and plan.choices.statistics else set()
    for relation in truth.relations:
        if relation.description != inconsistency["description"] or list(relation.metrics) != inconsistency["metrics"]:
            continue
        keys = (*relation.stated, *relation.computed)
        if any(k not in truth.values and k not in truth.prose for k in keys):
            return True
        parent = relation.metrics[0]
        needed = [c for c in load_catalog().children(parent) if c.applies_to(template)]
        in_prose = not {k[0] for k in relation.computed} <= rows_in_table
        listed = [truth.values[k] for k in relation.computed if k in truth.values]
        highlight = len(listed) < 2 or sum(listed) < settings().partial_list_min_coverage * truth.values.get(relation.stated[0], 0)
        if relation.kind == "sum" and in_prose and len(relation.computed) < len(needed) and highlight:
            return True
    return False


@pytest.fixture(scope="module")
def synthetic() -> tuple[dict, pd.DataFrame]:
    warehouse, expected, rates = Warehouse(), {}, []
    for index in range(REPORTS):
        plan, truth = compose_report(index)
        report_id = f"syn{index}"
        load_report(warehouse, report_id, plan, truth)
        rates += rate_rows(report_id, truth)
        expected[report_id] = (plan, truth)
    conn = warehouse.load()
    insert_rate_statements(conn, rates)
    return expected, run_checks(conn)


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
