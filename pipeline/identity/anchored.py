"""Regex scans that start only where a match can start: at one of the characters every match begins with.

A pattern whose alternatives open on groups and classes of CJK characters (汇总[^。]…|各(?:乡镇|…)…) gets no
fast prefix search from the regex engine: it tries the whole pattern at every position, ~70 instructions a
character. str.find walks to each possible first character at ~1 a character, and the pattern is then tried
only there. (An alternation of plain words needs no regex at all: lineage._trigger_spans finds each word's first
character with str.find and checks the word where it stands, 85k instructions for the first 8,000 characters of
a report against 115k through finditer_from and 147k for the regex's own start-set loop.) The results are those of pattern.search / pattern.finditer, provided every match of the
pattern begins with one of the given characters (so no match is empty).
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def _starts(text: str, firsts: str, pos: int, endpos: int) -> Iterator[int]:
    """Every position in [pos, endpos) holding one of `firsts`, in ascending order."""
    upcoming = {}
    for char in firsts:
        at = text.find(char, pos, endpos)
        if at >= 0:
            upcoming[char] = at
    while upcoming:
        char = min(upcoming, key=upcoming.__getitem__)
        at = upcoming[char]
        yield at
        following = text.find(char, at + 1, endpos)
        if following >= 0:
            upcoming[char] = following
        else:
            del upcoming[char]


def finditer_from(pattern: re.Pattern[str], text: str, firsts: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
    """pattern.finditer(text, pos, endpos), when every match begins with one of the characters `firsts`."""
    endpos = len(text) if endpos is None else endpos
    resume = pos  # matches do not overlap: the next starts where the last ended
    for at in _starts(text, firsts, pos, endpos):
        if at < resume:
            continue
        match = pattern.match(text, at, endpos)
        if match is not None:
            yield match
            resume = match.end()


def search_from(pattern: re.Pattern[str], text: str, firsts: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
    """pattern.search(text, pos, endpos), when every match begins with one of the characters `firsts`."""
    return next(finditer_from(pattern, text, firsts, pos, endpos), None)
