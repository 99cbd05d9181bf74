"""v2008 statistics tables printed as statistical forms (统计报表): a code column (代码 01, 02… or 行次) beside
the unit column, a row numbering the columns (甲 | 乙 | 丙 | 1 | 2) and section rows of dashes. The codes are
identifiers, never figures; every expected value below is the form's own figure, written by hand.
"""

from __future__ import annotations

import pytest

from pipeline.clean import clean_text
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Extraction, Identity

OPENING = "甘肃省某县人民政府2012年政府信息公开工作年度报告\n一、概述\n2012年，我县认真贯彻落实条例。\n二、政府信息公开情况统计表\n"
CLOSING = "\n三、存在的问题\n信息公开工作还存在一些不足。\n"

# (label, unit, this year, second column); None marks a section row
FORM = [
    ("一、主动公开情况", None, None, None),
    ("（一）主动公开政府信息数", "条", 356, 356),
    ("其中：主动公开规范性文件数", "条", 12, 12),
    ("（二）通过不同渠道和方式公开政府信息的情况", None, None, None),
    ("1.政府公报公开政府信息数", "条", 20, 20),
    ("2.政府网站公开政府信息数", "条", 340, 340),
    ("二、依申请公开情况", None, None, None),
    ("（一）收到申请数", "件", 8, 8),
    ("1.当面申请数", "件", 3, 3),
    ("2.网络申请数", "件", 5, 5),
    ("三、行政复议数量", "件", 1, 1),
    ("四、行政诉讼数量", "件", 0, 0),
]
EXPECTED = {
    "proactive.total": 356,
    "proactive.normative_docs_public": 12,
    "proactive.channel.gazette": 20,
    "proactive.channel.website": 340,
    "requests.received": 8,
    "requests.received.in_person": 3,
    "requests.received.online": 5,
    "review.total": 1,
    "litigation.total": 0,
}


def code_then_unit(codes: list[int]) -> list[str]:
    lines, rows = ["指标名称 | 代码 | 计量单位 | 本期实际 | 本年累计"], iter(codes)
    for label, unit, year, second in FORM:
        lines.append(f"{label} | — | — | — | —" if unit is None else f"{label} | {next(rows):02d} | {unit} | {year} | {second}")
    return lines


def unit_then_code(codes: list[int]) -> list[str]:
    lines, rows = ["指标名称 | 计量单位 | 行次 | 本期实际 | 本年累计", "甲 | 乙 | 丙 | 1 | 2"], iter(codes)
    for label, unit, year, second in FORM:
        lines.append(f"{label} | | | |" if unit is None else f"{label} | {unit} | {next(rows)} | {year} | {second}")
    return lines


def one_cell_per_line(lines: list[str]) -> list[str]:
    return [cell.strip() for line in lines for cell in line.split("|") if cell.strip()]


def extract(lines: list[str]) -> Extraction:
    text = clean_text(OPENING + "\n".join(lines) + CLOSING).text
    document = Document(content_sha256="test", part=1, kind="annual_report", text=text)
    return extract_tables(document, Identity(template="v2008"))


def year_values(extraction: Extraction) -> dict[str, float]:
    return {v.metric_id: v.value for v in extraction.values if v.period == "year" and v.applicant == "total"}


SEQUENTIAL = list(range(1, 10))


@pytest.mark.parametrize(
    "lines",
    [code_then_unit(SEQUENTIAL), unit_then_code(SEQUENTIAL), one_cell_per_line(code_then_unit(SEQUENTIAL))],
    ids=["pipe_code_then_unit", "pipe_unit_then_code_numbered_columns", "cell_per_line_code_then_unit"],
)
def test_a_forms_codes_are_not_figures(lines: list[str]) -> None:
    extraction = extract(lines)
    assert year_values(extraction) == EXPECTED
    units = {v.metric_id: v.unit for v in extraction.values}
    assert units["proactive.total"] == "条" and units["requests.received"] == "件"
    # the second 本年 column is kept, apart, as rows of unmapped values; no code and no column number is
    kept = sorted(u.value for u in extraction.unmapped if u.value is not None)
    assert kept == sorted(year for _, unit, year, _ in FORM if unit is not None)
    assert all(u.label not in ("甲 乙 丙", "条", "件") for u in extraction.unmapped)


@pytest.mark.parametrize("layout", [code_then_unit, unit_then_code])
def test_codes_that_do_not_climb_leave_their_rows_unread(layout) -> None:
    # 2 after 5: the first figure of these rows may be a code or a value, so no row of the form is read
    # (read one column off, 主动公开政府信息数 would be 1)
    extraction = extract(layout([1, 2, 3, 4, 5, 2, 7, 8, 9]))
    assert extraction.values == []
    assert {u.value for u in extraction.unmapped} >= {356, 12, 340}
