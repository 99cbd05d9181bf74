"""Table recognition: tokens, rows and regions in every layout, on real corpus text and on texts written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean import clean_text
from pipeline.tables import recognize_tables
from pipeline.tables.rows import build_rows
from pipeline.tables.tokens import BLANK, LABEL, NUMBER, tokenize

FIXTURES = Path(__file__).parent / "fixtures" / "tables"


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokenize(text) if t.kind != "break"]


def figures(text: str) -> list[str]:
    return [t.text for t in tokenize(text) if t.kind == NUMBER]


def test_pipe_row_gives_one_token_per_cell():
    tokens = [t for t in tokenize("| 规章 | 22 | — |  | 3件 | 19.5% |") if t.kind != "break"]
    assert [(t.kind, t.text) for t in tokens] == [
        (LABEL, "规章"), (NUMBER, "22"), (BLANK, "—"), (BLANK, ""), (NUMBER, "3件"), (NUMBER, "19.5%")
    ]
    assert [t.value for t in tokens if t.kind == NUMBER] == [22.0, 3.0, 19.5]
    assert tokens[4].suffix == "件" and tokens[5].suffix == "%"
    assert all(t.cell for t in tokens)


def test_offsets_point_into_the_text():
    text = "行政许可 1250\n| 行政处罚 | 318 |\n规章000行政规范性文件3115"
    for token in tokenize(text):
        if token.kind != "break":
            assert text[token.start : token.end] == token.text


def test_prose_numbers_stay_in_labels():
    text = "2019年1月1日起,全年主动公开政府信息79条,占71.3%以上,附件1:统计表,电话:0599-3833124,第3项"
    assert figures(text) == ["71.3%"]  # a share is a cell of a category table; everything else is prose


def test_run_together_row_keeps_its_digits_and_hands_the_list_number_to_the_next_label():
    tokens = tokenize("(三)不予公开 1.属于国家秘密00000002.其他法律行政法规禁止公开 0000000")
    numbers = [t for t in tokens if t.kind == NUMBER]
    assert [t.text for t in numbers] == ["0000000", "0000000"]
    assert all(t.glued for t in numbers)  # leading zeros: only several cells start with 0
    labels = [t.text for t in tokens if t.kind == LABEL]
    assert labels == ["(三)不予公开 1.属于国家秘密", "2.其他法律行政法规禁止公开"]


def test_spaced_signed_and_decimal_figures():
    assert figures("行政许可 215 -12 3340 政府集中采购 28 1563.75") == ["215", "-12", "3340", "28", "1563.75"]
    assert [t.value for t in tokenize("其他对外管理服务事项 36 -4 510") if t.kind == NUMBER] == [36, -4, 510]


def test_page_numbers_and_markdown_rules_are_not_rows():
    text = "| 规章 | 1 |\n|---|---|\n- 3 -\n— 4 —\n第 5 页\n| 行政规范性文件 | 2 |"
    rows = [r for r in build_rows(tokenize(text)) if r.values]
    assert [(r.label_text, [v.text for v in r.values]) for r in rows] == [("规章", ["1"]), ("行政规范性文件", ["2"])]


def test_label_lines_before_a_pipe_row_belong_to_it():
    text = "(二)部分公开(区分处理的,只计这一情\n形,不计其他情形)\n| 2 | 0 | 0 | 0 | 0 | 0 | 2 |"
    rows = build_rows(tokenize(text))
    assert len(rows) == 1
    assert rows[0].label_text.startswith("(二)部分公开") and len(rows[0].values) == 7


def test_serial_number_column_is_part_of_the_label():
    rows = build_rows(tokenize("| 1 | 主动公开信息数 | 条 | 425 | 1516 |"))
    assert [t.text for t in rows[0].values] == ["425", "1516"]


@pytest.mark.parametrize(
    ("text", "layout"),
    [
        ("类别 | 发布条数 |\n组织机构 | 3 |\n部门文件 | 6 |\n合计 | 9 |\n", "pipe"),
        ("指标名称\n单位\n2018年度\n历年累计\n主动公开文件数\n25\n460\n行政复议数\n0\n1\n行政诉讼数\n0\n0\n", "cell_per_line"),
        ("统计表 指标名称 计量 单位 2011 年度 历年累计 主动公开信息数 条 425 1516 行政复议数 条 0 0 行政诉讼数 条 0 1", "spaced"),
        ("指标名称计量单位2011年度历年累计主动公开信息数条4251516行政复议数条00行政诉讼数条01", "run_together"),
        ("行政复议 行政诉讼\n1 0 0 0 1 0 0 0 0 0 2 0 0 0 2\n", "number_run"),
    ],
)
def test_each_layout_is_recognised(text, layout):
    cleaned = clean_text(text)
    tables = recognize_tables(cleaned.text)
    assert [t.layout for t in tables] == [layout]
    for row in tables[0].rows:
        for cell in row:
            assert cleaned.text[cell.start : cell.end] == cell.text


def test_border_debris_and_prose_are_not_tables():
    text = (
        "柯城区2020年政府信息公开工作年度报告 | ||||||||||||||||||||||||\n|\n"
        "全年主动公开政府信息1206条,其中网站公开1180条,政府公报公开26条。电话:0570-3011234,邮编:324000。\n"
    )
    assert recognize_tables(clean_text(text).text) == []


def test_run_together_digits_stay_one_cell_until_the_table_is_known():
    text = clean_text("指标名称计量单位2011年度历年累计主动公开信息数条4251516其中:1.网站公开条41815092.政府公报公开条77").text
    table = recognize_tables(text)[0]
    assert table.layout == "run_together"
    assert ["主动公开信息数条", "4251516"] in table.cell_texts()
    assert ["其中:1.网站公开条", "4181509"] in table.cell_texts()


@pytest.mark.parametrize(
    ("name", "layouts"),
    [
        ("000_43c1841bfbcc1cf0.txt", ["pipe"]),
        ("001_04dfc2abbda1a333.txt", ["cell_per_line"]),
        ("g08-004.txt", ["spaced"]),
        ("g08-001.txt", ["run_together"]),
        ("g08-012.txt", []),
        ("003_a0a7e02bd9d121da.txt", []),
    ],
)
def test_corpus_table_layouts(shared_corpus, name, layouts):
    cleaned = clean_text((shared_corpus / "raw" / name).read_text(encoding="utf-8"))
    tables = recognize_tables(cleaned.text)
    assert [t.layout for t in tables] == layouts
    for table in tables:
        for row in table.rows:
            for cell in row:
                assert cleaned.text[cell.start : cell.end] == cell.text


def test_fixture_pipe_table_rows_keep_their_cells():
    text = clean_text((FIXTURES / "v2008_national_pipe.txt").read_text(encoding="utf-8")).text
    (table,) = recognize_tables(text)
    assert table.layout == "pipe"
    assert ["2.兼职人员数", "人", "5"] in table.cell_texts()
