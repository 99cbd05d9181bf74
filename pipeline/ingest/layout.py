"""Line layout repairs: split pages that put everything on one line, rejoin lines a page broke mid-sentence.

Each function returns edits (see pipeline.ingest.offsets) instead of new text, so the cleaned text keeps
its map back to the source. Table rows (pipe rows, rows of bare numbers) are never joined or split, and
two numbers are never joined into one: a line ending in a digit is never glued to a line starting with one.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right

from pipeline.ingest.offsets import Edit

NUMERAL = "一二三四五六七八九十"
# The start of a section heading or numbered item: 一、 (一) 1. 第一章 一是 附件1: 注:
HEADING_START = re.compile(
    rf"(?:[{NUMERAL}]{{1,3}}[、.]|[(（][{NUMERAL}\d]{{1,3}}[)）]|\d{{1,2}}[、.](?!\d)"
    rf"|第[{NUMERAL}\d]{{1,3}}[章节条部分篇]|[{NUMERAL}]是|附件\d*[:：]|注[:：])"
)
LONG_LINE = 40  # characters; a line this long with a heading inside is a page run together
# In a run-together line, a section heading (一、 (二) 附件1:) starts after a space or a sentence end;
# a numbered item (1. 2、) only after a sentence end, so rows of a flattened table stay together.
# Both start with a character class (their first character, checked again by a lookbehind), which lets the
# regex engine skip to the candidates: [一二…]{1,3}、 | [(（][一二…]{1,3}[)）] | 附件\d*[:：], and \d{1,2}[、.]字.
SECTION_HEADING = re.compile(
    rf"[{NUMERAL}(（附](?:(?<=[{NUMERAL}])[{NUMERAL}]{{0,2}}、|(?<=[(（])[{NUMERAL}]{{1,3}}[)）]|(?<=附)件\d*[:：])"
)
NUMBERED_ITEM = re.compile(r"\d\d?[、.][\u4e00-\u9fff]")
SENTENCE_PUNCTUATION = "。；;！!？?"
# Breaking after a sentence end loses nothing, and a paragraph that happens to fill its last line ends so.
SENTENCE_END = re.compile(r"[。！!？?]$")
SPACED_NUMBER = re.compile(r"(?:(?<= )|^)-?\d[\d,.]*(?= |$)")

# Hard-wrapped text (PDF text layers, PDF-to-markdown) has most of its long lines at one width.
WRAP_MIN_WIDTH = 30  # display columns (a CJK character is 2)
WRAP_MIN_LINES = 5
WRAP_SHARE = 0.5  # of the long lines must sit near the wrap width
WRAP_TOLERANCE = 0.15
WRAP_MAX_WIDTH = 200
TABLE_ROW_NUMBERS = 3  # a line with this many space-separated numbers is a table row

TITLE_END = re.compile(r"(?:年度报告|工作报告|情况报告|年报)$")
TITLE_TAIL_START = re.compile(r"^(?:(?:19|20)\d{2}年|[二〇○零一三四五六七八九]{4}年|20[xX×]{2}年|年度|工作|政府信息公开|信息公开|政务公开)")
TITLE_HEAD_BAD = re.compile(r"[。，,；;：:!！?？]|^\d[\d\-./: ]*$|报告$|篇\d+$")
TITLE_MAX_HEAD = 30
TITLE_MAX_TAIL = 40
TITLE_SEARCH_LINES = 12


def display_width(line: str) -> int:
    """Columns the line takes on a page: CJK and other wide characters count 2."""
    return len(line.encode("gb18030", errors="replace"))


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the newline."""
    spans = []
    position = 0
    for line in text.split("\n"):
        spans.append((position, position + len(line)))
        position += len(line) + 1
    if spans and spans[-1][0] == len(text):
        spans.pop()  # nothing after the final newline
    return spans


def _iter_lines(text: str):  # noqa: ANN202 - an iterator of (start, end)
    """The spans of _lines, one at a time (for a look at the first lines only)."""
    position = 0
    length = len(text)
    while position < length:
        end = text.find("\n", position)
        if end < 0:
            end = length
        yield position, end
        position = end + 1


def is_pipe_row(line: str) -> bool:
    return line.count("|") >= 2


def is_number_row(line: str) -> bool:
    return len(SPACED_NUMBER.findall(line)) >= TABLE_ROW_NUMBERS


def _break_before(text: str, line_start: int, at: int, section: bool) -> tuple[int, str] | None:
    """Where to break a run-together line (starting at `line_start`) before the heading at `at`:
    (start of the spaces, replacement)."""
    spaces_start = at
    while spaces_start > line_start and text[spaces_start - 1] == " ":
        spaces_start -= 1
    if spaces_start == line_start:
        return None
    if text[spaces_start - 1] in SENTENCE_PUNCTUATION:
        return spaces_start, "\n"
    if section and spaces_start < at:
        return spaces_start, "\n"
    return None


_BREAKS_AFTER = " " + SENTENCE_PUNCTUATION  # what a heading _break_before breaks before can follow

# The starts of SECTION_HEADING and NUMBERED_ITEM that follow a space or a sentence end (_BREAKS_AFTER), the
# only ones _break_before can break before: most headings start their line, and a pattern that required only
# the heading handed each of them to Python. Each pattern is found from the character that ends its kind of
# heading: a pattern that starts with one literal character is searched for at the speed of str.find, while
# the first characters of SECTION_HEADING ([一二…(（附], as common as 一 is) are tested at every position.
# The character before the heading is checked by a lookbehind for each length the heading's number can have
# (a lookbehind has one width): [一二…]{1,3}、 and [(（][一二…]{1,3}[)）] take at most three numerals, so
# behind a longer run of numerals is a numeral, never a break; \d\d?、字 and \d\d?.字 take two digits.
# Neither kind of match can overlap the other, nor a match of its own kind.
_AFTER_BREAK = f"[{_BREAKS_AFTER}]"
_COMMA_AFTER_NUMBER = re.compile(  # 一、 (section) or 1、字 (numbered item)
    rf"、(?:(?<={_AFTER_BREAK}[{NUMERAL}]、)|(?<={_AFTER_BREAK}[{NUMERAL}]{{2}}、)|(?<={_AFTER_BREAK}[{NUMERAL}]{{3}}、)"
    rf"|(?:(?<={_AFTER_BREAK}\d、)|(?<={_AFTER_BREAK}\d\d、))(?=[\u4e00-\u9fff]))"
)
_DOT_AFTER_DIGIT = re.compile(rf"\.(?:(?<={_AFTER_BREAK}\d\.)|(?<={_AFTER_BREAK}\d\d\.))(?=[\u4e00-\u9fff])")  # 1.字
_CLOSE_AFTER_NUMERAL = tuple(  # (一) （一）
    re.compile(
        rf"{re.escape(close)}(?:(?<={_AFTER_BREAK}[(（][{NUMERAL}]{re.escape(close)})"
        rf"|(?<={_AFTER_BREAK}[(（][{NUMERAL}]{{2}}{re.escape(close)})|(?<={_AFTER_BREAK}[(（][{NUMERAL}]{{3}}{re.escape(close)}))"
    )
    for close in ")）"
)
_ATTACHMENT = re.compile(rf"附件(?<={_AFTER_BREAK}附件)\d*[:：]")


def _breakable_heading_starts(text: str) -> list[tuple[int, bool]]:
    """(start, section) in text order of every SECTION_HEADING (True) and NUMBERED_ITEM (False) match that
    follows a space or a sentence end."""
    found: list[tuple[int, bool]] = []
    for match in _COMMA_AFTER_NUMBER.finditer(text):
        at = match.start()
        if text[at - 1] in NUMERAL:  # [一二…]{1,3}、: the match starts at most three numerals back
            start = at - 1
            while text[start - 1] in NUMERAL:  # a break character ends the run
                start -= 1
            found.append((start, True))
        else:  # \d\d?、字
            found.append((at - 2 if text[at - 2].isdecimal() else at - 1, False))
    for match in _DOT_AFTER_DIGIT.finditer(text):
        at = match.start()
        found.append((at - 2 if text[at - 2].isdecimal() else at - 1, False))
    for pattern in _CLOSE_AFTER_NUMERAL:
        for match in pattern.finditer(text):
            at = match.start()
            start = at - 1
            while text[start - 1] in NUMERAL:
                start -= 1
            found.append((start - 1, True))  # the opening bracket
    found.extend((match.start(), True) for match in _ATTACHMENT.finditer(text))
    found.sort()
    return found


def split_run_together(text: str) -> list[Edit]:
    """Break lines of LONG_LINE+ characters before the section headings they contain.

    Neither kind of heading spans a line end, so the headings a break can go before (after a space or a
    sentence end; most headings start their line) are found once in the whole text, and only the lines
    holding one are looked at.
    """
    edits: list[Edit] = []
    line_start = line_end = -1  # the line of the last heading looked at
    skip = False  # that line is short or a pipe row
    for at, section in _breakable_heading_starts(text):
        if at >= line_end:
            line_start = text.rfind("\n", 0, at) + 1
            line_end = text.find("\n", at)
            if line_end < 0:
                line_end = len(text)
            skip = line_end - line_start < LONG_LINE or text.count("|", line_start, line_end) >= 2
        if skip:
            continue
        cut = _break_before(text, line_start, at, section)
        if cut is None or (edits and edits[-1][1] > cut[0]):
            continue
        edits.append((cut[0], at, cut[1]))
    return edits


def _wrap_width(widths: list[int]) -> int | None:
    """The width the text was hard-wrapped at (from its prose lines' display widths), or None if it was not."""
    widths = sorted(w for w in widths if w >= WRAP_MIN_WIDTH)
    if len(widths) < WRAP_MIN_LINES:
        return None
    width = widths[(len(widths) * 3) // 4]
    if width > WRAP_MAX_WIDTH:
        return None
    # The widths w with abs(w - width) <= tolerance, counted in the sorted list: for whole numbers that is
    # abs(w - width) <= floor(tolerance).
    reach = math.floor(max(4, WRAP_TOLERANCE * width))
    near = bisect_right(widths, width + reach) - bisect_left(widths, width - reach)
    if near < WRAP_MIN_LINES or near < WRAP_SHARE * len(widths):
        return None
    return width


def _joiner(left: str, right: str) -> str | None:
    """What goes between two wrapped lines: '' for CJK, ' ' between words, None if they must stay apart."""
    last, first = left[-1], right[0]
    if last.isdigit() and first.isdigit():
        return None
    if last.isascii() and last.isalnum() and first.isascii() and first.isalnum():
        return " "
    return ""


def reflow_wrapped(text: str) -> list[Edit]:
    """Join the lines of hard-wrapped paragraphs back into one line each."""
    lines = text.split("\n")
    # display_width of every line at once: GB18030 is stateless and no multi-byte character has a \n byte.
    line_widths = list(map(len, text.encode("gb18030", errors="replace").split(b"\n")))
    prose = [
        width
        for line, width in zip(lines, line_widths)
        if width >= WRAP_MIN_WIDTH and line.strip() and line.count("|") < 2  # not is_pipe_row(line), inlined
    ]
    width = _wrap_width(prose)
    if width is None:
        return []
    spans = _lines(text)
    lines = lines[: len(spans)]  # _lines leaves out the empty piece after a final newline
    full = width - max(6, WRAP_TOLERANCE * width)
    edits: list[Edit] = []
    for index in range(len(lines) - 1):
        left, right = lines[index], lines[index + 1]
        if not left or not right or is_pipe_row(left) or is_pipe_row(right):
            continue
        if line_widths[index] < full or HEADING_START.match(right) or SENTENCE_END.search(left):
            continue
        if is_number_row(left) or is_number_row(right):
            continue
        joiner = _joiner(left, right)
        if joiner is not None:
            edits.append((spans[index][1], spans[index + 1][0], joiner))
    return edits


def join_split_title(text: str) -> list[Edit]:
    """A title a page broke in two (淮安市人民政府 / 2024年政府信息公开工作年度报告) becomes one line."""
    seen = 0
    previous: tuple[int, int] | None = None
    for start, end in _iter_lines(text):
        line = text[start:end].strip()
        if not line:
            continue
        seen += 1
        if seen > TITLE_SEARCH_LINES:
            break
        if previous and len(line) <= TITLE_MAX_TAIL and TITLE_END.search(line) and TITLE_TAIL_START.match(line):
            head = text[previous[0] : previous[1]].strip()
            if len(head) <= TITLE_MAX_HEAD and not TITLE_HEAD_BAD.search(head) and not is_pipe_row(head):
                return [(previous[1], start, "")]
        previous = (start, end)
    return []
