"""Prose extraction never crashes and never points outside the text, whatever the text (property tests)."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract.prose import extract_prose
from pipeline.model import Document, Identity

FRAGMENTS = [
    "全年主动公开政府信息", "受理政府信息公开申请", "其中", "未收到", "行政复议", "行政诉讼", "结果维持", "其他处理",
    "占比", "合计", "历年累计", "截至", "较上年增长", "〔2018〕", "号", "电话:0591-", "第", "季度", "十三五", "一是",
    "涉及", "类信息", "主要类别有:", "(含", ")", "(", "、", ",", "。", ";", ":", "\n", " ", "  \n", "|", "件", "条",
    "次", "%", "万", "元", "万元", "两", "一千二百", "二〇一八年", "１２３", "1,234", "19.5", "0", "5500余", "约",
    "县政府公开办", "全县", "属于", "同意公开答复数", "另有", "顺延到下年度", "均为零", "无", "没有", "免收相关费用",
]
TEMPLATES = st.sampled_from(["v2008", "v2019", "v2021", "narrative", None])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.integers(0, 100000).map(str), st.text(max_size=4)), max_size=60),
    TEMPLATES,
    st.one_of(st.none(), st.integers(2008, 2025)),
)
def test_any_text_gives_well_formed_values(pieces: list[str], template: str | None, year: int | None) -> None:
    text = "".join(pieces)
    extraction = extract_prose(Document("h", 1, "annual_report", text), Identity(template=template, year=year))
    for record in [*extraction.values, *extraction.categories]:
        assert 0 <= record.char_start <= record.char_end <= len(text)
        assert text[record.char_start : record.char_end] == record.snippet
    for value in extraction.values:
        assert value.method == "prose" and value.period in ("year", "cumulative")
        assert math.isfinite(value.value) and value.value >= 0
    for category in extraction.categories:
        assert category.label and category.list_kind in ("complete", "partial")


def test_empty_and_whitespace_only_texts() -> None:
    for text in ["", " ", "\n\n", "\u3000", "|||"]:
        extraction = extract_prose(Document("e", 1, "annual_report", text), Identity())
        assert extraction.values == [] and extraction.categories == []
