"""The cheap tests the prose reader runs before a costly one must let through every case the costly one could
catch: full-width characters found by substring tests before the translation, the character before a number
checked before the phone-context search, a clause's length and last character before the list-opener regex, a
phrase's first character before the phrase regexes."""

from __future__ import annotations

from re import _parser as sre_parse

import pytest

from pipeline.extract.numbers import FULL_WIDTH, FULL_WIDTH_MARKS, PHONE_WORDS, find_numbers
from pipeline.extract.phrasebook import load_phrasebook
from pipeline.extract.prose_view import (
    FULL_WIDTH_CHARS,
    HALF_WIDTH,
    LIST_OPENER,
    LIST_OPENER_END,
    LIST_OPENER_REACH,
    build_view,
)
from pipeline.extract.regex_speed import first_chars


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


def test_the_list_opener_pretest_knows_the_regex_reach_and_last_character() -> None:
    low, high = sre_parse.parse(LIST_OPENER.pattern).getwidth()
    assert high == LIST_OPENER_REACH
    assert LIST_OPENER.pattern.endswith(LIST_OPENER_END + "$")


@pytest.mark.parametrize(
    ("text", "opens"),
    [
        ("在网站主动公开的425条政府信息中,政策法规类32条。", True),
        ("在已答复的36件申请中,同意公开20件。", True),
        ("在已答复的36件申请人提出的公开申请之中,同意公开20件。", False),  # 11 characters before 中: beyond the regex
        ("在已答复的36件申请人提出的申请之中,同意公开20件。", True),  # 9 characters before 中
        ("在已答复的36件申请人提出的书面申请中,同意公开20件。", True),  # 10 characters before 中: the most it reads
        ("全年受理申请36件,同意公开20件。", False),
    ],
)
def test_a_figure_opens_a_list_only_before_a_short_phrase_ending_in_zhong(text: str, opens: bool) -> None:
    view = build_view(text)
    figure = find_numbers(view.text)[0]
    assert view.opens_list(figure.end) is opens


def test_every_phrase_starts_with_a_character_its_set_lists() -> None:
    book = load_phrasebook()
    for phrases in (book.topics, book.after, book.zero_topics):
        assert phrases.first_chars is not None  # else the pre-test is off and the speed-up lost
        assert {literal[0] for literal in phrases.literals} <= phrases.first_chars
        for pattern, _ in phrases.patterns:
            assert first_chars(pattern.pattern) <= phrases.first_chars


def test_a_phrase_after_a_figure_is_found() -> None:
    text = "受理申请120件,另有103件顺延到下年度办理。"
    end = text.index("件,另有") + len("件,另有103件")
    assert load_phrasebook().after.match_at(text, end) is not None
