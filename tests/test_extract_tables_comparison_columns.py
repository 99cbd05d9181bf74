"""v2008 statistics tables with a comparison column: last year's figures beside this year's (2011年度 | 2012年度,
上年度 | 本年度). Only this year's column gives metric values; the other is kept, under its own period, in
unmapped values. Expected figures written by hand."""

from __future__ import annotations

import pytest

from pipeline.clean import clean_text
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Extraction, Identity

ROWS = [("主动公开政府信息数", "条", 300, 356), ("收到申请数", "件", 10, 8), ("行政复议数量", "件", 2, 1), ("行政诉讼数量", "件", 0, 1)]
THIS_YEAR = {"proactive.total": 356, "requests.received": 8, "review.total": 1, "litigation.total": 1}


def extract(header: tuple[str, str], this_year_first: bool) -> Extraction:
    lines = [f"指标名称 | 单位 | {header[0]} | {header[1]}"]
    for label, unit, last, this in ROWS:
        first, second = (this, last) if this_year_first else (last, this)
        lines.append(f"{label} | {unit} | {first} | {second}")
    text = "某市人民政府2012年政府信息公开工作年度报告\n二、统计表\n" + "\n".join(lines) + "\n三、存在的问题\n还有不足。\n"
    document = Document(content_sha256="test", part=1, kind="annual_report", text=clean_text(text).text)
    return extract_tables(document, Identity(template="v2008"))


@pytest.mark.parametrize(
    ("header", "this_year_first", "earlier"),
    [
        (("2011年度", "2012年度"), False, "2011"),
        (("2012年度", "2011年度"), True, "2011"),
        (("上年度", "本年度"), False, "previous_year"),
        (("本年度", "上年度"), True, "previous_year"),
    ],
)
def test_only_this_years_column_gives_values(header: tuple[str, str], this_year_first: bool, earlier: str) -> None:
    extraction = extract(header, this_year_first)
    assert {v.metric_id: v.value for v in extraction.values} == THIS_YEAR
    assert {v.period for v in extraction.values} == {"year"}
    assert sorted((u.value, u.period) for u in extraction.unmapped) == sorted((last, earlier) for _, _, last, _ in ROWS)
