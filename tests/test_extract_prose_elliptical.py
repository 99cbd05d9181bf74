"""v2008 prose that names a figure's metric by an elliptical phrase the sentence's context completes:
历年累计公开N条 after this year's 主动公开 figure; 其中本年度新增N条 after a cumulative total; 答复申请N件."""

from __future__ import annotations

import pytest

from pipeline.extract.prose import extract_prose
from pipeline.model import Document, Identity


def values(text: str) -> set[tuple[str, str, float]]:
    document = Document(content_sha256="test", part=1, kind="annual_report", text=text)
    return {(v.metric_id, v.period, v.value) for v in extract_prose(document, Identity(template="v2008", year=2013)).values}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2013年共主动公开政府信息1523条，历年累计公开12563条。",
         {("proactive.total", "year", 1523), ("proactive.total", "cumulative", 12563)}),
        ("截至2013年底，累计主动公开政府信息12563条，其中本年度新增1523条。",
         {("proactive.total", "cumulative", 12563), ("proactive.total", "year", 1523)}),
        ("截至2018年底，全市各级各有关部门历年累计公开政府信息46269条。", {("proactive.total", "cumulative", 46269)}),
        ("全年共答复申请36件，其中同意公开28件。",
         {("requests.answered", "year", 36), ("requests.answered.granted", "year", 28)}),
    ],
)
def test_elliptical_topics(text: str, expected: set) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "全年累计公开规范性文件25件。",  # a sub-topic after 累计公开: not the total
        "截至2013年底，累计主动公开政府信息12563条，其中新增规范性文件15件。",  # 新增 without this year's word, of a sub-topic
        "及时答复申请人36次。",  # 答复申请人 is the applicant, not the requests
    ],
)
def test_no_figure_from_a_phrase_without_its_context(text: str) -> None:
    assert {v for v in values(text) if v[2] in (25, 15, 36)} == set()
