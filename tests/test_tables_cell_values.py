"""CellValue is a named tuple built without argument handling in the readers' loops; it behaves as the frozen
dataclass it replaced (equality, hash, no assignment), and whole_cells builds the cells whole_cell does."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from pipeline.tables.rows import build_rows
from pipeline.tables.split import NOT_PRINTED, CellValue, whole_cell, whole_cells
from pipeline.tables.tokens import tokenize

DATA_RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


@dataclasses.dataclass(frozen=True, slots=True)
class _DataclassCell:
    """CellValue as it was written before."""

    value: float | None
    start: int
    end: int


def test_cells_compare_and_hash_as_the_dataclass_did() -> None:
    rng = random.Random(3)
    fields = [(rng.choice([None, 0.0, 1.0, 2.0, 3.5]), rng.randrange(4), rng.randrange(4)) for _ in range(200)]
    for a in fields:
        for b in fields[:40]:
            assert (CellValue(*a) == CellValue(*b)) == (_DataclassCell(*a) == _DataclassCell(*b))
        assert hash(CellValue(*a)) == hash(_DataclassCell(*a))
        cell = CellValue(*a)
        assert (cell.value, cell.start, cell.end) == a
    assert NOT_PRINTED == CellValue(None, -1, -1)


def test_a_cell_cannot_be_changed() -> None:
    cell = CellValue(3.0, 10, 11)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cell.value = 4.0  # type: ignore[misc]
    assert cell == CellValue(3.0, 10, 11)


def test_whole_cells_are_the_cells_whole_cell_builds() -> None:
    """Every row of the sample reports, read as whole cells in one pass, gives CellValues equal to the ones
    whole_cell builds token by token (same class, same figure, same place; a blank mark has no figure)."""
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(DATA_RAW.rglob("*")) if path.suffix in (".txt", ".md")]
    checked = 0
    for text in texts:
        for row in build_rows(tokenize(text)):
            cells = whole_cells(row.values)
            assert [type(cell) for cell in cells] == [CellValue] * len(row.values)
            assert list(cells) == [whole_cell(token) for token in row.values]
            checked += len(cells)
    assert checked > 100
