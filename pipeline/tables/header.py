"""A non-standard table's header: its period columns (本年 / 2018年度 / 历年累计), whether it has a unit
column, and where the header ends and the first row's label begins when a crawler ran them together
(指标名称计量单位2011年度历年累计主动公开信息数条4251516).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.tables.rows import TextRow
from pipeline.tables.vocabulary import table_words



@dataclass(frozen=True)
class Header:
    text: str
    periods: tuple[str, ...]  # one per value column, in order: year, cumulative, or a comparison column's
    # (previous_year for 上年度, the year itself for 2011年度 beside 2012年度); empty when the header names none
    has_unit: bool
    has_code: bool = False  # a column of row codes (代码 01, 02…), as statistical forms print them


@cache
def _header_words() -> re.Pattern[str]:
    words = table_words()
    vocabulary = sorted({*words.headers, *(w for w, _ in words.periods)}, key=len, reverse=True)
    return re.compile("|".join(r"\s*".join(map(re.escape, word)) for word in vocabulary))


@cache
def _column_names() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(word) for word in table_words().first_columns))


@cache
def _period_words() -> re.Pattern[str]:
    """Period words as printed: whole (本年累计), or letter-spaced with a blank between every two characters
    (本 年 累 计). A blank anywhere else separates two columns: 本年 累计 is 本年 and 累计."""
    alternatives = []
    for word, _ in table_words().periods:  # longest first
        alternatives.append(re.escape(word))
        if len(word) > 1:
            alternatives.append(r"\s+".join(map(re.escape, word)))
    return re.compile("|".join(alternatives))


_YEAR_NAMED = re.compile(r"((?:19|20)\d{2})\s*年?\s*$")  # the year a column's header names (2012年度)


def read_header(text: str) -> Header:
    words = table_words()
    period_of = dict(words.periods)
    columns = []
    # a header's period words follow its first column's name (指标名称); text before it (a title run into
    # the header: "…2012年政府信息公开工作年度报告 指标名称 …") names no column
    first_column = _column_names().search(text)
    for match in _period_words().finditer(text, first_column.start() if first_column else 0):
        period = period_of["".join(match.group().split())]
        before = text[: match.start()].rstrip()
        if period == "year" and before[-1:] in words.earlier_year_marks:
            columns.append(("previous_year", None))  # 上年度 / 去年: last year's column, not this year's
            continue
        named = _YEAR_NAMED.search(text, 0, match.start()) if period == "year" else None
        columns.append((period, int(named.group(1)) if named else None))
    if columns and all(period == "cumulative" for period, _ in columns):
        columns = _with_value_columns(text, first_column.end() if first_column else 0, columns)
    named_years = {year for _, year in columns if year}
    # 2011年度 | 2012年度: a comparison with an earlier year; the table's own year is the latest it names,
    # and an earlier year's column is kept under that year, never as this year's figure
    latest = max(named_years) if len(named_years) > 1 else None
    periods = tuple(str(year) if latest and year and year != latest else period for period, year in columns)
    compact = re.sub(r"\s", "", text)
    return Header(text, periods, "单位" in compact, any(word in compact for word in words.code_columns))


@cache
def _value_column_cells() -> re.Pattern[str]:
    words = "|".join(map(re.escape, table_words().value_columns))
    return re.compile(f"(?<![^\\s|])(?:{words})(?![^\\s|])") if words else re.compile("(?!)")


def _with_value_columns(text: str, start: int, columns: list[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
    """指标名称 | 计量单位 | 数量 | 历年累计: a cell that only says 数量 beside the cumulative column is this year's
    figures. Only a whole cell counts: 数量 inside a label (行政复议数量) is no column."""
    cells = [match.start() for match in _value_column_cells().finditer(text, start)]
    if len(cells) != 1:
        return columns
    cumulative = [match.start() for match in _period_words().finditer(text, start)]
    position = sum(at < cells[0] for at in cumulative)
    return [*columns[:position], ("year", None), *columns[position:]]


@lru_cache(maxsize=8192)  # row labels repeat from report to report, and every row of every region is asked
def starts_table(label: str) -> bool:
    """The label holds a table's header: a first column's name (指标名称) followed by period columns or a
    unit column. A run of rows before such a label is text above the table, not its first rows."""
    first_column = _column_names().search(label)
    if first_column is None:
        return False
    rest = label[first_column.end() :]
    return "单位" in rest or _period_words().search(rest) is not None


def after_header(label: str) -> str:
    """The part of a label after the last header word in it (all of it when there is none)."""
    last = None
    for last in _header_words().finditer(label):
        pass
    return label if last is None else label[last.end() :].strip()


def split_first_row(row: TextRow) -> tuple[str, str, int]:
    """(header text, the row's own label, where that label starts) for a table's first row."""
    tail, tail_start = row.label_after_sentence()
    last = None
    for last in _header_words().finditer(tail):
        pass
    if last is None:
        return "", tail, tail_start
    label = tail[last.end() :]
    lead = len(label) - len(label.lstrip())
    return tail[: last.end()], label.strip(), _offset(row, tail_start, tail, last.end() + lead)


def _offset(row: TextRow, tail_start: int, tail: str, index: int) -> int:
    """The document offset of position `index` in the joined label tail."""
    position = 0
    for token in row.labels:
        if token.end <= tail_start:
            continue
        piece_start = max(token.start, tail_start)
        piece = token.text[piece_start - token.start :]
        if index <= position + len(piece):
            return piece_start + (index - position)
        position += len(piece) + 1
    return row.end


def strip_unit(label: str, has_unit: bool) -> tuple[str, str | None]:
    """The unit cell at the end of a label: a unit word standing apart (主动公开信息数 条), or, when the header
    names a unit column, run into the label (主动公开信息数条)."""
    units = table_words().units
    if not label.endswith(units):
        return label, None  # most labels end in no unit: one test in C instead of one per unit word
    for unit in units:
        if label.endswith(unit) and len(label) > len(unit):
            head = label[: -len(unit)]
            if has_unit or head[-1].isspace():
                return head.rstrip(), unit
    return label, None
