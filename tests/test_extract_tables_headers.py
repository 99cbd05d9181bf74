"""v2008 statistics and category tables: the period columns a header names, and a unit column wherever it
stands. Expected figures written by hand."""

from __future__ import annotations

import pytest

from pipeline.clean import clean_text
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Extraction, Identity
from pipeline.tables.header import read_header

OPENING = "某市民政局2013年政府信息公开工作年度报告\n一、概述\n2013年，我局认真贯彻落实条例，进一步推进政府信息公开工作。\n二、统计情况\n"
CLOSING = "\n三、存在的问题\n信息公开工作还存在一些不足。\n"
ROWS = [("主动公开政府信息数", "条", 356, 2100), ("收到申请数", "件", 8, 40), ("行政复议数量", "件", 1, 3)]
BOTH = {(m, p): v for m, year, total in [("proactive.total", 356, 2100), ("requests.received", 8, 40), ("review.total", 1, 3)]
        for p, v in (("year", year), ("cumulative", total))}


def extract(lines: list[str]) -> Extraction:
    text = clean_text(OPENING + "\n".join(lines) + CLOSING).text
    return extract_tables(Document(content_sha256="test", part=1, kind="annual_report", text=text), Identity(template="v2008"))


def values(extraction: Extraction) -> dict[tuple[str, str], float]:
    return {(v.metric_id, v.period): v.value for v in extraction.values}


@pytest.mark.parametrize(
    ("header", "periods"),
    [
        ("指标名称 单位 本年 累计", ("year", "cumulative")),  # two columns, not the one word 本年累计
        ("指标名称 计量单位 本期实际 本年累计", ("year", "year")),
        ("指标名称 单位 本 年 度 历 年 累 计", ("year", "cumulative")),  # letter-spaced cells
        ("指标 2012 年度 2008年以来累计", ("year", "cumulative")),
    ],
)
def test_period_columns(header: str, periods: tuple[str, ...]) -> None:
    assert read_header(header).periods == periods


@pytest.mark.parametrize(
    "lines",
    [
        ["指标名称 | 单位 | 本年 | 累计"] + [f"{label} | {unit} | {year:,} | {total:,}" for label, unit, year, total in ROWS],
        ["指标名称\t单位\t本年\t累计"] + [f"{label}\t{unit}\t{year}\t{total}" for label, unit, year, total in ROWS],
        ["序号 | 指标名称 | 本年 | 累计"] + [f"{n} | {label} | {year} | {total}" for n, (label, _, year, total) in zip("一二三", ROWS)],
    ],
    ids=["pipe_thousands", "tabs", "numeral_serial_column"],
)
def test_this_year_and_cumulative_columns(lines: list[str]) -> None:
    assert values(extract(lines)) == BOTH


def test_a_unit_column_after_the_figures() -> None:
    extraction = extract(["指标 | 数量 | 单位"] + [f"{label} | {year} | {unit}" for label, unit, year, _ in ROWS])
    assert values(extraction) == {key: v for key, v in BOTH.items() if key[1] == "year"}
    assert {v.metric_id: v.unit for v in extraction.values} == {"proactive.total": "条", "requests.received": "件", "review.total": "件"}


def test_a_category_tables_unit_column_is_no_part_of_its_labels() -> None:
    extraction = extract(["| 类别 | 条数 | 单位 |", "| 工作动态 | 5 | 条 |", "| 政策文件 | 3 | 条 |", "| 合计 | 8 | 条 |"])
    assert [(c.label, c.value, c.list_total) for c in extraction.categories] == [("工作动态", 5, 8), ("政策文件", 3, 8)]


def test_a_unit_run_into_a_label_does_not_hide_the_rows_parent() -> None:
    # a national statistics table whose borders a crawler dropped: 举报投诉's own 维持具体行政行为数 is
    # complaints.upheld, not review.upheld (the name the label has with its unit 件 on)
    run = (
        "四、行政复议数量件0（一）维持具体行政行为数件0（二）被依法纠错数件0（三）其他情形数件0"
        "五、行政诉讼数量件1（一）维持具体行政行为或者驳回原告诉讼请求数件1（二）被依法纠错数件0（三）其他情形数件0"
        "六、举报投诉数量件4（一）维持具体行政行为数件3（二）被纠错数件0（三）其他情形数件1"
        "七、依申请公开信息收取的费用万元0"
    )
    found = values(extract([run]))
    assert {key: v for key, v in found.items() if key[0].startswith(("review", "complaints"))} == {
        ("review.total", "year"): 0,
        ("review.upheld", "year"): 0,
        ("review.corrected", "year"): 0,
        ("review.other", "year"): 0,
        ("complaints.total", "year"): 4,
        ("complaints.upheld", "year"): 3,
        ("complaints.corrected", "year"): 0,
        ("complaints.other", "year"): 1,
    }
    assert found[("litigation.upheld", "year")] == 1


def test_a_header_run_into_the_rows_above_still_names_the_columns() -> None:
    # a crawler ran the table into the line above it ("… 篇2" of a compiled page); the header is then inside a
    # row's label, and without it the year and cumulative figures were read as one number (629, not 6 | 29)
    text = (
        "2011年，我办共主动公开政府信息239条，其中通过政府网站公开238条。\n"  # the prose cuts the digit runs the arithmetic cannot
        "政务公开工作总结 篇2\n附表:某街道办事处2011年政府信息公开情况统计表 "
        "指标名称计量单位2011年度历年累计主动公开信息数条239920其中：1.政府网站公开数条2388802.政府公报公开数条318"
        "受理政府信息公开申请总数条629其中：1.当面申请数条162.网上申请数条3153.信函、传真申请数条28"
    )
    found = values(extract([text]))
    assert {key: v for key, v in found.items() if key[0].startswith(("proactive", "requests.received"))} == {
        ("proactive.total", "year"): 239,
        ("proactive.total", "cumulative"): 920,
        ("proactive.channel.website", "year"): 238,
        ("proactive.channel.website", "cumulative"): 880,
        ("proactive.channel.gazette", "year"): 3,
        ("proactive.channel.gazette", "cumulative"): 18,
        ("requests.received", "year"): 6,
        ("requests.received", "cumulative"): 29,
        ("requests.received.in_person", "year"): 1,
        ("requests.received.in_person", "cumulative"): 6,
        ("requests.received.online", "year"): 3,
        ("requests.received.online", "cumulative"): 15,
        ("requests.received.mail", "year"): 2,
        ("requests.received.mail", "cumulative"): 8,
    }


# The national 政府信息公开情况统计表 (2015 on), as agencies append it: rows 一 to 九 with units.
NATIONAL_FORM = [
    ("（一）主动公开政府信息数", "条", "proactive.total"), ("其中：主动公开规范性文件数", "条", "proactive.normative_docs_public"),
    ("制发规范性文件总数", "件", "proactive.normative_docs_made"), ("1．政府公报公开政府信息数", "条", "proactive.channel.gazette"),
    ("2．政府网站公开政府信息数", "条", "proactive.channel.website"),
    ("（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次", "response.hot_topics"),
    ("1．参加或举办新闻发布会总次数", "次", "response.press_conferences"),
    ("其中：主要负责同志参加新闻发布会次数", "次", "response.press_conferences_heads"),
    ("（一）收到申请数", "件", "requests.received"), ("1．当面申请数", "件", "requests.received.in_person"),
    ("（三）申请答复数", "件", "requests.answered"), ("4．不同意公开答复数", "件", "requests.answered.denied"),
    ("其中：涉及国家秘密", "件", "requests.answered.denied.state_secret"),
    ("危及国家安全、公共安全、经济安全和社会稳定", "件", "requests.answered.denied.security_stability"),
    ("不是《条例》所指政府信息", "件", "requests.answered.denied.not_gov_info"),
    ("四、行政复议数量", "件", "review.total"), ("（一）维持具体行政行为数", "件", "review.upheld"),
    ("五、行政诉讼数量", "件", "litigation.total"),
    ("（一）维持具体行政行为或者驳回原告诉讼请求数", "件", "litigation.upheld"), ("六、举报投诉数量", "件", "complaints.total"),
    ("七、依申请公开信息收取的费用", "万元", "fees.amount"),
    ("（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）", "万元", "org.budget"),
    ("（三）接受培训人员数", "人次", "org.trainees"),
]


@pytest.mark.parametrize("separator", [" | ", " ", "\n"], ids=["pipe", "spaced", "cell_per_line"])
def test_a_plain_figures_column_beside_the_cumulative_one_is_this_years(separator: str) -> None:
    """指标名称 | 计量单位 | 数量 | 历年累计: 数量 names no period, but beside 历年累计 it is this year's column.
    Before, the header gave one period for two columns and every row went to unmapped_values."""
    lines = [separator.join(["指标名称", "计量单位", "数量", "历年累计"])]
    lines += [separator.join([label, unit, str(n), str(n * 10)]) for n, (label, unit, _) in enumerate(NATIONAL_FORM, 1)]
    found = values(extract(lines))
    assert found == {(m, p): float(n * (10 if p == "cumulative" else 1)) for n, (_, _, m) in enumerate(NATIONAL_FORM, 1)
                     for p in ("year", "cumulative")}


def test_a_figures_column_alone_and_数量_inside_a_label() -> None:
    assert read_header("指标名称 计量单位 数量").periods == ()  # one column: read as this year's, as before
    assert read_header("行政复议数量 历年累计").periods == ("cumulative",)  # 数量 inside a label is no column
