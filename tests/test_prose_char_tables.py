"""Character tables (numpy lookups over a text's code points) stand in for regex class scans over the prose view:
its clause ends and where its cue words can start. They must find exactly what the regexes find."""

from __future__ import annotations

import random
from pathlib import Path

from pipeline.extract.numbers import CHINESE_DIGITS
from pipeline.extract.phrasebook import load_phrasebook
from pipeline.extract.prose_view import CLAUSE_END_RE, build_view
from pipeline.codepoints import code_points
from pipeline.extract.regex_speed import CharTable, StartScan, first_chars, start_scan
from tests.conftest import plain_text_reports

PIECES = [
    *"的年度申请公开政府信息行政复议诉讼件条人次未无零收到发生免收不予其中均为共计合计主动依",
    *CHINESE_DIGITS,
    *"0123456789０１２３４５６７８９．％，；：（）！？",
    *",;:()。!?\n \t.%、-—~至号〔〕",
    "٣",  # an Arabic-Indic digit: \d in a Python regex
    "𝟑",  # a digit beyond the BMP (MATHEMATICAL BOLD DIGIT THREE)
    "😀",  # beyond the BMP, no digit
    "未收到", "没有发生", "无。", "为零", "各0件", "类别", "分类", "主要有", "包括", "电话:", "2019年", "12件", "3.5万元",
    "百分之十五", "十三五", "一起", "约30件", "1,234条",
]


def _random_texts(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 120))) for _ in range(count)]



def test_positions_are_the_characters_of_the_set() -> None:
    chars = set(",;。\n无")
    table = CharTable(chars)
    for text in _random_texts(2000):
        assert table.positions(code_points(text)) == [i for i, ch in enumerate(text) if ch in chars]


def test_characters_beyond_the_bmp_are_members_only_when_asked() -> None:
    text = "a😀b𝟑。"
    assert CharTable("。").positions(code_points(text)) == [4]
    assert CharTable("。", beyond_bmp=True).positions(code_points(text)) == [1, 3, 4]
    assert CharTable("😀。").positions(code_points(text)) == [1, 3, 4]  # one entry for them all: a superset


def test_clause_ends_are_the_regex_matches(shared_corpus: Path) -> None:
    texts = [build_view(text).text for text in plain_text_reports(shared_corpus)] + _random_texts(2000)
    for text in texts:
        view = build_view(text)
        assert view._clause_ends == [m.start() for m in CLAUSE_END_RE.finditer(view.text)]


def _cue_patterns():
    book = load_phrasebook()
    scanned = [book.cue(kind) for kind in ("zero_verb", "zero_word", "category_intro", "cumulative", "comparison")]
    assert all(start_scan(pattern) is not None for pattern in scanned)
    return scanned


def test_start_scans_find_what_finditer_finds(shared_corpus: Path) -> None:
    views = [build_view(text) for text in plain_text_reports(shared_corpus) + _random_texts(1500)]
    for pattern in _cue_patterns():
        for view in views:
            assert [m.span() for m in view.finditer(pattern)] == [m.span() for m in pattern.finditer(view.text)]


def test_a_scan_missing_a_first_character_misses_its_matches() -> None:
    pattern = load_phrasebook().cue("zero_verb")
    chars = first_chars(pattern.pattern)
    assert chars is not None and "免" in chars
    text = "本年度免收相关费用。"
    short = StartScan(pattern, chars - {"免"})
    assert [m.span() for m in StartScan(pattern, chars).finditer(text, code_points(text))] == [(3, 5)]
    assert list(short.finditer(text, code_points(text))) == []
