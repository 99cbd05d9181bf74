"""Identity's scans that start only at a match's possible first characters find what the plain regex scans
find; template markers read by substring tests, and self-references counted by regexes, are those a phrase
automaton reads."""

from __future__ import annotations

import random
import re
from pathlib import Path

import ahocorasick
import pytest

from pipeline.identity.agency import COMPILATION, COMPILATION_FIRSTS
from pipeline.identity.anchored import finditer_from, search_from
from pipeline.identity.lineage import TRIGGER
from pipeline.identity.template import _markers_found
from pipeline.identity.view import report_view
from pipeline.identity.vocabulary import count_phrases, phrase_finder, vocabulary

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
FILLER = ["，", "。", "\n", " ", "本机关", "全市", "政府信息公开", "工作", "年度报告", "2020年", "各", "汇", "合", "改"]


def _real_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(RAW.glob("*.txt"))]


def _random_texts(words: list[str], seed: int, count: int = 4000) -> list[str]:
    rng = random.Random(seed)
    pieces = words + FILLER
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(count)]


def _spans(matches) -> list[tuple[int, int]]:  # noqa: ANN001 - match iterators
    return [match.span() for match in matches]


TRIGGER_WORDS = TRIGGER.pattern.split("|")
# A pattern of literal alternatives to hold finditer_from to (lineage itself finds its words without a regex:
# lineage._trigger_spans).
TRIGGER_FIRSTS = "撤基更改并划整合"
COMPILATION_WORDS = ["汇总", "全市", "全县", "各乡镇", "各部门", "各单位", "年度报告", "工作情况", "编制", "汇总全区", "各有关单位"]


def test_the_first_characters_are_those_of_every_alternative() -> None:
    assert set(TRIGGER_FIRSTS) == {word[0] for word in TRIGGER_WORDS}
    assert set(COMPILATION_FIRSTS) == {"汇", "各"}


def test_trigger_scan_finds_what_the_trigger_regex_finds() -> None:
    texts = _real_texts() + _random_texts(TRIGGER_WORDS, seed=1)
    assert any(TRIGGER.search(text) for text in texts)
    for text in texts:
        assert _spans(finditer_from(TRIGGER, text, TRIGGER_FIRSTS)) == _spans(TRIGGER.finditer(text)), text


def test_compilation_search_finds_what_the_compilation_regex_finds() -> None:
    texts = _real_texts() + _random_texts(COMPILATION_WORDS, seed=2)
    assert sum(COMPILATION.search(text) is not None for text in texts) > 100
    for text in texts:
        for pos, endpos in ((0, len(text)), (3, max(3, len(text) - 5))):
            found = search_from(COMPILATION, text, COMPILATION_FIRSTS, pos, endpos)
            plain = COMPILATION.search(text, pos, endpos)
            assert (found.span() if found else None) == (plain.span() if plain else None), text


def test_a_missing_first_character_loses_matches() -> None:
    """The scan trusts its first characters: leaving one out loses the matches that begin with it."""
    text = "机构改革中撤销原规划局，整合组建自然资源局"
    assert _spans(finditer_from(TRIGGER, text, TRIGGER_FIRSTS.replace("撤", ""))) != _spans(TRIGGER.finditer(text))


def _automaton_markers(text: str) -> set[str]:
    automaton = ahocorasick.Automaton()
    for phrase in vocabulary().template_markers:
        automaton.add_word(phrase, phrase)
    automaton.make_automaton()
    return {phrase for _, phrase in automaton.iter(text)} if text else set()


def test_template_markers_hold_no_whitespace() -> None:
    # the flat text is read first because a marker the text holds survives the removal of whitespace
    assert all(phrase == "".join(phrase.split()) for phrase in vocabulary().template_markers)


def test_template_markers_are_those_the_automaton_reads_in_the_text_else_in_the_flat_text() -> None:
    markers = list(vocabulary().template_markers)
    rng = random.Random(3)
    cut = [marker[: len(marker) // 2] + rng.choice(["\n", " \n ", "\u3000"]) + marker[len(marker) // 2 :] for marker in markers]
    texts = _real_texts() + _random_texts(markers + cut, seed=4, count=1500)
    seen_kinds = set()
    for text in texts:
        view = report_view(text)
        found, read_in = _markers_found(view)
        expected = _automaton_markers(view.text)
        expected_in = view.text
        if not expected:
            expected, expected_in = _automaton_markers(view.flat_text), view.flat_text
        assert (found, read_in) == (expected, expected_in), text
        seen_kinds.add((bool(_automaton_markers(view.text)), bool(found)))
    assert seen_kinds == {(True, True), (False, True), (False, False)}  # text, flat text only, neither


def _automaton_counts(phrases: list[str], text: str) -> dict[str, int]:
    automaton = ahocorasick.Automaton()
    for phrase in phrases:
        automaton.add_word(phrase, phrase)
    automaton.make_automaton()
    counts: dict[str, int] = {}
    for _, phrase in automaton.iter(text):
        counts[phrase] = counts.get(phrase, 0) + 1
    return counts


def test_self_references_are_counted_by_literal_prefixed_regexes_as_the_automaton_counts() -> None:
    phrases = list(vocabulary().self_references)
    finder = phrase_finder(phrases)
    assert isinstance(finder, tuple)  # the self-references cannot overlap: the regexes count them
    texts = _real_texts() + _random_texts(phrases + ["我", "全", "本", "市", "机关"], seed=5)
    assert sum(bool(count_phrases(finder, text)) for text in texts) > 1000
    for text in texts:
        assert dict(count_phrases(finder, text)) == _automaton_counts(phrases, text), text


@pytest.mark.parametrize("phrases", [["我街", "我街道"], ["全市", "市全"], ["本本"], ["我市", "市区"]])
def test_phrases_that_can_overlap_are_counted_by_the_automaton(phrases: list[str]) -> None:
    finder = phrase_finder(phrases)
    assert not isinstance(finder, tuple)
    text = "我街道全市全本本本我市区"
    assert dict(count_phrases(finder, text)) == _automaton_counts(phrases, text)


def test_the_next_field_name_is_where_the_name_regex_finds_it_from_any_position() -> None:
    from pipeline.identity import view

    rng = random.Random(6)
    pieces = [*view.FIELD_NAMES.split("|"), ":", "：", " ", "\t", "\n", "XX县", "发", "时", "间", "日", "期", "源", "信息"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(5000)]
    assert sum(view.FIELD_NAME_COLON.search(text) is not None for text in texts) > 1000
    for text in texts:
        for at in range(0, len(text) + 1, 3):
            match = view.FIELD_NAME_COLON.search(text, at)
            assert view.first_field_name(text, at) == (match.start() if match else None), (text, at)
