"""A document's tables are recognised once, by extraction, not in ingest: ingest leaves them in the text,
the table reader hands the spans of the tables it found to the prose reader (which skips them), and identity
recognises tables only for the reports whose template nothing cheaper decides."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean import clean_text
from pipeline.documents import split_documents
from pipeline.extract import extract, prose
from pipeline.identity import identify
from pipeline.model import Document, Identity
from pipeline.tables import recognize, recognize_tables, regions, table_spans

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# A v2008 report as a crawler leaves it: a statistics table with its header run into the line, no section
# headings (一、 二、), and nothing that names the table (统计表).
STATISTICS_REPORT = """某县民政局2013年政府信息公开工作年度报告
本年度主动公开政府信息情况如下。
指标名称 计量单位 本年 累计
主动公开政府信息数 条 125 980
其中：1.政府网站公开数 条 118 900
2.政府公报公开数 条 7 80
收到政府信息公开申请数 件 12 40
办结数 件 12 40
"""

# Prose figures, then a category table whose figures the prose reader must leave to the table reader.
CATEGORY_REPORT = (
    "某区2018年政府信息公开工作年度报告\n二、主动公开政府信息情况\n2018年全年主动公开政府信息79条,回应公众关注热点或重大舆情27次。\n"
    "类别 | 发布条数 |\n组织机构 | 3 |\n工作动态 | 76 |\n合计 | 79 |\n"
    "三、依申请公开情况\n2018年未收到依申请公开政务信息的申请。\n"
)


def _no_recognition(*args: object) -> None:
    raise AssertionError("tables recognised outside extraction")


def test_ingest_leaves_table_recognition_to_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regions, "find_regions", _no_recognition)
    monkeypatch.setattr(recognize, "find_regions", _no_recognition)
    (document,) = split_documents(clean_text(CATEGORY_REPORT), "0" * 64)
    assert "工作动态 | 76 |" in document.text  # the table is still there, for extraction to find


def test_extraction_hands_the_tables_it_found_to_the_prose_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    (document,) = split_documents(clean_text(CATEGORY_REPORT), "0" * 64)
    monkeypatch.setattr(prose, "find_table_spans", _no_recognition)  # prose must not look for them again
    extraction = extract(document, Identity(template="v2008", year=2018))
    by_prose = {(v.metric_id, v.value) for v in extraction.values if v.method == "prose"}
    assert by_prose == {("proactive.total", 79), ("response.hot_topics", 27), ("requests.received", 0)}
    table_start, table_end = table_spans(document.text)[0]
    assert not [v for v in extraction.values if v.method == "prose" and table_start <= v.char_start < table_end]
    assert {(c.label, c.value) for c in extraction.categories} >= {("组织机构", 3), ("工作动态", 76)}


def test_identity_finds_a_statistics_table_its_text_does_not_name() -> None:
    identity = identify(Document("t", 1, "annual_report", STATISTICS_REPORT))
    assert (identity.template, identity.evidence["template"]) == ("v2008", "a statistics table without the standard rows")
    title_and_prose = "".join(STATISTICS_REPORT.splitlines(keepends=True)[:2])
    assert identify(Document("t", 1, "annual_report", title_and_prose)).template == "narrative"


def _texts() -> list[str]:
    fixtures = sorted((PROJECT_ROOT / "tests" / "fixtures" / "tables").glob("*.txt"))
    samples = sorted((PROJECT_ROOT / "data" / "raw").glob("*.txt"))
    return [clean_text(path.read_text(encoding="utf-8")).text for path in [*fixtures, *samples]]


def test_table_spans_are_the_spans_of_the_recognised_tables() -> None:
    """table_spans skips building cells; it must give each table's first cell start and last cell end."""
    texts = [*_texts(), STATISTICS_REPORT, CATEGORY_REPORT]
    layouts = set()
    for text in texts:
        tables = recognize_tables(text)
        layouts.update(table.layout for table in tables)
        assert table_spans(text) == [(table.start, table.end) for table in tables]
    assert {"pipe", "cell_per_line", "spaced", "run_together"} <= layouts  # every stream layout was measured
