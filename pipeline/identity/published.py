"""When a report was published: the page's date field, the date line under the title, or the signature date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipeline.identity.numerals import SMALL_PATTERN, YEAR_PATTERN, small_value, year_value
from pipeline.identity.view import ReportView

DATE_FIELDS = ("发布时间", "发布日期", "发文日期", "成文日期", "日期", "时间", "生成日期")
DATE = re.compile(
    rf"(?P<y>{YEAR_PATTERN})\s*(?:年\s*(?P<m>{SMALL_PATTERN})\s*月\s*(?P<d>{SMALL_PATTERN})\s*日"
    rf"|[-/.](?P<m2>\d{{1,2}})[-/.](?P<d2>\d{{1,2}})(?!\d))"
)
INLINE_FIELD = re.compile(r"(?:发布时间|发布日期|成文日期|时间|日期)\s*[:：]\s*")
DATE_LINE = re.compile(rf"^[(（\[【]?\s*({DATE.pattern})\s*[)）\]】]?$")
# A signature date that lost its 年/月/日 in scraping: 201918 = 2019-1-8, kept only when no other reading exists
RUN_TOGETHER = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2,4})日?(?:印发)?$")
MAX_DELAY_YEARS = 3  # reports appear in the first months after their year; later dates belong to something else


@dataclass(frozen=True)
class DateFinding:
    iso: str
    source: str  # page, title_line, signature
    evidence: str


def _date(match: re.Match[str]) -> date | None:
    year = year_value(match.group("y"))
    month = small_value(match.group("m") or match.group("m2") or "")
    day = small_value(match.group("d") or match.group("d2") or "")
    try:
        return date(year, month, day) if year and month and day else None  # type: ignore[arg-type]
    except ValueError:
        return None


def _run_together(text: str) -> date | None:
    match = RUN_TOGETHER.search(text)
    if not match:
        return None
    year, digits = int(match.group(1)), match.group(2)
    readings = set()
    for split in range(1, len(digits)):
        try:
            readings.add(date(year, int(digits[:split]), int(digits[split:])))
        except ValueError:
            continue
    return readings.pop() if len(readings) == 1 else None


def _plausible(found: date | None, year: int | None) -> bool:
    return found is not None and (year is None or year <= found.year <= year + MAX_DELAY_YEARS)


def find_published(view: ReportView, year: int | None) -> DateFinding | None:
    for field in DATE_FIELDS:
        match = DATE.search(view.header.get(field, ""))
        if match and _plausible(_date(match), year):
            return DateFinding(_date(match).isoformat(), "page", f"{field}: {view.header[field]}")  # type: ignore[union-attr]
    head = view.head[:1500]
    # every field name ends in 时间 or 日期: a head with neither (most) has none to scan for
    for field in INLINE_FIELD.finditer(head) if "时间" in head or "日期" in head else ():
        match = DATE.match(view.head, field.end())
        if match and _plausible(_date(match), year):
            return DateFinding(_date(match).isoformat(), "page", view.head[field.start() : match.end()])  # type: ignore[union-attr]
    for line in view.first_head_lines(8):
        if line.startswith("一") or "。" in line:
            break  # the body has begun: dates from here on are about something else
        match = DATE_LINE.match(line)
        if match:
            found = _date(DATE.search(line))  # type: ignore[arg-type]
            if _plausible(found, year):
                return DateFinding(found.isoformat(), "title_line", line)  # type: ignore[union-attr]
    for line in reversed(view.last_tail_lines(8)):
        compact = line.replace(" ", "")
        match = DATE.search(compact)
        found = _date(match) if match and match.end() >= len(compact) - 3 else _run_together(compact)
        if _plausible(found, year):
            return DateFinding(found.isoformat(), "signature", line)  # type: ignore[union-attr]
    return None
