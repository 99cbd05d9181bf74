"""Cells that state no figure, drawn with the characters converters use: a box-drawing line (─, ━) from PDF and
Word tables, the minus sign (−), a backslash (the diagonal of a struck-out cell). Each is a blank cell in its
column, like "—"; before, they were read as label text, the row lost a column and its figures were unread."""

from __future__ import annotations

import pytest

from pipeline.clean import clean_text
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Identity
from pipeline.tables.vocabulary import table_words

OPENING = "某市民政局2022年政府信息公开工作年度报告\n一、总体情况\n2022年，我局共主动公开政府信息120条。\n"
CLOSING = "\n五、存在的主要问题及改进情况\n无。\n"
OUTCOMES = ("upheld", "corrected", "other", "pending", "total")
REVIEW = {"review": (None, 1, 1, None, 2), "litigation.direct": (1, None, None, None, 1), "litigation.after_review": (None, None, 2, 1, 3)}
PROACTIVE_ROWS = [
    ("规章", ("proactive.regulations.issued", "proactive.regulations.repealed", "proactive.regulations.in_force"), (None, None, 3)),
    ("行政规范性文件", ("proactive.normative_docs.issued", "proactive.normative_docs.repealed", "proactive.normative_docs.in_force"), (8, None, 69)),
]


def tables_text(mark: str) -> str:
    cell = lambda v: mark if v is None else str(v)  # noqa: E731
    review_cells = [cell(v) for group in REVIEW.values() for v in group]
    lines = [
        "二、主动公开政府信息情况",
        "| 第二十条第（一）项 | 第二十条第（一）项 | 第二十条第（一）项 | 第二十条第（一）项 |",
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        *(f"| {label} | " + " | ".join(cell(v) for v in values) + " |" for label, _, values in PROACTIVE_ROWS),
        "三、收到和处理政府信息公开申请情况",
        "本年度未收到政府信息公开申请。",
        "四、政府信息公开行政复议、行政诉讼情况",
        "| 行政复议 | 行政复议 | 行政复议 | 行政复议 | 行政复议 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 | 行政诉讼 |",
        "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 未经复议直接起诉 | 未经复议直接起诉 | 未经复议直接起诉 | 未经复议直接起诉 | 复议后起诉 | 复议后起诉 | 复议后起诉 | 复议后起诉 | 复议后起诉 |",
        "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
        "| " + " | ".join(review_cells) + " |",
    ]
    return "\n".join(lines)


def stated() -> tuple[dict[str, float], set[str]]:
    figures: dict[str, float] = {}
    blanks: set[str] = set()
    pairs = [(f"{group}.{o}", v) for group, values in REVIEW.items() for o, v in zip(OUTCOMES, values)]
    pairs += [(m, v) for _, metrics, values in PROACTIVE_ROWS for m, v in zip(metrics, values)]
    for metric_id, value in pairs:
        if value is None:
            blanks.add(metric_id)
        else:
            figures[metric_id] = float(value)
    return figures, blanks


@pytest.mark.parametrize("mark", ["─", "━", "−", "\\", "＼", "—"])
def test_a_cell_drawn_as_a_line_or_a_diagonal_is_blank(mark: str) -> None:
    text = clean_text(OPENING + tables_text(mark) + CLOSING).text
    extraction = extract_tables(Document("t", 1, "annual_report", text), Identity(template="v2021"))
    figures, blanks = stated()
    assert {v.metric_id: v.value for v in extraction.values} == figures
    assert {b.metric_id for b in extraction.blanks} == blanks
    assert extraction.unmapped == []


def test_lines_made_of_such_characters_are_blank_marks_but_words_are_not() -> None:
    words = table_words()
    assert words.is_blank_mark("──") and words.is_blank_mark("−") and words.is_blank_mark("＼")
    assert not words.is_blank_mark("─3") and not words.is_blank_mark("┌──┐") and not words.is_blank_mark("无正当理由")
