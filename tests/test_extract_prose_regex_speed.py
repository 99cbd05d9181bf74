"""The first-character start set that keeps whole-text scans fast must never change what a pattern matches."""

from __future__ import annotations

import re

import pytest

from pipeline.extract.phrasebook import CUES_CSV, read_phrase_data, load_phrasebook, trie_regex
from pipeline.extract.regex_speed import compile_with_start_set, first_chars, with_first_chars


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


def _scanned_patterns() -> list[str]:
    book = load_phrasebook()
    patterns = [row["pattern"] for row in read_phrase_data(CUES_CSV)]
    for phrases in (book.topics, book.zero_topics, book.after):
        patterns.append(trie_regex(list(phrases.literals)))
        patterns.append("|".join(pattern.pattern for pattern, _ in phrases.patterns))
    return patterns


def test_every_cue_and_phrase_scan_finds_the_same_matches_with_the_lookahead() -> None:
    for pattern in _scanned_patterns():
        plain = re.compile(pattern)
        fast = with_first_chars(pattern)
        assert [m.span() for m in fast.finditer(TEXT)] == [m.span() for m in plain.finditer(TEXT)], pattern


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def test_the_start_set_finds_what_the_plain_pattern_finds_in_real_reports(shared_corpus) -> None:  # noqa: ANN001
    texts = [TEXT] + [path.read_text(encoding="utf-8") for path in sorted((shared_corpus / "raw").glob("*.txt"))]
    compiled = 0
    for pattern in _scanned_patterns():
        chars = first_chars(pattern)
        if chars is None:
            continue
        fast, plain = compile_with_start_set(pattern, chars), re.compile(pattern)
        compiled += 1
        for text in texts:
            assert _matches(fast, text) == _matches(plain, text), pattern
            assert [fast.match(text, i) is not None for i in range(0, len(text), 7)] == [
                plain.match(text, i) is not None for i in range(0, len(text), 7)
            ], pattern
    assert compiled >= 20


def test_a_known_start_set_is_compiled_in_not_put_up_front_as_a_lookahead() -> None:
    """The lookahead form is only the fallback: on this Python the scan must get the start set itself."""
    assert with_first_chars("(行政)?复议").pattern == "(行政)?复议"
    assert with_first_chars("(行政)?复议").search("提起行政诉讼和复议").span() == (7, 9)


def test_a_start_set_is_refused_for_a_pattern_that_can_match_nothing() -> None:
    with pytest.raises(ValueError):
        compile_with_start_set("(的)?", frozenset("的"))
