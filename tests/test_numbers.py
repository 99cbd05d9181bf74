"""Number spans: values, units and what each number is (quantity, date, document number, phone ...)."""

from __future__ import annotations

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.numbers import find_numbers, parse_chinese_numeral


def spans(text: str) -> list[tuple[str, float | None, str | None, str, bool]]:
    return [(n.text, n.value, n.unit, n.kind, n.approximate) for n in find_numbers(text)]


def quantities(text: str) -> list[tuple[float | None, str | None]]:
    return [(n.value, n.unit) for n in find_numbers(text) if n.is_quantity]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年主动公开政府信息79条", [(79, "条")]),
        ("受理依申请公开5件(条),其中网络申请5件", [(5, "件"), (5, "件")]),
        ("本年度主动公开政府信息１２３条", [(123, "条")]),  # full-width digits
        ("历年累计公开政府信息46,269条", [(46269, "条")]),  # thousands separator
        ("网站主动公开信息1.2万条", [(12000, "条")]),
        ("涉及资金3.5亿元", [(3.5, "亿元")]),  # an amount keeps its unit
        ("投入3.48万元", [(3.48, "万元")]),
        ("收取费用5600元", [(5600, "元")]),
        ("召开新闻发布会十二场", [(12, "场")]),
        ("收到申请两件", [(2, "件")]),
        ("编印资料一千二百份", [(1200, "份")]),
        ("接待咨询群众350人次", [(350, "人次")]),
        ("从事政府信息公开工作人员3名", [(3, "名")]),
        ("公开相关材料5份、审批事项77项、专题会议2次、宗案3宗、篇目4篇、个案6个、人员7人", [(5, "份"), (77, "项"), (2, "次"), (3, "宗"), (4, "篇"), (6, "个"), (7, "人")]),
        ("累计发布推送政务信息1250(篇)", [(1250, "篇")]),  # the classifier survived only in brackets
        ("答复 3050 件", [(3050, "件")]),  # PDF text puts spaces around numbers
    ],
)
def test_quantities_with_their_units(text: str, expected: list[tuple[float, str]]) -> None:
    assert quantities(text) == expected


def test_percentages_are_shares_not_quantities() -> None:
    found = find_numbers("政府机构职能类信息506条,占比19.5%;较上年增长12%")
    assert [(n.value, n.kind) for n in found] == [(506, "quantity"), (19.5, "percent"), (12, "percent")]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("2019年1月1日", "date"),
        ("统计期限为201811日至20181231日", "date"),  # 年 and 月 lost in scraping: still a date
        ("二〇一八年", "date"),
        ("二○一二年二月二十日", "date"),
        ("国办发〔2018〕23号", "doc_number"),
        ("瓯政办〔20192", "doc_number"),  # 〕 and 号 lost
        ("(闽政办〔201843号)", "doc_number"),
        ("电话0591-23165385", "phone"),
        ("联系电话:24336240", "phone"),
        ("第1季度", "ordinal"),
        ("第十二次会议", "ordinal"),
        ("邮箱x3833124@163.com", "code"),
        ("1-12月", "range"),
        ("1—12月", "range"),
        ("电话0591—23165385", "phone"),
    ],
)
def test_numbers_that_are_never_quantities(text: str, kind: str) -> None:
    found = find_numbers(text)
    assert found, text
    assert all(not n.is_quantity for n in found)
    assert found[0].kind == kind


@pytest.mark.parametrize("text", ["一是统一思想", "“十三五”规划开局之年", "两微一端", "分成九大项", "第一季度"])
def test_words_containing_numerals_are_not_numbers(text: str) -> None:
    assert [n for n in find_numbers(text) if n.is_quantity] == []


@pytest.mark.parametrize(
    "text",
    ["主动公开政府信息5500余条", "政务新闻200多条", "约4900人次", "短视频近300个", "解答咨询3000多人次", "培训100人左右",
     "全年发布信息1200条许"],
)
def test_approximate_figures_are_marked(text: str) -> None:
    found = [n for n in find_numbers(text) if n.kind == "quantity"]
    assert found and all(n.approximate for n in found)


@pytest.mark.parametrize("text", ["共受理30件许可申请", "办理行政许可3件", "发布信息1200条,许多群众"])
def test_a_licence_after_a_count_is_no_hedge(text: str) -> None:
    found = [n for n in find_numbers(text) if n.kind == "quantity"]
    assert found and not any(n.approximate for n in found)


def test_list_markers_and_bare_numbers() -> None:
    found = {n.text.strip(): n.kind for n in find_numbers("1、机构职能 2.网上申请数 全专兼职工作人员43,初步形成")}
    assert found == {"1": "list_marker", "2": "list_marker", "43": "bare"}


def test_spans_point_at_the_text() -> None:
    text = "其中当面申请数3567件(条)、网上申请数6件"
    for number in find_numbers(text):
        assert text[number.start : number.end] == number.text


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("二〇一八", 2018), ("两", 2), ("一千二百", 1200), ("十", 10), ("十五", 15), ("廿", 20), ("一万零一", 10001), ("两万", 20000), ("壹仟贰佰叁拾肆", 1234), ("九十六点六", 96.6), ("零点五", 0.5)],
)
def test_chinese_numerals(numeral: str, value: int) -> None:
    assert parse_chinese_numeral(numeral) == value


@pytest.mark.parametrize("text", ["十三五", "百", "一是", "", "千万", "九十六点", "点五"])
def test_what_is_not_a_chinese_numeral(text: str) -> None:
    assert parse_chinese_numeral(text) is None


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=999_999_999), st.sampled_from(["low", "up"]))
def test_chinese_numerals_read_like_cn2an_writes_them(value: int, mode: str) -> None:
    assert parse_chinese_numeral(cn2an.an2cn(value, mode)) == value
