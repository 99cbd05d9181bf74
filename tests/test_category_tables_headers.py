"""Small category tables whose header the vocabulary only partly knows, and a serial-number column: the
category names are the rows' own cells. Before, the first category was named "数量(条) 工作动态" or
"公开数量 工作动态" (the header's unknown cell run into it), and every name began with its serial number."""

from __future__ import annotations

import pytest

from pipeline.clean import clean_text
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Identity

OPENING = "某县人民政府2013年政府信息公开工作年度报告\n二、主动公开政府信息情况\n2013年共主动公开政府信息79条，具体如下：\n"
CLOSING = "\n三、依申请公开政府信息情况\n本年度未收到政府信息公开申请。\n"
ROWS = [("工作动态", 46, 58.2), ("政策法规", 12, 15.2), ("人事信息", 21, 26.6)]


def categories(table: str) -> list[tuple[str | None, str, float | None, float | None, float | None]]:
    text = clean_text(OPENING + table + CLOSING).text
    extraction = extract_tables(Document("t", 1, "annual_report", text), Identity(template="v2008"))
    return [(c.parent_metric_id, c.label, c.value, c.share_pct, c.list_total) for c in extraction.categories]


@pytest.mark.parametrize(
    ("header", "total_row"),
    [("信息类别 | 数量（条）", "总计 | 79"), ("公开类别 | 公开数量", None), ("类别 | 发布条数", "合计 | 79")],
)
def test_category_names_without_the_header(header: str, total_row: str | None) -> None:
    table = "\n".join([header, *(f"{label} | {count}" for label, count, _ in ROWS), *([total_row] if total_row else [])])
    total = 79 if total_row else None
    assert categories(table) == [("proactive.total", label, count, None, total) for label, count, _ in ROWS]


def test_a_serial_number_column_is_no_part_of_the_name() -> None:
    lines = ["序号 | 信息类别 | 条数 | 占比"] + [f"{n} | {label} | {count} | {share}%" for n, (label, count, share) in enumerate(ROWS, 1)]
    assert categories("\n".join([*lines, "合计 | | 79 | 100%"])) == [
        ("proactive.total", label, count, share, 79) for label, count, share in ROWS
    ]


def test_a_header_run_into_the_first_row_on_one_line() -> None:
    # a page that lost its line breaks: the known header words still end the header
    table = "类别 发布条数 工作动态 46\n政策法规 12\n人事信息 21\n合计 79"
    assert categories(table) == [("proactive.total", label, count, None, 79) for label, count, _ in ROWS]
