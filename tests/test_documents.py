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
    for table in document.tables:
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
    cleaned = clean_text(text)
    cleaned.tables = pipe_tables(cleaned.text)
    documents = split_documents(cleaned, "0" * 64)
    assert [(d.part_label, d.kind) for d in documents] == [("篇1", "annual_report"), ("篇2", "template"), ("篇3", "progress_report")]
    assert [d.title for d in documents] == ["红河乡人民政府2020年政府信息公开工作年度报告", "xx镇人民政府xxxx年政府信息公开工作年度报告", "政府信息公开工作报告"]
    assert [len(d.tables) for d in documents] == [0, 1, 0]
    assert documents[1].tables[0].cell_texts() == [["类别", "条数"], ["政策文件", "xx"], ["工作动态", "xx"]]
    for document in documents:
        assert document.source_text in text
        assert_document_maps_into_its_source(document)


def test_a_single_report_is_one_document_with_the_whole_file() -> None:
    source = next(SAMPLE_RAW.glob("000*")).read_text(encoding="utf-8")
    (document,) = documents_of(source)
    assert document.part == 1 and document.part_label is None and document.included
    assert document.source_text == source
    assert document.title == "广州市增城区人民政府政务管理办公室2018年政府信息公开工作年度报告"
    assert len(document.tables) == 1
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
