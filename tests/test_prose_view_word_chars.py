"""The view keeps one space between two ASCII letters or digits across a whitespace run: the set it asks must
hold exactly the characters of the class [0-9A-Za-z]."""

from __future__ import annotations

import re

from pipeline.extract.prose_view import ASCII_WORD_CHARS, build_view


def test_the_set_is_the_class() -> None:
    word = re.compile(r"[0-9A-Za-z]")
    assert {chr(code) for code in range(0x10000) if word.fullmatch(chr(code))} == ASCII_WORD_CHARS


def test_one_space_stays_between_ascii_words_only() -> None:
    assert build_view("Tel 0571 8888").text == "Tel 0571 8888"
    assert build_view("受理 12 件").text == "受理12件"
    assert build_view("本机关 2019 年 abc def").text == "本机关2019年abc def"
