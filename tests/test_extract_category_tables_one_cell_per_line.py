"""Small category tables (类别 | 发布条数, with a 合计 row) printed one cell per line, with a header cell the
vocabulary does not know (数量（条）, 公开数量, 发布数量, a 比例 column): before, that cell was joined into the first
category's name ("数量(条) 工作动态", "数量 比例 工作动态"). Now, when every other row's label is one line, the first
row's label is its last line and the lines between the known header word and it are header cells."""

from __future__ import annotations

import pytest

from tests.test_category_tables_headers import ROWS, categories


def one_cell_per_line(header: list[str], shares: bool = False) -> str:
    lines = [*header]
    for label, count, share in ROWS:
        lines += [label, str(count), *([f"{share}%"] if shares else [])]
    lines += ["合计", "79", *(["100%"] if shares else [])]
    return "\n".join(lines)


@pytest.mark.parametrize(
    "header",
    [["信息类别", "数量（条）"], ["公开类别", "公开数量"], ["类别", "发布数量"], ["信息类别", "发布条数（条）"], ["信息内容", "发布数量"]],
)
def test_an_unknown_header_cell_is_no_part_of_the_first_name(header: list[str]) -> None:
    assert categories(one_cell_per_line(header)) == [("proactive.total", label, count, None, 79) for label, count, _ in ROWS]


def test_an_unknown_share_column_heading() -> None:
    assert categories(one_cell_per_line(["类别", "数量", "比例"], shares=True)) == [
        ("proactive.total", label, count, share, 79) for label, count, share in ROWS
    ]


def test_known_headers_read_as_before() -> None:
    assert categories(one_cell_per_line(["类别", "发布条数"])) == [("proactive.total", label, count, None, 79) for label, count, _ in ROWS]


def test_a_first_name_on_two_lines_is_kept_when_other_names_are_too() -> None:
    """Other rows' labels on two lines too: the lines above the first figure are the first name's, as before."""
    rows = [("政府机构", "职能类", 46), ("政策法规", "文件类", 12), ("人事任免", "信息类", 21)]
    lines = ["类别", "发布条数"]
    for head, tail, count in rows:
        lines += [head, tail, str(count)]
    found = categories("\n".join([*lines, "合计", "79"]))
    assert [(label, value) for _, label, value, _, _ in found] == [(f"{h} {t}", c) for h, t, c in rows]
