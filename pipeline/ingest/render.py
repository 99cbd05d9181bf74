"""Structured tables (HTML, DOCX, PDF) -> pipe rows in the extracted text, the form pipeline.tables reads.

The contract with table recognition: one table row per line, `| cell | cell |`, merged cells already
expanded (the merged text repeated in every position it covers), no `|` or newline inside a cell, and a
blank line before and after the table.
"""

from __future__ import annotations


def cell_text(text: str | None) -> str:
    r"""A cell's text on one line, without the characters that delimit cells: every run of blanks and | made
    one space, none at the ends. The same as re.sub(r"[\s|]+", " ", text).strip(), for a fifth of the time."""
    if not text:
        return ""
    if text.isalnum():
        return text  # a word or a figure (most cells): no blank or | to remove
    return " ".join(text.replace("|", " ").split())  # str.split() splits at runs of what \s matches


def useful_grid(rows: list[list[str]], cleaned: bool = False) -> list[list[str]]:
    """The grid without rows that are entirely empty and columns that are empty in every row
    (`cleaned`: every cell is already cell_text's result)."""
    if not cleaned:
        rows = [[cell_text(c) for c in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    keep = [c for c, column in enumerate(zip(*rows)) if any(column)]
    if len(keep) == width:
        return rows  # no empty column (the usual case)
    return [[row[c] for c in keep] for row in rows]


def is_data_grid(rows: list[list[str]]) -> bool:
    """At least two rows and two columns: anything less reads better as plain text."""
    return len(rows) >= 2 and max(len(row) for row in rows) >= 2


def render_table(rows: list[list[str]]) -> str:
    """Pipe rows with the blank line before and after (empty if the grid has no content)."""
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    return "\n\n" + "\n".join(lines) + "\n\n" if lines else ""


def render_as_text(rows: list[list[str]]) -> str:
    """A grid that is not a data table (a boxed paragraph, a one-column layout): one line per row."""
    return "\n".join(" ".join(c for c in row if c) for row in rows) + "\n"
