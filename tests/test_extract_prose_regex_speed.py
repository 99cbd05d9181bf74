"""The first-character lookahead that keeps whole-text scans fast must never change what a pattern matches."""

from __future__ import annotations

import re

import pytest

from pipeline.extract.phrasebook import CUES_CSV, read_phrase_data, load_phrasebook, trie_regex
from pipeline.extract.regex_speed import first_chars, with_first_chars


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("未收到|免收", {"未", "免"}),
        ("(?<=[,;年])无(?!法)|(未|没有)(收到)", {"无", "未", "没"}),
        ("(行政)?复议", {"行", "复"}),
        ("[零0]件", {"零", "0"}),
        ("(的)?数", {"的", "数"}),
    ],
)
def test_first_characters(pattern: str, expected: set[str]) -> None:
    assert first_chars(pattern) == expected


@pytest.mark.parametrize("pattern", ["(的)?", r"\d+", "[^,;]+", "a*b?"])
def test_unknowable_first_characters(pattern: str) -> None:
    assert first_chars(pattern) is None


TEXT = (
    "2018年,未收到依申请公开政务信息的申请;全年无行政复议、行政诉讼案件,收费为0元,一律免收相关费用。"
    "其中结果维持2件,其他结果1件;全年主动公开政府信息79条,网站发布信息16条,历年累计公开政府信息46269条。"
)


def test_every_cue_and_phrase_scan_finds_the_same_matches_with_the_lookahead() -> None:
    book = load_phrasebook()
    patterns = [row["pattern"] for row in read_phrase_data(CUES_CSV)]
    for phrases in (book.topics, book.zero_topics, book.after):
        patterns.append(trie_regex(list(phrases.literals)))
        patterns.append("|".join(pattern.pattern for pattern, _ in phrases.patterns))
    for pattern in patterns:
        plain = re.compile(pattern)
        fast = with_first_chars(pattern)
        assert [m.span() for m in fast.finditer(TEXT)] == [m.span() for m in plain.finditer(TEXT)], pattern
