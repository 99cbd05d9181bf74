"""clean_text: one normalised text per file, mapping back to the source, on corpus text and own fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.clean import clean_text
from pipeline.tables import recognize_tables
from pipeline.ingest.charmap import normalize_chars
from pipeline.ingest.offsets import TrackedText, apply_edits, map_offset

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RAW = PROJECT_ROOT / "data" / "raw"
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "ingest"


def sample(prefix: str) -> str:
    return next(SAMPLE_RAW.glob(f"{prefix}*")).read_text(encoding="utf-8")


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def assert_maps_back(source: str, traditional: bool = False) -> None:
    """Every visible character of the cleaned text sits, normalised, at its mapped source offset."""
    cleaned = clean_text(source)
    normalized = normalize_chars(source, cleaned.traditional or traditional)  # one char for one: same offsets
    for offset, char in enumerate(cleaned.text):
        if char in " \n":
            continue
        at = map_offset(cleaned.offset_map, offset)
        assert 0 <= at < len(source), (offset, char)
        assert normalized[at] == char, (offset, char, source[at - 5 : at + 5])


# --- offsets -------------------------------------------------------------------------------------------


def test_edits_compose_back_to_the_original_offsets() -> None:
    source = "abc  DEF\r\nghi"
    step1 = apply_edits(TrackedText(source), [(3, 5, " "), (8, 10, "\n")])  # "abc DEF\nghi"
    step2 = apply_edits(step1, [(0, 0, "<<"), (3, 7, "")])  # "<<abc\nghi"
    assert step2.text == "<<abc\nghi"
    assert [source[map_offset(step2.anchors, i)] for i in (2, 3, 4, 6, 7, 8)] == ["a", "b", "c", "g", "h", "i"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab 年\n|", min_size=1, max_size=40), st.data())
def test_random_edits_keep_every_untouched_character_mapped(text: str, data: st.DataObject) -> None:
    tracked = TrackedText(text)
    for _ in range(3):
        length = len(tracked.text)
        cuts = sorted(data.draw(st.lists(st.integers(0, length), max_size=6)))
        edits = [(a, b, data.draw(st.sampled_from(["", "x", "yy"]))) for a, b in zip(cuts[::2], cuts[1::2])]
        tracked = apply_edits(tracked, edits)
        for offset, char in enumerate(tracked.text):
            if char not in "xy":
                assert text[map_offset(tracked.anchors, offset)] == char


# --- character normalisation ----------------------------------------------------------------------------


def test_full_width_digits_letters_and_spaces_become_half_width() -> None:
    cleaned = clean_text("全年主动公开政府信息１２３条，ＰＤＦ格式\u3000占比１９．５％\n")
    assert cleaned.text == "全年主动公开政府信息123条,PDF格式 占比19.5%\n"
    assert_maps_back("全年主动公开政府信息１２３条，ＰＤＦ格式\u3000占比１９．５％\n")


def test_invisible_and_no_break_spaces_are_normalised() -> None:
    source = "受理\u200b申请\u00a0\u00a05件\ufeff,\u00ad其中网上申请\r\n3件\r\n"
    assert clean_text(source).text == "受理申请 5件,其中网上申请\n3件\n"
    assert_maps_back(source)


def test_traditional_text_becomes_simplified_and_keeps_the_original() -> None:
    source = fixture("traditional.txt")
    cleaned = clean_text(source)
    assert cleaned.traditional
    assert cleaned.text.startswith("临江区人民政府2018年政府资讯公开工作年度报告\n")
    assert "全年主动公开政府资讯123条,受理依申请公开2件,均已按时答复。" in cleaned.text
    assert cleaned.source_text == source  # the original characters stay for display
    assert_maps_back(source)


def test_simplified_text_is_never_altered_by_the_traditional_table() -> None:
    source = sample("000")
    cleaned = clean_text(source)
    assert not cleaned.traditional
    assert normalize_chars("乾隆", traditional=False) == "乾隆"
    assert "广州市增城区人民政府政务管理办公室2018年政府信息公开工作年度报告" in cleaned.text


# --- web and print debris -------------------------------------------------------------------------------


def test_web_debris_is_removed_and_pipe_tables_are_kept() -> None:
    source = (
        "返回首页\n当前位置：首页 > 政务公开 > 年度报告\n"
        "某区2019年政府信息公开工作年度报告\n"
        "字号：大 中 小 分享到：微信 微博 QQ空间\n"
        "全年主动公开政府信息79条。||||||||||\n"
        "类别 | 发布条数 |\n工作动态 | 46 |\n"
        "打印 关闭\n扫一扫在手机打开当前页\n上一篇：某某通知\n"
    )
    cleaned = clean_text(source)
    assert cleaned.text == "某区2019年政府信息公开工作年度报告\n全年主动公开政府信息79条。\n\n类别 | 发布条数 |\n工作动态 | 46 |\n"
    assert [t.cell_texts() for t in recognize_tables(cleaned.text)] == [[["类别", "发布条数"], ["工作动态", "46"]]]
    assert_maps_back(source)


def test_corpus_page_with_pipe_runs_on_one_line_is_split_at_its_headings() -> None:
    source = sample("003")
    cleaned = clean_text(source)
    lines = cleaned.text.splitlines()
    assert lines[0] == "柯城区2020年政府信息公开工作年度报告"
    assert "|" not in cleaned.text and "当前位置" not in cleaned.text and "打印" not in cleaned.text
    for heading in ("一、总体情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "六、其他需要报告的事项 无。"):
        assert heading in lines
    assert any(line.startswith("2.着力加强政策解读。") for line in lines)
    assert "全年累计答复依申请公开件32件。" in cleaned.text
    assert_maps_back(source)


def test_crawler_header_lines_are_kept_and_share_widgets_dropped() -> None:
    source = (
        "标题: 某县人民政府2011年政府信息公开工作年度报告\n发布时间: 2012-04-18 00:00\n"
        "==================== 正文 ====================\n"
        "当前位置： 首页政务公开政府信息公开年报 某县人民政府2011年政府信息公开工作年度报告 来源：某县政府办 "
        "时间：2012-04-18 00:00 微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： --> 本报告由概述等部分组成。"
        " 一、 概述 2011年全县主动公开政府信息425条。 二、主动公开政府信息情况 网站公开418条。\n"
    )
    lines = clean_text(source).text.splitlines()
    assert lines[:3] == ["标题: 某县人民政府2011年政府信息公开工作年度报告", "发布时间: 2012-04-18 00:00", "==================== 正文 ===================="]
    assert lines[3] == "某县人民政府2011年政府信息公开工作年度报告 来源:某县政府办 时间:2012-04-18 00:00 本报告由概述等部分组成。"
    assert lines[4:] == ["一、 概述 2011年全县主动公开政府信息425条。", "二、主动公开政府信息情况 网站公开418条。"]
    assert_maps_back(source)


# --- layout ---------------------------------------------------------------------------------------------


def test_hard_wrapped_text_is_reflowed_without_page_footers() -> None:
    source = fixture("wrapped_pdf_text.txt")
    lines = clean_text(source).text.splitlines()
    assert lines[0] == "2023年临江区人民政府办公室政府信息公开工作年度报告"
    assert lines[1].startswith("本年度报告根据《中华人民共和国政府信息公开条例》(以下简称《条例》)和")
    assert "(国办公开办函〔2021〕30号)的要求编制。" in lines[1]
    assert lines[1].endswith("统计期限为2023年1月1日至12月31日。本年度报告电子版可在临江区人民政府门户网站下载。")
    assert lines[2] == "一、总体情况"
    assert "细化落实上级关于新时代政务公开工作的各项要求,全年主动公开区政府规章3件、行政规范性文件12件,召开新闻发布会8场" in lines[3]
    assert "— 1 —" not in "".join(lines)
    assert lines[4] == "(一)依申请公开方面"
    assert lines[5] == "区政府共受理政府信息公开申请126件,办结118件(含上年结转9件),均在法定期限内答复。"
    assert_maps_back(source)


def test_reflow_never_glues_two_numbers_together() -> None:
    wrapped = "\n".join(["本年度共收到政府信息公开申请并已全部按照法定程序办结答复的数量为"] * 6 + ["2019", "12件"]) + "\n"
    text = clean_text(wrapped).text
    assert "201912" not in text
    assert "2019\n12件" in text


def test_lost_characters_are_not_turned_into_new_numbers() -> None:
    source = sample("001")
    text = clean_text(source).text
    assert "本报告中所列数据的统计期限为201811日至20181231日。" in text
    assert "瓯政办〔20192" in text  # kept as found; never joined with the next line's number
    assert_maps_back(source)


def test_cell_per_line_statistics_table_stays_one_cell_per_line() -> None:
    text = clean_text(sample("001")).text
    assert "\n指标名称\n单位\n2018年度\n历年累计\n主动公开文件数\n2589\n46269\n其中:1.政府网站公开数\n2589\n46269\n" in text
    assert "扫一扫" not in text and "返回首页" not in text


def test_blank_lines_only_around_pipe_tables() -> None:
    source = "标题行\n\n\n正文一\n| a | b |\n| 1 | 2 |\n\n\n\n| c | d |\n| 3 | 4 |\n正文二\n\n"
    cleaned = clean_text(source)
    assert cleaned.text == "标题行\n正文一\n\n| a | b |\n| 1 | 2 |\n\n| c | d |\n| 3 | 4 |\n\n正文二\n"
    for table in recognize_tables(cleaned.text):
        for row in table.rows:
            for cell in row:
                assert cleaned.text[cell.start : cell.end] == cell.text


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_sample_corpus_files_map_back_to_their_source(prefix: str) -> None:
    assert_maps_back(sample(prefix))


def test_shared_corpus_text_files_map_back(shared_corpus: Path) -> None:
    for path in sorted((shared_corpus / "raw").glob("*")):
        if path.suffix in (".txt", ".md"):
            assert_maps_back(path.read_text(encoding="utf-8"))


def test_pdf_to_markdown_conversion_keeps_its_tables_and_loses_page_footers(shared_corpus: Path) -> None:
    cleaned = clean_text((shared_corpus / "raw" / "g19-006.md").read_text(encoding="utf-8"))
    assert "— 4 —" not in cleaned.text and "|---|" not in cleaned.text and "## " not in cleaned.text
    rows = [row for table in recognize_tables(cleaned.text) for row in table.cell_texts()]
    assert ["(七)总计", "1139", "48", "0", "0", "4", "0", "1191"] in rows
    assert cleaned.text.splitlines()[1] == "2025年上海市人民政府办公厅政府信息公开工作年度报告"


FRAGMENTS = [
    "某县2019年政府信息公开工作年度报告", "全年主动公开政府信息１２３条，", "依申请公开５件。", "\n", "\r\n", "\n\n",
    " ", "\u3000\u3000", "\u00a0", "\u200b", "|||||", " | ", "| 类别 | 条数 |\n| 工作动态 | 46 |\n", "返回首页\n",
    "当前位置：首页 > 政务公开 > ", "— 3 —\n", "打印 关闭", "2019 年 1 月 1 日", "规章 22 件", " 一、概述 ", "。(二)依申请公开 ",
    "政府資訊公開", "xx条", "201811日", "本年度报告中所列数据统计期限为" * 3, "## 表二\n", "|---|---|\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40))
def test_any_mix_of_report_text_and_debris_maps_back(pieces: list[str]) -> None:
    source = "".join(pieces)
    cleaned = clean_text(source)
    assert_maps_back(source)
    assert "\r" not in cleaned.text and "\u200b" not in cleaned.text and "\n\n\n" not in cleaned.text
    assert not cleaned.text or cleaned.text.endswith("\n")
