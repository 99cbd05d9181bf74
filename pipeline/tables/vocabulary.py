"""The words tables are made of (pipeline/data/table_words.csv): periods, units, totals, blank marks, headers.

Kept as data so that a new header word or blank mark is a one-line change, not a regex edit.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

TABLE_WORDS_CSV = "table_words.csv"
# Dashes and slashes a cell is made of when it states no figure; PDF and Word converters also draw it with a
# box-drawing line (─, ━), the minus sign (−) or a backslash (the diagonal of a struck-out cell)
BLANK_MARK_CHARACTERS = frozenset("—–―-/／－…─━−\\＼")


@dataclass(frozen=True)
class TableWords:
    periods: tuple[tuple[str, str], ...]  # (word, period), longest word first
    units: tuple[str, ...]  # longest first
    totals: frozenset[str]
    not_stated: frozenset[str]  # cell marks meaning "no figure given" (—, /)
    zero: frozenset[str]  # cell words meaning zero (无)
    headers: tuple[str, ...]  # longest first
    shares: tuple[str, ...]
    number_prefixes: tuple[str, ...]  # a number right after these is part of a name (第3, 附件1)
    quantity_suffixes: tuple[str, ...]  # a number right before these is prose (3件, 2019年), longest first
    blank_notes: tuple[str, ...]  # verbs of a note saying what a blank mark means ("—"表示0)
    empty_cells: tuple[str, ...]  # words for an empty cell (空白) in such a note
    code_columns: tuple[str, ...] = ()  # header words of a column of row codes (代码, 行次): identifiers, not figures
    first_columns: tuple[str, ...] = ()  # names of a table's first, label column (指标名称, 类别)
    earlier_year_marks: frozenset[str] = frozenset()  # before a year word, it names last year's column (上年度)
    value_columns: tuple[str, ...] = ()  # a figures column named by no period (数量): this year's beside a 累计 one
    other_flows: tuple[str, ...] = ()  # a clause with these (废止, 修订) counts documents other than those issued

    def period_of(self, text: str) -> str | None:
        for word, period in self.periods:
            if word in text:
                return period
        return None

    def is_blank_mark(self, text: str) -> bool:
        return text in self.not_stated or (bool(text) and all(ch in BLANK_MARK_CHARACTERS for ch in text))


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(words), key=len, reverse=True))


@cache
def table_words() -> TableWords:
    text = resources.files("pipeline.data").joinpath(TABLE_WORDS_CSV).read_text(encoding="utf-8")
    by_role: dict[str, list[tuple[str, str]]] = {}
    for row in csv.DictReader(text.splitlines()):
        by_role.setdefault(row["role"].strip(), []).append((row["word"].strip(), (row["value"] or "").strip()))

    def words(role: str) -> list[str]:
        return [word for word, _ in by_role.get(role, []) if word]

    periods = sorted(((w, v) for w, v in by_role.get("period", []) if w), key=lambda p: len(p[0]), reverse=True)
    return TableWords(
        periods=tuple(periods),
        units=_longest_first(words("unit")),
        totals=frozenset(words("total")),
        not_stated=frozenset(words("not_stated")),
        zero=frozenset(words("zero")),
        headers=_longest_first(words("header")),
        shares=_longest_first(words("share")),
        number_prefixes=_longest_first(words("number_prefix")),
        quantity_suffixes=_longest_first(words("quantity_suffix")),
        blank_notes=_longest_first(words("blank_note")),
        empty_cells=_longest_first(words("empty_cell")),
        code_columns=_longest_first(words("code_column")),
        first_columns=_longest_first(words("first_column")),
        earlier_year_marks=frozenset(words("earlier_year_mark")),
        value_columns=_longest_first(words("value_column")),
        other_flows=_longest_first(words("other_flow")),
    )
