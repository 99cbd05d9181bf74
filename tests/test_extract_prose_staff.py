"""Staff figures listed under their whole without the word 人员: "工作人员5人，其中专职2人，兼职3人" states the
full-time and part-time parts of org.staff. 专职/兼职 alone name them only inside such a list: "安排专职2人负责
网站维护" and "兼职信息员120人" are no staff figures."""

from __future__ import annotations

import pytest

from pipeline.clean import clean_text
from pipeline.extract import extract
from pipeline.model import Document, Identity


def _staff(sentence: str) -> dict[str, float]:
    text = clean_text("某县人民政府2013年政府信息公开工作年度报告\n七、其他需要报告的事项\n" + sentence).text
    extraction = extract(Document("t", 1, "annual_report", text), Identity(agency_name="某县人民政府", year=2013, template="v2008"))
    return {v.metric_id: v.value for v in extraction.values if v.metric_id.startswith("org.staff")}


@pytest.mark.parametrize(
    "sentence",
    ["我局有政府信息公开工作人员5人，其中专职2人，兼职3人。", "全县共有政府信息公开工作人员5人（专职2人、兼职3人）。"],
)
def test_parts_named_without_renyuan(sentence: str) -> None:
    assert _staff(sentence) == {"org.staff": 5, "org.staff.full_time": 2, "org.staff.part_time": 3}


@pytest.mark.parametrize("sentence", ["我局安排专职2人负责网站维护。", "全市共有兼职信息员120人。"])
def test_outside_a_staff_list_they_name_nothing(sentence: str) -> None:
    assert _staff(sentence) == {}


def test_zhuan_jian_zhi_staff_is_the_whole_staff() -> None:
    assert _staff("设立政府信息公开查阅点15个，配备专兼职工作人员36名。") == {"org.staff": 36}
