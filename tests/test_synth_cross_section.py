"""The synthetic corpus's cross-section injection (the prose's 收到申请N件 differs from the table's 本年新收) never
moves the prose figure by exactly the carried-over total: 收到申请N件 = 新收 + 上年结转 is a legitimate reading
of a v2019+ report (g19-010: 收到75件 = 74 + 1), so the label would call a consistent report inconsistent."""

from __future__ import annotations

import dataclasses
import random

from pipeline.synth import compose
from pipeline.synth.corpus import plan_report
from pipeline.synth.truth import key


def test_the_prose_figure_is_never_new_plus_carried_over() -> None:
    checked = coincided_before = 0
    for index in range(4000):
        plan = plan_report(7, index)
        if plan.choices.template not in ("v2019", "v2021") or plan.choices.tables_missing:
            continue
        choices = dataclasses.replace(plan.choices, injection="cross_section")
        _, truth = compose.compose(random.Random(index), 7, plan.agency, plan.year, choices)
        new = truth.values[key("requests.new_received", "total")]
        carried = truth.values.get(key("requests.carried_over", "total"), 0)  # a zero may be printed blank
        prose = truth.prose[key("requests.new_received", "total")]
        checked += 1
        coincided_before += carried in (1, 2, 5, 10)
        assert prose != new, "the injection must change the prose figure"
        assert prose != new + carried
    assert checked > 300 and coincided_before > 10  # the draw could have hit the carried-over total many times
