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
    try:
        from re import _constants, _parser

        parsed = _parser.parse(pattern.pattern, pattern.flags)
        never_empty = parsed.getwidth()[0] > 0
        # ^ before everything else, in MULTILINE mode: every match starts a line
        line_anchored = bool(pattern.flags & re.M) and len(parsed) > 0 and parsed[0] == (_constants.AT, _constants.AT_BEGINNING)
    except Exception:  # a private module: if it changes, go without the shortcut
        never_empty = line_anchored = False
    return SkippingPattern(pattern, chars, line_anchored) if chars and never_empty else pattern


@cache
def patterns() -> tuple[re.Pattern[str] | SkippingPattern, re.Pattern[str] | SkippingPattern]:
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
    return skipping(lines), skipping(inline)
