"""Web-page and print-layout debris: the patterns live in data/web_debris.tsv, compiled once here.

Three kinds of pattern (the `scope` column):
  line        a whole line that is debris (返回首页, 打印 关闭, page footers such as — 1 —, table borders)
  inline      debris inside a line (share widgets, hit counters, runs of |)
  breadcrumb  the words that start a breadcrumb trail (当前位置：首页 > 政务公开 > ...)
Patterns are written against text that has already been through charmap.normalize_chars (half-width
ASCII punctuation, one kind of space).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

import numpy as np

from pipeline.codepoints import code_points

DEBRIS_FILE = "web_debris.tsv"
# A breadcrumb segment is short; a trail ends at a line end, a pipe or the first space after the last
# segment, so a page that runs everything together cannot lose its body to a greedy match.
CRUMB_SEGMENT = r"[^\s>›»|]{1,20}"
CRUMB_LAST = r"[^\s>›»|]{1,30}(?= |$|\|)"
CRUMB_SEPARATOR = r" *[>›»/] *"


def _rows() -> list[dict[str, str]]:
    path = resources.files("pipeline.ingest") / "data" / DEBRIS_FILE
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def first_chars(pattern: str) -> set[str] | None:
    """The characters a match of `pattern` can start with, or None if that is not a small known set.

    A leading [chars] lookahead lets the regex engine skip every other position quickly; inline debris
    is an alternation of many patterns that would otherwise each be tried at every character.
    """
    try:
        from re import _constants as c
        from re import _parser

        return _first_of(list(_parser.parse(pattern)), c)
    except Exception:  # a private module: if it changes, go without the shortcut
        return None


def _first_of(items: list, c) -> set[str] | None:  # noqa: ANN001 - re._constants has no public types
    found: set[str] = set()
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero-width
        if op is c.LITERAL:
            return found | {chr(av)}
        if op is c.IN:
            for kind, value in av:
                if kind is c.LITERAL:
                    found.add(chr(value))
                elif kind is c.RANGE and value[1] - value[0] < 128:
                    found.update(map(chr, range(value[0], value[1] + 1)))
                else:
                    return None
            return found
        if op is c.SUBPATTERN:
            inner = _first_of(list(av[-1]), c)
            return None if inner is None else found | inner
        if op is c.BRANCH:
            for branch in av[1]:
                inner = _first_of(list(branch), c)
                if inner is None:
                    return None
                found |= inner
            return found
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, _, sub = av
            inner = _first_of(list(sub), c)
            if inner is None:
                return None
            found |= inner
            if low > 0:
                return found
            continue
        return None
    return None  # the pattern can match the empty string


def with_first_char_lookahead(pattern: str) -> str:
    chars = first_chars(pattern)
    if not chars:
        return pattern
    return "(?=[" + "".join(re.escape(ch) for ch in sorted(chars)) + "])(?:" + pattern + ")"


class SkippingPattern:
    """A compiled pattern whose finditer jumps from one possible match start to the next.

    Python's regex engine only skips ahead quickly when a pattern starts with a literal or a character
    class; a pattern starting with ^, a lookahead or a group of alternatives is tried at every position of
    the text. Here a small regex that starts with a character class finds each match's start at that speed
    (`[first characters]`, or for a pattern anchored at line starts the newline before one, followed by a
    zero-width check that the pattern matches there), and the pattern itself is then matched at that start:
    the same matches as pattern.finditer, for a pattern that never matches the empty string.
    """

    def __init__(self, pattern: re.Pattern[str], chars: set[str], line_anchored: bool = False) -> None:
        self.pattern = pattern
        self._line_anchored = line_anchored
        first = "\\n" if self._line_anchored else "".join(re.escape(ch) for ch in sorted(chars))
        skip = 1 if self._line_anchored else 0  # the match starts after the newline
        self._starts = re.compile(f"[{first}](?=(?:{pattern.pattern}))" if skip else f"[{first}](?<=(?=(?:{pattern.pattern})).)", pattern.flags)
        self._skip = skip

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        search, match, skip = self._starts.search, self.pattern.match, self._skip
        position = 0
        while True:
            if skip and (position == 0 or text[position - 1 : position] == "\n"):
                found = match(text, position)  # a line starting right here: the newline is behind us
                if found is not None:
                    yield found
                    position = found.end()
                    continue
            start = search(text, position)
            if start is None:
                return
            found = match(text, start.start() + skip)
            yield found
            position = found.end()  # past the match start: the pattern never matches the empty string


def skipping(pattern: re.Pattern[str]) -> re.Pattern[str] | SkippingPattern:
    """The pattern, wrapped to search fast when its first characters are known and it cannot match empty."""
    chars = first_chars(pattern.pattern)
    if not chars or not _never_empty(pattern):
        return pattern
    try:
        from re import _constants, _parser

        parsed = _parser.parse(pattern.pattern, pattern.flags)
        # ^ before everything else, in MULTILINE mode: every match starts a line
        line_anchored = bool(pattern.flags & re.M) and len(parsed) > 0 and parsed[0] == (_constants.AT, _constants.AT_BEGINNING)
    except Exception:  # a private module: if it changes, go without the shortcut
        return pattern
    return SkippingPattern(pattern, chars, line_anchored)


def literal_starts(pattern: str) -> set[str] | None:
    """Strings one of which starts every match of `pattern` (each alternative's literal prefix, or its first
    characters where it opens on a class), or None if that is not known."""
    try:
        from re import _constants as c
        from re import _parser

        return _starts_of(list(_parser.parse(pattern)), c)
    except Exception:  # a private module: if it changes, go without the shortcut
        return None


def _starts_of(items: list, c) -> set[str] | None:  # noqa: ANN001 - re._constants has no public types
    prefix = ""
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            if prefix:
                break  # a zero-width test after the prefix: the match still starts with it
            continue
        if op is c.LITERAL:
            prefix += chr(av)
            continue
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and len(av[2]) == 1 and av[2][0][0] is c.LITERAL and av[0] > 0:
            low, high, ((_, code),) = av
            prefix += chr(code) * low  # \|{3,}: |||
            if low != high:
                break
            continue
        if prefix:
            break
        if op is c.SUBPATTERN:
            return _starts_of(list(av[-1]), c)
        if op is c.BRANCH:
            starts: set[str] = set()
            for branch in av[1]:
                inner = _starts_of(list(branch), c)
                if inner is None:
                    return None
                starts |= inner
            return starts
        if op is c.IN:
            return _first_of([(op, av)], c)
        return None
    return {prefix} if prefix else None


class FirstCharPattern:
    """A compiled pattern matched only where one of its first characters is, those found with numpy.

    Inline debris opens on ~20 characters (当, 分, 浏, 【, ...). As a regex class, they are tested at every
    position of the text (~70 instructions a character: the class holds CJK characters), and a | of a table
    row, which starts a run of pipes, is one of them; a lookup table over the text's code points (which
    normalisation has just computed) finds them all at once, and a character that starts only runs of itself
    (||| ...) is looked for as such a run. The pattern is then matched at each: the same matches as
    pattern.finditer, for a pattern that never matches the empty string (see literal_starts).
    """

    def __init__(self, pattern: re.Pattern[str], starts: set[str]) -> None:
        self.pattern = pattern
        first = {start[0] for start in starts}
        # A character whose every start is a run of it (|||): (the character's code, the shortest run).
        self._runs = [
            (ord(ch), min(map(len, runs)))
            for ch in sorted(first)
            if (runs := [start for start in starts if start[0] == ch]) and all(len(run) > 1 and run == ch * len(run) for run in runs)
        ]
        self._table = np.zeros(UNICODE_SIZE, dtype=bool)
        self._table[[ord(ch) for ch in first]] = True

    def starts(self, codes: np.ndarray) -> list[int]:
        """Where a match can start, in order, in the text whose code points are `codes` (a superset)."""
        found = np.flatnonzero(self._table.take(codes))
        for code, length in self._runs:  # in a table's text most | are cell borders, not runs: kept out
            here = codes.take(found) == code
            if here.any():
                at = found[here]
                found = found[~here]
                if len(at) >= length:
                    first = at[: len(at) - length + 1]
                    found = np.concatenate((found, first[at[length - 1 :] - first == length - 1]))  # a run from there
                found.sort()
        return found.tolist()

    def finditer(self, text: str, codes: np.ndarray | None = None) -> Iterator[re.Match[str]]:
        """pattern.finditer(text); `codes`: the text's code points, when the caller has them (see code_points)."""
        if codes is None:
            codes = code_points(text)
        match = self.pattern.match
        position = 0
        for at in self.starts(codes):
            if at < position:
                continue  # inside the last match
            found = match(text, at)
            if found is not None:
                yield found
                position = found.end()  # past the match start: the pattern never matches the empty string


UNICODE_SIZE = 0x110000


def _never_empty(pattern: re.Pattern[str]) -> bool:
    try:
        from re import _parser

        return _parser.parse(pattern.pattern, pattern.flags).getwidth()[0] > 0
    except Exception:  # a private module: if it changes, go without the shortcut
        return False


def first_char_finding(pattern: re.Pattern[str]) -> re.Pattern[str] | SkippingPattern | FirstCharPattern:
    """The pattern, wrapped to be matched only where it can start (else as skipping() wraps it)."""
    starts = literal_starts(pattern.pattern)
    if starts and "" not in starts and not pattern.flags & re.IGNORECASE and _never_empty(pattern):
        return FirstCharPattern(pattern, starts)
    return skipping(pattern)


@cache
def patterns() -> tuple[re.Pattern[str] | SkippingPattern, re.Pattern[str] | SkippingPattern | FirstCharPattern]:
    """(whole debris lines including their newline, debris inside lines); each has finditer."""
    by_scope: dict[str, list[str]] = {"line": [], "inline": [], "breadcrumb": []}
    for row in _rows():
        by_scope[row["scope"].strip()].append(row["pattern"].strip())
    line_alternatives = "|".join(f"(?:{p})" for p in by_scope["line"])
    # The lookahead on a line's first character turns most lines away before the alternatives are tried.
    lines = re.compile(rf"^ *{with_first_char_lookahead(line_alternatives)} *(?:\n|$)", re.M)
    words = "|".join(f"(?:{p})" for p in by_scope["breadcrumb"])
    breadcrumb = rf"(?:{words}) *[:：]? *(?:{CRUMB_SEGMENT}{CRUMB_SEPARATOR})*(?:{CRUMB_LAST})?(?:{CRUMB_SEPARATOR})?"
    inline_alternatives = "|".join(f"(?:{p})" for p in [breadcrumb, *by_scope["inline"]])
    inline = re.compile(with_first_char_lookahead(inline_alternatives), re.M)
    return skipping(lines), first_char_finding(inline)
