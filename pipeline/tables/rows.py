"""Table tokens -> rows: the label text of a row and the figures that follow it.

A row ends where label text follows figures, or at the end of a pipe row. Label text written on lines of its
own before a pipe row (a PDF converter moves wrapped labels out of the table) stays with that row, so the
label of every row is whatever the report printed between the previous row's figures and its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.tables.tokens import BLANK, BREAK, LABEL, NUMBER, Token
from pipeline.tables.vocabulary import table_words

SENTENCE_END = re.compile(r"[。!?;！？；]")


@dataclass
class TextRow:
    labels: list[Token] = field(default_factory=list)
    values: list[Token] = field(default_factory=list)  # NUMBER and BLANK tokens in reading order
    piped: bool = False

    @property
    def label_text(self) -> str:
        return " ".join(token.text for token in self.labels)

    @property
    def start(self) -> int:
        first = self.labels[0] if self.labels else self.values[0]
        return first.start

    @property
    def end(self) -> int:
        last = self.values[-1] if self.values else self.labels[-1]
        return last.end

    @property
    def figures(self) -> list[Token]:
        return [token for token in self.values if token.kind == NUMBER]

    def label_after(self, cut: re.Pattern[str]) -> tuple[str, int]:
        """The label text after the last match of `cut`, and where it starts in the document.

        With no match the whole label is returned. Matches are searched token by token from the end, so a cut
        never spans two label tokens.
        """
        for index in range(len(self.labels) - 1, -1, -1):
            token = self.labels[index]
            last = None
            for last in cut.finditer(token.text):
                pass
            if last is None:
                continue
            head = token.text[last.end() :]
            start = token.start + last.end()
            parts = [head.strip(), *(t.text for t in self.labels[index + 1 :])]
            text = " ".join(part for part in parts if part)
            if not head.strip() and index + 1 < len(self.labels):
                start = self.labels[index + 1].start
            else:
                start += len(head) - len(head.lstrip())
            return text, start
        return self.label_text, (self.labels[0].start if self.labels else self.start)

    def label_after_sentence(self) -> tuple[str, int]:
        """label_after(SENTENCE_END). Most rows hold no sentence end, and one search of their joined label
        says so (SENTENCE_END matches single characters, never the joining space) without the token-by-token
        search."""
        labels = self.labels
        if labels:
            joined = labels[0].text if len(labels) == 1 else " ".join([token.text for token in labels])
            if not SENTENCE_END.search(joined):
                return joined, labels[0].start
        return self.label_after(SENTENCE_END)

    def label_from(self, cut: re.Pattern[str]) -> tuple[str, int]:
        """Like label_after, but the text keeps the match itself (a numbering marker such as "（三）")."""
        for index in range(len(self.labels) - 1, -1, -1):
            token = self.labels[index]
            last = None
            for last in cut.finditer(token.text):
                pass
            if last is None:
                continue
            parts = [token.text[last.start() :], *(t.text for t in self.labels[index + 1 :])]
            return " ".join(parts), token.start + last.start()
        return self.label_text, (self.labels[0].start if self.labels else self.start)


def _serial_numbers_as_labels(cells: list[Token]) -> list[Token]:
    """Cells before a pipe row's first label: figures are a serial number column (| 1 | 主动公开信息数 |),
    empty cells the rest of a label merged from the rows above (|  | 法提供 | 2.没有现成… |)."""
    first_label = next((i for i, token in enumerate(cells) if token.kind == LABEL), None)
    if not first_label:
        return cells
    head = [
        Token(LABEL, t.text, t.start, t.end, cell=True) if t.kind == NUMBER or not t.text else t
        for t in cells[:first_label]
    ]
    return [*head, *cells[first_label:]]


def _unit_between_figures(cells: list[Token], index: int) -> bool:
    """The cell is a unit word (条, 件) with a figure or blank cell right after it: the row's unit column,
    which a statistical form may print after its code column, not the label of a new row."""
    following = cells[index + 1] if index + 1 < len(cells) else None
    return (
        following is not None
        and following.kind in (NUMBER, BLANK)
        and cells[index].text.strip() in table_words().units
    )


def _pipe_rows(cells: list[Token], pending: TextRow) -> list[TextRow]:
    """The rows of one pipe line. Usually one; a page flattened onto one line (| a | 1 | | b | 2 |) has
    several, each starting where a label follows figures. Label text before the line joins its first row."""
    rows: list[TextRow] = []
    current = TextRow(list(pending.labels), [], piped=True)
    filled = False  # the current row has a figure or a dash (an empty cell may be a merged label's)
    cells = _serial_numbers_as_labels(cells)
    for index, token in enumerate(cells):
        if token.kind == LABEL:
            if filled and _unit_between_figures(cells, index):
                current.labels.append(token)  # | 主动公开信息数 | 01 | 条 | 356 |: a unit column after a code column
                continue
            if filled:
                rows.append(current)
                current = TextRow([], [], piped=True)
                filled = False
            current.labels.append(token)
        else:
            current.values.append(token)
            filled = filled or token.kind == NUMBER or bool(token.text)
    if current.labels or current.values:
        rows.append(current)
    return rows


def build_rows(tokens: list[Token]) -> list[TextRow]:
    rows: list[TextRow] = []
    current = TextRow([], [])
    cells: list[Token] = []
    for index, token in enumerate(tokens):
        kind = token.kind
        if kind == BREAK:
            if current.values:
                rows.append(current)
                current = TextRow([], [])
            rows.extend(_pipe_rows(cells, current))
            cells = []
            current = TextRow([], [])
        elif token.cell:
            cells.append(token)
        elif kind == LABEL:
            if current.values and not _unit_between_figures(tokens, index):
                rows.append(current)
                current = TextRow([], [])
            current.labels.append(token)
        elif kind == NUMBER or kind == BLANK:
            current.values.append(token)
    if cells:  # a slice of the text that ends inside a pipe line
        if current.values:
            rows.append(current)
            current = TextRow([], [])
        rows.extend(_pipe_rows(cells, current))
    elif current.labels or current.values:
        rows.append(current)
    return rows
