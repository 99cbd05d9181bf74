"""Figures glued to slash marks are cells, dates stay dates.

A crawler that dropped the borders of a table whose empty cells print "/" leaves rows such as
"规章175//3/25" or "（一）予以公开8310/14/98". The tokenizer used to keep every number touching a slash and a
digit in the label text, as it must for a date (2019/3/25), and so lost every figure of such rows (59 values of a
synthetic seed-7 report, 1,500-report sample).
"""

from __future__ import annotations

import pytest

from pipeline.tables.rows import build_rows
from pipeline.tables.split import dash_cell_counts, split_readings
from pipeline.tables.tokens import BLANK, LABEL, NUMBER, tokenize


def _cells(text: str) -> list[tuple[str, str]]:
    return [(token.kind, token.text) for token in tokenize(text) if token.kind != LABEL]


def test_figures_glued_to_slash_marks_are_cells() -> None:
    assert _cells("行政许可175//3/25") == [(NUMBER, "175"), (BLANK, "//"), (NUMBER, "3"), (BLANK, "/"), (NUMBER, "25")]
    assert _cells("（一）予以公开8310/14/98 （二）部分公开72/1/111") == [
        (NUMBER, "8310"), (BLANK, "/"), (NUMBER, "14"), (BLANK, "/"), (NUMBER, "98"),
        (NUMBER, "72"), (BLANK, "/"), (NUMBER, "1"), (BLANK, "/"), (NUMBER, "111"),
    ]
    # a slash at either end of the run is an empty cell too: no date starts or ends with one
    assert _cells("结果维持1//23///11/1/12") == [
        (NUMBER, "1"), (BLANK, "//"), (NUMBER, "23"), (BLANK, "///"), (NUMBER, "11"), (BLANK, "/"),
        (NUMBER, "1"), (BLANK, "/"), (NUMBER, "12"),
    ]


def test_the_next_rows_number_glued_after_two_numbers_tells_they_are_cells() -> None:
    # v2019 table 三 with 小计 rows, run together: "1." and "2." number the rows that follow. Read as prose, the
    # first two rows' figures stayed in the label text, and the third row's label ran from （四） to 制作: a
    # reader took its figures for 本机关不掌握相关政府信息's (a wrong value, seed-0 synthetic report 6485)
    text = "（四）无法提供小计302/111351.本机关不掌握相关政府信息152/111202.没有现成信息需要另行制作8/////8"
    rows = [row for row in build_rows(tokenize(text)) if row.values]
    assert [row.label_text for row in rows] == ["（四）无法提供小计", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作"]
    assert [[token.text for token in row.values] for row in rows] == [
        ["302", "/", "11135"], ["152", "/", "11120"], ["8", "/////", "8"],
    ]


def test_the_cells_keep_their_offsets_and_are_glued() -> None:
    text = "行政许可175//3/25"
    figures = [token for token in tokenize(text) if token.kind == NUMBER]
    assert [text[token.start : token.end] for token in figures] == ["175", "3", "25"]
    assert all(token.glued for token in figures)  # a glued run may still hold several cells (175 = 17 | 5)


@pytest.mark.parametrize(
    "text",
    [
        "本报告发布于2019/3/25。",
        "截至2019/12/31,共受理申请",
        "统计期限2019/1/1至2019/12/31",
        "更新时间:2019/03/25 10:30",
        "发布日期 25/3/2019",
        "2019/12",
        "第1/5页",
        "3/25",
        "2019/2020学年",
        "网址xxgk/2019/3/25/content",
        "共12/35",
        "截至2019/12/31.下一步",
        "统计至2019/3/2、共",
        "发布于3/25.",
        "增长19.35/2",
    ],
)
def test_dates_and_pairs_stay_in_the_label_text(text: str) -> None:
    assert [token for token in tokenize(text) if token.kind in (NUMBER, BLANK)] == []


def test_a_date_with_a_stray_slash_stays_a_date() -> None:
    # the numbers of "/2019/3/25" read as a date once the empty place is dropped: never cells
    assert [token for token in tokenize("日期 /2019/3/25") if token.kind == NUMBER] == []


def test_a_run_of_slashes_between_glued_figures_may_be_one_cell_a_slash() -> None:
    # v2021 table 三's row 上年结转: 5 | / | / | / | 1 | 1 | 7 (seven columns, 总计 last)
    (row,) = [row for row in build_rows(tokenize("二、上年结转政府信息公开申请数量5///117")) if row.values]
    marks = [token for token in row.values if token.kind == BLANK]
    assert [dash_cell_counts(token) for token in marks] == [[1, 3]]
    readings = split_readings(row.values, 7, accept=lambda cells: sum(c.value or 0 for c in cells[:-1]) == cells[-1].value)
    assert readings is not None
    values = [[cell.value for cell in reading] for reading in readings]
    assert [5.0, None, None, None, 1.0, 1.0, 7.0] in values
