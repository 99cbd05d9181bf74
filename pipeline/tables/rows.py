"""Table tokens -> rows: the label text of a row and the figures that follow it.

A row ends where label text follows figures, or at the end of a pipe row. Label text written on lines of its
own before a pipe row (a PDF converter moves wrapped labels out of the table) stays with that row, so the
label of every row is whatever the report printed between the previous row's figures and its own.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from operator import itemgetter

from pipeline.tables.split import DASH
from pipeline.tables.tokens import BLANK, BREAK, LABEL, NUMBER, Token, cut_label, tokens_between
from pipeline.tables.vocabulary import table_words

SENTENCE_END = re.compile(r"[。!?;！？；]")
# What may stand before cell marks glued to a label: the label's own last character (an ideograph, a closing
# bracket or quote). Punctuation, digits and spaces may not: "。无其他需要报告的事项" is prose.
_LABEL_END = "\u4e00-\u9fff）)”」』"
# What may follow them: the end of the label text, a space, or the next row's numbering (（三）, 2., 四、).
_NEXT_ROW = r"(?=$|\s|[（(]|\d+[.．、]|[一二三四五六七八九十]+、)"
PROSE_MARKS = "…"  # an ellipsis closes prose as often as it marks a cell: never split off a label
_DASH_RUN_OR_MARK = re.compile(f"{DASH}+|.", re.DOTALL)
SIGN_MARKS = "-－–"  # glued to a figure these may be its minus sign (本年增/减 "—-2"): never split off a label


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
        """label_after(SENTENCE_END), worked out once per row: the region finder, the header split and every
        table reader ask for it (a row is not changed once build_rows has built it)."""
        found = self.__dict__.get("_label_after_sentence")
        if found is None:
            found = self.__dict__["_label_after_sentence"] = self._label_after_sentence()
        return found

    def _label_after_sentence(self) -> tuple[str, int]:
        """Most rows hold no sentence end, and one search of their joined label says so (SENTENCE_END matches
        single characters, never the joining space) without label_after's token-by-token search."""
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
            at = last_match_start(cut, token.text)
            if at < 0:
                continue
            parts = [token.text[at:], *(t.text for t in self.labels[index + 1 :])]
            return " ".join(parts), token.start + at
        return self.label_text, (self.labels[0].start if self.labels else self.start)


def _text_row(labels: list[Token], values: list[Token], piped: bool = False) -> TextRow:
    """TextRow(labels, values, piped) with its fields set straight, in field order: the same row (equal, the
    same instance dict) without the dataclass __init__'s call through type_call and slot_tp_init; build_rows
    and _pipe_rows make dozens a report."""
    row = _new_object(TextRow)
    row.labels = labels
    row.values = values
    row.piped = piped
    return row


_new_object = object.__new__


_KIND = itemgetter(0)  # Token.kind


def figure_count(tokens: list[Token]) -> int:
    """How many NUMBER tokens are among `tokens`: the kinds listed and counted in C, not by a generator."""
    return list(map(_KIND, tokens)).count(NUMBER)


def holds_figure(tokens: list[Token]) -> bool:
    """Whether a NUMBER token is among `tokens`, told in C."""
    return NUMBER in map(_KIND, tokens)


LAST_MATCH_CACHE = 16384  # labels per pattern


def last_match_start(pattern: re.Pattern[str], text: str) -> int:
    """Where the last of `pattern`'s successive matches in `text` starts (-1 when none). Row labels repeat
    from report to report (every standard table prints the same ones), and a pattern with no literal to
    skip to (a numbering marker: 一、 （三） 2.) is tried at every character of the label, so each distinct
    label is searched once.

    Each pattern has its own cache, keyed by the label alone and found by the pattern's identity: an
    lru_cache keyed by (pattern, label) hashed the pattern on every call, and a compiled pattern does not keep
    its hash (Python hashes its whole source again each time: ~11k instructions for MARKER, more than the
    search it saves; ~0.2M instructions a report)."""
    kept = _last_match_caches.get(id(pattern))
    if kept is None or kept[0] is not pattern:
        kept = _last_match_caches[id(pattern)] = (pattern, lru_cache(maxsize=LAST_MATCH_CACHE)(_last_start_of(pattern)))
    return kept[1](text)


# id(pattern) -> (pattern, its cached search): the pattern is kept, so its id stays its own
_last_match_caches: dict[int, tuple[re.Pattern[str], Callable[[str], int]]] = {}


def _last_start_of(pattern: re.Pattern[str]) -> Callable[[str], int]:
    def last_start(text: str) -> int:
        start = -1
        for match in pattern.finditer(text):
            start = match.start()
        return start

    return last_start


def _serial_numbers_as_labels(cells: list[Token]) -> list[Token]:
    """Cells before a pipe row's first label: figures are a serial number column (| 1 | 主动公开信息数 |),
    empty cells the rest of a label merged from the rows above (|  | 法提供 | 2.没有现成… |)."""
    if not cells or cells[0].kind == LABEL:
        return cells  # nearly every pipe row: its label cell first
    first_label = next((i for i, token in enumerate(cells) if token.kind == LABEL), None)
    if first_label is None:
        return cells
    head = [
        Token(LABEL, t.text, t.start, t.end, cell=True) if t.kind == NUMBER or not t.text else t
        for t in cells[:first_label]
    ]
    return [*head, *cells[first_label:]]


@cache
def _unit_words() -> frozenset[str]:
    return frozenset(table_words().units)


def _unit_between_figures(cells: list[Token], index: int, line_end: bool = False) -> bool:
    """The cell is a unit word (条, 件) with a figure or blank cell right after it, or (line_end) closing its
    pipe line: the row's unit column, printed after a code column or after the figures, not the label of a
    new row."""
    if cells[index].text.strip() not in _unit_words():
        return False
    following = cells[index + 1] if index + 1 < len(cells) else None
    if following is None:
        return line_end
    return following.kind in (NUMBER, BLANK)


def _pipe_rows(cells: list[Token], pending_labels: list[Token]) -> list[TextRow]:
    """The rows of one pipe line. Usually one; a page flattened onto one line (| a | 1 | | b | 2 |) has
    several, each starting where a label follows figures. Label text before the line (`pending_labels`)
    joins its first row."""
    rows: list[TextRow] = []
    labels, values = list(pending_labels), []
    filled = False  # the current row has a figure or a dash (an empty cell may be a merged label's)
    cells = _serial_numbers_as_labels(cells)
    for index, token in enumerate(cells):
        if token.kind == LABEL:
            if filled:
                if _unit_between_figures(cells, index, line_end=True):
                    labels.append(token)  # | 主动公开信息数 | 01 | 条 | 356 |: a unit column after a code column
                    continue
                rows.append(_text_row(labels, values, True))
                labels, values = [], []
                filled = False
            labels.append(token)
        else:
            values.append(token)
            filled = filled or token.kind == NUMBER or bool(token.text)
    if labels or values:
        rows.append(_text_row(labels, values, True))
    return rows


@cache
def _glued_marks() -> re.Pattern[str]:
    """Blank marks (—, /) or two or more zero words (无无) glued to the end of a label's text: a crawler that
    dropped the cell borders printed "1.属于国家秘密——————— 2.其他…" or "规章无无1行政规范性文件无无5". One-character
    marks and words only (a word of several characters cannot be told from the label around it)."""
    blank, zero = _mark_characters()
    marks = f"[{re.escape(blank + zero)}]"
    return re.compile(rf"(?<=[{_LABEL_END}])(?<!{marks})([{re.escape(blank)}]+|[{re.escape(zero)}]{{2,}}){_NEXT_ROW}")


@cache
def _mark_characters() -> tuple[str, str]:
    """(one-character blank marks, one-character zero words) of table_words.csv."""
    words = table_words()
    blank = "".join(sorted(m for m in words.not_stated if len(m) == 1 and m not in PROSE_MARKS + SIGN_MARKS))
    zero = "".join(sorted(w for w in words.zero if len(w) == 1))
    return blank, zero


@cache
def _any_mark_character() -> re.Pattern[str]:
    return re.compile(f"[{re.escape(''.join(_mark_characters()))}]")


def _mark_cells(run: str, start: int) -> Iterator[Token]:
    """The cells of a run of glued marks: each zero word is a cell of 0, each other blank mark ("//") a blank
    cell, and a run of "—" one token, for split.py to decide how many cells it holds by the row's width and
    arithmetic (a report prints a blank cell as "—" or as the Chinese dash "——")."""
    zero = _mark_characters()[1]
    for match in _DASH_RUN_OR_MARK.finditer(run):
        word, offset = match.group(), match.start()
        if word in zero:
            yield Token(NUMBER, word, start + offset, start + match.end(), 0.0, False, True)
        else:
            yield Token(BLANK, word, start + offset, start + match.end(), None, False, True)


def _label(text: str, start: int) -> list[Token]:
    stripped = text.strip()
    if not stripped:
        return []
    lead = start + len(text) - len(text.lstrip())
    return [Token(LABEL, stripped, lead, lead + len(stripped))]


@cache
def _zero_before_figure() -> re.Pattern[str]:
    """Zero words, even one, closing a label that a figure follows without a space: "出版物无1无无无12"."""
    blank, zero = _mark_characters()
    return re.compile(rf"(?<=[{_LABEL_END}])(?<![{re.escape(blank + zero)}])[{re.escape(zero)}]+$")


def split_glued_marks(token: Token, before_figure: bool = False) -> list[Token]:
    """A label token whose text holds cell marks glued between rows, cut into labels and those cells;
    `before_figure`: a figure follows the token with nothing between, so a single zero word ending it is a
    cell too (two cells run together, 无 and 1; a label word does not end in 无 right before a figure)."""
    text = token.text
    pieces: list[Token] = []
    position = 0
    for match in _glued_marks().finditer(text):
        pieces += _label(text[position : match.start()], token.start + position)
        pieces.extend(_mark_cells(match.group(1), token.start + match.start()))
        position = match.end()
    last = _zero_before_figure().search(text, position) if before_figure else None
    if last is not None:
        pieces += _label(text[position : last.start()], token.start + position)
        pieces.extend(_mark_cells(last.group(), token.start + last.start()))
        return pieces
    if not position:
        return [token]
    return pieces + _label(text[position:], token.start + position)


def _with_glued_marks_split(tokens: list[Token]) -> list[Token]:
    """The tokens with every plain label token's glued cell marks split off (see split_glued_marks); the
    same list when no label holds any (most texts). One pass; a label is searched only when it holds a mark
    character, which a C-level character-class search tells."""
    has_mark = _any_mark_character().search
    find = _glued_marks().search
    blank, zero = _mark_characters()
    out: list[Token] | None = None
    for index, token in enumerate(tokens):
        pieces: list[Token] | None = None
        if token.kind == LABEL and not token.cell and has_mark(token.text):
            text = token.text
            previous = tokens[index - 1] if index else None
            after_figure = previous is not None and previous.kind in (NUMBER, BLANK) and previous.end == token.start
            if (text[0] in blank or text[0] in zero) and _all_marks(text) and (after_figure or len(text) > 1):
                # "6无无11210", or a line "无无无…" under table 四's headings: marks and nothing else are cells
                pieces = list(_mark_cells(text, token.start))
            else:
                following = tokens[index + 1] if index + 1 < len(tokens) else None
                before_figure = following is not None and following.kind == NUMBER and following.start == token.end
                if find(text) or (before_figure and text[-1] in zero):
                    pieces = split_glued_marks(token, before_figure)
        if pieces is not None and out is None:
            out = tokens[:index]
        if out is not None:
            out.extend(pieces if pieces is not None else (token,))
    return tokens if out is None else out


def _all_marks(text: str) -> bool:
    blank, zero = _mark_characters()
    return all(ch in blank for ch in text) or all(ch in zero for ch in text)


def build_rows(tokens: list[Token]) -> list[TextRow]:
    tokens = _with_glued_marks_split(tokens)
    rows: list[TextRow] = []
    labels: list[Token] = []  # the row being built
    values: list[Token] = []
    cells: list[Token] = []  # the cells of the pipe line being read
    for index, token in enumerate(tokens):
        kind = token.kind
        if kind == BREAK:
            if values:
                rows.append(_text_row(labels, values))
                labels, values = [], []
            rows.extend(_pipe_rows(cells, labels))
            labels, cells = [], []
        elif token.cell:
            cells.append(token)
        elif kind == LABEL:
            if values and not _unit_between_figures(tokens, index):
                rows.append(_text_row(labels, values))
                labels, values = [], []
            labels.append(token)
        elif kind == NUMBER or kind == BLANK:
            values.append(token)
    if cells:  # a slice of the text that ends inside a pipe line
        if values:
            rows.append(_text_row(labels, values))
            labels, values = [], []
        rows.extend(_pipe_rows(cells, labels))
    elif labels or values:
        rows.append(_text_row(labels, values))
    return rows


def _token_start(token: Token) -> int:
    return token.start


def _row_start(row: TextRow) -> int:
    return row.start


def _fresh_row_before(tokens: list[Token], index: int) -> bool:
    """build_rows starts tokens[index] with nothing pending, whatever came before tokens[index - 1] (when it
    reads both as they are, unsplit): right after a pipe row's break, or where a plain label (no mark
    character to split off, not a unit word) follows a figure or blank mark outside a pipe row, which closes
    the row that figure is in. Rows before have their start before tokens[index].start, rows after not."""
    previous, token = tokens[index - 1], tokens[index]
    if previous.kind == BREAK:
        return True
    return (
        token.kind == LABEL
        and not token.cell
        and (previous.kind == NUMBER or previous.kind == BLANK)
        and not previous.cell
        and previous.start < token.start
        and not _any_mark_character().search(token.text)
        and token.text.strip() not in _unit_words()
    )


def rows_between(tokens: list[Token], rows: list[TextRow], start: int, end: int) -> list[TextRow]:
    """build_rows(tokens_between(tokens, start, end)) for `rows` = build_rows(tokens), reusing those rows.

    Both builds read the same tokens inside the span, except that the span's first and last tokens may be
    cut or split differently (their neighbours differ). From a point where both start a row with nothing
    pending (_fresh_row_before) to the last such point, they build the same rows: those are taken from
    `rows`, and only the text before the first point and after the last is built again (a section heading,
    the label text after a table), instead of every row of every section. Tokens come in text order and do
    not overlap (tokenize), so the span's tokens are a label cut at its start, a run of whole tokens and a
    label cut at its end."""
    first = bisect_left(tokens, start, key=_token_start)
    last = bisect_left(tokens, end, lo=first, key=_token_start)
    if last > first and tokens[last - 1].end > end:
        last -= 1  # it runs past the span: cut (a label) or dropped, as tokens_between does
    # the first and last whole tokens may split differently in the span than in the document: reuse only
    # from a fresh row after the first to the last one before the last
    head = next((i for i in range(first + 1, last) if _fresh_row_before(tokens, i)), None)
    if head is None:
        return build_rows(tokens_between(tokens, start, end))
    tail = next(i for i in range(last - 1, head - 1, -1) if i == head or _fresh_row_before(tokens, i))
    cut_head = [cut for cut in [cut_label(tokens[first - 1], start, end)] if cut] if first else []
    cut_tail = [cut for cut in [cut_label(tokens[last], start, end)] if cut] if last < len(tokens) else []
    reused_from = bisect_left(rows, tokens[head].start, key=_row_start)
    reused_to = bisect_left(rows, tokens[tail].start, lo=reused_from, key=_row_start)
    before = build_rows([*cut_head, *tokens[first:head]])
    after = build_rows([*tokens[tail:last], *cut_tail])
    return [*before, *rows[reused_from:reused_to], *after]
