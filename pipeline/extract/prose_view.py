"""The text prose rules read: the cleaned text without tables and layout whitespace, with offsets back.

PDF text breaks lines inside sentences and puts spaces around numbers ("答\\n复 3050 件"); web text puts each
paragraph on a line. Prose rules should see one sentence as one run of characters, so the view drops
whitespace inside sentences, keeps a line break where it ends a paragraph or a heading, keeps one space
between two numbers (so "72 64" never becomes 7264) except where a text hard-wrapped at a fixed width cut
one number at the end of a full line ("24\\n1条" is 241条; cleaning rejoins the rest of a hard-wrapped text and
leaves only such breaks, so a line cut mid-sentence at the width of another such line of the same text shows the
wrap too), turns full-width punctuation and digits into ASCII
(one character for one, so offsets are unchanged) and leaves table regions out (the table extractor reads
those). Every span found in the view maps back to the cleaned document text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import TypeVar

import numpy as np

from pipeline.extract.numbers import UNIT_PATTERN
from pipeline.codepoints import code_points
from pipeline.extract.regex_speed import CharTable, start_scan

T = TypeVar("T")

FULL_WIDTH_CHARS = "０１２３４５６７８９，；：（）！？％．～"
HALF_WIDTH = str.maketrans(FULL_WIDTH_CHARS, "0123456789,;:()!?%.~")
FULL_WIDTH_CHAR = re.compile(f"[{FULL_WIDTH_CHARS}]")
SENTENCE_END = "。!?\n"
CLAUSE_END = ",;:()。!?\n"
CLAUSE_END_RE = re.compile(r"[,;:()。!?\n]")
CLAUSE_ENDS = CharTable(CLAUSE_END)  # found over the view's code points: a class scan costs ~20x as much
HEADING_MARK = re.compile(
    r"(?:[一二三四五六七八九十]+\s?[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|第[一二三四五六七八九十\d]+[章节部分篇])"
)
HEADING = re.compile(r"^\s*" + HEADING_MARK.pattern)
HEADING_FIRST = frozenset("一二三四五六七八九十(（第0123456789")
PUNCTUATION = re.compile(r"[，,；;：:。！!？?]")
# \s spelled out as a class, the same runs found 2.5x faster: every character str.isspace() accepts
# (tests/test_extract_prose_view.py checks the list against the running Python's Unicode data)
WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
SPACE_RUN = re.compile(f"[{WHITESPACE}]+")
SENTENCE_END_MARKS = "。!?！？"  # after one of these a line break is a sentence break
# The whitespace runs the view may change: all but a single line break right after a sentence end, which the
# view keeps as it is (the sentence break). Skipping those runs copies the text on both sides as one piece.
# The run opens with a class so that the engine finds it in its tight start-set loop.
CHANGEABLE_SPACE_RUN = re.compile(
    f"[{WHITESPACE}](?:[{WHITESPACE}]+|(?<![{SENTENCE_END_MARKS}]\n))"
)
LIST_OPENER = re.compile(r"[^,;:。!?\d]{0,10}中$")  # "…425条政府信息中," after a figure
LIST_OPENER_END = "中"  # the clause's last character, when LIST_OPENER can match
LIST_OPENER_REACH = 11  # the most characters LIST_OPENER can span
# Letters and digits of ASCII, between which a whitespace run stays one space. A set, not a regex class: the view
# asks about one character on each side of each run, and a set lookup costs a fraction of a regex call (~1,700
# instructions)
ASCII_WORD_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
SENTENCE_STOPS = "。!?！？;；:："
DIGIT_RUN = re.compile(r"\d+(?:\.\d+)?")
MIN_WRAP_WIDTH = 16  # shorter lines are headings, cells or signatures, not hard-wrapped text
WRAPPED_LINES = 5  # lines of exactly one length that show the text was hard-wrapped at it
CONTINUES = re.compile(r"[条件次宗项个人篇份场名期家位%,，。;；、)）]")  # a line starting so continues the last
# The end of a number cut by a wrap: its last digits and its unit, then the sentence goes on (办结 9 / 0件,均在…)
NUMBER_TAIL = re.compile(rf"[ \t]?\d+(?:\.\d+)?[ \t]?(?:{UNIT_PATTERN})(?![\d.])")
# A line ending in a figure written after words (办结 9), not in a run of table cells (0 0 1, — 1)
FIGURE_AFTER_WORDS = re.compile(r"(?<![\d\s/—\-.])[ \t]?\d+(?:\.\d+)?$")
CELL_RUN = re.compile(r"[\d/—][ \t]+[\d/—]")  # two table cells side by side: a flattened row, not a sentence


@dataclass
class ProseView:
    text: str
    anchors: list[tuple[int, int]]  # (view offset, document offset) where a run of copied text starts
    _anchor_keys: list[int] = field(default_factory=list)
    _clause_ends: list[int] = field(default_factory=list)
    _sentence_ends: list[int] = field(default_factory=list)
    codes: np.ndarray = field(init=False, repr=False, compare=False)  # the text's code points, for CharTable lookups

    def __post_init__(self) -> None:
        self._anchor_keys = list(map(itemgetter(0), self.anchors))  # the view offsets
        text = self.text
        self.codes = code_points(text)
        self._clause_ends = CLAUSE_ENDS.positions(self.codes)
        # every sentence end is a clause end: picking them out costs less than a second lookup
        self._sentence_ends = [at for at in self._clause_ends if text[at] in SENTENCE_END]

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """pattern.finditer(self.text), the pattern tried only where one of its first characters stands when
        those can be known (regex_speed.StartScan)."""
        scan = start_scan(pattern)
        return scan.finditer(self.text, self.codes) if scan is not None else pattern.finditer(self.text)

    def document_offset(self, view_offset: int) -> int:
        index = bisect_right(self._anchor_keys, view_offset) - 1
        if index < 0:
            return view_offset
        view_at, document_at = self.anchors[index]
        return document_at + (view_offset - view_at)

    def document_span(self, start: int, end: int) -> tuple[int, int]:
        """The document span of view[start:end] (end exclusive, mapped through its last character)."""
        if end <= start:
            at = self.document_offset(start)
            return at, at
        return self.document_offset(start), self.document_offset(end - 1) + 1

    def clause_start(self, position: int) -> int:
        """Start of the clause holding `position` (just after the previous , ; : ( ) or sentence end)."""
        index = bisect_right(self._clause_ends, position - 1) - 1
        return self._clause_ends[index] + 1 if index >= 0 else 0

    def clause_end(self, position: int) -> int:
        index = bisect_right(self._clause_ends, position - 1)
        return self._clause_ends[index] if index < len(self._clause_ends) else len(self.text)

    def opens_list(self, figure_end: int) -> bool:
        """The figure ending here sits inside the noun phrase that opens a list ("…的425条政府信息中,"). A clause
        ending the sentence opens nothing ("其中维持1件,1件正在审理中。": a figure and its state)."""
        clause_end = self.clause_end(figure_end)
        if clause_end - figure_end > LIST_OPENER_REACH or self.text[clause_end - 1 : clause_end] != LIST_OPENER_END:
            return False  # most clauses: the regex could not match, told without running it
        if self.text[clause_end : clause_end + 1] in SENTENCE_END_MARKS:
            return False
        return bool(LIST_OPENER.match(self.text, figure_end, clause_end))

    def sentence_start(self, position: int) -> int:
        index = bisect_right(self._sentence_ends, position - 1) - 1
        return self._sentence_ends[index] + 1 if index >= 0 else 0

    def sentence_end(self, position: int) -> int:
        index = bisect_right(self._sentence_ends, position - 1)
        return self._sentence_ends[index] if index < len(self._sentence_ends) else len(self.text)

    def sentences(self) -> list[tuple[int, int]]:
        spans, start = [], 0
        for end in self._sentence_ends:
            if end > start:
                spans.append((start, end))
            start = end + 1
        if start < len(self.text):
            spans.append((start, len(self.text)))
        return spans


def _is_heading(line: str) -> bool:
    """A heading or a table cell on its own line: the line break after it ends a sentence."""
    line = line.strip()
    if not line:
        return True
    if HEADING.match(line) and "。" not in line:
        return True
    return len(line) <= 20 and not PUNCTUATION.search(line)


def wrap_width(text: str) -> int | None:
    """The width a converter hard-wrapped the text's lines at (PDF text, Markdown made from a PDF): the length
    of at least WRAPPED_LINES lines that break inside a sentence (no stop at their end, no heading or list
    item after them, no table pipes), or None when the lines show no such width."""
    lines = text.split("\n")
    lengths = Counter(
        len(line)
        for line, following in zip(lines, lines[1:])
        if len(line) >= MIN_WRAP_WIDTH
        and line[-1] not in SENTENCE_STOPS
        and "|" not in line  # a pipe row is a table's width, not a wrap
        and following[:1].strip()
        and not HEADING.match(following)
    )
    if not lengths:
        return None
    width, count = lengths.most_common(1)[0]
    return width if count >= WRAPPED_LINES else None


def _wrapped(width: int | None, line: str) -> bool:
    """A line as long as the wrap width. Digits are narrower than characters, so a PDF line may hold a few more;
    a converter's spaces around each number, counted in the width, may be gone from the cleaned text, so a
    line may also be two characters shorter for each number it holds."""
    if width is None or len(line) > width + width // 4:
        return False
    return len(line) >= width or len(line) >= width - 2 * len(DIGIT_RUN.findall(line))


def _cut_like_its_neighbour(text: str, line_start: int, line_break: int) -> bool:
    """A line that breaks inside a sentence next to another such line of the same width, give or take the
    spaces around numbers that cleaning removed: a paragraph hard-wrapped at that width, even where the
    document as a whole shows no single wrap width (one wrapped paragraph among long unwrapped lines)."""
    line = text[line_start:line_break]
    if len(line) < MIN_WRAP_WIDTH:
        return False
    next_end = text.find("\n", line_break + 1)
    following = text[line_break + 1 : next_end if next_end >= 0 else len(text)].strip()
    previous_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    preceding = text[previous_start : line_start - 1].strip() if line_start > 0 else ""
    neighbours = [n for n in (preceding, following) if len(n) >= MIN_WRAP_WIDTH and n[-1] not in SENTENCE_STOPS]
    slack = 2 + 2 * len(DIGIT_RUN.findall(line))
    return any(abs(len(n) - len(line)) <= slack + 2 * len(DIGIT_RUN.findall(n)) for n in neighbours)


def stands_alone(text: str, line_start: int, line_break: int) -> bool:
    """Whether the line text[line_start:line_break] is a line of its own that the view ran into the sentence
    after it: no punctuation in it (a title longer than a heading, "关于因政府信息公开申请提起行政复议和行政诉讼
    的情况说明") and not a line of hard-wrapped text (a wrapped line is cut at the text's width or at its
    neighbour's, and the sentence goes on across the cut)."""
    line = text[line_start:line_break].strip()
    if not line or PUNCTUATION.search(line):
        return False
    return not _wrapped(_wrap_width_of(text), line) and not _cut_like_its_neighbour(text, line_start, line_break)


_wrap_width_of = lru_cache(maxsize=2)(wrap_width)  # asked once per snippet of one text: measured once


def _mid_sentence_cuts(text: str) -> list[tuple[int, int]]:
    """(length, digit runs) of the lines that break inside a sentence as a hard wrap does: long enough, no stop
    at their end, no table pipes or side-by-side cells, a line of text after them that is no heading or list
    item. In a hard-wrapped text that cleaning rejoined, these are what is left of the wrap (a page break, a
    number cut in two), each one line of the original layout."""
    cuts = []
    lines = text.split("\n")
    for line, following in zip(lines, lines[1:]):
        line = line.rstrip()
        if (
            len(line) >= MIN_WRAP_WIDTH
            and line[-1] not in SENTENCE_STOPS
            and "|" not in line
            and not CELL_RUN.search(line)
            and following[:1].strip()
            and not HEADING.match(following)
            and not _is_heading(line)  # a heading ends its line wherever it ends: no width to go by
        ):
            cuts.append((len(line), len(DIGIT_RUN.findall(line))))
    return cuts


def _cut_like_another_line(text: str, line_start: int, line_break: int, cuts: Callable[[], list[tuple[int, int]]]) -> bool:
    """A figure written after words at the end of a line (办结 9), its last digits and unit opening the next line
    (0件,均在…), the line as long as another line of the text that breaks inside a sentence, give or take the
    spaces around numbers that cleaning removed: a number the text's hard wrap cut in two. The other line is
    the evidence of the wrap: a single line ending in a figure is not enough (two cells, or a figure and a
    note, may sit on two lines)."""
    line = text[line_start:line_break].rstrip()
    if len(line) < MIN_WRAP_WIDTH or "|" in line or CELL_RUN.search(line) or not FIGURE_AFTER_WORDS.search(line):
        return False
    if not NUMBER_TAIL.match(text, line_break + 1):
        return False
    runs = len(DIGIT_RUN.findall(line))
    same = [(length, n) for length, n in cuts() if abs(length - len(line)) <= 2 + 2 * (runs + n)]
    return len(same) >= 2  # the line itself is one of the cuts: another one has its width


def _number_cut_before_a_zero(text: str, line_start: int, line_break: int) -> bool:
    """A figure after words at the end of a line (工作动态类1), the next line opening with the rest of the number
    and its unit, that rest starting with a 0 and another digit (00条,占16.8%): no number is written with a
    leading zero, so the line break cut one number in two (100条), whatever the text's wrap width. Side-by-side
    table cells and pipe rows are left alone."""
    line = text[line_start:line_break].rstrip()
    if "|" in line or CELL_RUN.search(line) or not FIGURE_AFTER_WORDS.search(line):
        return False
    tail = NUMBER_TAIL.match(text, line_break + 1)
    if tail is None:
        return False
    digits = tail.group().lstrip(" \t")
    return len(digits) > 1 and digits[0] == "0" and digits[1].isdigit()


def _space_replacement(
    text: str, start: int, end: int, width: Callable[[], int | None], cuts: Callable[[], list[tuple[int, int]]]
) -> str:
    """What a whitespace run becomes: a sentence break, one space between numbers or words, or nothing."""
    before = text[start - 1] if start > 0 else "\n"
    after = text[end] if end < len(text) else "\n"
    if after in HEADING_FIRST and HEADING_MARK.match(text, end, min(len(text), end + 8)):
        return "\n"  # a heading starts here, even when the page put everything on one line
    line_break = text.find("\n", start, end)
    if line_break >= 0:
        if before in SENTENCE_END_MARKS or before == "\n":
            return "\n"
        line_start = text.rfind("\n", 0, start) + 1
        if _is_heading(text[line_start:start]) and not CONTINUES.match(after):
            return "\n"
        if before.isdigit() and after.isdigit() and (
            _wrapped(width(), text[line_start:line_break])
            or _cut_like_its_neighbour(text, line_start, line_break)
            or _cut_like_another_line(text, line_start, line_break, cuts)
            or _number_cut_before_a_zero(text, line_start, line_break)
        ):
            return ""  # "24\n1条" at the wrap width: one number the wrap cut (241条)
    if before in ASCII_WORD_CHARS and after in ASCII_WORD_CHARS:
        return " "
    return ""


def _once(compute: Callable[[], T]) -> Callable[[], T]:
    """`compute`, run at the first call only (functools.cache costs more to set up than most views use)."""
    computed: list[T] = []

    def value() -> T:
        if not computed:
            computed.append(compute())
        return computed[0]

    return value


def build_view(text: str, skip: list[tuple[int, int]] | None = None) -> ProseView:
    """The prose view of a cleaned document text, leaving out the `skip` spans (tables)."""
    # str.translate is slow on CJK text: only when there is work. Twenty substring tests (C loops of a few
    # instructions a character) tell it for a third of what one regex scan through the character class costs.
    if any(map(text.__contains__, FULL_WIDTH_CHARS)):
        text = FULL_WIDTH_CHAR.sub(lambda m: m.group().translate(HALF_WIDTH), text)  # one for one: offsets hold
    width = _once(lambda: wrap_width(text))  # measured only when a line break falls between two digits
    cuts = _once(lambda: _mid_sentence_cuts(text))  # likewise
    parts: list[str] = []
    anchors: list[tuple[int, int]] = []
    length = 0
    position = 0
    for skip_start, skip_end in sorted(skip or []) + [(len(text), len(text))]:
        region_end = max(position, min(skip_start, len(text)))
        for match in CHANGEABLE_SPACE_RUN.finditer(text, position, region_end):
            if match.start() > position:
                piece = text[position : match.start()]
                anchors.append((length, position))
                parts.append(piece)
                length += len(piece)
            replacement = _space_replacement(text, match.start(), match.end(), width, cuts)
            if replacement:
                parts.append(replacement)
                anchors.append((length, match.start()))
                length += len(replacement)
            position = match.end()
        if region_end > position:
            piece = text[position:region_end]
            anchors.append((length, position))
            parts.append(piece)
            length += len(piece)
        if skip_end > region_end:
            parts.append("\n")
            anchors.append((length, region_end))
            length += 1
        position = max(position, region_end, skip_end)
    return ProseView("".join(parts), anchors)
