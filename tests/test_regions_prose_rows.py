"""Table regions never swallow the sentences above a table.

Markdown made from a PDF keeps the PDF's hard wraps, and cleaning leaves a few of them where a number was cut
(统计期限为2021年1月1日至1 / 2月31日, a phone number's last digits on the next line). Each such cut reads as a
"row" with a short label and one figure, and before this was fixed the region of the table below started
there, at the top of the report: the prose extractor, which skips table regions, never read the report's
opening sentences (全年共主动公开政府信息277条).
"""

from __future__ import annotations

from pipeline.extract.prose import extract_prose
from pipeline.model import Document, Identity
from pipeline.tables import recognize_tables
from pipeline.tables.regions import find_regions
from pipeline.tables.rows import build_rows
from pipeline.tables.tokens import tokenize

# The opening of a v2021 report as Markdown converted from a PDF, after cleaning (synthetic seed 3, report 78,
# in the shape real converted PDFs take)
MARKDOWN_REPORT = """正文
2021年美兰区人民政府政府信息公开工作年度报告
本报告根据《中华人民共和国政府信息公开条例》(以下简称《条例》)编制。本年度报告中所列数据统计期限为2021年1月1日至1
2月31日。如对本报告有疑问,请与美兰区人民政府办公室联系(地址:美兰区人民路28号;电话:0907-3509
4535)。
一、总体情况
2021年,我区坚持以习近平新时代中国特色社会主义思想为指导,认真贯彻落实《条例》。
(一)主动公开。全年共主动公开政府信息277条,通过政府门户网站、政务新媒体等渠道及时发布。
(二)依申请公开。全年共收到政府信息公开申请328件,办结317件,均在法定期限内答复。
二、主动公开政府信息情况
第二十条第(一)项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 1 1 1
行政规范性文件 — 3 78
第二十条第(五)项
信息内容 本年处理决定数量
行政许可 3730
第二十条第(六)项
信息内容 本年处理决定数量
行政处罚 164
行政强制 30
第二十条第(八)项
信息内容 本年收费金额(单位:万元)
行政事业性收费 33.63
三、收到和处理政府信息公开申请情况
"""


def _regions(text: str):
    return find_regions(build_rows(tokenize(text)), text)


def test_region_starts_at_the_tables_first_row_not_at_the_prose_above() -> None:
    regions = _regions(MARKDOWN_REPORT)
    assert len(regions) == 1
    first_labels = [row.label_after_sentence()[0] for row in regions[0].rows]
    assert first_labels[0].endswith("规章")  # the table's first row, with the prose before it cut off
    assert [token.text for token in regions[0].rows[0].values] == ["1", "1", "1"]
    assert first_labels[-1].endswith("行政事业性收费")
    (table,) = recognize_tables(MARKDOWN_REPORT)
    assert table.start > MARKDOWN_REPORT.index("全年共主动公开政府信息277条")
    assert table.start <= MARKDOWN_REPORT.index("规章 1 1 1")


def test_prose_above_the_table_is_read() -> None:
    document = Document(content_sha256="md", part=1, kind="annual_report", text=MARKDOWN_REPORT)
    extraction = extract_prose(document, Identity(template="v2021", year=2021))
    found = {(value.metric_id, value.value) for value in extraction.values if not value.evidence_only}
    assert ("proactive.total", 277) in found


def test_a_table_with_prose_run_into_its_first_row_keeps_that_row() -> None:
    # A web page that put the whole report on one line: the first row's label follows a sentence on its line,
    # and the row is still the table's first (only rows followed by a sentence are left out)
    text = ("全年共主动公开政府信息270条。二、主动公开政府信息情况 第二十条第(五)项 信息内容 本年处理决定数量 "
            "行政许可 56 行政处罚 7 行政强制 0 行政事业性收费 3.5\n")
    (region,) = _regions(text)
    assert region.rows[0].label_after_sentence()[0].endswith("行政许可")
    assert [token.text for token in region.rows[0].values] == ["56"]


def test_rows_followed_by_sentences_do_not_start_a_region() -> None:
    # figures cut out of sentences by a wrap, and nothing after them but more sentences: no table at all
    text = ("本年度报告中所列数据统计期限为2021年1月1日至1\n2月31日。如对本报告有疑问,请联系(电话:0907-3509\n"
            "4535)。全年共主动公开政府信息277条。\n办理答复 12\n月底前完成。\n")
    assert _regions(text) == []


def test_a_number_cut_inside_a_date_does_not_start_a_region() -> None:
    # the wrap cut 2022 after 202, so the first "row" is followed by the rest of the date, not by a sentence
    # (synthetic seed 3, report 389)
    text = MARKDOWN_REPORT.replace(
        "统计期限为2021年1月1日至1\n2月31日。",
        "统计期限自 202\n2年1月1日起至2022年12月31\n日止。",
    )
    regions = _regions(text)
    assert len(regions) == 1
    assert regions[0].rows[0].label_after_sentence()[0].endswith("规章")
    document = Document(content_sha256="md2", part=1, kind="annual_report", text=text)
    extraction = extract_prose(document, Identity(template="v2021", year=2021))
    assert ("proactive.total", 277) in {(value.metric_id, value.value) for value in extraction.values}


def test_rows_whose_labels_open_with_a_quantity_stay_a_table() -> None:
    # each label opens with digits and a quantity word, as the rest of a cut number would, but no sentence
    # follows them
    text = "答复时限情况\n5个工作日内答复 12 34\n10个工作日内答复 15 40\n15个工作日内答复 18 44\n20个工作日内答复 20 51\n"
    (region,) = _regions(text)
    assert len(region.rows) == 4
    assert [token.text for token in region.rows[0].values] == ["12", "34"]
