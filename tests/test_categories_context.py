"""Category lists whose parent is stated only by the sentence before them, and a 其中 after a cumulative total
that gives this year's figure, not a category. Text as v2008 reports write it."""

from __future__ import annotations

from pipeline.extract.prose import extract_prose
from pipeline.model import Document, Identity


def entries(text: str) -> list[tuple[str | None, str, float | None, float | None]]:
    document = Document(content_sha256="test", part=1, kind="annual_report", text=text)
    found = extract_prose(document, Identity(template="v2008", year=2013)).categories
    return [(c.parent_metric_id, c.label, c.value, c.share_pct) for c in found]


BY_CONTENT = (
    "全年共主动公开政府信息2356条。从公开内容看，机构职能类46条，占2%；政策法规类369条，占15.7%；"
    "规划计划类120条，占5.1%；业务动态类1821条，占77.3%。"
)


def test_an_intro_without_a_verb_breaks_down_the_figure_of_the_sentence_before() -> None:
    assert entries(BY_CONTENT) == [
        ("proactive.total", "机构职能类", 46, 2),
        ("proactive.total", "政策法规类", 369, 15.7),
        ("proactive.total", "规划计划类", 120, 5.1),
        ("proactive.total", "业务动态类", 1821, 77.3),
    ]


def test_the_sentence_before_must_state_a_figure() -> None:
    # the figure is two sentences away: nothing says which whole the list breaks down
    text = "全年共主动公开政府信息2356条。我们认真做好信息发布工作。从公开内容看，机构职能类46条，占2%；政策法规类369条，占15.7%。"
    assert entries(text) == []


def test_this_years_part_of_a_cumulative_total_is_no_category() -> None:
    assert entries("截至2013年底，累计主动公开政府信息12563条，其中本年度新增1523条。") == []
    # a real category list after the same kind of total is still one
    found = entries("截至2013年底，累计主动公开政府信息12563条，其中政策法规类3012条，工作动态类9551条。")
    assert [(label, value) for _, label, value, _ in found] == [("政策法规类", 3012), ("工作动态类", 9551)]
