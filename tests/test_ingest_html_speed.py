"""Assumptions the HTML reader's speed-ups rely on (pipeline.ingest.html)."""

from __future__ import annotations

import lxml.etree

from pipeline.ingest.html import PARSER, html_to_text, table_grid


def test_table_grid_reads_only_td_and_th_children_of_a_row() -> None:
    # table_grid walks every child of a row and keeps those tagged td or th (cheaper than
    # iterchildren("td", "th")): comments, processing instructions and stray elements are no cells.
    table = lxml.etree.fromstring("<table><tr><td>名称</td><th colspan='2'>数量</th></tr></table>", PARSER).find(".//table")
    row = table.find(".//tr")
    row.insert(1, lxml.etree.Comment("not a cell"))
    row.insert(2, lxml.etree.ProcessingInstruction("php", "echo 1"))
    stray = lxml.etree.Element("span")
    stray.text = "不是单元格"
    row.insert(3, stray)
    assert table_grid(table) == [["名称", "数量", "数量"]]


def test_a_page_table_renders_with_its_spans_expanded() -> None:
    page = (
        "<html><body><p>2023年政府信息公开工作年度报告</p><table>"
        "<tr><td rowspan='2'>行政复议</td><td>维持</td><td>3</td></tr>"
        "<tr><td>纠正</td><td>1</td></tr></table></body></html>"
    ).encode()
    text, truncated = html_to_text(page)
    assert "| 行政复议 | 维持 | 3 |\n| 行政复议 | 纠正 | 1 |" in text
    assert not truncated
