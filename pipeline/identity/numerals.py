"""Chinese numerals as they appear in years and dates: 二〇一八, 二○一九, 十二, 三十一."""

from __future__ import annotations

DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# The financial forms (贰零贰零年) some formal documents write years in
DIGITS |= {"壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
YEAR_PATTERN = r"(?:19|20)\d{2}|[一二][〇○零O一二三四五六七八九]{3}|[壹贰][〇○零壹贰叁肆伍陆柒捌玖]{3}"
SMALL_PATTERN = r"\d{1,2}|[一二三四五六七八九十]{1,3}"


def year_value(text: str) -> int | None:
    """2018 from "2018" or "二〇一八" (read digit by digit)."""
    if text.isdigit():
        return int(text)
    digits = [DIGITS.get(ch) for ch in text]
    if len(digits) != 4 or None in digits:
        return None
    return int("".join(str(d) for d in digits))


def small_value(text: str) -> int | None:
    """A month or day: "12", "十二", "二十一", "三十"."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    tens_value = DIGITS.get(tens, None) if tens else 1
    ones_value = DIGITS.get(ones, None) if ones else 0
    if tens_value is None or ones_value is None:
        return None
    return tens_value * 10 + ones_value
