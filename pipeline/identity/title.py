"""Report titles: "<agency><year>年(度)政府信息公开工作年度报告" and its variants, wherever they appear.

A title may be the page's `标题:` field, a line of its own, broken over two lines (PDF), preceded by
navigation debris, or quoted in the opening ("现向社会公布柯城区2020年政府信息公开工作年度报告"); the
agency may come before the year or after it ("2025年上海市人民政府办公厅政府信息公开工作年度报告").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from pipeline.identity.numerals import DIGITS, YEAR_PATTERN, year_value
from pipeline.identity.view import ReportView
from pipeline.identity.vocabulary import vocabulary
from pipeline.identity.year import YearFinding, plausible

NAME_CHARS = r"[\u4e00-\u9fff（）()〇○]"
NAME_RUN = re.compile(f"{NAME_CHARS}*")
# Searched only in a window before each 报告/年报 (found with str.find), anchored on the year; the words
# before the year are read backwards in Python (a regex would retry them at every position).
# 信息 is 资讯 in Taiwan's and Hong Kong's wording (政府資訊公開, which ingest simplifies to 政府资讯公开)
INFORMATION = r"(?:信\s*息|资\s*讯)"
YEAR_AND_NAME = rf"(?P<year>{YEAR_PATTERN})\s*年\s*度?\s*(?P<post>{NAME_CHARS}{{0,40}}?)\s*(?:政\s*府|政\s*务)?\s*"
PHRASE_TO_END = rf"{INFORMATION}\s*公\s*开\s*(?:工\s*作\s*)?(?:年\s*度\s*|情\s*况\s*)?(?:工\s*作\s*)?(?:的\s*)?$"
TITLE = re.compile(YEAR_AND_NAME + PHRASE_TO_END)
# TITLE up to its phrase, matched with the phrase's start as the end: see _with_year
TITLE_BEFORE_PHRASE = re.compile(YEAR_AND_NAME + "$")
REPORT_WORDS = ("报告", "年报", "报\n告")  # each holds one 报: _report_word_ends reads them from it
WINDOW = 110  # the year, the agency after it and the 政府信息公开工作年度 words fit in this
MAX_PRE = 60
PHRASE_REACH = 16  # 公开 + 工作年度/情况的 and some spaces fit between 公开 and 报告
MAX_LINE_ABOVE = 20  # a line above a title that is part of it: a short run of name characters
YEAR_START = re.compile(YEAR_PATTERN)
# Every character a YEAR_PATTERN match can hold is a decimal digit (\d) or one of these: the numerals the
# catalog reads. A superset (两 and o stand in no year) only widens the run finditer is replayed over.
YEAR_NUMERALS = frozenset(DIGITS)
PHRASE_START = re.compile(rf"{INFORMATION}\s*公\s*开")
PHRASE_REST = re.compile(r"\s*(?:工\s*作\s*)?(?:年\s*度\s*|情\s*况\s*)?(?:工\s*作\s*)?(?:的\s*)?")
# The year between the phrase and the report word: 福州市鼓楼区人民政府信息公开2020年年报, …公开2020年度工作报告
YEAR_INSIDE = re.compile(rf"\s*({YEAR_PATTERN})\s*年\s*度?\s*(?:工\s*作\s*)?(?:年\s*度\s*)?")
YEAR_AFTER = re.compile(rf"\s*[(（]\s*({YEAR_PATTERN})\s*年?\s*度?\s*[)）]")
# Words that join a title's agency to the rest of a sentence or a notice: the agency is what is left
CONNECTOR_WORDS = ("关于印发", "关于公布", "关于发布", "关于", "印发", "转发", "公布", "发布", "编制的", "编制", "现将", "的")
CONNECTORS = re.compile("|".join(CONNECTOR_WORDS))


@dataclass(frozen=True)
class TitleMatch:
    text: str
    year: YearFinding | None
    agency_texts: tuple[str, ...]  # words around the year that may name the reporting body, likeliest first
    source: str  # page_title (the page's 标题 field) or text
    own_line: bool  # the title stands on its own line(s), not inside a sentence


def _inside_book_title(text: str, at: int) -> bool:
    """A title quoted as a document name (《关于做好2018年政府信息公开工作年度报告…的通知》) is not this report's."""
    before = text[max(0, at - 80) : at]
    return before.rfind("《") > before.rfind("》")


@cache
def _link_marker() -> re.Pattern[str]:
    """Any link marker: one search of the words before a title instead of a substring test per marker."""
    return re.compile("|".join(map(re.escape, vocabulary().link_markers)))


def _is_link(text: str, at: int) -> bool:
    """A title listed as a link to another page (上一篇：…, 相关链接 …) is that page's, not this one's."""
    line_start = text.rfind("\n", 0, at) + 1
    return _link_marker().search(text, max(line_start, at - 40), at) is not None


def _words_before(text: str, at: int) -> tuple[str, int]:
    """The run of name characters ending at `at`, and its start. A title broken over lines (PDF) continues
    on up to two short lines above, each made of name characters only."""
    end = _skip_back(text, at, " \t")
    if end > 0 and text[end - 1] == "\n":
        end = _skip_back(text, end - 1, " \t\r")
    start = _name_run_start(text, end)
    for _ in range(2):
        line_start = text.rfind("\n", 0, start) + 1
        if text[line_start:start].strip() or start == 0 or end - start >= MAX_PRE:
            break  # the run does not begin its line: nothing above belongs to it
        above_end = _skip_back(text, start - 1, " \t\r") if text[start - 1] == "\n" else _skip_back(text, start, " \t")
        if above_end <= 0 or text[above_end - 1] == "\n":
            break
        above_start = _name_run_start(text, above_end)
        line_above = text[text.rfind("\n", 0, above_end) + 1 : above_end].strip()
        if above_start == above_end or len(line_above) > MAX_LINE_ABOVE or line_above != text[above_start:above_end]:
            break
        start = above_start
    words = "".join(text[start:end].split())
    return words, start


# 【福州市财政局】2020年政府信息公开工作年度报告: the agency set off in brackets in front of the year
BRACKETS = {"】": "【", "〕": "〔", "］": "［", "]": "["}


def _bracketed_before(text: str, at: int) -> tuple[str, int]:
    """The words of a bracket closing right before `at` (【福州市财政局】2020年…), when the bracket holds only
    name characters; else nothing."""
    end = _skip_back(text, at, " \t")
    if end == 0 or text[end - 1] not in BRACKETS:
        return "", at
    start = _name_run_start(text, end - 1)
    if start == 0 or text[start - 1] != BRACKETS[text[end - 1]] or start == end - 1:
        return "", at
    return text[start : end - 1], start - 1


def _skip_back(text: str, at: int, chars: str) -> int:
    while at > 0 and text[at - 1] in chars:
        at -= 1
    return at


def _name_run_start(text: str, end: int) -> int:
    """The start of the run of name characters (at most MAX_PRE) that ends at `end`: the run is matched
    from the front of the reversed stretch before `end`, not read back a character at a time in Python."""
    before = text[max(0, end - MAX_PRE) : end]
    return end - NAME_RUN.match(before[::-1]).end()  # type: ignore[union-attr] - a * run always matches


def _agency_texts(pre_words: str, post_words: str) -> tuple[str, ...]:
    """The words before the year (last clause) and after it (first clause), the likelier one first."""
    pre = [part for part in CONNECTORS.split(pre_words) if part]
    post = [part for part in CONNECTORS.split(post_words) if part]
    before = pre[-1:] if pre else []
    after = post[:1] if post else []
    # "特向社会公布" + 2013年度 + "平潭县地税局": the body named after the year is the reporting one
    # pre_words has no whitespace, so a connector "at the end" ($) is one it ends with
    ordered = after + before if pre_words.endswith(CONNECTOR_WORDS) else before + after
    return tuple(ordered)


def _own_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return len(text[line_start:line_end].strip(" \t|")) <= len(text[start:end].strip()) + 12


def _report_word_ends(text: str) -> list[tuple[int, int]]:
    """(start, end) of every 报告/年报 (REPORT_WORDS) in `text`, in order.

    Read from each 报 (one str.find for a single character, well under an instruction a character) instead
    of a str.find per word (~4.5 a character each): every word holds 报, and the words around it are checked
    where it stands. A 年报 starts a character before its 报, so it comes before a 报告 on the same 报."""
    found = []
    at = text.find("报")
    while at >= 0:
        if at > 0 and text[at - 1] == "年":
            found.append((at - 1, at + 1))
        if text.startswith("告", at + 1):
            found.append((at, at + 2))
        elif text.startswith("\n告", at + 1):
            found.append((at, at + 3))
        at = text.find("报", at + 1)
    return found


@dataclass(frozen=True)
class _Found:
    start: int  # where the words naming the agency begin
    end: int
    year: str | None
    agency_texts: tuple[str, ...]


def _is_year_char(char: str) -> bool:
    return char.isdecimal() or char in YEAR_NUMERALS


def _years_before_nian(text: str, start: int, end: int) -> Iterator[int]:
    """The starts of YEAR_START.finditer(text, start, end) that a 年 follows (blanks between): the only places
    TITLE can match, in ascending order.

    Found from each 年 (str.find) instead of scanning the window with YEAR_START, whose opening class costs
    ~240 instructions a character. A year four characters before a 年 is one finditer yields unless a match
    it steps over covers it (2020201年: finditer takes 2020, not 0201), which can only happen within the run
    of year characters around it: finditer is replayed over that run alone."""
    nian = text.find("年", start, end)
    while nian >= 0:
        year_end = nian
        while year_end > start and text[year_end - 1].isspace():
            year_end -= 1
        year_start = year_end - 4
        if year_start >= start and YEAR_START.match(text, year_start, end):
            run_start = year_start
            while run_start > start and _is_year_char(text[run_start - 1]):
                run_start -= 1
            if run_start == year_start or any(m.start() == year_start for m in YEAR_START.finditer(text, run_start, year_end)):
                yield year_start
        nian = text.find("年", nian + 1, end)


def _with_year(text: str, report_start: int, report_end: int, phrase: re.Match[str]) -> _Found | None:
    """<agency><year>年度<agency>政府信息公开工作年度报告. `phrase` is the last 信息公开 before the report word,
    and only its rest (工作年度…, PHRASE_REST) stands between it and the word.

    TITLE.match(text, year_start, report_start), matched up to that phrase alone: TITLE's phrase is followed by
    PHRASE_REST alone, which holds no 信 or 资, so it is the window's last phrase; with the phrase's rest reaching
    the report word, TITLE matches where its part before the phrase (TITLE_BEFORE_PHRASE) ends on the phrase's
    start, taking the same year and the same (shortest) name. Failing TITLE matches cost ~45k instructions
    each: each of the name's 40 lengths retried the phrase and its optional words."""
    for year_start in _years_before_nian(text, max(0, report_start - WINDOW), report_start):
        match = TITLE_BEFORE_PHRASE.match(text, year_start, phrase.start())
        if match:
            pre, start = _words_before(text, match.start())
            if not pre:
                pre, start = _bracketed_before(text, match.start())
            return _Found(start, report_end, match.group("year"), _agency_texts(pre, match.group("post")))
    return None


def _last_phrase_start(text: str, start: int, end: int) -> re.Match[str] | None:
    """The last match of PHRASE_START.finditer(text, start, end): the last 信息公开 before the report word.

    A match holds no 信 or 资 after its first character, so matches never overlap and the last one starts at
    the last 信 or 资 where the phrase matches: read back from the end with rfind instead of scanning the
    window with the pattern."""
    at = end
    while (at := max(text.rfind("信", start, at), text.rfind("资", start, at))) >= 0:
        match = PHRASE_START.match(text, at, end)
        if match:
            return match
    return None


def _without_year(text: str, report_start: int, report_end: int, phrase: re.Match[str], phrase_ends: bool) -> _Found | None:
    """<agency>政府信息公开工作年度报告, with the year in brackets after it (（2016年度）) or nowhere, or between
    the phrase and the report word (<agency>信息公开2020年年报). `phrase` is the last 信息公开 before the
    report word; `phrase_ends` says whether only the phrase's rest (工作年度…) stands between it and the word."""
    inside = None if phrase_ends else YEAR_INSIDE.fullmatch(text, phrase.end(), report_start)
    if not phrase_ends and inside is None:
        return None
    phrase_start = phrase.start()
    candidates = []
    government = re.search(r"(?:政\s*府|政\s*务)\s*$", text[max(0, phrase_start - 6) : phrase_start])
    if government:  # 仙居县人民政府|政府信息公开: the 政府 may belong to the phrase or to the name
        candidates.append(_words_before(text, phrase_start - len(government.group(0))))
    candidates.append(_words_before(text, phrase_start))
    texts = tuple(part for pre, _ in candidates for part in _agency_texts(pre, "") if part)
    start = min(at for _, at in candidates)
    if inside is not None:
        return _Found(start, report_end, inside.group(1), texts)
    year = YEAR_AFTER.match(text, report_end)
    return _Found(start, year.end() if year else report_end, year.group(1) if year else None, texts)


def _title_matches(text: str) -> list[_Found]:
    matches = []
    for start, end in _report_word_ends(text):
        if "开" not in text[max(0, start - PHRASE_REACH) : start]:
            continue  # not …信息公开(工作)(年度)报告: most 报告 in a text are "本报告"
        phrase = _last_phrase_start(text, max(0, start - WINDOW), start)
        if phrase is None:
            continue  # no 信息公开 in the window: neither form can match
        phrase_ends = PHRASE_REST.fullmatch(text, phrase.end(), start) is not None
        # a title with its year in front ends on the last phrase (_with_year): only where that phrase's rest
        # reaches the report word
        found = (_with_year(text, start, end, phrase) if phrase_ends else None) or _without_year(text, start, end, phrase, phrase_ends)
        if found and (found.year or found.agency_texts):
            matches.append(found)
    return matches


def find_titles(view: ReportView) -> list[TitleMatch]:
    """Every title-shaped phrase: the page's 标题 field first, then the head's, in text order."""
    found: list[TitleMatch] = []
    sources = [("page_title", view.header[k]) for k in ("标题", "题名") if k in view.header]
    sources.append(("text", view.head))
    # last resort: the head without line breaks, for a title broken inside its year (关于20\n22年…)
    sources.append(("flat", view.flat_head))
    for source, text in sources:
        if source == "flat" and any(t.year and t.own_line for t in found):
            break
        for match in _title_matches(text):
            if _inside_book_title(text, match.start) or _is_link(text, match.start):
                continue
            whole = text[match.start : match.end].strip()
            year = year_value(match.year) if match.year else None
            finding = YearFinding(year, "title", whole) if plausible(year) else None  # type: ignore[arg-type]
            own_line = source == "page_title" or (source == "text" and _own_line(text, match.start, match.end))
            found.append(TitleMatch(whole, finding, match.agency_texts, source, own_line))
    return found
