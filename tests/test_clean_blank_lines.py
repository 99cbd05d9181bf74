"""Blank lines of a text without table rows are found by regex (blanks.blank_line_edits_without_rows), with
the edits of the line by line pass (blanks.blank_line_edits), and clean_text takes that path for texts with no |."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipeline import clean
from pipeline.clean import clean_text
from pipeline.ingest import blanks, layout

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REPORT = (PROJECT_ROOT / "tests" / "fixtures" / "ingest" / "report_v2019.txt").read_text(encoding="utf-8")
# Lines are split at \n only; every other character here is a blank to str.isspace (or text).
PIECES = ["一", "公开", "a b", "。", " ", "\u3000", "\t", "\r", "\x0b", "\x1c", "\x85", "\u2028", "\n", "\n", "\n"]


@pytest.mark.parametrize("seed", range(4))
def test_blank_lines_without_rows_edited_as_the_line_pass_edits_them(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(5000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 16)))
        assert blanks.blank_line_edits_without_rows(text) == blanks.blank_line_edits(text, layout.is_pipe_row), repr(text)


def test_a_report_without_tables_loses_its_blank_lines() -> None:
    text = "\n \n" + REPORT.replace("|", "").replace("\n", "\n\u3000\n\n") + "\n\n \n"
    edits = blanks.blank_line_edits_without_rows(text)
    assert edits == blanks.blank_line_edits(text, layout.is_pipe_row)
    assert edits[0] == (0, 3, "") and len(edits) > 10


def test_clean_text_drops_blank_lines_of_a_text_without_pipes_by_the_regex(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clean.blanks, "blank_line_edits", lambda *args: pytest.fail("a text without | has no table row"))
    assert clean_text("一、总体情况\n\n\n本机关全年主动公开信息12条。\n \n二、其他\n").text == "一、总体情况\n本机关全年主动公开信息12条。\n二、其他\n"
