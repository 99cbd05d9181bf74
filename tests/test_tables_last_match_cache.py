"""last_match_start keeps one cache per pattern, found by the pattern's identity instead of hashing the
pattern on every call: its answers equal a fresh search on real row labels and on random text, and two
patterns asked about the same text each get their own answer."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from pipeline.extract.labels import MARKER
from pipeline.tables import rows as rows_module
from pipeline.tables.rows import build_rows, last_match_start
from pipeline.tables.tokens import tokenize
from tests.conftest import cleaned_report_texts

REPORTS = 30


def _searched(pattern: re.Pattern[str], text: str) -> int:
    starts = [match.start() for match in pattern.finditer(text)]
    return starts[-1] if starts else -1


@pytest.fixture(scope="module")
def labels(tmp_path_factory: pytest.TempPathFactory, shared_corpus: Path) -> list[str]:
    texts = cleaned_report_texts(tmp_path_factory.mktemp("synthetic"), shared_corpus, seed=11, reports=REPORTS)
    return [token.text for text in texts for row in build_rows(tokenize(text)) for token in row.labels]


def test_cached_answers_equal_a_fresh_search_on_report_labels(labels: list[str]) -> None:
    assert len(labels) > 500
    for label in labels + labels:  # the second round is answered from the cache
        assert last_match_start(MARKER, label) == _searched(MARKER, label)


def test_cached_answers_equal_a_fresh_search_on_random_text() -> None:
    rng = random.Random(3)
    pieces = ["一、", "（三）", "2.", "3、", "第（一）项", "其中", "政府信息", "12", " ", "。", "(四)", "四.", "．"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert last_match_start(MARKER, text) == _searched(MARKER, text)


def test_each_pattern_has_its_own_answer_for_the_same_text() -> None:
    """A cache keyed by the text alone, shared by every pattern, would give the second pattern the first's answer."""
    digits, letters = re.compile(r"\d"), re.compile(r"[a-z]")
    text = "a1b2c"
    assert last_match_start(digits, text) == 3
    assert last_match_start(letters, text) == 4
    assert last_match_start(digits, text) == 3


def test_a_new_pattern_at_a_dead_patterns_id_is_not_answered_from_its_cache() -> None:
    """The cache keeps its pattern and checks it is the one asked: an id can be reused once an object is gone."""
    first = re.compile(r"x")
    assert last_match_start(first, "axbx") == 3
    kept_pattern, kept_search = rows_module._last_match_caches[id(first)]
    other = re.compile(r"b")
    rows_module._last_match_caches[id(other)] = (first, kept_search)  # as if `other` took a dead pattern's id
    try:
        assert last_match_start(other, "axbx") == 2
    finally:
        rows_module._last_match_caches.pop(id(other), None)
