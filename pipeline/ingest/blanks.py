"""Spaces and blank lines: trimmed, collapsed, and removed where PDF layout put them inside quantities.

PDF text layers space out numbers and their units (规章 22 件, 2018 年 1 月 1 日). Those spaces go
(规章22件, 2018年1月1日); a space before a number goes only when one follows it too, so a heading and
its first sentence (一、总体情况 2022年...) keep theirs. A space between two numbers always stays:
201811 must never be made out of 2018 and 11.

Every function returns edits (see pipeline.ingest.offsets); scanning only the runs of spaces keeps this
fast.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.ingest.debris import SkippingPattern
from pipeline.ingest.offsets import Edit

SPACES = re.compile(r" +")
UNIT_AFTER_NUMBER = "年月日号时分秒件条项个次人名份篇场万亿元家期届所户批座台套类宗余%"
BEFORE_SPACED_NUMBER = re.compile(r"[\u4e00-\u9fff(（,，:：]")
SPACED_NUMBER_WITH_UNIT = re.compile(rf"\d[\d.,]*(?: +|\n)[{UNIT_AFTER_NUMBER}]")
DATE_PART = re.compile(r"\d{1,4} *[年月日号]")
DATE_CHARS = "年月日至到~-—"
LETTER_SPACED_LINE = re.compile(r"^(?:[\u4e00-\u9fff] +){2,}[\u4e00-\u9fff]$", re.M)
# Searched from line start to line start (a literal \n), not tried at every character for its ^.
_LETTER_SPACED_LINES = SkippingPattern(LETTER_SPACED_LINE, set(), line_anchored=True)


# Every character str.isdigit() accepts, the test space_edits makes: \d (decimal digits) and the other digits
# (superscripts ² ³, circled and parenthesised digits ① ⑴ ⒈ ...), listed from Python 3.11's Unicode data.
_DIGIT_CHARS = (
    r"[\d\u00b2\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c"
    r"\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792\U00010a40-\U00010a43"
    r"\U00010e60-\U00010e68\U00011052-\U0001105a\U0001f100-\U0001f10a]"
)
_DIGITS = _DIGIT_CHARS[1:-1]  # the class's contents, for classes that add to them
_BEFORE_NUMBER = r"\u4e00-\u9fff(（,，:：" + re.escape(DATE_CHARS)  # what a number's layout space may follow
# The runs of spaces space_edits may change; the others (one space between words, or between two figures,
# by far the most) are left alone, so the regex skips them instead of handing each one to Python. The
# pattern starts with the space itself, so the regex engine jumps from space to space, and then tells the
# runs apart by the character after the first space, consumed (a test on a consumed character is far
# cheaper in the regex engine than a lookaround: the lookarounds this pattern had cost ~1,400 instructions
# per space, and most spaces are those between the figures of a spaced table row):
_SPACES_TO_EDIT = re.compile(
    " (?:"
    " +"  # another space: a run to collapse (the whole run)
    r"|\n"  # a line break: at a line's end
    rf"|[{_DIGITS}](?<=[\n{_BEFORE_NUMBER}] .)"  # a number, after a line start or 年, 章, (: before a number (2025年 1月, 规章 22件)
    rf"|[{UNIT_AFTER_NUMBER}](?<=[\n{_DIGITS}] .)"  # a unit, after a line start or a number: between a number and its unit
    ")"
)


def _runs_to_edit(text: str) -> list[tuple[int, int]]:
    """(start, end) of the runs of spaces space_edits may change, in text order."""
    runs: dict[int, int] = {}
    for match in _SPACES_TO_EDIT.finditer(text):
        start, end = match.span()
        runs[start] = end if text[end - 1] == " " else start + 1  # a single space, unless the match is a run
    # What the pattern leaves out, all single spaces (it finds every longer run): a space at a line's start
    # followed by anything else (rare), and the text's first and last space.
    at = text.find("\n ")
    while at >= 0:
        runs.setdefault(at + 1, at + 2)
        at = text.find("\n ", at + 2)
    if text.startswith(" "):
        runs.setdefault(0, 1)
    if text.endswith(" ") and not text.endswith("  "):
        runs[len(text) - 1] = len(text)
    return sorted(runs.items())


def _is_layout_space(text: str, start: int, end: int) -> bool:
    before, after = text[start - 1], text[end]
    if before.isdigit():
        return after in UNIT_AFTER_NUMBER
    if before in DATE_CHARS and DATE_PART.match(text, end):
        return True
    return bool(BEFORE_SPACED_NUMBER.match(before) and SPACED_NUMBER_WITH_UNIT.match(text, end))


def space_edits(text: str) -> list[Edit]:
    """Spaces at line ends and inside quantities removed; other runs of spaces become one space."""
    edits: list[Edit] = []
    length = len(text)
    for start, end in _runs_to_edit(text):
        if start == 0 or end == length or text[start - 1] == "\n" or text[end] == "\n":
            edits.append((start, end, ""))
        elif (text[start - 1].isdigit() or text[end].isdigit()) and _is_layout_space(text, start, end):
            edits.append((start, end, ""))  # every layout space touches a digit
        elif end - start > 1:
            edits.append((start + 1, end, ""))
    return edits


# What a second space pass over space_edits' own result can still find (see spaced_text_is_settled): a number,
# one line break and a unit, where the first pass took away spaces beside the break.
_NUMBER_BREAK_UNIT = re.compile(rf"\n(?<=[\d.,]\n)[{UNIT_AFTER_NUMBER}]")


def spaced_text_is_settled(spaced: str) -> bool:
    """Whether space_edits(spaced) is certainly empty, for a text `spaced` that is the result of applying
    space_edits' edits (a cheap test; False means the pass must run).

    The first pass leaves only single spaces, none at a line's start or end, each between the same two
    characters as before (it only removes spaces, and never two digits' space). A second pass decides each
    one by those neighbours and by what follows it: DATE_PART, which allows any number of spaces, reads the
    same; SPACED_NUMBER_WITH_UNIT (a number, spaces or one line break, a unit) can newly match only where the
    spaces beside a line break are gone and a number, the break and a unit meet. Without that, every space
    is decided as the first pass decided it: kept as it is."""
    return _NUMBER_BREAK_UNIT.search(spaced) is None


def letter_spacing_edits(text: str) -> list[Edit]:
    """A line of single characters spaced apart (指 标 名 称, a centred title) is written out (指标名称)."""
    edits: list[Edit] = []
    for match in _LETTER_SPACED_LINES.finditer(text):
        line_start = match.start()
        edits.extend((line_start + m.start(), line_start + m.end(), "") for m in SPACES.finditer(match.group()))
    return edits


def blank_line_edits(text: str, is_table_row: Callable[[str], bool]) -> list[Edit]:
    """Drop blank lines, keeping exactly one between a table block and what touches it.

    Two tables separated by a blank line keep it; a table touching text gets one.
    """
    edits: list[Edit] = []
    last_end = -1  # end of the last non-blank line (-1: none yet)
    was_row = False  # whether it was a table row
    start = 0
    # One pass over str.split's lines (a line is blank when it is empty or all blanks, what str.isspace and
    # the \S of a regex agree on), not a regex match per line: most lines are neither blank nor rows.
    for line in text.split("\n"):
        end = start + len(line)
        if line and not line.isspace():
            is_row = is_table_row(line)
            if last_end < 0:
                if start > 0:
                    edits.append((0, start, ""))
            else:
                # The gap between two lines starts and ends with a newline: its length says what it holds.
                gap = start - last_end
                if gap == 1 and is_row == was_row:
                    pass  # the usual case: the next line of a paragraph or of a table
                else:
                    wanted = "\n\n" if is_row != was_row or (is_row and gap > 1) else "\n"
                    if gap != len(wanted):
                        edits.append((last_end, start, wanted))
            last_end, was_row = end, is_row
        start = end + 1
    return edits


# The blank lines between two lines of text: the newline ending the first, then every blank line with its
# newline, up to a line holding more than blanks (\s and \S test what str.isspace tests).
_BLANK_LINES_BEFORE_TEXT = re.compile(r"\n(?:[^\S\n]*\n)+(?=[^\S\n]*\S)")
_LEADING_BLANK_LINES = re.compile(r"(?:[^\S\n]*\n)+(?=[^\S\n]*\S)")


def blank_line_edits_without_rows(text: str) -> list[Edit]:
    """blank_line_edits(text, is_table_row) for a text in which no line is a table row: blank lines dropped.

    Found by two regexes, without the line by line pass: only the gaps that hold a blank line are edited."""
    edits: list[Edit] = []
    leading = _LEADING_BLANK_LINES.match(text)
    position = 0
    if leading is not None:
        edits.append((0, leading.end(), ""))
        position = leading.end()
    # From the first line of text on, every newline searched from ends a line of text: a match ends at the
    # start of the next line of text, and a newline with no line of text after it matches nowhere.
    edits.extend((match.start(), match.end(), "\n") for match in _BLANK_LINES_BEFORE_TEXT.finditer(text, position))
    return edits
