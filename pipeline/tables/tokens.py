"""Cleaned text -> a stream of table tokens (labels, numbers, blank cells), whatever the layout.

Every layout the ingestion hands over reduces to the same stream: pipe rows give one token per cell and a
row break at the end of the line; one-cell-per-line, space-separated and PDF text give label and number
tokens in reading order; run-together crawler text (主动公开信息数条4251516) gives one number token per
digit run, flagged `glued` because it may hold several cells that only the table's structure can split.

Numbers that belong to prose or names are left inside the label text: quantities with a classifier
(3件, 2019年, 19.5%), list markers (the 2 of "2.政府公报公开"), dates, phone numbers, 第3 / 附件1.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections import namedtuple
from functools import cache, lru_cache

from pipeline.tables.vocabulary import TableWords, table_words

LABEL = "label"
NUMBER = "number"
BLANK = "blank"  # a cell with no figure: empty, "—" or "/"
BREAK = "break"  # end of a pipe row

# [1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)? (1,234.5 or 1234.5), written to start with the digit itself so
# that the regex engine skips to the digits.
_DIGITS = re.compile(r"\d(?:(?<=[1-9])\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)")
_CELL_NUMBER = re.compile(r"([+\-]?(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(%|[件条项次个人篇份场家宗]|万元|元)?")
_PAGE_FOOTER = re.compile(r"\s*(?:[-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页(?:\s*[,/]?\s*共\s*\d{1,3}\s*页)?)\s*")
_FOOTER_FIRST = "-—–－第"  # what a _PAGE_FOOTER starts with
_MARKDOWN_RULE = re.compile(r"\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?\s*)?")
_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[。!?;！？；]")
MAX_OUTER_CELL = 40
CACHED_LINE = 160  # characters; lines up to this long have their tokens kept (see _LineTokens)
TOKEN_CACHE_SIZE = 16384  # lines, and cells; about 22 MB when both are full
_HAS_DIGIT = re.compile(r"\d")


@cache
def _mark_chars() -> re.Pattern[str]:
    """Any character of a blank mark or zero word: text without one needs no word-by-word look."""
    words = table_words()
    return re.compile("[" + re.escape("".join(sorted({ch for w in words.not_stated | words.zero for ch in w}))) + "]")
_LIST_MARK_AFTER = ".．、"


class Token(namedtuple("Token", "kind text start end value cell glued suffix", defaults=(None, False, False, ""))):
    """One table token, immutable.

    kind    LABEL, NUMBER, BLANK or BREAK
    text    the token's text; start, end: its offsets in the tokenized text
    value   the figure (NUMBER), else None
    cell    delimited as a cell (pipe row)
    glued   digits touching text on a side: may be several cells run together
    suffix  unit or % written in the cell itself ("3件", "19.5%")

    A named tuple rather than a frozen dataclass: a text makes hundreds of tokens, and building a tuple
    (_build below) costs a fifth of setting a frozen dataclass's eight slots. Equality, hash, repr and
    FrozenInstanceError on assignment are the dataclass's.
    """

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


# _build(Token, (kind, text, start, end, value, cell, glued, suffix)): a Token without the argument handling
# of Token(...) (every field given, in order), for the tokenizer's loops.
_build = tuple.__new__


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The table tokens of text[start:end], offsets into `text`."""
    words = table_words()
    end = len(text) if end is None else end
    tokens: list[Token] = []
    plain = _plain_line()
    append = tokens.append
    kept = _line_tokens
    position = start
    for line in (text if start == 0 and end == len(text) else text[start:end]).split("\n"):
        if plain(line):
            # No digit, pipe or blank mark: the whole line is one label (what _tokenize_line makes of it).
            stripped = line.strip()
            if stripped:
                lead = position + len(line) - len(line.lstrip())
                append(_build(Token, (LABEL, stripped, lead, lead + len(stripped), None, False, False, "")))
        elif len(line) > CACHED_LINE:
            _tokenize_line(line, position, words, tokens)
        elif (seen := kept.get(line)) is None:
            first = len(tokens)
            _tokenize_line(line, position, words, tokens)
            kept.keep(line, position, tokens[first:])
        else:
            shift = position - seen[0]
            for kind, token_text, token_start, token_end, value, cell, glued, suffix in seen[1]:
                append(_build(Token, (kind, token_text, token_start + shift, token_end + shift, value, cell, glued, suffix)))
        position += len(line) + 1
    return tokens


class _LineTokens(dict):
    """The tokens of each line up to CACHED_LINE characters read lately, with the offset they were read at:
    line -> (offset, tokens). Lines repeat across reports (a row label or a figure on a line of its own, a
    table row of blank marks, the rows of a standard table that printed the same figures), and a line's
    tokens are the same at any offset but for the shift. Kept as first read, at their own offset, so a line
    seen once (most lines with figures) is tokenized once, straight into the text's tokens; only a line seen
    again has its tokens rebuilt at its new offset. Emptied when full: a bound on memory, and cheaper than an
    LRU's bookkeeping on every line (the lines that repeat are back after a few reports)."""

    def keep(self, line: str, offset: int, tokens: list[Token]) -> None:
        if len(self) >= TOKEN_CACHE_SIZE:
            self.clear()
        self[line] = (offset, tuple(tokens))


_line_tokens = _LineTokens()


@cache
def _plain_line():  # noqa: ANN202 - a bound fullmatch
    """Matches a line with no digit, no | and no blank-mark character: a line of words only.

    The digits are spelled out (every character of the Basic Multilingual Plane that \\d matches) instead of
    written \\d: the regex engine then tests each character of a prose line with one bitmap lookup rather
    than a Unicode category lookup, half the instructions on the long prose lines that make up most of a
    report's text. Any character beyond that plane makes the line not plain, which is safe: such a line only
    goes through _tokenize_line, which reads a plain line as the same one label."""
    marks = _mark_chars().pattern[1:-1]
    digits = "".join(chr(code) for code in range(0x10000) if chr(code).isdecimal())  # what \d matches in the BMP
    return re.compile(rf"[^{re.escape(digits)}|{marks}\U00010000-\U0010ffff]*").fullmatch


def _tokenize_line(line: str, base: int, words: TableWords, out: list[Token]) -> None:
    stripped = line.strip()
    if not stripped:
        return
    # A page footer starts with a dash or 第, a Markdown rule holds ---: look closer only then.
    if (stripped[0] in _FOOTER_FIRST and _PAGE_FOOTER.fullmatch(stripped)) or ("---" in stripped and _MARKDOWN_RULE.fullmatch(stripped)):
        return
    if line.count("|") >= 2:
        _tokenize_pipe_row(line, base, words, out)
        return
    if stripped in words.zero:
        lead = line.index(stripped)
        out.append(_build(Token, (NUMBER, stripped, base + lead, base + lead + len(stripped), 0.0, False, False, "")))
        return
    _tokenize_inline(line, base, False, words, out)


def _outer_cell(text: str) -> bool:
    """Text before the first pipe is a cell when the row just lacks its border (类别 | 发布条数 |), not when a
    page flattened onto one line has its prose there."""
    stripped = text.strip()
    return 0 < len(stripped) <= MAX_OUTER_CELL and not _SENTENCE_END.search(stripped)


def _tokenize_pipe_row(line: str, base: int, words: TableWords, out: list[Token]) -> None:
    """The cells between the pipes; text outside the outer pipes is a cell only when it looks like one,
    otherwise it is read as running text."""
    first, last = line.index("|"), line.rindex("|")
    # most rows have their borders: nothing but blanks outside the outer pipes
    if first and not line[:first].isspace():
        if _outer_cell(line[:first]):
            first = -1
        elif line[:first].strip():
            _tokenize_inline(line[:first], base, False, words, out)
    tail = line[last + 1 :]
    if tail and not tail.isspace() and _outer_cell(tail):
        line, last = line + "|", len(line)
    offset = base + first + 1
    append = out.append
    for piece in line[first + 1 : last].split("|"):
        for kind, text, start, end, value, cell, glued, suffix in _cell_tokens(piece):
            append(_build(Token, (kind, text, offset + start, offset + end, value, cell, glued, suffix)))
        offset += len(piece) + 1
    out.append(_build(Token, (BREAK, "", base + last + 1, base + last + 1, None, False, False, "")))
    if tail and line[last + 1 :].strip():
        _tokenize_inline(line[last + 1 :], base + last + 1, False, words, out)


@lru_cache(maxsize=TOKEN_CACHE_SIZE)
def _cell_tokens(piece: str) -> tuple[Token, ...]:
    """The tokens of one pipe cell (the text between two pipes, blanks included), offsets from the cell's
    start. Cells repeat a lot (every standard table prints the same row labels, blank marks and small
    figures), so each distinct one is read once."""
    text = piece.strip()
    kind, value, suffix = _cell_kind(text)
    if kind:
        start = len(piece) - len(piece.lstrip())
        return (_build(Token, (kind, text, start, start + len(text), value, True, False, suffix)),)
    tokens: list[Token] = []
    _tokenize_inline(piece, 0, True, table_words(), tokens)
    return tuple(tokens)


def _cell_kind(text: str) -> tuple[str, float | None, str]:
    """What a whole pipe cell is; "" when it mixes words and figures and needs the inline look."""
    words = table_words()
    if not text or words.is_blank_mark(text):
        return BLANK, None, ""
    if text in words.zero:
        return NUMBER, 0.0, ""
    if not _HAS_DIGIT.search(text) and not _mark_chars().search(text):
        return LABEL, None, ""  # the common case: a label cell
    match = _CELL_NUMBER.fullmatch(text)
    if match:
        return NUMBER, _number(match.group(1)), match.group(2) or ""
    return "", None, ""


def _number(digits: str) -> float:
    return float(digits.replace(",", ""))


@cache
def _possible_figure() -> re.Pattern[str]:
    """Finds a number in a line that _number_role might read as a figure. Where it finds none, every number
    of the line is prose (_number_role says LABEL): each one is followed, after at most three spaces, by a
    one-character quantity word (2019年, 120 条), or by a colon or a letter, or is part of a date or time
    (2019-01-01, 08:30), or follows a letter. The digit run is taken whole (atomic group), as _DIGITS does;
    a run starting right after a digit only follows a ,ddd group (1,2345), which is flagged too."""
    words = table_words()
    quantity = "".join(sorted({w for w in words.quantity_suffixes if len(w) == 1} - {"%", "％"}))
    # Written to start with the digit (the lookbehinds after it), so the regex engine skips to the digits.
    run = _DIGITS.pattern[len(r"\d") :]  # _DIGITS after its first digit
    return re.compile(
        rf"\d(?:(?<![\dA-Za-z]\d)(?<!\d[-/:]\d)(?>{run})(?! {{0,3}}[{re.escape(quantity)}]|[:：A-Za-z]|[-/:]\d)"
        r"|,\d{3}\d)"
    )


# A run of digits and slashes (175//3/25, 8310/14/98) not touching a letter, a dot, a colon or a dash, which
# would make it part of an address, a decimal, a time or another kind of date; a dot or 、 after it is allowed
# where no digit follows (the next row's number glued on: 302/111351.本机关…, whose last digit numbers that row)
_SLASH_RUN = re.compile(r"(?<![A-Za-z.:\-\d/])[\d/]*\d[\d/]*(?![A-Za-z:\-\d/]|[.．、]\d)")
_YEAR = range(1900, 2100)


def _date_parts(parts: list[str]) -> bool:
    """Year/month/day, year/month or month/day, the year written in full, first (2019/3/25) or last."""
    numbers = [int(part) for part in parts]
    if len(parts) == 2:
        year_month = len(parts[0]) == 4 and numbers[0] in _YEAR and 1 <= numbers[1] <= 12
        return year_month or (1 <= numbers[0] <= 12 and 1 <= numbers[1] <= 31)
    if len(parts) != 3:
        return False
    if len(parts[0]) == 4 and numbers[0] in _YEAR:
        return 1 <= numbers[1] <= 12 and 1 <= numbers[2] <= 31
    if len(parts[2]) == 4 and numbers[2] in _YEAR:
        return 1 <= min(numbers[:2]) and max(numbers[:2]) <= 31 and min(numbers[:2]) <= 12
    return False


def _slashed_cells(line: str) -> str:
    """`line` with the slashes of runs of glued cells turned to spaces (same length, same offsets): a crawler
    that dropped the borders of a table whose empty cells print "/" leaves "175//3/25" or "8310/14/98", which
    the date rule would keep whole in the label text, losing every figure of the row. Such a run is cells when
    it holds an empty place (//, or a slash at either end: a date never does) or three or more numbers that
    are no date (a date has its year in full: 2019/3/25), or two numbers that are no date with the next
    row's number glued after them (小计302/111351.本机关…: "1." numbers the next row, as _number_role reads it).
    Runs that read as a date once their empty places are dropped, and other runs of two numbers (3/25, 1/5,
    2019/2020), stay as they are."""
    if "/" not in line:
        return line
    spans = []
    for match in _SLASH_RUN.finditer(line):
        run = match.group()
        if "/" not in run:
            continue
        parts = run.split("/")
        numbered = match.end() < len(line) and line[match.end()] in _LIST_MARK_AFTER
        if numbered:
            parts[-1] = parts[-1][:-1]  # the next row's number
        numbers = [part for part in parts if part]
        if "" in parts:
            cells = bool(numbers) and not _date_parts(numbers)
        else:
            cells = (len(parts) >= 3 or numbered) and not _date_parts(parts)
        if cells:
            spans.append(match.span())
    if not spans:
        return line
    chars = list(line)
    for start, end in spans:
        for index in range(start, end):
            if chars[index] == "/":
                chars[index] = " "
    return "".join(chars)


def _tokenize_inline(line: str, base: int, cell: bool, words: TableWords, out: list[Token]) -> None:
    # Roles are told on `seen`, the line with the slashes between glued cells read as spaces; token texts,
    # offsets and gluing come from the line itself.
    seen = _slashed_cells(line)
    if not _possible_figure().search(seen):
        _emit_text(line, base, cell, words, out)  # prose: all its numbers stay in the label text
        return
    position = 0
    for match in _DIGITS.finditer(seen):
        start, end = match.span()
        role = _number_role(seen, start, end, words)
        if role == LABEL:
            continue
        if role == "marker":
            digits = match.group()
            standalone = start == 0 or line[start - 1].isspace()
            if len(digits) < 2 or not digits.isdigit() or (standalone and len(digits) <= 2):
                continue
            end -= 1  # the last digit numbers the next row ("...00002.其他法律..."): the rest is a figure
        suffix = ""
        if role == "share":
            percent = line.index("%", end) if "%" in line[end : end + 4] else line.index("％", end)
            suffix, end = "%", percent + 1
        signed = start > 0 and line[start - 1] in "+-" and (start == 1 or line[start - 2] in " \t|")
        value_start = start - 1 if signed else start
        _emit_text(line[position:value_start], base + position, cell, words, out)
        digits = line[start : end - len(suffix)].rstrip()
        value = _number(digits) * (-1 if signed and line[start - 1] == "-" else 1)
        before = line[value_start - 1] if value_start > 0 else " "
        after = line[end] if end < len(line) else " "
        glued = not before.isspace() or not (after.isspace() or after in _LIST_MARK_AFTER)  # "" is in any str
        glued = glued or (len(digits) > 1 and digits[0] == "0" and digits.isdigit())  # 0000000: only cells start with 0
        text = line[value_start:end]
        out.append(_build(Token, (NUMBER, text, base + value_start, base + end, value, cell, glued and not suffix, suffix)))
        position = end
    _emit_text(line[position:], base + position, cell, words, out)


def _number_role(line: str, start: int, end: int, words: TableWords) -> str:
    """NUMBER for a table figure, LABEL for a number that is part of prose or a name, or "marker"."""
    before = line[start - 1] if start > 0 else ""
    after = line[end] if end < len(line) else ""
    if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
        return LABEL
    if before and after and before in "(（" and after in ")）":
        return LABEL
    if after and (after in ":：" or (after in "-/:" and line[end + 1 : end + 2].isdigit())):
        return LABEL
    if before and before in "-/:" and start >= 2 and line[start - 2].isdigit():
        return LABEL
    head = line[max(0, start - 4) : start].rstrip(" :：")
    if head and head.endswith(words.number_prefixes):
        return LABEL
    rest = line[end : end + 4].lstrip(" ")
    if rest.startswith(("%", "％")):
        return "share"
    if rest and rest.startswith(words.quantity_suffixes):
        return LABEL
    if after and after in _LIST_MARK_AFTER:
        following = line[end + 1 : end + 2]
        if following and not following.isdigit():
            return "marker"
    return NUMBER


def _emit_text(piece: str, base: int, cell: bool, words: TableWords, out: list[Token]) -> None:
    """Label text between figures; standalone blank marks (—, /) and 无 become cells of their own."""
    if not _mark_chars().search(piece):
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            out.append(_build(Token, (LABEL, stripped, base + lead, base + lead + len(stripped), None, cell, False, "")))
        return
    label_start = label_end = -1
    for match in _WORD.finditer(piece):
        word = match.group()
        is_blank = words.is_blank_mark(word)
        is_zero = word in words.zero
        if not (is_blank or is_zero):
            if label_start < 0:
                label_start = match.start()
            label_end = match.end()
            continue
        if label_start >= 0:
            out.append(_build(Token, (LABEL, piece[label_start:label_end], base + label_start, base + label_end, None, cell, False, "")))
            label_start = -1
        kind = BLANK if is_blank else NUMBER
        out.append(_build(Token, (kind, word, base + match.start(), base + match.end(), None if is_blank else 0.0, cell, False, "")))
    if label_start >= 0:
        out.append(_build(Token, (LABEL, piece[label_start:label_end], base + label_start, base + label_end, None, cell, False, "")))


def tokens_between(tokens: list[Token], start: int, end: int) -> list[Token]:
    """The tokens of text[start:end], from the tokens of the whole text (label text cut at the bounds)."""
    first = bisect_left(tokens, start, key=lambda token: token.end)
    kept = []
    for token in tokens[first:]:
        if token.start >= end:
            break
        if token.kind == LABEL and (token.start < start or token.end > end):
            cut = cut_label(token, start, end)
            if cut is not None:
                kept.append(cut)
        elif token.start >= start and token.end <= end:
            kept.append(token)
    return kept


def cut_label(token: Token, start: int, end: int) -> Token | None:
    """The part of a label token inside text[start:end] (None for a token of another kind, or no text there)."""
    if token.kind != LABEL:
        return None
    cut_start, cut_end = max(token.start, start), min(token.end, end)
    piece = token.text[cut_start - token.start : cut_end - token.start] if cut_start < cut_end else ""
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    if not piece:
        return None
    return Token(LABEL, piece, cut_start + lead, cut_start + lead + len(piece), cell=token.cell)


@cache
def _figure_characters() -> re.Pattern[str]:
    """A digit, or a character of a zero word (无): what every NUMBER token holds."""
    zero = "".join(sorted({ch for word in table_words().zero for ch in word}))
    return re.compile(rf"[\d{re.escape(zero)}]")


def may_hold_figures(text: str) -> bool:
    """False when tokenize(text) gives no NUMBER token, told by one search: a figure is digits or a zero
    word, whether read inline, from a pipe cell or split off a label."""
    return _figure_characters().search(text) is not None
