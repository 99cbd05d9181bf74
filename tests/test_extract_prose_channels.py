"""Proactive disclosure by channel in v2008 prose: a channel's count is never the total. Expected figures
written by hand."""

from __future__ import annotations

import pytest

from pipeline.extract.prose import extract_prose
from pipeline.model import Document, Identity


def stated(sentence: str) -> set[tuple[str, str, float]]:
    text = "某县人力资源和社会保障局2012年政府信息公开工作年度报告\n一、主动公开情况\n" + sentence + "\n二、存在的问题\n个别科室认识不足。"
    extraction = extract_prose(Document(content_sha256="t", part=1, kind="annual_report", text=text), Identity(template="v2008", year=2012))
    return {(v.metric_id, v.period, v.value) for v in extraction.values}


def test_the_gazette_is_a_channel() -> None:
    assert stated("全年共公开政府信息2356条，其中通过政府网站公开政府信息2000条，通过政府公报公开政府信息56条。") == {
        ("proactive.total", "year", 2356),
        ("proactive.channel.website", "year", 2000),
        ("proactive.channel.gazette", "year", 56),
    }


@pytest.mark.parametrize(
    "sentence",
    ["全年在政务公开栏公开政府信息30条。", "通过报刊、电视等新闻媒体公开政府信息120条。", "在档案馆、图书馆等查阅点公开政府信息45条。"],
)
def test_a_channel_the_catalog_lacks_is_no_total(sentence: str) -> None:
    assert stated(sentence) == set()
