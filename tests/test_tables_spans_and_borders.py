"""Two shortcuts of pipeline.tables pinned to the general behaviour.

- table_span reads only the first and last label and value of each row (they are in text order), where
  region_table builds every cell: both must give the same span on any mix of table layouts.
- A pipe row whose outer pipes have nothing but blanks outside them skips the outer-cell test: it must give
  the tokens that row gives with its borders alone, and text outside the pipes must still be read.
"""

from __future__ import annotations

import random
from pathlib import Path

from pipeline.clean import clean_text
from pipeline.tables import recognize_tables, table_spans
from pipeline.tables.tokens import BREAK, LABEL, NUMBER, Token, tokenize

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Lines of every table layout, and the odd pipe rows build_rows has special cases for.
LINES = [
    "| 统计指标 | 单位 | 统计数 |",
    "| 一、主动公开情况 | | |",
    "| 1.政府公报公开政府信息数 | 条 | 23 |",
    "| 主动公开信息数 | 01 | 条 | 356 |",  # a unit column after a code column
    "| 1 | 主动公开信息数 | 12 |",  # a serial number column
    "|  | 法提供 | 2.没有现成信息 | 3 |",  # an empty cell before the label
    "| a | 1 | | b | 2 |",  # a page flattened onto one line: two rows
    "| 其中：主动公开规范性文件数 | 条 | 5 | 3 |",
    "类别 | 发布条数 |",  # no left border: the text before the first pipe is a cell
    "组织机构 | 3 |",
    "| 合计 | 79 | 备注",  # no right border
    "本机关公开情况如下。| 3 | 4 |",  # prose before the pipes
    "| 5 | 2 | 1 | 0 | 0 | 0 | 8 |",
    "| 申请行政复议数 | 件 | — |",
    "政府信息公开申请数",  # a label wrapped out of the table above a pipe row
    "指标名称 计量单位 本年 累计",
    "主动公开政府信息数 条 125 980",
    "其中：1.政府网站公开数 条 118 900",
    "收到政府信息公开申请数 件 12 40",
    "主动公开信息数条4251516",
    "12",
    "3",
    "本年度共受理申请12件。",
    "",
]


def _random_texts(count: int) -> list[str]:
    chooser = random.Random(20261123)
    return ["\n".join(chooser.choices(LINES, k=chooser.randint(3, 30))) for _ in range(count)]


def _corpus_texts() -> list[str]:
    paths = [*sorted((PROJECT_ROOT / "tests" / "fixtures" / "tables").glob("*.txt")), *sorted((PROJECT_ROOT / "data" / "raw").glob("*.txt"))]
    return [clean_text(path.read_text(encoding="utf-8")).text for path in paths]


def test_table_spans_are_the_first_and_last_cells_of_the_built_tables() -> None:
    layouts = set()
    for text in [*_corpus_texts(), *_random_texts(1500)]:
        tables = recognize_tables(text)
        layouts.update(table.layout for table in tables)
        assert table_spans(text) == [(table.start, table.end) for table in tables], text
    assert {"pipe", "cell_per_line", "spaced", "run_together"} <= layouts


def _shifted(tokens: list[Token], offset: int) -> list[Token]:
    return [token._replace(start=token.start + offset, end=token.end + offset) for token in tokens]


def test_blanks_outside_a_pipe_rows_borders_change_no_token() -> None:
    rows = [line for text in _corpus_texts() for line in text.split("\n") if line.startswith("|") and line.endswith("|")]
    rows += [line for line in LINES if line.startswith("|") and line.endswith("|")]
    assert len(rows) > 50
    for row in rows:
        for before, after in [(" ", ""), ("", "  "), ("\t ", " \u3000")]:
            assert tokenize(before + row + after) == _shifted(tokenize(row), len(before)), row


def test_text_outside_a_pipe_rows_pipes_is_still_read() -> None:
    cells = [(t.kind, t.text, t.cell) for t in tokenize("类别 | 发布条数 |")]
    assert cells == [(LABEL, "类别", True), (LABEL, "发布条数", True), (BREAK, "", False)]
    short = [(t.kind, t.text, t.cell) for t in tokenize("甲| 3 |")]
    assert short == [(LABEL, "甲", True), (NUMBER, "3", True), (BREAK, "", False)]
    tail = [(t.kind, t.text, t.cell) for t in tokenize("| 合计 | 79 | 备注")]
    assert tail == [(LABEL, "合计", True), (NUMBER, "79", True), (LABEL, "备注", True), (BREAK, "", False)]
    prose = tokenize("本机关公开情况如下。| 3 | 4 |")
    assert (prose[0].kind, prose[0].text, prose[0].cell) == (LABEL, "本机关公开情况如下。", False)
    assert [t.value for t in prose if t.kind == NUMBER] == [3.0, 4.0]
