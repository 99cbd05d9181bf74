"""Zeros stated with the v2008 reports' set phrase for reviews, lawsuits and appeals: "没有发生有关政府信息公开
事务的行政复议案、行政诉讼案和有关申诉案". Before, 案 after 复议/诉讼/申诉 and the 有关 after 和 kept the topics
from being denied, so none of the three zeros was read.
"""

from __future__ import annotations

import pytest

from pipeline.extract.prose import extract_prose
from pipeline.model import Document, Identity


def zeros(text: str, template: str = "v2008") -> set[str]:
    document = Document(content_sha256="test", part=1, kind="annual_report", text=text)
    year = 2016 if template == "v2008" else 2021
    return {v.metric_id for v in extract_prose(document, Identity(template=template, year=year)).values if v.value == 0}


@pytest.mark.parametrize(
    ("text", "template", "expected"),
    [
        ("本年度没有发生有关政府信息公开事务的行政复议案、行政诉讼案和有关申诉案。", "v2008",
         {"review.total", "litigation.total", "complaints.total"}),
        ("2016年,本机关没有发生有关政府信息公开事务的行政复议案、行政诉讼案和有关的申诉案。", "v2008",
         {"review.total", "litigation.total", "complaints.total"}),
        # from 2019 no metric holds appeals: the two others are still zero
        ("本年度没有发生有关政府信息公开事务的行政复议案、行政诉讼案和有关申诉案。", "v2021", {"review.total", "litigation.total"}),
        ("全年未发生政府信息公开行政诉讼案。", "v2008", {"litigation.total"}),
    ],
)
def test_cases_denied_with_an(text: str, template: str, expected: set[str]) -> None:
    assert zeros(text, template) == expected


def test_a_topic_that_only_names_the_cause_is_still_not_denied() -> None:
    # the 申请 that the reviews came from are not zero
    assert zeros("本年度未发生因政府信息公开申请引起的行政复议案。") == {"review.total"}
