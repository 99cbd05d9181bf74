"""Table 四 of a page whose lines were all joined: its 15 figures, then the PDF page footer "- 4 -", then the
next section. The footer is no cell: the 15 figures are the table. Before, 18 cells matched no reading and
the whole table went unread."""

from __future__ import annotations

import pytest

from pipeline.clean import clean_text
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Identity

HEADER = ("四、政府信息公开行政复议、行政诉讼情况 行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 "
          "复议后起诉 结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计 ")
FIGURES = (1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 1, 0, 1, 1, 3)
NEXT = " 五、存在的主要问题及改进情况 （一）存在的主要问题：一是政策解读形式还不够丰富。"
METRICS = [f"{group}.{outcome}" for group in ("review", "litigation.direct", "litigation.after_review")
           for outcome in ("upheld", "corrected", "other", "pending", "total")]


def review(footer: str) -> dict[str, float]:
    text = clean_text("柳州市审计局2020年度政府信息公开工作年度报告 " + HEADER + " ".join(map(str, FIGURES)) + footer + NEXT).text
    extraction = extract_tables(Document("t", 1, "annual_report", text), Identity(template="v2021"))
    return {v.metric_id: v.value for v in extraction.values if v.metric_id.startswith(("review", "litigation"))}


@pytest.mark.parametrize("footer", [" - 4 -", " — 4 —", ""])
def test_a_page_footer_after_the_fifteen_cells_is_no_cell(footer: str) -> None:
    assert review(footer) == dict(zip(METRICS, map(float, FIGURES)))


def test_three_more_cells_that_are_no_footer_still_leave_the_table_unread() -> None:
    assert review(" - 04 -") == {}  # no page is numbered 04: these may be cells, so nothing is guessed
