"""Small v2008 tables whose metrics head the columns instead of the rows: a row of labels over one row of
figures, or over a row per period (本年 / 累计). Expected figures written by hand."""

from __future__ import annotations

from pipeline.clean import clean_text
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Extraction, Identity

OPENING = "某市交通运输局2013年政府信息公开工作年度报告\n一、概述\n2013年，我局认真贯彻落实条例，进一步推进政府信息公开工作。\n二、统计情况\n"
CLOSING = "\n三、存在的问题\n信息公开工作还存在一些不足。\n"


def extract(table: str) -> Extraction:
    text = clean_text(OPENING + table + CLOSING).text
    return extract_tables(Document(content_sha256="test", part=1, kind="annual_report", text=text), Identity(template="v2008"))


def by_period(extraction: Extraction) -> dict[tuple[str, str], float]:
    return {(v.metric_id, v.period): v.value for v in extraction.values}


def test_channels_under_their_total() -> None:
    extraction = extract("收到申请总数 | 当面申请 | 网络申请 | 信函申请 | 传真申请\n8 | 3 | 5 | 0 | 0")
    assert by_period(extraction) == {
        ("requests.received", "year"): 8,
        ("requests.received.in_person", "year"): 3,
        ("requests.received.online", "year"): 5,
        ("requests.received.mail", "year"): 0,
        ("requests.received.fax", "year"): 0,
    }
    assert extraction.unmapped == []
    received = next(v for v in extraction.values if v.metric_id == "requests.received.online")
    assert "网络申请" in received.snippet and received.snippet.endswith("8 | 3 | 5 | 0 | 0")


def test_one_row_per_period_and_a_column_no_metric_takes() -> None:
    extraction = extract("主动公开信息 | 行政复议 | 宣传活动\n本年 | 356 | 1 | 4\n累计 | 2100 | 3 | 9")
    assert by_period(extraction) == {
        ("proactive.total", "year"): 356,
        ("proactive.total", "cumulative"): 2100,
        ("review.total", "year"): 1,
        ("review.total", "cumulative"): 3,
    }
    assert sorted((u.label, u.period, u.value) for u in extraction.unmapped) == [("宣传活动", "cumulative", 9), ("宣传活动", "year", 4)]


def test_rows_with_labels_of_their_own_stay_a_category_table() -> None:
    extraction = extract("类别 | 条数\n工作动态 | 5\n政策文件 | 3\n合计 | 8")
    assert [(c.label, c.value, c.parent_metric_id) for c in extraction.categories] == [
        ("工作动态", 5, "proactive.total"),
        ("政策文件", 3, "proactive.total"),
    ]
    assert extraction.values == [] and extraction.unmapped == []
