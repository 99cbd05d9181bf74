"""Table 四 (行政复议、行政诉讼, 15 cells) in shapes where the template's order is not the printed order, and
with blank marks glued into one run.

Before, the 15 cells were always read in the template's order (行政复议 结果维持 … 总计, then 未经复议直接起诉 …,
then 复议后起诉 …). A table printed one cell per row by outcome (行政复议 结果维持 | 3, 行政诉讼 未经复议直接起诉
结果维持 | 2, …), turned (groups as columns, outcomes as rows) or with its group rows in another order gave 12 to
15 wrong values. The rows' labels now place the cells when they name every cell's group and outcome; when
they contradict the order without placing every cell, nothing is read (the rows go to unmapped_values).
A run of glued blank marks ("1 0 0 0 1 ————— 0 0 0 0 0") is cut into the cells the 15 leave room for.
"""

from __future__ import annotations

import pytest

from pipeline.clean import clean_text
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Identity

OPENING = "某县人力资源和社会保障局2021年政府信息公开工作年度报告\n一、总体情况\n2021年，我局共主动公开政府信息326条。\n"
HEADING = "四、政府信息公开行政复议、行政诉讼情况\n"
CLOSING = "\n五、存在的主要问题及改进情况\n无。\n"
GROUPS = (("行政复议", "review"), ("行政诉讼 未经复议直接起诉", "litigation.direct"), ("行政诉讼 复议后起诉", "litigation.after_review"))
OUTCOMES = (("结果维持", "upheld"), ("结果纠正", "corrected"), ("其他结果", "other"), ("尚未审结", "pending"), ("总计", "total"))
FIGURES = {"review": (3, 1, 0, 1, 5), "litigation.direct": (2, 0, 1, 0, 3), "litigation.after_review": (1, 1, 0, 2, 4)}
EXPECTED = {f"{group}.{outcome}": float(v) for group, values in FIGURES.items() for (_, outcome), v in zip(OUTCOMES, values)}


def figure(group: str, outcome: str) -> int:
    return FIGURES[group][[o for _, o in OUTCOMES].index(outcome)]


def read(table: str):
    text = clean_text(OPENING + HEADING + table + CLOSING).text
    return extract_tables(Document("t", 1, "annual_report", text), Identity(template="v2021"))


def values(table: str) -> dict[str, float]:
    return {v.metric_id: v.value for v in read(table).values}


def by_outcome_one_per_row() -> str:
    """One cell per row, the outcomes first: 行政复议 结果维持, 未经复议直接起诉 结果维持, 复议后起诉 结果维持, …"""
    return "\n".join(
        f"| {name} {outcome_name} | {figure(group, outcome)} |" for outcome_name, outcome in OUTCOMES for name, group in GROUPS
    )


def by_group_one_per_row() -> str:
    """One cell per row in the template's order, each group named on its first row only (a PDF's merged cell)."""
    lines = []
    for name, group in GROUPS:
        for index, (outcome_name, outcome) in enumerate(OUTCOMES):
            lines.append(f"{name + ' ' if index == 0 else ''}{outcome_name} {figure(group, outcome)}")
    return "\n".join(lines)


def turned() -> str:
    """Groups as columns, outcomes as rows."""
    lines = ["| 类别 | 行政复议 | 行政诉讼 | 行政诉讼 |", "| 类别 | 行政复议 | 未经复议直接起诉 | 复议后起诉 |"]
    for outcome_name, outcome in OUTCOMES:
        lines.append(f"| {outcome_name} | " + " | ".join(str(figure(group, outcome)) for _, group in GROUPS) + " |")
    return "\n".join(lines)


def groups_reordered() -> str:
    """A row of five per group, 复议后起诉 printed first."""
    lines = ["结果维持 结果纠正 其他结果 尚未审结 总计"]
    for name, group in (GROUPS[2], GROUPS[0], GROUPS[1]):
        lines.append(f"{name} " + " ".join(str(v) for v in FIGURES[group]))
    return "\n".join(lines)


@pytest.mark.parametrize("layout", [by_outcome_one_per_row, by_group_one_per_row, turned, groups_reordered])
def test_every_cell_placed_by_its_labels(layout) -> None:
    assert values(layout()) == EXPECTED


def test_labels_that_contradict_the_order_without_placing_every_cell_read_nothing() -> None:
    lines = by_outcome_one_per_row().split("\n")
    lines[7] = "| 行政诉讼 | 0 |"  # 未经复议直接起诉 其他结果: the label lost its outcome
    extraction = read("\n".join(lines))
    assert extraction.values == []
    assert len(extraction.unmapped) == 15


HEADER = (
    "行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n"
    "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计\n"
)


def test_standard_row_of_fifteen_still_read_in_order() -> None:
    cells = " ".join(str(v) for group in ("review", "litigation.direct", "litigation.after_review") for v in FIGURES[group])
    assert values(HEADER + cells) == EXPECTED


@pytest.mark.parametrize(
    "row",
    ["3 1 0 1 5 ————— 1 1 0 2 4", "3 1 0 1 5 —————————— 1 1 0 2 4", "31015—————11024", "3 1 0 1 5 ///// 1 1 0 2 4"],
)
def test_a_glued_run_of_blank_marks_is_cut_into_cells(row: str) -> None:
    extraction = read(HEADER + row)
    expected = {m: v for m, v in EXPECTED.items() if not m.startswith("litigation.direct.")}
    assert {v.metric_id: v.value for v in extraction.values} == expected
    assert {b.metric_id for b in extraction.blanks} == {m for m in EXPECTED if m.startswith("litigation.direct.")}


def test_a_table_of_blank_marks_run_together() -> None:
    """行政复议行政诉讼 结果维持…总计 ——————————————— (the synthetic corpus's run-together 四 of a report with no case)."""
    extraction = read(HEADER + "—" * 15)
    assert extraction.values == [] and extraction.unmapped == []
    assert {b.metric_id for b in extraction.blanks} == set(EXPECTED)


def test_a_run_that_cannot_make_the_missing_cells_stays_unread() -> None:
    extraction = read(HEADER + "3 1 0 1 5 ——— 1 1 0 2 4")  # 3 dashes cannot be 5 cells
    assert extraction.values == []
