"""Merging table and prose extraction: nothing from either is lost, category lists stay distinct."""

from __future__ import annotations

from pipeline.extract import extract, merge_extractions
from pipeline.model import CategoryValue, Document, Extraction, Identity, MetricValue


def _value(metric_id: str, value: float, method: str, start: int) -> MetricValue:
    return MetricValue(metric_id, value, method, "s", start, start + 1)


def _category(label: str, value: float, list_no: int) -> CategoryValue:
    return CategoryValue("proactive.total", label, value, None, label, 0, 1, list_no)


def test_prose_restating_a_table_value_is_kept_beside_it() -> None:
    tables = Extraction(values=[_value("review.total", 3, "table", 900)])
    prose = Extraction(values=[_value("review.total", 3, "prose", 100), _value("review.total", 4, "prose", 120)])
    merged = merge_extractions(tables, prose)
    assert [(v.method, v.value) for v in merged.values] == [("table", 3), ("prose", 3), ("prose", 4)]


def test_prose_category_lists_are_numbered_after_the_table_lists() -> None:
    tables = Extraction(categories=[_category("工作动态", 46, 1), _category("其他", 14, 1)])
    prose = Extraction(categories=[_category("县直各单位", 303, 1), _category("机构职能", 148, 2)])
    merged = merge_extractions(tables, prose)
    assert [(c.label, c.list_no) for c in merged.categories] == [("工作动态", 1), ("其他", 1), ("县直各单位", 2), ("机构职能", 3)]


def test_a_prose_entry_repeating_a_table_entry_is_listed_once() -> None:
    tables = Extraction(categories=[_category("工作动态", 46, 1)])
    prose = Extraction(categories=[_category("工作 动态", 46, 1), _category("工作动态", 47, 1)])
    merged = merge_extractions(tables, prose)
    assert [(c.label, c.value) for c in merged.categories] == [("工作动态", 46), ("工作动态", 47)]


def test_extract_reads_tables_and_prose_of_one_report() -> None:
    text = (
        "二、主动公开政府信息情况\n2018年全年主动公开政府信息79条,回应公众关注热点或重大舆情27次。\n"
        "类别 | 发布条数 |\n组织机构 | 3 |\n工作动态 | 76 |\n合计 | 79 |\n"
        "三、依申请公开情况\n2018年未收到依申请公开政务信息的申请。\n"
    )
    document = Document("t", 1, "annual_report", text)
    extraction = extract(document, Identity(template="v2008", year=2018))
    prose = {(v.metric_id, v.value) for v in extraction.values if v.method == "prose"}
    assert prose == {("proactive.total", 79), ("response.hot_topics", 27), ("requests.received", 0)}
    assert all(text[v.char_start : v.char_end] == v.snippet for v in extraction.values)
