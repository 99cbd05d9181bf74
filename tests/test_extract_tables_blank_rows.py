"""Standard-table rows that state nothing: every cell empty, as HTML and DOCX tables print a row of zeros.

Such a row is kept as blank (not-stated) cells, like a row of "—", so the sum checks count it as an empty part
instead of finding the row missing and skipping the total. The pages below are written as agencies publish
them (<td></td> cells under the template's labels) and go through the ingestion's HTML conversion.
"""

from __future__ import annotations

from pipeline.clean import clean_text
from pipeline.extract.tables import extract_tables
from pipeline.ingest.html import html_to_text
from pipeline.model import Document, Extraction, Identity

COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")


def _row(label: str, cells: list[str]) -> str:
    return f"<tr><td colspan=\"3\">{label}</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _page(rows: list[str]) -> str:
    header = (
        "<tr><td colspan=\"3\" rowspan=\"3\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
        "<td colspan=\"7\">申请人情况</td></tr>"
        "<tr><td rowspan=\"2\">自然人</td><td colspan=\"5\">法人或其他组织</td><td rowspan=\"2\">总计</td></tr>"
        "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"
    )
    return (
        "<html><body><h1>某县人民政府2021年政府信息公开工作年度报告</h1>"
        "<h2>三、收到和处理政府信息公开申请情况</h2>"
        f"<table border=\"1\">{header}{''.join(rows)}</table>"
        "<h2>四、政府信息公开行政复议、行政诉讼情况</h2><p>无。</p></body></html>"
    )


def _extract(page: str) -> Extraction:
    converted = html_to_text(page.encode("utf-8"))
    text = clean_text(converted[0] if isinstance(converted, tuple) else converted).text
    return extract_tables(Document("t", 1, "annual_report", text), Identity(template="v2021"))


EMPTY = [""] * 7
ROWS = [
    _row("一、本年新收政府信息公开申请数量", ["4", "1", "", "", "", "", "5"]),
    _row("二、上年结转政府信息公开申请数量", EMPTY),
    _row("（一）予以公开", ["3", "1", "", "", "", "", "4"]),
    _row("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", EMPTY),
    _row("1.属于国家秘密", ["1", "", "", "", "", "", "1"]),
    _row("2.其他法律行政法规禁止公开", EMPTY),
    _row("3.危及“三安全一稳定”", EMPTY),
    _row("（七）总计", ["4", "1", "", "", "", "", "5"]),
    _row("四、结转下年度继续办理", EMPTY),
]


def test_a_row_with_every_cell_empty_gives_a_blank_cell_per_column() -> None:
    extraction = _extract(_page(ROWS))
    blanks = {(b.metric_id, b.applicant) for b in extraction.blanks}
    for metric_id in ("requests.carried_over", "requests.partially_granted", "requests.denied.prohibited_by_law",
                      "requests.denied.three_safety_one_stability", "requests.carried_forward"):
        assert {(metric_id, column) for column in COLUMNS} <= blanks, metric_id
    values = {(v.metric_id, v.applicant): v.value for v in extraction.values}
    assert values[("requests.granted", "total")] == 4
    assert values[("requests.denied.state_secret", "natural_person")] == 1
    assert not any(v.metric_id == "requests.carried_over" for v in extraction.values)  # no figure invented


def test_a_header_row_with_empty_merged_cells_gives_no_blank_cells() -> None:
    """An empty row under a label that names no row of the table (a caption row) is not a table row."""
    extraction = _extract(_page([_row("单位：件", EMPTY), *ROWS]))
    snippets = {b.snippet for b in extraction.blanks}
    assert not any("单位" in s for s in snippets)
    assert ("requests.carried_over", "total") in {(b.metric_id, b.applicant) for b in extraction.blanks}
