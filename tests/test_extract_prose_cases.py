"""Review and litigation cases counted with 起 (行政复议案件2起), and a bare 办结/答复 after a 行政复议 application:
before, "…被申请行政复议3起" was unread (起 was no classifier), and "受理行政复议申请3件,办结3件" gave
requests.closed = 3 (the bare 办结 took its context from the 申请 of 行政复议申请)."""

from __future__ import annotations

import pytest

from pipeline.extract.numbers import find_numbers
from pipeline.extract.prose import extract_prose
from pipeline.extract.rates import extract_rates
from pipeline.model import Document, Identity


def stated(text: str, template: str = "v2008", year: int = 2016) -> set[tuple[str, str, float]]:
    document = Document(content_sha256="test", part=1, kind="annual_report", text=text)
    values = extract_prose(document, Identity(template=template, year=year)).values
    return {(v.metric_id, v.period, v.value) for v in values if not v.evidence_only}


@pytest.mark.parametrize(
    ("text", "template", "expected"),
    [
        ("2016年,因政府信息公开被申请行政复议3起,提起行政诉讼1起。", "v2008",
         {("review.total", "year", 3), ("litigation.total", "year", 1)}),
        ("全年共发生政府信息公开行政诉讼案件两起,均已审结。", "v2008", {("litigation.total", "year", 2)}),
        ("本年度共收到行政复议申请2起,无行政诉讼案件。", "v2019", {("review.total", "year", 2), ("litigation.total", "year", 0)}),
        # 一起 is "together", not one case
        ("本年度会同相关部门一起办理政府信息公开申请5件。", "v2008", set()),
        # a bare 办结/答复 after a 行政复议 application is about the reviews
        ("全年受理行政复议申请3件,办结3件。", "v2008", {("review.total", "year", 3)}),
        ("受理行政复议申请3件,答复3件。", "v2019", {("review.total", "year", 3)}),
        # after an application for information it is still the requests'
        ("全年受理政府信息公开申请5件,办结5件。", "v2008", {("requests.received", "year", 5), ("requests.closed", "year", 5)}),
        ("全年共受理信息公开申请12件,行政复议申请1件,已答复12件。", "v2008",
         {("requests.received", "year", 12), ("review.total", "year", 1), ("requests.answered", "year", 12)}),
        # reviews or lawsuits concluded (办结/审结 before the noun) are no metric: not the total beside them
        ("全年办结行政复议申请3件,本年度共收到行政复议申请4件。", "v2021", {("review.total", "year", 4)}),
        ("本年度审结行政诉讼案件1件。", "v2008", set()),
        # …but the list after them holds the outcomes, which are the year's
        ("全年办结行政复议申请3件,其中维持2件,撤销1件。", "v2008", {("review.upheld", "year", 2), ("review.corrected", "year", 1)}),
        ("全年审结行政诉讼案件2件,其中维持1件,败诉1件。", "v2008",
         {("litigation.upheld", "year", 1), ("litigation.corrected", "year", 1)}),
        ("全年办结行政复议申请3件,其中维持2件。共收到行政复议申请4件。", "v2021", {("review.upheld", "year", 2), ("review.total", "year", 4)}),
        # the cases not yet concluded are 表四's pending column, not a total
        ("本年度共收到行政复议申请4件,尚未审结行政复议案件1件。", "v2019",
         {("review.total", "year", 4), ("review.pending", "year", 1)}),
        # before 2019 no metric holds them, and they are not the total either
        ("本年度共收到行政复议申请4件,尚未审结行政复议案件1件。", "v2008", {("review.total", "year", 4)}),
        ("尚未审结行政复议案件1件。", "v2008", set()),
        # an act revoked (撤销) is one corrected, in a review's list as in a lawsuit's
        ("本年度共发生行政复议案件4件,其中维持2件,撤销1件,尚未审结1件。", "v2008",
         {("review.total", "year", 4), ("review.upheld", "year", 2), ("review.corrected", "year", 1)}),
        ("本年度发生行政诉讼案件2件,其中撤销原具体行政行为1件,维持1件。", "v2008",
         {("litigation.total", "year", 2), ("litigation.corrected", "year", 1), ("litigation.upheld", "year", 1)}),
    ],
)
def test_cases_and_their_verbs(text: str, template: str, expected: set) -> None:
    assert stated(text, template, 2016 if template == "v2008" else 2020) == expected


def test_qi_is_a_classifier_after_digits_and_numerals() -> None:
    spans = [(s.value, s.unit, s.kind) for s in find_numbers("发生行政复议案件2起、行政诉讼两起,自2019年5月1日起施行")]
    assert (2.0, "起", "quantity") in spans and spans.count((2.0, "起", "quantity")) == 2
    assert not any(unit == "起" and kind == "quantity" and value not in (2.0,) for value, unit, kind in spans)


def test_yiqi_is_no_number() -> None:
    assert find_numbers("与有关部门一起研究") == []


def test_rate_over_cases() -> None:
    (rate,) = extract_rates("全年受理行政复议申请3起,办结3起,办结率100%。")
    assert (rate.whole_value, rate.part_value, rate.unit) == (3, 3, "起")
