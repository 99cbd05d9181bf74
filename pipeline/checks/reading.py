"""Whether the text around a stated breakdown holds a figure the extraction did not read.

A sum compares what was read. When the sentence listing a total's parts also holds a count that no statement
accounts for (the number and its unit read into no metric, category, rate or unmapped row), one part was lost
on the way, most often a number broken over a line ('其他类1\\n66条，占44.15%', '当面申请 1\\n0件'), and the
parts that were read fall short of the total for that reason alone. Such a breakdown is not judged: the
report may well add up, and a finding would blame it for the reading (100k synthetic run: 5 of 6 clean
reports flagged were such lists).

A figure here is a number followed by a counting unit of prose_units.csv (条, 件, 人次, 万元 ...): dates
(2015年), ordinals (第3次), item numbers (1.) and bare table cells are not counts a list could have lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

import duckdb
import pandas as pd

from pipeline.checks import rulebook
from pipeline.checks.frame import registered

# What ends a sentence: a list's parts never run past it.
SENTENCE_END = "。！？!?"
UNREAD = "_check_unread_breakdowns"
FLAGGED = "_check_flagged_breakdowns"
# Columns a guarded rule adds to its findings: where in the report text its parts (and whole) are stated.
WINDOW_COLUMNS = ("window_start", "window_end")


@cache
def counting_units() -> tuple[str, ...]:
    """Every unit prose_units.csv accepts for some metric, longest first (人次 before 人)."""
    units = {u for row in rulebook.prose_units() for u in row}
    return tuple(sorted(units, key=len, reverse=True))


@cache
def _figure() -> re.Pattern[str]:
    """A count as prose states it: digits (a line break may split them), an optional 余/多, then a unit."""
    units = "|".join(re.escape(u) for u in counting_units())
    return re.compile(rf"(?<![第\d.,])\d[\d,.]*(?:[ \t]*\n[ \t]*\d[\d,.]*)?[ \t]*[余多]?(?:{units})")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch of whole sentences covering text[start:end]."""
    lo = max((text.rfind(mark, 0, start) for mark in SENTENCE_END), default=-1) + 1
    ends = [i for i in (text.find(mark, end) for mark in SENTENCE_END) if i >= 0]
    return lo, (min(ends) + 1 if ends else len(text))


def _number(figure: str) -> float | None:
    digits = re.match(r"[\d,.\s]+", figure)
    try:
        return float(re.sub(r"[,\s]", "", digits.group()).rstrip(".")) if digits else None
    except ValueError:
        return None


def unread_figures(text: str, start: int, end: int, read: Iterable[tuple[int, int]], whole: float | None = None) -> list[str]:
    """Counts stated in the sentences of text[start:end] that no statement read (read: char_start, char_end).

    The breakdown's own whole is accounted for wherever the sentence states it: a list's total is read with the
    list, without a span of its own ('在…主动公开的425条政府信息中，机构职能…148条…')."""
    spans = list(read)
    lo, hi = sentence_bounds(text, start, end)
    return [
        m.group() for m in _figure().finditer(text, lo, hi)
        if not any(s <= m.start() < e for s, e in spans) and (whole is None or _number(m.group()) != whole)
    ]


def _unread_windows(conn: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, int, int]]:
    """report_id, window_start, window_end of every flagged breakdown whose sentences hold an unread figure
    (other than its stated whole)."""
    # Only a breakdown that falls short can have lost a part: one that exceeds its whole is wrong however read.
    windows = conn.execute(f"SELECT DISTINCT report_id, window_start, window_end, stated FROM {FLAGGED} "
                           f"WHERE window_start IS NOT NULL AND computed < stated ORDER BY report_id").fetchall()
    if not windows:
        return
    reports = f"(SELECT DISTINCT report_id FROM {FLAGGED} WHERE computed < stated)"
    texts = dict(conn.execute(f"SELECT report_id, text FROM report_texts WHERE report_id IN {reports}").fetchall())
    read: dict[str, list[tuple[int, int]]] = {}
    for table in ("metric_mentions", "category_values", "rate_statements", "unmapped_values"):
        for report_id, s, e in conn.execute(
            f"SELECT report_id, char_start, char_end FROM {table} "
            f"WHERE report_id IN {reports} AND char_start IS NOT NULL AND char_end IS NOT NULL"
        ).fetchall():
            read.setdefault(report_id, []).append((s, e))
    for report_id, start, end, whole in windows:
        text = texts.get(report_id)
        if text is not None and unread_figures(text, int(start), int(end), read.get(report_id, ()), whole):
            yield report_id, start, end


def read_in_full(conn: duckdb.DuckDBPyConnection, rule_sql: str) -> str:
    """The findings of `rule_sql` (RULE_COLUMNS plus WINDOW_COLUMNS) whose breakdown was read in full, as SQL
    over a temporary table that stays until `release` is called."""
    conn.execute(f"CREATE OR REPLACE TEMP TABLE {FLAGGED} AS {rule_sql}")
    unread = pd.DataFrame(list(_unread_windows(conn)), columns=["report_id", *WINDOW_COLUMNS])
    with registered(conn, {UNREAD: unread}):
        conn.execute(f"""CREATE OR REPLACE TEMP TABLE {FLAGGED} AS
                         SELECT f.* FROM {FLAGGED} AS f ANTI JOIN {UNREAD} AS u USING (report_id, window_start, window_end)""")
    return f"SELECT * FROM {FLAGGED}"


def release(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(f"DROP TABLE IF EXISTS {FLAGGED}")
