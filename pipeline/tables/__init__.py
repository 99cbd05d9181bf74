"""Recognise tables in cleaned text, whatever layout the source left them in."""

from __future__ import annotations

import re

from pipeline.model import Cell, Table


def recognize_tables(text: str) -> list[Table]:
    """Every table region in `text`, as rows of cells with offsets into `text`."""
    return find_pipe_tables(text)


def find_pipe_tables(text: str) -> list[Table]:
    tables: list[Table] = []
    rows: list[list[Cell]] = []
    table_start = 0
    position = 0
    for line in text.splitlines(keepends=True):
        line_start = position
        position += len(line)
        if line.count("|") >= 2:
            cells = []
            for match in re.finditer(r"[^|\n]+", line):
                raw = match.group()
                stripped = raw.strip()
                if not stripped and match.start() == 0:
                    continue
                lead = len(raw) - len(raw.lstrip())
                start = line_start + match.start() + lead
                cells.append(Cell(stripped, start, start + len(stripped)))
            if not rows:
                table_start = line_start
            rows.append(cells)
            continue
        if rows:
            tables.append(Table(rows=rows, layout="pipe", start=table_start, end=line_start))
            rows = []
    if rows:
        tables.append(Table(rows=rows, layout="pipe", start=table_start, end=position))
    return tables
