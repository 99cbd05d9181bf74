"""The content of a synthetic report, independent of the file format it is written in.

A report is a list of blocks: headings, paragraphs and tables (grids of cells with row and column spans).
Format writers (pipeline.synth.render) turn the same blocks into text, Markdown, HTML, DOCX or PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Grid:
    """A table as its source would mark it up: rows of cells, merged cells spanning rows or columns."""

    rows: tuple[tuple[Cell, ...], ...]
    caption: str | None = None
    kind: str = "table"  # what the table is (requests, review, proactive, statistics, categories)


Block = Heading | Para | Grid


@dataclass
class Report:
    """A rendered-to-be document: its blocks plus the title shown in page headers and crawler blocks."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    published: str | None = None  # ISO date of the page
    signature: list[str] = field(default_factory=list)  # 落款 lines: agency, date


def expand(grid: Grid) -> list[list[str]]:
    """The grid as a full matrix: a merged cell's text repeated in every position it covers."""
    placed: dict[tuple[int, int], str] = {}
    for r, row in enumerate(grid.rows):
        c = 0
        for cell in row:
            while (r, c) in placed:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    placed[(r + dr, c + dc)] = cell.text
            c += cell.colspan
    if not placed:
        return []
    n_rows = max(r for r, _ in placed) + 1
    n_cols = max(c for _, c in placed) + 1
    return [[placed.get((r, c), "") for c in range(n_cols)] for r in range(n_rows)]


def origin_cells(grid: Grid) -> list[list[str]]:
    """Each row's own cells, merged cells only where they start: how one-cell-per-line pages flatten tables."""
    return [[cell.text for cell in row] for row in grid.rows]


def row(*cells: str | Cell) -> tuple[Cell, ...]:
    return tuple(c if isinstance(c, Cell) else Cell(str(c)) for c in cells)
