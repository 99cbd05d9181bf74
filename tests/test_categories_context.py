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


def kinds(text: str) -> set[str]:
    document = Document(content_sha256="test", part=1, kind="annual_report", text=text)
    return {c.list_kind for c in extract_prose(document, Identity(template="v2008", year=2013)).categories}


def test_a_clause_introducing_the_list_after_the_figure() -> None:
    split = "本年度主动公开信息共计1000条，按内容划分为：机构职能120条（12%），政策法规300条（30%），工作动态580条（58%）。"
    assert entries(split) == [
        ("proactive.total", "机构职能", 120, 12), ("proactive.total", "政策法规", 300, 30), ("proactive.total", "工作动态", 580, 58),
    ]
    assert kinds(split) == {"complete"}
    main = "全年主动公开政府信息1000条，主要包括：政策法规类300条，工作动态类580条。"
    assert entries(main) == [("proactive.total", "政策法规类", 300, None), ("proactive.total", "工作动态类", 580, None)]
    assert kinds(main) == {"partial"}


def test_a_heading_naming_categories_after_the_figure() -> None:
    text = "（一）公开数量。全年主动公开政府信息1000条。\n（二）公开类别。机构职能类120条，政策法规类300条，工作动态类580条。"
    assert [(parent, label, value) for parent, label, value, _ in entries(text)] == [
        ("proactive.total", "机构职能类", 120), ("proactive.total", "政策法规类", 300), ("proactive.total", "工作动态类", 580),
    ]


def test_subjects_framed_by_涉及_under_a_parent_with_children() -> None:
    # requests.received has named children (its channels); a 涉及… list still breaks it down by subject
    text = "全年共受理政府信息公开申请20件，其中涉及土地征收类12件，涉及房屋拆迁类5件，其他3件。"
    assert entries(text) == [
        ("requests.received", "土地征收类", 12, None), ("requests.received", "房屋拆迁类", 5, None), ("requests.received", "其他", 3, None),
    ]
    # its channels after 其中 stay metric values, not categories
    assert entries("全年共受理政府信息公开申请36件，其中当面申请10件，网上申请20件，信函申请6件。") == []
