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
from dataclasses import dataclass
from functools import cache

FULL_WIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")

CHINESE_DIGITS = "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟廿"
COUNT_UNITS = "条件次宗项个人篇份场名期家位户所处"
# Longest first: 人次 before 人, 万元 before 元.
UNIT_WORDS = ("万元", "亿元", "人次", "件次", "场次", "户次", "元", "%", "‰", *COUNT_UNITS)
UNIT_ALIASES = {"件次": "件", "场次": "场"}

NUMBER = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?|[" + CHINESE_DIGITS + r"]+)"
    r"(?:[ \t]?(?P<mult>[万亿](?!元)))?"
    r"(?:[ \t]?(?P<approx>余|多|来))?"
    r"(?:[ \t]?(?P<unit>" + "|".join(re.escape(u) for u in UNIT_WORDS) + r"))?"
    r"(?P<alt>\((?:件|条|篇|次|个|份|宗|项)\))?"
)
APPROX_BEFORE = re.compile(r"(?:约|近|超过|超|逾|大约|将近|接近|不到|不足|近乎)$")
APPROX_AFTER = re.compile(r"^(?:左右|上下|以上|以下|余|多)")
DATE_AFTER = re.compile(r"^\s?(?:年|月|日|号|时|点|周年|年度|季度|〕|\]|】)")
DOC_BEFORE = re.compile(r"[〔\[【]$|[〔\[【]\d*$")
PHONE_BEFORE = re.compile(r"(?:电话|传真|热线|手机|联系方式|Tel|TEL|tel)[:：]?\s*$")
CODE_CHAR = re.compile(r"[A-Za-z@_/#&=]")


@dataclass(frozen=True)
class NumberSpan:
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


@cache
def _cn2an():  # imported on first use: most reports never write a Chinese numeral next to a unit
    import cn2an

    return cn2an


def parse_chinese_numeral(text: str) -> float | None:
    """二〇一八 -> 2018, 两 -> 2, 一千二百 -> 1200; None for anything that is not a well-formed numeral (十三五)."""
    if not text or any(ch not in CHINESE_DIGITS for ch in text):
        return None
    try:
        return float(_cn2an().cn2an(text.replace("○", "〇"), "normal"))
    except (ValueError, KeyError, IndexError):
        return None


def parse_arabic(text: str) -> float | None:
    try:
        return float(to_half_width(text).replace(",", ""))
    except ValueError:
        return None


def _scale(value: float, mult: str | None, unit: str | None) -> tuple[float, str | None]:
    if not mult:
        return value, unit
    if unit == "元":  # 3.48万元 is an amount in 万元, not 34800 元
        return value, mult + "元"
    return value * (10_000 if mult == "万" else 100_000_000), unit


def _kind(text: str, match: re.Match[str], unit: str | None, chinese: bool) -> str:
    start, end = match.start("num"), match.end("num")
    before = text[max(0, start - 12) : start]
    follow = text[end : end + 3]
    if before.endswith("第"):
        return "ordinal"
    if before and CODE_CHAR.match(before[-1]):
        return "code"  # part of an e-mail address, URL or code (x3833124@163.com)
    if DOC_BEFORE.search(before) or (unit is None and follow[:1] == "号"):
        return "doc_number"  # 〔2018〕23号, and 〔20192 where 〕 and 号 were lost
    if unit in ("%", "‰"):
        return "percent"
    if unit is not None:
        return "quantity"
    digits = sum(ch.isdigit() for ch in match.group("num"))
    joined = follow[:1] == "-" or before.endswith("-")
    if PHONE_BEFORE.search(before) or (digits >= 7 and joined):
        return "phone"
    if DATE_AFTER.match(follow) or DATE_AFTER.match(text[match.end() : match.end() + 3]):
        return "date"  # also 201811日 / 20181231日, dates whose 年 and 月 were lost
    if joined or follow[:1] in ("~", "至") and follow[1:2].isdigit():
        return "range"
    if follow[:1] in ("、", ".") and not follow[1:2].isdigit() and not chinese:
        return "list_marker"
    return "bare"


def _approximate(text: str, match: re.Match[str]) -> bool:
    if match.group("approx"):
        return True
    before = text[max(0, match.start() - 3) : match.start()]
    return bool(APPROX_BEFORE.search(before) or APPROX_AFTER.match(text[match.end() : match.end() + 2]))


def _unit(match: re.Match[str]) -> str | None:
    unit = match.group("unit")
    if unit is None and match.group("alt"):
        unit = match.group("alt")[1:-1]  # "1250(篇)": the classifier survived only in brackets
    return UNIT_ALIASES.get(unit, unit) if unit else None


def find_numbers(text: str) -> list[NumberSpan]:
    """Every number span in `text`, classified. Chinese numerals are kept only when a unit follows them."""
    text = to_half_width(text)
    spans: list[NumberSpan] = []
    for match in NUMBER.finditer(text):
        raw = match.group("num")
        chinese = not raw[0].isdigit()
        unit = _unit(match)
        if chinese:
            # 一是, 统一, 十三五: Chinese numerals count only as the number of something.
            if unit is None and not (match.group("approx") or "").strip() and not DATE_AFTER.match(text[match.end() :]):
                continue
            value = parse_chinese_numeral(raw + (match.group("mult") or ""))
            mult = None
            if value is None:
                continue
        else:
            value = parse_arabic(raw)
            mult = match.group("mult")
        if value is not None:
            value, unit = _scale(value, mult, unit)
        kind = _kind(text, match, unit, chinese)
        spans.append(
            NumberSpan(
                start=match.start(),
                end=match.end(),
                text=match.group(0),
                value=value,
                unit=unit,
                kind=kind,
                approximate=_approximate(text, match),
            )
        )
    return spans
