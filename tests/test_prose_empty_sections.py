"""A section whose whole text says there was nothing (无。, 暂无。, 本年度未发生此类情况。) states zero for what
its heading names, when the heading names countable topics at its end; a heading ending in other words, a
heading naming nothing countable and table cells one a line state nothing. Expected figures by hand."""

from __future__ import annotations

import pytest

from pipeline.extract.prose import extract_prose
from pipeline.model import Document, Identity


def zeros(text: str, template: str = "v2008", year: int = 2012) -> dict[str, tuple[float, str]]:
    text = "某县人民政府2012年政府信息公开工作年度报告\n一、概述\n本报告由县政府办公室编制。\n" + text
    extraction = extract_prose(Document("t", 1, "annual_report", text), Identity(template=template, year=year))
    assert all(text[v.char_start : v.char_end] == v.snippet for v in extraction.values)
    return {v.metric_id: (v.value, v.snippet) for v in extraction.values}


def test_nothing_under_the_review_and_litigation_heading_is_zero_of_both() -> None:
    heading = "三、因政府信息公开申请行政复议、提起行政诉讼的情况"
    found = zeros(heading + "\n无。\n四、存在的问题\n个别科室认识不足。")
    assert found == {"review.total": (0, heading + "\n无"), "litigation.total": (0, heading + "\n无")}


@pytest.mark.parametrize("nothing", ["暂无。", "本年度未发生此类情况。", "无此类情况。", "没有。"])
def test_other_ways_of_saying_nothing(nothing: str) -> None:
    found = zeros("五、因政府信息公开申请行政复议、提起行政诉讼和申诉的情况\n" + nothing + "\n六、其他\n无。")
    assert {metric: value for metric, (value, _) in found.items()} == {
        "review.total": 0, "litigation.total": 0, "complaints.total": 0,
    }


@pytest.mark.parametrize(
    ("heading", "nothing"),
    [
        ("三、因政府信息公开申请行政复议、提起行政诉讼的情况", "：无"),
        ("（三）因政府信息公开申请行政复议、提起行政诉讼的情况", ":本年度未发生此类情况"),
    ],
)
def test_nothing_after_a_colon_on_the_heading_line(heading: str, nothing: str) -> None:
    found = zeros(heading + nothing + "。\n四、存在的问题\n个别科室认识不足。")
    assert found == {"review.total": (0, heading + nothing), "litigation.total": (0, heading + nothing)}


def test_nothing_under_the_requests_heading_is_no_request() -> None:
    found = zeros("二、依申请公开政府信息情况\n无。\n三、存在的问题\n个别科室认识不足。")
    assert {metric: value for metric, (value, _) in found.items()} == {"requests.received": 0}


@pytest.mark.parametrize(
    "text",
    [
        "四、政府信息公开的收费及减免情况\n无。\n五、存在的问题\n个别科室认识不足。",  # ends in 减免: no count named
        "六、其他需要报告的事项\n无。",
        "四、政府信息公开的收费及减免情况：无。\n五、存在的问题\n个别科室认识不足。",  # on one line, the same
        "1、当面申请：无。\n2、网上申请：无。\n",  # a list of channels, not section headings naming counts
        "三、因政府信息公开申请行政复议、提起行政诉讼的情况：全年无重大舆情。",
        "四、政府信息公开行政复议、行政诉讼情况\n无\n无\n无\n",  # cells of a flattened table, one a line
        "三、因政府信息公开申请行政复议、提起行政诉讼的情况\n全年无重大舆情。",  # 无 denies something else
    ],
)
def test_no_zero_where_the_heading_names_no_count(text: str) -> None:
    assert zeros(text, "v2019" if "无\n无" in text else "v2008") == {}
