"""Whole-text scans of pipeline.tables written so the regex engine skips fast, held to the plain patterns they
replace on real and synthetic text: the tokenizer's plain-line test (digits spelled out instead of \\d) and
the blank-mark note search of zero_marks (opening on the marks, not on an optional quote)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from pipeline.tables.blanks import EMPTY, _note, zero_marks
from pipeline.tables.tokens import _mark_chars, _plain_line, _tokenize_line, tokenize
from pipeline.tables.vocabulary import table_words
from tests.conftest import cleaned_report_texts

REPORTS = 40


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory, shared_corpus: Path) -> list[str]:
    return cleaned_report_texts(tmp_path_factory.mktemp("synthetic"), shared_corpus, seed=11, reports=REPORTS)


def _plain_by_class() -> re.Pattern[str]:
    """The plain-line test as first written: no \\d, no pipe, no blank-mark character."""
    return re.compile(rf"[^\d|{_mark_chars().pattern[1:-1]}]*")


def test_plain_line_test_agrees_with_the_digit_class_on_every_character() -> None:
    """Every character of the Basic Multilingual Plane is plain or not as \\d and the marks say (fails if one
    decimal digit of any script were left out of the spelled-out digits)."""
    plain, reference = _plain_line(), _plain_by_class()
    differing = [code for code in range(0x10000) if bool(plain(chr(code))) != bool(reference.fullmatch(chr(code)))]
    assert differing == []
    assert plain("一、概述 主动公开政府信息情况")
    assert not plain("共受理申请٣件")  # an Arabic-Indic digit is a digit for \d
    assert not plain("表中“—”表示0")


def test_a_line_taken_as_not_plain_gets_the_same_tokens(texts: list[str]) -> None:
    """A line beyond the plane (an emoji, a rare ideograph) is not plain to the fast test; the general
    tokenizer then reads it, and reads a line of words as the one label the plain branch makes."""
    assert not _plain_line()("政府信息公开\U0001F600工作")
    lines = [line for text in texts for line in text.split("\n") if line.strip() and _plain_by_class().fullmatch(line)]
    assert len(lines) > 500
    for line in lines:
        general: list = []
        _tokenize_line(line, 0, table_words(), general)
        assert tokenize(line) == general, line
        widened = line + "\U00020000"  # a CJK Extension B character: not plain to the fast test
        assert not _plain_line()(widened)
        assert [token.text for token in tokenize(widened)] == [widened.strip()]


def _marks_by_quoted_pattern(text: str) -> frozenset[str]:
    """zero_marks with the note pattern as first written: an optional opening quote before the mark."""
    words = table_words()
    body = _note().pattern
    quoted = re.compile(rf"[“\"‘'「]?{body}")
    return frozenset(EMPTY if m.group(1) in words.empty_cells else m.group(1) for m in quoted.finditer(text))


def test_zero_marks_finds_what_the_quoted_pattern_finds(texts: list[str]) -> None:
    """On real and synthetic reports, and on notes of every mark, quote and verb spliced into them at random
    places (quoted, unquoted, doubled quotes, a quote right before a mark that is no note)."""
    words = table_words()
    marks = sorted(words.not_stated | set(words.empty_cells))
    rng = random.Random(5)
    found_any = 0
    for text in texts:
        assert zero_marks(text) == _marks_by_quoted_pattern(text)
    for _ in range(3000):
        text = rng.choice(texts)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text) + 1)
            opening, closing = rng.choice([("", ""), ("“", "”"), ('"', '"'), ("「", "」"), ("‘", ""), ("““", "”")])
            note = f"{opening}{rng.choice(marks)}{closing}{rng.choice(['', '处', '的', ' '])}{rng.choice(words.blank_notes)}"
            note += rng.choice(["0", "零", "无", "1", ""])
            text = text[:at] + note + text[at:]
        expected = _marks_by_quoted_pattern(text)
        assert zero_marks(text) == expected, text
        found_any += bool(expected)
    assert found_any > 1000

