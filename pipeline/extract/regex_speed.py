"""Making a whole-text regex scan fast: a lookahead of the characters a match can start with.

Python's re skips non-starting positions in C only when it can see what a pattern starts with; a pattern
that opens with a lookbehind, an optional group or alternatives of groups makes it try every alternative at
every position (the zero-statement cues ran 50x slower than needed). `with_first_chars` works out the
possible first characters from the parsed pattern and puts them up front as `(?=[...])`.
"""

from __future__ import annotations

import re
from re import _constants as sre
from re import _parser as sre_parse  # the stdlib's own parser; stable across 3.11-3.13

_UNKNOWN = None


def _first(items: list, chars: set[str]) -> bool:
    """Add the possible first characters of a sequence to `chars`; True when the sequence can be empty."""
    for op, arg in items:
        if op is sre.LITERAL:
            chars.add(chr(arg))
            return False
        if op is sre.IN:
            if any(kind is not sre.LITERAL for kind, _ in arg):
                raise ValueError("class")
            chars.update(chr(value) for _, value in arg)
            return False
        if op is sre.BRANCH:
            empty = False
            for alternative in arg[1]:
                empty |= _first(list(alternative), chars)
            if not empty:
                return False
        elif op is sre.SUBPATTERN:
            if not _first(list(arg[3]), chars):
                return False
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, _, body = arg
            if not _first(list(body), chars) and low > 0:
                return False
        elif op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            continue  # zero-width: the match still starts with what follows
        else:
            raise ValueError(f"unsupported {op}")
    return True


def first_chars(pattern: str) -> frozenset[str] | None:
    """The characters a match of `pattern` can start with, or None when any character might."""
    chars: set[str] = set()
    try:
        can_be_empty = _first(list(sre_parse.parse(pattern)), chars)
    except ValueError:
        return _UNKNOWN
    return _UNKNOWN if can_be_empty or not chars else frozenset(chars)


def with_first_chars(pattern: str) -> re.Pattern[str]:
    """`pattern` compiled with a leading lookahead of its first characters when they can be known."""
    chars = first_chars(pattern)
    if chars is None:
        return re.compile(pattern)
    escaped = "".join(re.escape(ch) for ch in sorted(chars))
    return re.compile(f"(?=[{escaped}])(?:{pattern})")
