"""Number spans in report text: what each number is, its value and its unit.

Reports write quantities as Arabic digits (full- or half-width, with thousands separators and decimals),
Chinese numerals (二〇一八, 两, 一千二百), with 万/亿 multipliers, 万元 amounts, percentages and classifiers
(条 件 次 宗 项 个 人 篇 份 场 ...). The same digits also appear in dates, document numbers (〔2018〕23号),
phone numbers, ordinals (第1季度) and list markers (1、), and scraping often drops 年/月/日/〕/号 so that
"201811日至20181231日" or "瓯政办〔20192" remain: those are never quantities. `find_numbers` classifies every
number span once so the extractors only ever look at `kind == "quantity"` (or "percent").
"""

from __future__ import annotations

import re
from functools import partial
from typing import NamedTuple

FULL_WIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")
FULL_WIDTH_MARKS = "０１２３４５６７８９．％"  # what find_numbers must half-width first (a full-width comma alone need not)

CHINESE_DIGITS = "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟廿"
COUNT_UNITS = "条件次宗项个人篇份场名期家位户所处起"  # 起: cases (行政复议案件2起)
# Numeral and classifier that make a word, not a count: 一起 is "together" far more often than "one case"
NOT_A_COUNT = frozenset({"一起"})
# Longest first: 人次 before 人, 万元 before 元.
UNIT_WORDS = ("万元", "亿元", "人次", "件次", "场次", "户次", "元", "%", "‰", *COUNT_UNITS)
UNIT_ALIASES = {"件次": "件", "场次": "场"}

UNIT_PATTERN = "|".join(re.escape(u) for u in UNIT_WORDS)  # a unit after a number, longest first
_UNIT = UNIT_PATTERN
_ALT_UNIT = r"\((?:件|条|篇|次|个|份|宗|项)\)"
NUMBER = re.compile(
    # The number opens with a class of its first character so that the engine skips, in its tight C start-set
    # loop, every position that cannot start one; a lookahead would be tried at every position (~40% slower).
    # What follows that character: digits (1,234.5 or 1234.5), or a Chinese numeral.
    r"(?P<num>[\d" + CHINESE_DIGITS + r"](?:(?<=\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d*(?:\.\d+)?)"
    # 一是, 统一, 十三五: a Chinese numeral counts only as the number of something (or as a date).
    r"|[" + CHINESE_DIGITS + r"]*(?=(?:余|多|来)?[ \t]?(?:" + _UNIT + "|" + _ALT_UNIT + r")|[年月日号])))"
    r"(?:[ \t]?(?P<mult>[万亿](?!元)))?"
    r"(?:[ \t]?(?P<approx>余|多|来))?"
    r"(?:[ \t]?(?P<unit>" + _UNIT + r"))?"
    r"(?P<alt>" + _ALT_UNIT + r")?"
)
APPROX_WORDS_BEFORE = ("约", "近", "超过", "超", "逾", "大约", "将近", "接近", "不到", "不足", "近乎")
APPROX_WORDS_AFTER = ("左右", "上下", "以上", "以下", "余", "多", "许(?!可)")  # 1200条许 (written style); 3件许可申请 is a count
APPROX_BEFORE = re.compile("(?:" + "|".join(APPROX_WORDS_BEFORE) + ")$")
APPROX_AFTER = re.compile("(?:" + "|".join(APPROX_WORDS_AFTER) + ")")
# A word before a number ends on the character before it (or the one before that, as $ also matches before a
# final line break), a word after it starts on the character after it: numbers with neither need no regex
APPROX_BEFORE_LAST = frozenset(word[-1] for word in APPROX_WORDS_BEFORE)
APPROX_AFTER_FIRST = frozenset(word[0] for word in APPROX_WORDS_AFTER)
DATE_AFTER = re.compile(r"\s?(?:年|月|日|号|时|点|周年|年度|季度|〕|\]|】)")
DOC_OPENERS = "〔[【"
DOC_OPENER_CHARS = frozenset(DOC_OPENERS)  # a set: "" (no character before) is in no set, but in every str
DASHES = frozenset("-—–－")
PHONE_WORDS = ("电话", "传真", "热线", "手机", "联系方式", "Tel", "TEL", "tel")
PHONE_COLONS = ":："
PHONE_BEFORE = re.compile("(?:" + "|".join(PHONE_WORDS) + ")[" + PHONE_COLONS + r"]?\s*$")
# PHONE_BEFORE ends right before the number (or before a final line break): the character before a number it can
# match before is whitespace, a colon or the last character of a phone word. Any other character: no search.
PHONE_LAST_CHARS = frozenset(PHONE_COLONS + "".join(word[-1] for word in PHONE_WORDS))
CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz@_/#&=")


class NumberSpan(NamedTuple):
    """A number found in text. `start`/`end` cover the number and its unit; `value` is None when unparsable."""

    start: int
    end: int
    text: str
    value: float | None
    unit: str | None  # normalised unit (件, 条, 万元, % ...), None for a bare number
    kind: str  # quantity, percent, bare, date, doc_number, phone, ordinal, list_marker, range, code
    approximate: bool = False

    @property
    def is_quantity(self) -> bool:
        return self.kind == "quantity" and not self.approximate


def to_half_width(text: str) -> str:
    """Full-width digits, point, comma and percent sign to ASCII; the length is unchanged so offsets hold."""
    return text.translate(FULL_WIDTH)


DIGIT_VALUES = {
    **dict.fromkeys("零〇○", 0), "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}


def _positional(text: str) -> float | None:
    """二〇一八 read digit by digit."""
    if len(text) < 2 or any(ch not in DIGIT_VALUES for ch in text):
        return None
    return float(int("".join(str(DIGIT_VALUES[ch]) for ch in text)))


DECIMAL_POINT = "点"  # 九十六点六 = 96.6: the digits after it are read one by one


def parse_chinese_numeral(text: str) -> float | None:
    """二〇一八 -> 2018, 两 -> 2, 一千二百 -> 1200, 廿 -> 20, 九十六点六 -> 96.6; None for what is not one numeral
    (十三五, 百)."""
    if DECIMAL_POINT in text:
        whole, _, fraction = text.partition(DECIMAL_POINT)
        integer = parse_chinese_numeral(whole)
        if integer is None or not fraction or any(ch not in DIGIT_VALUES for ch in fraction):
            return None
        return float(f"{int(integer)}.{''.join(str(DIGIT_VALUES[ch]) for ch in fraction)}")
    text = text.replace("廿", "二十")
    if not text or any(ch not in DIGIT_VALUES and ch not in SMALL_UNITS and ch not in LARGE_UNITS for ch in text):
        return None
    if not any(ch in SMALL_UNITS or ch in LARGE_UNITS for ch in text):
        return float(DIGIT_VALUES[text]) if len(text) == 1 else _positional(text)
    total, section, digit = 0, 0, None
    last_small, last_large = 10_000, 10**12
    for ch in text:
        if ch in DIGIT_VALUES:
            if digit is not None and DIGIT_VALUES[ch] != 0:
                return None  # two digits in a row (十三五 = 13, 5)
            digit = DIGIT_VALUES[ch] or None
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if unit >= last_small or (digit is None and unit != 10):
                return None  # only 十 stands without a digit before it (百 alone is not a number)
            section += (digit if digit is not None else 1) * unit
            digit, last_small = None, unit
        else:
            unit = LARGE_UNITS[ch]
            if unit >= last_large or (section == 0 and digit is None):
                return None
            total += (section + (digit or 0)) * unit
            section, digit, last_small, last_large = 0, None, 10_000, unit
    return float(total + section + (digit or 0))


WHOLE_SHARE = "百"  # 百分之百: the whole


def parse_share_words(words: str) -> float | None:
    """The number of a share written in words after 百分之: 十五 -> 15, 十五点五 -> 15.5, 百 (百分之百) -> 100."""
    return 100.0 if words == WHOLE_SHARE else parse_chinese_numeral(words)


def parse_arabic(text: str) -> float | None:
    if "," in text or "，" in text:  # most numbers have no separator: no replace calls for them
        text = text.replace(",", "").replace("，", "")
    try:
        return float(text)  # float() reads full-width digits itself
    except ValueError:
        return None


def _scale(value: float, mult: str | None, unit: str | None) -> tuple[float, str | None]:
    if not mult:
        return value, unit
    if unit == "元":  # 3.48万元 is an amount in 万元, not 34800 元
        return value, mult + "元"
    return value * (10_000 if mult == "万" else 100_000_000), unit


def _kind(text: str, start: int, end: int, unit: str | None, chinese: bool) -> str:
    """What the number at text[start:end] (digits only, without unit) is."""
    previous = text[start - 1] if start else ""
    if previous == "第":
        return "ordinal"
    if previous in CODE_CHARS:
        return "code"  # part of an e-mail address, URL or code (x3833124@163.com)
    if previous in DOC_OPENER_CHARS:
        return "doc_number"  # 〔2018〕23号
    if unit is not None:
        return "percent" if unit in ("%", "‰") else "quantity"
    # every slice of CJK text is a new string (~500 instructions): the characters after are cut out once
    follow = text[end : end + 3]
    first = follow[:1]
    if first == "号":
        return "doc_number"  # 〔20192 where 〕 and 号 were lost
    joined = first in DASHES or previous in DASHES
    if (joined and end - start >= 7) or (
        (previous in PHONE_LAST_CHARS or previous.isspace()) and PHONE_BEFORE.search(text, max(0, start - 12), start)
    ):
        return "phone"
    if DATE_AFTER.match(follow):
        return "date"  # also 201811日 / 20181231日, dates whose 年 and 月 were lost
    if joined or first in ("~", "至", "到") and follow[1:2].isdigit():
        return "range"
    if first in ("、", ".") and not follow[1:2].isdigit() and not chinese:
        return "list_marker"
    return "bare"


def is_approximate(text: str, start: int, end: int) -> bool:
    """Whether the number (with its unit) at text[start:end] is hedged: 约30件, 近300个, 1000条以上."""
    # the one or two characters before, each looked at once (a slice of CJK text is a new string)
    if (
        start
        and (text[start - 1] in APPROX_BEFORE_LAST or (start > 1 and text[start - 2] in APPROX_BEFORE_LAST))
        and APPROX_BEFORE.search(text, max(0, start - 3), start)
    ):
        return True
    return text[end : end + 1] in APPROX_AFTER_FIRST and bool(APPROX_AFTER.match(text, end, end + 3))


def find_numbers(text: str) -> list[NumberSpan]:
    """Every number span in `text`, classified. Chinese numerals are kept only before a unit or a date."""
    if any(map(text.__contains__, FULL_WIDTH_MARKS)):  # substring tests in C: a third of a regex class scan
        text = to_half_width(text)
    spans: list[NumberSpan] = []
    for match in NUMBER.finditer(text):
        raw, mult, approx, unit, alt = match.groups()
        start, end = match.span()
        if unit is None and alt:
            unit = alt[1:-1]  # "1250(篇)": the classifier survived only in brackets
        if unit in UNIT_ALIASES:
            unit = UNIT_ALIASES[unit]
        chinese = not raw[0].isdigit()
        if chinese:
            if unit and raw + unit in NOT_A_COUNT:
                continue
            value = parse_chinese_numeral(raw)
            if value is None:
                continue
        else:
            value = parse_arabic(raw)
            if value is not None and mult:
                value, unit = _scale(value, mult, unit)
        kind = _kind(text, start, start + len(raw), unit, chinese)
        countable = kind in ("quantity", "bare")
        approximate = bool(approx) or (countable and is_approximate(text, start, end))
        spans.append(_number_span((start, end, text[start:end], value, unit, kind, approximate)))
    return spans


# NumberSpan(...) runs the named tuple's Python-level __new__ (~3,400 instructions a number); its fields built
# straight into the tuple cost a third of that, and a report's prose holds dozens of numbers
_number_span = partial(tuple.__new__, NumberSpan)
