"""Scans read from literal anchors (the first characters of lineage's trigger words, each 、 of a section
heading, the numerals around a year) find what the regex scans they replace find, on real reports and random
text."""

from __future__ import annotations

import random
import re
from pathlib import Path

from pipeline.identity import lineage, template, title
from pipeline.identity.numerals import YEAR_PATTERN

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
TRIGGER_PIECES = ["合并入", "合并", "并入", "整合", "撤销", "基础上", "基础", "改名为", "改称", "改为", "改", "更名", "划入", "划",
                  "局", "。", "\n", " ", "撤", "上"]
SECTION_PIECES = ["一、", "二、", "十、", "十一、", "一", "、", " ", "\n", "\t", "\u3000", "\xa0", "\r", "\x1c", "概述", "。"]
YEAR_PIECES = ["2020", "202", "20", "0", "二〇", "二", "〇", "两", "o", "O", "一九", "年", "年度", " ", "\n", "县", "贰零", "٣"]


def _real_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(RAW.glob("*.txt"))]


def _random_texts(pieces: list[str], seed: int, count: int = 20000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 25))) for _ in range(count)]


def _sentences_by_regex(text: str) -> list[tuple[int, str]]:
    """What _sentences_with_triggers read when it scanned with TRIGGER.finditer."""
    spans: list[tuple[int, str]] = []
    for trigger in lineage.TRIGGER.finditer(text):
        start = max(text.rfind("。", 0, trigger.start()), text.rfind("\n", 0, trigger.start())) + 1
        if spans and start <= spans[-1][0] + len(spans[-1][1]):
            continue
        end = min(p for p in (text.find("。", trigger.end()), text.find("\n", trigger.end()), len(text)) if p >= 0)
        spans.append((start, text[start:end]))
    return spans


def test_trigger_words_found_by_first_character_are_the_regex_s_occurrences() -> None:
    text = "将原规划局合并入自然资源局，撤销旅游局。"
    assert [text[start:end] for start, end in lineage._trigger_spans(text)] == ["合并", "并入", "撤销"]
    found = 0
    for text in _random_texts(TRIGGER_PIECES, seed=5) + _real_texts():
        occurrences = {m.span() for m in lineage.TRIGGER.finditer(text)}
        spans = lineage._trigger_spans(text)
        assert spans == sorted(spans) and occurrences <= set(spans)
        assert all(lineage.TRIGGER.fullmatch(text, start, end) for start, end in spans)
        sentences = lineage._sentences_with_triggers(text)
        assert sentences == _sentences_by_regex(text), text
        found += len(sentences)
    assert found > 20000


def test_section_numerals_are_the_heading_regex_s() -> None:
    assert template.section_numerals("一、概述\n  二、公开\n十一、其他 三、") == {"一", "二"}
    found = 0
    texts = _random_texts(SECTION_PIECES, seed=6) + _real_texts()
    for text in texts:
        numerals = template.section_numerals(text)
        assert numerals == set(template.SECTION_HEADING.findall(text)), repr(text)
        found += len(numerals)
    assert found > 10000
    assert any(len(template.section_numerals(text)) >= 2 for text in _real_texts())


def test_year_numerals_hold_every_character_of_a_year_pattern_s_classes() -> None:
    classes = "".join(re.findall(r"\[([^\]]*)\]", YEAR_PATTERN))
    assert classes and set(classes) <= title.YEAR_NUMERALS
    assert not any(title._is_year_char(char) for char in "年度县 \n")


def test_years_before_nian_with_numerals_that_stand_in_no_year() -> None:
    """两 and o are numerals the catalog reads but no year holds: the run replayed is wider, the years the same."""
    blanks_before_nian = re.compile(r"\s*年")
    rng = random.Random(7)
    found = 0
    for text in _random_texts(YEAR_PIECES, seed=8):
        start = rng.randint(0, len(text))
        for window in ((0, len(text)), (start, rng.randint(start, len(text)))):
            plain = [m.start() for m in title.YEAR_START.finditer(text, *window) if blanks_before_nian.match(text, m.end(), window[1])]
            assert list(title._years_before_nian(text, *window)) == plain, (text, window)
            found += bool(plain)
    assert found > 1500


TITLE_PIECES = ["2020", "二〇二〇", "2019", "年", "度", "年度", "政府", "政 府", "政务", "信息", "资讯", "信 息", "公开", "公\n开",
                "工作", "情况", "的", "报告", "\n", " ", "县", "市人民", "（", "）", "。", "信", "开", "关于", "财政局"]


def _with_year_by_title(text: str, report_start: int, report_end: int) -> title._Found | None:
    """_with_year as it matched the whole TITLE from each year to the report word."""
    for year_start in title._years_before_nian(text, max(0, report_start - title.WINDOW), report_start):
        match = title.TITLE.match(text, year_start, report_start)
        if match:
            pre, start = title._words_before(text, match.start())
            if not pre:
                pre, start = title._bracketed_before(text, match.start())
            return title._Found(start, report_end, match.group("year"), title._agency_texts(pre, match.group("post")))
    return None


def test_titles_matched_up_to_the_last_phrase_are_the_whole_title_s_matches() -> None:
    rng = random.Random(9)
    # title-shaped texts (name, year, name, phrase, rest, report word), each slot sometimes a random piece
    slots = [["", "县", "关于", "市人民政府"], ["2020", "二〇二〇", "2019 ", "20"], ["年", "年度", "年 度", " 年"], ["", "县", "财政局", "（县）"],
             ["", "政府", "政 府", "政务"], ["信息", "资讯", "信 息"], ["公开", "公\n开"], ["", "工作", "情况"], ["", "年度", "的"],
             ["报告", "年报", "报\n告", "工作报告"], ["", "。", "本报告"]]
    texts = ["".join(rng.choice(options) if rng.random() < 0.85 else rng.choice(TITLE_PIECES) for options in slots) for _ in range(20000)]
    texts += [text + rng.choice(["报告", "年报"]) for text in _random_texts(TITLE_PIECES, seed=10)]
    found = 0
    for text in texts + _real_texts():
        for report_start, report_end in title._report_word_ends(text):
            phrase = title._last_phrase_start(text, max(0, report_start - title.WINDOW), report_start)
            reaches = phrase is not None and title.PHRASE_REST.fullmatch(text, phrase.end(), report_start) is not None
            by_title = _with_year_by_title(text, report_start, report_end)
            assert (title._with_year(text, report_start, report_end, phrase) if reaches else None) == by_title, text
            found += by_title is not None
    assert found > 3000


def test_report_words_read_from_each_bao_are_every_occurrence_of_each_word() -> None:
    found = 0
    for text in _random_texts(["报", "告", "年", "\n", "报告", "年报", "县"], seed=11) + _real_texts():
        every = sorted((at, at + len(word)) for word in title.REPORT_WORDS for at in range(len(text)) if text.startswith(word, at))
        assert title._report_word_ends(text) == every, repr(text)
        found += len(every)
    assert found > 20000
