"""split_documents and classify: compilation pages become their documents, each with its own text map."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.clean import clean_text
from pipeline.documents import classify, split_documents
from pipeline.ingest.charmap import normalize_chars
from pipeline.model import Cell, Table
from pipeline.tables import recognize_tables

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RAW = PROJECT_ROOT / "data" / "raw"
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "ingest"


def documents_of(text: str) -> list:
    return split_documents(clean_text(text), "0" * 64)


def assert_document_maps_into_its_source(document) -> None:
    normalized = normalize_chars(document.source_text)
    for offset, char in enumerate(document.text):
        if char not in " \n":
            assert normalized[document.source_offset(offset)] == char, (document.part, offset, char)
    for table in recognize_tables(document.text):
        for row in table.rows:
            for cell in row:
                assert document.text[cell.start : cell.end] == cell.text


def test_compilation_page_is_split_into_its_six_texts() -> None:
    documents = documents_of(next(SAMPLE_RAW.glob("002*")).read_text(encoding="utf-8"))
    assert [d.part_label for d in documents] == ["篇1", "篇2", "篇3", "篇4", "篇5", "篇6"]
    assert [d.part for d in documents] == [1, 2, 3, 4, 5, 6]
    assert [d.kind for d in documents] == ["annual_report", "essay", "news", "progress_report", "rectification_report", "template"]
    assert [d.included for d in documents] == [True, False, False, False, False, False]
    assert all(d.excluded_reason for d in documents[1:])
    assert documents[0].text.startswith("区府信息公开情况报告 篇1\n一、概述\n")
    assert "精选6篇" not in "".join(d.text for d in documents)  # the title block before 篇1 is no document
    assert "上一篇" not in documents[5].text  # the page's navigation after the last part
    for document in documents:
        assert_document_maps_into_its_source(document)


def test_compilation_matches_its_labels(shared_corpus: Path) -> None:
    label = json.loads((shared_corpus / "labels" / "002_114523c4cbb0a4c5.json").read_text(encoding="utf-8"))
    documents = documents_of((shared_corpus / "raw" / "002_114523c4cbb0a4c5.txt").read_text(encoding="utf-8"))
    assert [(d.part_label, d.kind) for d in documents] == [(entry["part"], entry["kind"]) for entry in label["documents"]]


def pipe_tables(text: str) -> list[Table]:
    """Tables found by a plain reading of pipe rows, so this test does not depend on table recognition."""
    tables = []
    for block in re.finditer(r"(?:^\|.*\|\n)+", text, re.M):
        rows = []
        for line in re.finditer(r"^.*$", block.group(), re.M):
            if line.group():
                at = block.start() + line.start()
                rows.append([Cell(m.group().strip(), at + m.start(), at + m.start() + len(m.group().strip())) for m in re.finditer(r"(?<=\| )[^|]+(?= \|)", line.group())])
        tables.append(Table(rows=rows, layout="pipe", start=block.start(), end=block.end()))
    return tables


def test_parts_get_their_own_tables_and_source_slices() -> None:
    text = (FIXTURES / "compilation.txt").read_text(encoding="utf-8")
    documents = split_documents(clean_text(text), "0" * 64)
    assert [(d.part_label, d.kind) for d in documents] == [("篇1", "annual_report"), ("篇2", "template"), ("篇3", "progress_report")]
    assert [d.title for d in documents] == ["红河乡人民政府2020年政府信息公开工作年度报告", "xx镇人民政府xxxx年政府信息公开工作年度报告", "政府信息公开工作报告"]
    assert [len(pipe_tables(d.text)) for d in documents] == [0, 1, 0]
    assert pipe_tables(documents[1].text)[0].cell_texts() == [["类别", "条数"], ["政策文件", "xx"], ["工作动态", "xx"]]
    for document in documents:
        assert document.source_text in text
        assert_document_maps_into_its_source(document)


def test_a_single_report_is_one_document_with_the_whole_file() -> None:
    source = next(SAMPLE_RAW.glob("000*")).read_text(encoding="utf-8")
    (document,) = documents_of(source)
    assert document.part == 1 and document.part_label is None and document.included
    assert document.source_text == source
    assert document.title == "广州市增城区人民政府政务管理办公室2018年政府信息公开工作年度报告"
    assert len(recognize_tables(document.text)) == 1
    assert_document_maps_into_its_source(document)


def test_substantial_text_before_the_first_part_is_kept_as_a_document() -> None:
    intro = "本页汇总了多篇政府信息公开工作报告，供各单位参考学习。" * 10
    text = f"{intro}\n报告 篇1\n甲县2019年政府信息公开工作年度报告\n报告 篇2\n乙县2019年政府信息公开工作年度报告\n"
    documents = documents_of(text)
    assert [d.part_label for d in documents] == [None, "篇1", "篇2"]


def test_part_marks_before_the_title_also_split() -> None:
    text = (
        "政府信息公开年度报告范文\n【篇一】甲县2019年政府信息公开工作年度报告\n全年主动公开政府信息120条。\n"
        "【篇二】乙县2019年政府信息公开工作年度报告\n全年主动公开政府信息95条。\n"
    )
    documents = documents_of(text)
    assert [(d.part_label, d.title) for d in documents] == [("篇1", "甲县2019年政府信息公开工作年度报告"), ("篇2", "乙县2019年政府信息公开工作年度报告")]


def test_numbered_headings_that_are_not_consecutive_do_not_split() -> None:
    text = "某县2019年政府信息公开工作年度报告\n文章 篇2\n主动公开政府信息20条。\n文章 篇5\n依申请公开5件。\n"
    assert len(documents_of(text)) == 1


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("某县2018年政府信息公开工作年度报告\n一、概述\n全年主动公开政府信息120条，依申请公开3件，行政复议0件。", "annual_report"),
        ("一、基本内容\n2013年，我市认真贯彻落实《条例》。\n二、主动公开政府信息情况\n三、依申请公开情况\n四、行政复议情况\n五、存在的主要问题", "annual_report"),
        ("xxxx年度政府信息公开工作年度报告\n我镇共主动公开政府信息xx条，其中公文类信息xx条，占x.x%。", "template"),
        ("政务公开工作情况报告\n2019年上半年，我局认真落实政务公开工作要点，主动公开信息35条。", "progress_report"),
        ("2020年第三季度政务公开工作报告\n本季度主动公开信息12条。", "progress_report"),
        ("关于政府信息公开工作存在问题的整改报告\n一、整改落实情况\n针对检查发现的问题逐项整改。", "rectification_report"),
        ("各地公布政府信息公开年报\n本报讯 近日，各地政府陆续公布了政府信息公开工作年度报告，主动公开信息大幅增加。", "news"),
        ("地市政府网站信息公开研究\n摘要：本文分析了政府网站信息公开现状。\n参考文献\n[1]某某.政府网站建设[J].行政论坛,2008(3).", "essay"),
        ("关于开展春季植树活动的通知\n各单位：请于3月12日组织植树活动。", "unknown"),
    ],
)
def test_classify(text: str, kind: str) -> None:
    assert classify(clean_text(text).text) == kind


def test_a_year_placeholder_alone_does_not_make_a_template() -> None:
    text = "政府信息公开工作推进情况报告\n20xx年上半年，我办认真贯彻落实国办发〔20xx〕22号文件要求，主动公开信息56条。"
    assert classify(clean_text(text).text) == "progress_report"


ESSAY = "浅谈新形势下政府信息公开工作的思考\n政府信息公开是建设法治政府的重要内容。笔者调查了12个市级政府网站，发现政策解读栏目更新不及时的占35%。\n"
NEWS = "我市召开2019年政府信息公开工作推进会\n近日，市政府召开政府信息公开工作推进会，通报了各单位政府信息公开情况：市教育局主动公开信息320条。\n"
REPORT = (
    "甲县人民政府2019年政府信息公开工作年度报告\n本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。\n"
    "一、总体情况\n2019年，我县主动公开政府信息120条，受理依申请公开3件，行政复议0件。\n"
    "二、存在的主要问题及改进情况\n政策解读形式不够丰富。\n"
)


def test_parts_are_classified_by_their_own_title_line_not_the_page_name() -> None:
    # The page name on every heading ends in 年度报告; the essay and the news digest must not inherit it.
    page = "信息公开工作年度报告"
    text = f"{page}(精选3篇)\n{page} 篇1\n{ESSAY}{page} 篇2\n{NEWS}{page} 篇3\n{REPORT}"
    documents = documents_of(text)
    assert [(d.part_label, d.kind) for d in documents] == [("篇1", "essay"), ("篇2", "news"), ("篇3", "annual_report")]
    assert [d.title for d in documents] == [
        "浅谈新形势下政府信息公开工作的思考", "我市召开2019年政府信息公开工作推进会", "甲县人民政府2019年政府信息公开工作年度报告",
    ]


def test_a_crawler_header_block_before_the_first_part_is_not_a_document() -> None:
    header = (
        "标题: 政府信息公开情况报告\n发布时间: 2020-02-20 00:00\n文号:\n发布机构: 甲县人民政府办公室\n栏目: 政府信息公开年报\n"
        "原文链接: https://www.example.gov.cn/zwgk/zfxxgknb/202002/t20200220_680.htm\n"
        "本地目录: zwgk/zfxxgknb/202002/680_政府信息公开情况报告\n页面链接与图片详见 links.tsv(同目录)\n"
        "==================== 正文 ====================\n政府信息公开情况报告\n2021-05-15\n政府信息公开情况报告(精选2篇)\n"
    )
    documents = documents_of(f"{header}政府信息公开情况报告 篇1\n{NEWS}政府信息公开情况报告 篇2\n{REPORT}")
    assert [(d.part_label, d.kind) for d in documents] == [("篇1", "news"), ("篇2", "annual_report")]


def test_a_page_run_together_onto_one_line_is_split_at_its_repeated_headings() -> None:
    page = "政府信息公开工作报告范文"
    parts = [ESSAY, NEWS, REPORT]
    text = f"{page} 2021-05-13 {page}(精选3篇) " + " ".join(
        f"{page} 篇{n} " + body.replace("\n", " ") for n, body in enumerate(parts, start=1)
    )
    documents = documents_of(text)
    assert [(d.part_label, d.kind) for d in documents] == [("篇1", "essay"), ("篇2", "news"), ("篇3", "annual_report")]
    assert documents[2].title == "甲县人民政府2019年政府信息公开工作年度报告"
    assert documents[2].text.startswith(f"{page} 篇3 甲县人民政府")
    for document in documents:
        assert_document_maps_into_its_source(document)


def test_a_table_row_with_the_unit_pian_does_not_break_the_parts() -> None:
    # "篇 0" in a statistics row (政策解读稿件发布数 篇 0) is a unit and a figure, not part 0.
    report = REPORT + "3.政策解读稿件发布数 篇 0\n4.微博微信回应事件数 次 13\n"
    text = f"汇编(精选2篇)\n汇编 篇1\n{NEWS}汇编 篇2\n{report}"
    assert [(d.part_label, d.kind) for d in documents_of(text)] == [("篇1", "news"), ("篇2", "annual_report")]


def test_a_single_report_mentioning_pian_is_not_split() -> None:
    text = REPORT + "全年发布政策解读稿件 篇1 次，其中 篇2 为图解。\n"
    assert [d.part_label for d in documents_of(text)] == [None]
