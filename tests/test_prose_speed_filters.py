"""The cheap tests the prose reader runs before a costly one must let through every case the costly one could
catch: full-width characters found by substring tests before the translation, and the character before a number
checked before the phone-context search."""

from __future__ import annotations

import pytest

from pipeline.extract.numbers import FULL_WIDTH, FULL_WIDTH_MARKS, PHONE_WORDS, find_numbers
from pipeline.extract.prose_view import FULL_WIDTH_CHARS, HALF_WIDTH, build_view


def test_every_full_width_character_the_view_translates_is_looked_for() -> None:
    assert {chr(code) for code in HALF_WIDTH} == set(FULL_WIDTH_CHARS)


@pytest.mark.parametrize("char", list(FULL_WIDTH_CHARS))
def test_one_full_width_character_alone_is_translated(char: str) -> None:
    text = f"受理申请5件{char}办结4件"
    assert build_view(text).text == text.translate(HALF_WIDTH)


@pytest.mark.parametrize("char", list(FULL_WIDTH_MARKS))
def test_one_full_width_digit_or_mark_alone_makes_numbers_read_half_width(char: str) -> None:
    assert chr(next(k for k, v in FULL_WIDTH.items() if k == ord(char))) == char
    text = f"受理申请12{char}5件"
    assert [n.text for n in find_numbers(text)] == [n.text for n in find_numbers(text.translate(FULL_WIDTH))]


@pytest.mark.parametrize("word", PHONE_WORDS)
@pytest.mark.parametrize("separator", ["", ":", "：", " ", ": ", "：\t", "\n", ":\u3000"])
def test_a_number_after_a_phone_word_is_a_phone_number(word: str, separator: str) -> None:
    if word.isascii() and not separator:
        pytest.skip("a number glued to Latin letters is part of a code (Tel24336240)")
    (number,) = find_numbers(f"如有疑问请联系{word}{separator}24336240")
    assert number.kind == "phone"


def test_a_number_after_other_words_is_no_phone_number() -> None:
    assert [n.kind for n in find_numbers("电话会议24336240次,电话 号24336240")] == ["quantity", "bare"]
