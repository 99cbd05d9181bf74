"""Shortcuts of the tokenizer and the section finder, held to the general computation on real and synthetic
reports: a line's tokens kept at the offset they were first read at and shifted to where the line comes again;
section numerals found from their second character. Each test fails if its shortcut gives another answer than
the general code on any line or text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipeline.extract import standard_sections
from pipeline.tables import tokens
from pipeline.tables.tokens import Token, tokenize
from tests.conftest import cleaned_report_texts

REPORTS = 40


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory, shared_corpus: Path) -> list[str]:
    return cleaned_report_texts(tmp_path_factory.mktemp("synthetic"), shared_corpus, seed=17, reports=REPORTS)


def _without_kept_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every line and cell tokenized afresh."""
    monkeypatch.setattr(tokens, "CACHED_LINE", -1)
    monkeypatch.setattr(tokens, "_cell_tokens", tokens._cell_tokens.__wrapped__)


def _slices(texts: list[str]) -> list[tuple[str, int, int]]:
    rng = random.Random(5)
    return [(text, *sorted(rng.sample(range(len(text) + 1), 2))) for text in texts for _ in range(4)]


def test_kept_lines_give_the_tokens_a_fresh_read_gives_at_any_offset(
    texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens._line_tokens.clear()
    # every line seen again at another offset (after the text, and in a slice that starts inside it)
    doubled = [text + "\n" + text for text in texts]
    kept = [tokenize(text) for text in doubled] + [tokenize(text, a, b) for text, a, b in _slices(texts)]
    assert any(offset for offset, _ in tokens._line_tokens.values())  # kept at offsets other than 0
    _without_kept_lines(monkeypatch)
    assert kept == [tokenize(text) for text in doubled] + [tokenize(text, a, b) for text, a, b in _slices(texts)]
    assert all(type(token) is Token for found in kept for token in found)


def test_a_full_line_cache_is_emptied_and_still_gives_the_same_tokens(
    texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens._line_tokens.clear()
    monkeypatch.setattr(tokens, "TOKEN_CACHE_SIZE", 50)
    kept = [tokenize(text) for text in texts + texts]
    assert 0 < len(tokens._line_tokens) <= 50
    _without_kept_lines(monkeypatch)
    assert kept == [tokenize(text) for text in texts + texts]


def test_section_numerals_are_the_regex_matches_that_start_a_line(texts: list[str]) -> None:
    rng = random.Random(7)
    alphabet = "一二三十、.．。| \n\t四x九"
    samples = texts + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(20000)]

    def by_regex(text: str) -> list[tuple[int, int]]:
        found = standard_sections._NUMERAL.finditer(text)
        return [m.span() for m in found if m.start() == 0 or standard_sections._BEFORE_NUMERAL.match(text, m.start() - 1)]

    assert [standard_sections._numbered(text) for text in samples] == [by_regex(text) for text in samples]
    assert sum(len(by_regex(text)) for text in texts) > 100
