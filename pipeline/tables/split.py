"""Cutting run-together digits back into cells.

A crawler that drops cell borders turns 425 | 1516 into "4251516". Every way to cut such a run is listed
here; which one is right is decided by whoever knows the table (its width, its row arithmetic, the other
rows), never here. A figure never starts with 0 unless it is 0 itself, so "0000000" has one reading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from pipeline.tables.tokens import BLANK, Token

MAX_READINGS = 2000


@dataclass(frozen=True, slots=True)
class CellValue:
    """One cell of a table row: its figure (None when the cell states none) and where it sits in the text."""

    value: float | None
    start: int
    end: int


Reading = tuple[CellValue, ...]


def digit_cuts(digits: str, parts: int) -> Iterator[tuple[int, ...]]:
    """Every way to cut `digits` into `parts` numbers without leading zeros, as cut positions."""
    if parts == 1:
        if len(digits) == 1 or digits[0] != "0":
            yield (len(digits),)
        return
    if digits[0] == "0":
        widths = (1,)
    else:
        widths = range(1, len(digits) - parts + 2)
    for width in widths:
        for rest in digit_cuts(digits[width:], parts - 1):
            yield (width, *rest)


def _token_cells(token: Token, widths: Sequence[int]) -> tuple[CellValue, ...]:
    cells = []
    offset = 0
    for width in widths:
        piece = token.text[offset : offset + width]
        cells.append(CellValue(float(piece), token.start + offset, token.start + offset + width))
        offset += width
    return tuple(cells)


def is_splittable(token: Token) -> bool:
    return token.glued and token.text.isdigit() and len(token.text) > 1


def whole_cell(token: Token) -> CellValue:
    return CellValue(None if token.kind == BLANK else token.value, token.start, token.end)


def split_readings(
    tokens: Sequence[Token], width: int, accept: Callable[[Reading], bool] | None = None, limit: int = MAX_READINGS
) -> list[Reading]:
    """Every reading of `tokens` as `width` cells: run-together tokens cut, the others kept whole.

    `accept` filters readings (the row's own arithmetic); at most `limit` readings are examined.
    """
    readings: list[Reading] = []
    budget = [limit]

    def walk(index: int, cells_left: int, prefix: Reading) -> None:
        if budget[0] <= 0:
            return
        if index == len(tokens):
            if cells_left == 0:
                budget[0] -= 1
                if accept is None or accept(prefix):
                    readings.append(prefix)
            return
        token = tokens[index]
        tokens_left = len(tokens) - index - 1
        if not is_splittable(token):
            if cells_left - 1 >= tokens_left:
                walk(index + 1, cells_left - 1, (*prefix, whole_cell(token)))
            return
        for parts in range(1, min(len(token.text), cells_left - tokens_left) + 1):
            for widths in digit_cuts(token.text, parts):
                walk(index + 1, cells_left - parts, (*prefix, *_token_cells(token, widths)))

    walk(0, width, ())
    return readings
