"""Cutting run-together digits back into cells.

A crawler that drops cell borders turns 425 | 1516 into "4251516". Every way to cut such a run is listed
here; which one is right is decided by whoever knows the table (its width, its row arithmetic, the other
rows), never here. A figure never starts with 0 unless it is 0 itself, so "0000000" has one reading.

Dashes are cut the same way. A Chinese dash "——" is two "—" characters, and a report prints a blank cell either
as "—" or as "——", so a run of n dashes between run-together figures ("8——1—110") holds from n/2 (rounded up)
to n blank cells (or is one mark, as it was always read); each count is a reading, and the row's width and
arithmetic decide, as they do for digits. No mark is written with two slashes, so a run of n slashes
("5///117") holds n blank cells (or is one mark).
"""

from __future__ import annotations

import dataclasses
from collections import namedtuple
from collections.abc import Callable, Iterator, Sequence

from pipeline.tables.tokens import BLANK, Token

MAX_READINGS = 20000  # partial readings examined before a row is declared unreadable
DASH = "—"  # U+2014; "——", the Chinese dash, is two of them
SLASH = "/"  # a blank cell of its own: no mark is written with two of them


class CellValue(namedtuple("CellValue", "value start end")):
    """One cell of a table row, immutable: its figure (None when the cell states none) and where it sits in
    the text.

    A named tuple rather than a frozen dataclass, as Token is: table 三's column scoring reads every row as
    cells under each layout it tries, and building a tuple costs a fraction of setting a frozen dataclass's
    three slots. Equality, hash and FrozenInstanceError on assignment are the dataclass's."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


Reading = tuple[CellValue, ...]

# A cell of the table that the row does not print at all (a converter dropped it): neither a figure nor a blank
# mark, so it states nothing, not even "empty".
NOT_PRINTED = CellValue(None, -1, -1)


class TooManyCuts(Exception):
    """The cutting search went past its budget: the run is left unread."""


def digit_cuts(
    digits: str, parts: int, ceiling: float | None = None, exact: bool = False, budget: list[int] | None = None
) -> Iterator[tuple[int, ...]]:
    """Every way to cut `digits` into `parts` numbers without leading zeros, as widths. With a `ceiling`,
    no number and no running sum of the numbers exceeds it (cells that add up to a total); `exact`: the
    numbers add up to the ceiling itself. `budget` ([steps left]) raises TooManyCuts when spent."""
    if budget is not None:
        budget[0] -= 1
        if budget[0] < 0:
            raise TooManyCuts
    if len(digits) < parts or parts < 1:
        return
    if parts == 1:
        if len(digits) == 1 or digits[0] != "0":
            value = int(digits)
            if ceiling is None or value == ceiling or (value < ceiling and not exact):
                yield (len(digits),)
        return
    widths = (1,) if digits[0] == "0" else range(1, len(digits) - parts + 2)
    for width in widths:
        value = int(digits[:width])
        if ceiling is not None and value > ceiling:
            break
        rest_ceiling = None if ceiling is None else ceiling - value
        for rest in digit_cuts(digits[width:], parts - 1, rest_ceiling, exact, budget):
            yield (width, *rest)


def _token_cells(token: Token, widths: Sequence[int]) -> tuple[CellValue, ...]:
    cells = []
    offset = 0
    for width in widths:
        piece = token.text[offset : offset + width]
        cells.append(CellValue(float(piece), token.start + offset, token.start + offset + width))
        offset += width
    return tuple(cells)


def is_splittable(token: Token, loose: bool = False) -> bool:
    """Digits that may hold several cells: glued to text, or (`loose`) any run outside a pipe cell when the
    row is known to be short of cells (a 15-cell row printed as one run of digits)."""
    return (token.glued or (loose and not token.cell)) and token.text.isdigit() and len(token.text) > 1


def whole_cell(token: Token) -> CellValue:
    return CellValue(None if token.kind == BLANK else token.value, token.start, token.end)


# _cell(CellValue, (value, start, end)): a CellValue without the argument handling of CellValue(...), for the
# loops that build a cell per token.
_cell = tuple.__new__


def whole_cells(tokens: list[Token]) -> Reading:
    """tuple(map(whole_cell, tokens)) without a call per cell: every row a table reads is read this way once."""
    return tuple([_cell(CellValue, (None if t.kind == BLANK else t.value, t.start, t.end)) for t in tokens])


def dash_cell_counts(token: Token) -> list[int] | None:
    """How many blank cells a run of dashes outside a pipe cell may hold: one (the whole run, as before), or
    one per "—" or "——"; a run of slashes: one, or one per "/". None when the token is not such a run (one
    mark, another blank mark, a figure, a delimited cell)."""
    text = token.text
    if token.kind != BLANK or token.cell or len(text) < 2:
        return None
    if not text.strip(SLASH):
        return [1, len(text)]  # a slash is one cell ("5///117": three empty cells), or the run one mark
    if text.strip(DASH):
        return None
    return sorted({1, *range((len(text) + 1) // 2, len(text) + 1)})


def _dash_cells(token: Token, count: int) -> tuple[CellValue, ...]:
    """The run of dashes as `count` blank cells: "——" marks first, then single "—" marks (one cell: the run)."""
    if count == 1:
        return (whole_cell(token),)
    doubles = len(token.text) - count  # the cells that take two dashes
    cells = []
    start = token.start
    for index in range(count):
        width = 2 if index < doubles else 1
        cells.append(CellValue(None, start, start + width))
        start += width
    return tuple(cells)


def split_readings(
    tokens: Sequence[Token],
    width: int,
    accept: Callable[[Reading], bool] | None = None,
    prune: Callable[[Reading], bool] | None = None,
    limit: int = MAX_READINGS,
    loose: bool = False,
) -> list[Reading] | None:
    """Every reading of `tokens` as `width` cells: run-together tokens cut, the others kept whole.

    `prune` is asked about every partial reading and stops a branch when it says False (a group whose sum is
    already wrong); `accept` filters complete readings (the row's arithmetic). None means the readings were
    too many to list within `limit`: the row is then unreadable, never read from a partial list.
    """
    readings: list[Reading] = []
    budget = [limit]

    def walk(index: int, cells_left: int, prefix: Reading) -> None:
        if budget[0] <= 0:
            return
        budget[0] -= 1
        if prune is not None and prefix and not prune(prefix):
            return
        if index == len(tokens):
            if cells_left == 0 and (accept is None or accept(prefix)):
                readings.append(prefix)
            return
        token = tokens[index]
        tokens_left = len(tokens) - index - 1
        if not is_splittable(token, loose):
            counts = dash_cell_counts(token)
            if counts is None:
                if cells_left - 1 >= tokens_left:
                    walk(index + 1, cells_left - 1, (*prefix, whole_cell(token)))
                return
            for count in counts:
                if cells_left - count >= tokens_left:
                    walk(index + 1, cells_left - count, (*prefix, *_dash_cells(token, count)))
            return
        for parts in range(1, min(len(token.text), cells_left - tokens_left) + 1):
            for widths in digit_cuts(token.text, parts):
                walk(index + 1, cells_left - parts, (*prefix, *_token_cells(token, widths)))

    walk(0, width, ())
    return readings if budget[0] > 0 else None


def split_groups_under_totals(token: Token, group: int, groups: int) -> list[Reading]:
    """Readings of one run of digits as `groups` groups of `group` cells, each ending with its total."""
    if groups == 0:
        return [()] if not token.text else []
    readings: list[Reading] = []
    digits = token.text
    for length in range(group, len(digits) - group * (groups - 1) + 1):
        head = Token(token.kind, digits[:length], token.start, token.start + length, None, token.cell, True)
        rest = Token(token.kind, digits[length:], token.start + length, token.end, None, token.cell, True)
        for first in split_run_under_total(head, group, exact=True):
            readings.extend((*first, *tail) for tail in split_groups_under_totals(rest, group, groups - 1))
            if len(readings) > MAX_READINGS:
                return []
    return readings


def split_run_under_total(
    token: Token, width: int, accept: Callable[[Reading], bool] | None = None, sum_bound: float = 1.0, exact: bool = False
) -> list[Reading]:
    """Readings of one run-together row whose last cell is a total (table 三's 总计): the total is cut first,
    and the other cells may add up to at most `sum_bound` times it (2 when a subtotal column repeats some of
    them), or (`exact`) to the total itself, which keeps the search small."""
    digits = token.text
    readings = []
    budget = [MAX_READINGS]
    try:
        for last in range(1, len(digits) - width + 2):
            tail = digits[len(digits) - last :]
            if len(tail) > 1 and tail[0] == "0":
                continue
            total = int(tail)
            head = Token(token.kind, digits[: len(digits) - last], token.start, token.end - last, token.value, token.cell, True)
            for widths in digit_cuts(head.text, width - 1, total * sum_bound, exact, budget):
                reading = (*_token_cells(head, widths), CellValue(float(total), token.end - last, token.end))
                if accept is None or accept(reading):
                    readings.append(reading)
    except TooManyCuts:
        return []  # too many ways to cut: unreadable, never read from a partial list
    return readings
