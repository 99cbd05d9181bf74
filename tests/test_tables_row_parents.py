"""A statistics table's row parents (statistics_tables._parents) look a numbering kind up among the open
levels in C; the parents equal the plain reading (a generator over the levels) on random label sequences
and on the labels of real and synthetic reports' tables."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipeline.extract import statistics_tables
from pipeline.extract.statistics_tables import _numbering, _parents
from pipeline.tables.regions import find_regions
from pipeline.tables.rows import build_rows
from pipeline.tables.tokens import tokenize
from tests.conftest import cleaned_report_texts


def _plain_parents(labels: list[str]) -> list[int | None]:
    """_parents as first written: each level's kind compared one by one."""
    parents: list[int | None] = []
    stack: list[tuple[str | None, int]] = []
    for index, label in enumerate(labels):
        kind, which = _numbering(label)
        if which and index > 0:
            stack.append((kind, index))
        elif kind is not None and any(k == kind for k, _ in stack):
            while stack[-1][0] != kind:
                stack.pop()
            stack[-1] = (kind, index)
        elif kind is not None and stack:
            stack.append((kind, index))
        else:
            stack = [(kind, index)]
        parents.append(stack[-2][1] if len(stack) > 1 else None)
    return parents


LABEL_PIECES = ["一、", "二、", "（一）", "（二）", "(三)", "1.", "2.", "3、", "其中:", "其中", "", "政府网站", "主动公开", "依申请"]


def test_parents_equal_the_plain_reading_on_random_labels() -> None:
    rng = random.Random(5)
    nested = 0
    for _ in range(3000):
        labels = ["".join(rng.choice(LABEL_PIECES) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 12))]
        parents = _parents(labels)
        assert parents == _plain_parents(labels), labels
        nested += any(parent is not None for parent in parents)
    assert nested > 1000  # levels were opened and closed, not only flat lists


def test_parents_equal_the_plain_reading_on_report_tables(tmp_path: Path, shared_corpus: Path) -> None:
    texts = cleaned_report_texts(tmp_path, shared_corpus, seed=13, reports=30)
    tables = 0
    for text in texts:
        for region in find_regions(build_rows(tokenize(text)), text):
            labels = [row.label_after_sentence()[0] for row in region.rows]
            assert _parents(labels) == _plain_parents(labels)
            tables += 1
    assert tables > 20


def test_a_kind_seen_at_an_outer_level_closes_the_inner_ones() -> None:
    """（二） after （一） and its 1. 2. items goes back to （一）'s level: its parent is 一、, not an item."""
    labels = ["一、主动公开", "（一）政府网站", "1.信息", "2.文件", "（二）政府公报"]
    assert statistics_tables._parents(labels) == [None, 0, 1, 1, 0]
