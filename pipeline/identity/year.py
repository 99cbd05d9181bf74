"""The year a report covers: its statistics period, its title, its opening, indirect references, its body.

Never the publication date on its own: a report for 2018 is published in 2019. Unknown when the report
gives no evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from pipeline.identity.numerals import YEAR_PATTERN, year_value
from pipeline.identity.view import ReportView
from pipeline.identity.vocabulary import vocabulary

FIRST_YEAR = 2000  # reports start with 2008 (the Regulations took effect then); earlier years are other things
LAST_YEAR = 2100

# 统计期限为2020年1月1日至…, also with characters lost in scraping (统计期限为201811日至20181231日)
PERIOD = re.compile(rf"统计(?:期限|时限|时间|区间|范围|周期)[^0-9〇○零一二]{{0,6}}?({YEAR_PATTERN})")
DATE_RANGE = re.compile(rf"({YEAR_PATTERN})年1月1日(?:起)?(?:至|到|—|-|~)(?:({YEAR_PATTERN})年)?12月31日")
# "2013年,我市…", "2013年度全县…": a sentence about the year, as opposed to dates ("2014年1月") and titles of documents
BODY_YEAR = re.compile(rf"({YEAR_PATTERN}) ?年(?:度)?(?! ?(?:[0-9]|[一二三四五六七八九十]{{1,2}}月))")
SENTENCE_YEAR = re.compile(rf"(?:^|[。\n;；])\s*(?:[(（]?[一二三四五六七八九十]+[)）、.]?)?\s*({YEAR_PATTERN}) ?年(?:度)?(?:[,，]|以来|全年|我|本|全)", re.M)
BOOK_TITLE = re.compile(r"《[^《》\n]{0,80}》")


@dataclass(frozen=True)
class YearFinding:
    year: int
    source: str  # period, title, indirect, body
    evidence: str


def plausible(year: int | None) -> bool:
    return year is not None and FIRST_YEAR <= year <= LAST_YEAR


@cache
def _indirect_patterns() -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    clues = vocabulary().year_clues
    plans = "|".join(map(re.escape, clues.plans))
    positions = "|".join(map(re.escape, sorted(clues.positions, key=len, reverse=True)))
    plan = re.compile(rf"是[^。]{{0,20}}?({plans})[^。，,]{{0,15}}?({positions})")
    events = "|".join(map(re.escape, clues.events))
    return plan, (re.compile(rf"是[^。]{{0,20}}?({events})") if events else None)


def indirect_year(flat: str) -> YearFinding | None:
    """"…是"十二五"规划开局之年" = 2011; "…是建党100周年" = 2021."""
    clues = vocabulary().year_clues
    plan, event = _indirect_patterns()
    match = plan.search(flat)
    if match:
        return YearFinding(clues.plans[match.group(1)] + clues.positions[match.group(2)], "indirect", match.group(0))
    match = event.search(flat) if event else None
    if match:
        return YearFinding(clues.events[match.group(1)], "indirect", match.group(0))
    return None


def period_year(flat: str) -> YearFinding | None:
    match = PERIOD.search(flat)
    if match and plausible(year_value(match.group(1))):
        return YearFinding(year_value(match.group(1)), "period", match.group(0))  # type: ignore[arg-type]
    match = DATE_RANGE.search(flat)
    if match:
        start, end = year_value(match.group(1)), year_value(match.group(2)) if match.group(2) else None
        if plausible(start) and end in (None, start):
            return YearFinding(start, "period", match.group(0))  # type: ignore[arg-type]
    return None


def body_year(text: str) -> YearFinding | None:
    """The year the body keeps talking about, if one clearly dominates."""
    without_titles = BOOK_TITLE.sub("", text)
    counts: Counter[int] = Counter()
    for match in BODY_YEAR.finditer(without_titles):
        year = year_value(match.group(1))
        if plausible(year):
            counts[year] += 1  # type: ignore[index]
    for match in SENTENCE_YEAR.finditer(without_titles):
        year = year_value(match.group(1))
        if plausible(year):
            counts[year] += 2  # type: ignore[index]
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
        return None
    year = ranked[0][0]
    return YearFinding(year, "body", f"{year}年 stated {ranked[0][1]} times (weighted)")


def find_year(view: ReportView, title_year: YearFinding | None) -> YearFinding | None:
    """The covered year, from the strongest evidence the report gives."""
    return period_year(view.flat_head) or title_year or indirect_year(view.flat_head) or body_year(view.text)
