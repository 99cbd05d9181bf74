"""Rate statements: a sentence stating a whole, a part of it and the part's rate ("今年我局共受理审批事项117件，
办结171件，办结率100%").

Such a sentence claims arithmetic a check can test whatever it counts (requests, approvals, letters): the part
is at most the whole, and part / whole is the stated rate, up to the rate's rounding. A rate is kept with the
whole it is a share of (the first count after a whole verb such as 受理/收到 in the sentence, before the part)
and with its part: the count after the rate's own verb (办结率 -> 办结…件), or the whole itself when the sentence
says all of it was done (已全部办结, 均已答复). Nothing is read into what the sentence does not state: a rate
with no whole before it is not a statement about counts, one whose part is neither counted nor "all" stays
with part_value None (办结率100% alone cannot be checked).

Left out on purpose: rates qualified by time, place or quality (按时办结率, 提前办结率, 满意率: a subset of the
part, not the part itself), parts qualified the same way (当场答复12件), and a whole and part in different
units. A sentence that also counts cases carried over between years is kept but marked (carried_over): its
part may rightly exceed its whole.

Counts and rates may be written in Chinese numerals (受理申请十二件，办结十二件，办结率百分之百), read by the
project's one numeral reader (pipeline.extract.numbers); a run of numeral characters that is no number (十三五)
counts nothing.

The vocabulary is data: pipeline/data/rate_phrases.csv.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pipeline.extract.numbers import CHINESE_DIGITS, DECIMAL_POINT, is_approximate, parse_arabic, parse_chinese_numeral
from pipeline.extract.prose_view import ProseView, build_view
from pipeline.model import RateStatement

CHINESE_NUMBER = f"[{CHINESE_DIGITS}]+"
NUMBER = rf"(\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{CHINESE_NUMBER})"
# A rate as digits and % (100%) or in words (百分之百, 百分之九十六点六): the rate pattern's groups 2 and 3
PERCENT = rf"(?:{NUMBER}\s?%|百分之({CHINESE_NUMBER}(?:{DECIMAL_POINT}[{CHINESE_DIGITS}]+)?))"
GAP = r"[^\d,;:。!?%率\n]"  # what may stand between a verb and its count: words, never another figure or clause
WHOLE_GAP = 16
PART_GAP = 12
QUALIFIER_REACH = 4  # characters before a rate or part verb that may qualify it (按时, 一次性)
CLAUSE_BREAK = ";"


@dataclass(frozen=True)
class RateVocabulary:
    rate: re.Pattern[str]
    whole: re.Pattern[str]
    qualified: re.Pattern[str]
    carried_over: re.Pattern[str]
    all_done: re.Pattern[str]
    units: str
    prefilter: re.Pattern[str]
    # The character every rate word ends with (率), or None: a substring search for it costs a few instructions a
    # character, the prefilter's start set (办, 答, 回, 处) ~100, and few texts hold a 率 at all
    mark: str | None


def _phrases() -> dict[str, list[str]]:
    text = resources.files("pipeline.data").joinpath("rate_phrases.csv").read_text(encoding="utf-8")
    by_kind: dict[str, list[str]] = {}
    for row in csv.DictReader(text.splitlines()):
        by_kind.setdefault(row["kind"].strip(), []).append(row["phrase"].strip())
    return by_kind


@cache
def vocabulary() -> RateVocabulary:
    phrases = _phrases()
    rates = "|".join(map(re.escape, phrases["rate"]))
    # longest units first: 人次 before 次
    units = "|".join(sorted((u for p in phrases["unit"] for u in p.split("|")), key=len, reverse=True))
    whole_verbs = "|".join(map(re.escape, phrases["whole_verb"]))
    return RateVocabulary(
        rate=re.compile(rf"({rates})(?:均为|均达|为|达到|达|是|保持在|保持)?\s?{PERCENT}"),
        whole=re.compile(rf"({whole_verbs})({GAP}{{0,{WHOLE_GAP}}}?)\s?{NUMBER}\s?({units})"),
        qualified=re.compile(rf"(?:{'|'.join(phrases['qualifier'])})$"),
        carried_over=re.compile("|".join(phrases["carried_over"])),
        all_done=re.compile("|".join(phrases["all_done"])),
        units=units,
        prefilter=re.compile(rates),
        mark=marks.pop() if len(marks := {phrase[-1] for phrase in phrases["rate"]}) == 1 else None,
    )


def _number(text: str) -> float | None:
    """A count or rate as written: digits (1,676) or a Chinese numeral (十二); None for numeral characters that
    are no number (十三五)."""
    return parse_arabic(text) if text[0].isdigit() else parse_chinese_numeral(text)


def _percent(rate: re.Match[str]) -> float | None:
    """The rate's percent: 100% -> 100, 百分之九十八 -> 98, 百分之百 -> 100 (after 百分之 a numeral may open with its
    unit, 百 for 一百, as 十 stands for 一十)."""
    if rate.group(2) is not None:
        return _number(rate.group(2))
    words = rate.group(3)
    value = parse_chinese_numeral(words)
    return value if value is not None else parse_chinese_numeral("一" + words)


def _qualified(vocab: RateVocabulary, text: str, start: int) -> bool:
    return bool(vocab.qualified.search(text, max(0, start - QUALIFIER_REACH), start))


@cache
def _part_pattern(verb: str) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(verb)}(?:了|完毕|完成)?({GAP}{{0,{PART_GAP}}}?)\s?{NUMBER}\s?({vocabulary().units})")


def _part(vocab: RateVocabulary, text: str, verb: str, start: int, end: int) -> re.Match[str] | None:
    """The last unqualified count of `verb` in text[start:end] (办结171件, 已办结依申请公开申请50件)."""
    found = None
    for match in _part_pattern(verb).finditer(text, start, end):
        if not _qualified(vocab, text, match.start()) and _number(match.group(2)) is not None:
            found = match
    return found


def _whole(vocab: RateVocabulary, text: str, start: int, end: int) -> re.Match[str] | None:
    """The first count after a whole verb in text[start:end] (共受理审批事项117件)."""
    for match in vocab.whole.finditer(text, start, end):
        if not _qualified(vocab, text, match.start()) and _number(match.group(3)) is not None:
            return match
    return None


def _hedged(text: str, match: re.Match[str], number_group: int) -> bool:
    """The count of a whole or part match is approximate (约30件, 近300件, 30件左右)."""
    return is_approximate(text, match.start(number_group), match.end())


def _statement(vocab: RateVocabulary, view: ProseView, document_text: str, sentence: tuple[int, int],
               rate: re.Match[str]) -> RateStatement | None:
    text = view.text
    rate_name = rate.group(1)
    rate_pct = _percent(rate)
    if rate_pct is None or _qualified(vocab, text, rate.start()):
        return None
    verb = rate_name[:-1]  # 办结率 is the share 办结
    part = _part(vocab, text, verb, sentence[0], rate.start())
    whole_end = part.start() if part else rate.start()
    # The whole is read in the clause run (between semicolons) holding the part, and in the whole sentence
    # only when that run states none: "受理行政复议3件；收到申请52件，办结50件" is about the 52.
    clause_start = text.rfind(CLAUSE_BREAK, sentence[0], whole_end) + 1 or sentence[0]
    whole = _whole(vocab, text, clause_start, whole_end) or _whole(vocab, text, sentence[0], whole_end)
    if whole is None or _hedged(text, whole, 3) or (part is not None and _hedged(text, part, 2)):
        return None  # 受理申请约30件: an approximate count is no whole (or part) a rate can be checked against
    unit = whole.group(4)
    whole_value = _number(whole.group(3))
    part_value: float | None = None
    part_stated = "none"
    if part is not None:
        if part.group(3) != unit:
            return None  # 受理咨询300人次，办结12件: not a part of that whole
        part_value, part_stated = _number(part.group(2)), "count"
    else:
        done = vocab.all_done.search(text, whole.end(), rate.start())
        if done is not None and verb in done.group(0):
            part_value, part_stated = whole_value, "all"
    start, end = view.document_span(whole.start(), rate.end())
    return RateStatement(
        rate_name=rate_name,
        rate_pct=rate_pct,
        whole_label=whole.group(2).strip() or whole.group(1),
        whole_value=whole_value,
        part_label=verb,
        part_value=part_value,
        part_stated=part_stated,
        unit=unit,
        carried_over=bool(vocab.carried_over.search(text, sentence[0], sentence[1])),
        snippet=document_text[start:end],
        char_start=start,
        char_end=end,
    )


def extract_rates(text: str) -> list[RateStatement]:
    """Every rate statement of a cleaned document text, in text order."""
    vocab = vocabulary()
    if (vocab.mark is not None and vocab.mark not in text) or not vocab.prefilter.search(text):
        return []
    view = build_view(text)
    statements = []
    for sentence in view.sentences():
        if vocab.mark is not None and view.text.find(vocab.mark, *sentence) < 0:
            continue  # no rate word in the sentence
        for rate in vocab.rate.finditer(view.text, *sentence):
            statement = _statement(vocab, view, text, sentence, rate)
            if statement is not None:
                statements.append(statement)
    return statements
