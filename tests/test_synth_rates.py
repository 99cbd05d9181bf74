"""The synthetic corpus's rate sentences (全年共受理行政审批事项117件，办结117件，办结率100%) and their truth: what the
labels call inconsistent is what the sentence's own figures contradict."""

from __future__ import annotations

import random

from pipeline.extract.rates import extract_rates
from pipeline.synth import compose
from pipeline.synth.blocks import Para
from pipeline.synth.corpus import plan_report
from pipeline.synth.truth import Truth, inconsistencies

SEED = 3


def _rate_truth(whole: float, part: float, rate: float, decimals: int = 0) -> list[dict]:
    truth = Truth()
    truth.rates.append({"whole": whole, "part": part, "rate_pct": rate, "decimals": decimals, "label": "行政审批事项"})
    return inconsistencies(truth)


def test_a_consistent_rate_is_no_inconsistency():
    assert _rate_truth(117, 117, 100) == []
    assert _rate_truth(823, 795, 96.6, 1) == []
    assert _rate_truth(250, 249, 99) == []  # 99.6% cut to 99%
    assert _rate_truth(1000, 999, 100) == []  # 99.9% rounded


def test_more_done_than_received_is_a_flow_of_whole_against_part():
    [found] = _rate_truth(117, 171, 100)
    assert (found["kind"], found["metrics"], found["stated"], found["computed"]) == ("flow", [], 117, 171)


def test_a_rate_its_counts_do_not_give_is_a_share():
    [found] = _rate_truth(60, 52, 100)
    assert (found["kind"], found["stated"], found["computed"]) == ("share", 100, 86.67)


def test_the_computed_rate_is_rounded_half_up_as_the_check_rounds_it():
    """298 of 320 is 93.125%: 93.13 (Python's round gives 93.12, and the label then matched no finding)."""
    [found] = _rate_truth(320, 298, 100)
    assert found["computed"] == 93.13


def test_the_generated_rate_sentence_states_what_its_truth_says():
    """Every approvals paragraph of the first reports reads back (pipeline.extract.rates) as the figures the
    truth holds, and the injected ones are labelled."""
    seen = injected = 0
    for index in range(600):
        plan = plan_report(SEED, index)
        if plan.choices.template != "v2008":
            continue
        report, truth = compose.compose(random.Random(f"report:{SEED}:{index}"), SEED, plan.agency, plan.year, plan.choices)
        text = "\n".join(b.text for b in report.blocks if isinstance(b, Para))
        read = [(s.whole_value, s.part_value, s.rate_pct) for s in extract_rates(text)]
        assert read == [(r["whole"], r["part"], r["rate_pct"]) for r in truth.rates], text
        seen += len(truth.rates)
        if {"rate_part_exceeds", "rate_wrong"} & set(truth.injected):
            injected += 1
            assert any(not f["metrics"] and f["kind"] in ("flow", "share") for f in inconsistencies(truth))
    assert seen >= 10 and injected >= 2
