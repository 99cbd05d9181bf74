"""A line with a single | loses it (clean._lone_pipe_edits), found pipe by pipe with the matches of LONE_PIPE."""

from __future__ import annotations

import random

import pytest

from pipeline import clean
from pipeline.clean import clean_text


@pytest.mark.parametrize("seed", range(3))
def test_lone_pipes_found_as_the_regex_finds_them(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(5000):
        text = "".join(rng.choice(["|", "|", "公开", " ", "\n", "\n", "a"]) for _ in range(rng.randint(0, 16)))
        expected = [(match.start(1), match.end(1), " ") for match in clean.LONE_PIPE.finditer(text)]
        assert clean._lone_pipe_edits(text) == expected, repr(text)


def test_a_border_pipe_goes_and_table_rows_stay() -> None:
    text = "| 项目 | 数量 |\n| 主动公开 | 12 |\n本年度|\n|\n结束"
    assert clean_text(text).text == "| 项目 | 数量 |\n| 主动公开 | 12 |\n\n本年度\n结束\n"
