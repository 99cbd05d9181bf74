"""Making a whole-text regex scan fast: tell the engine the characters a match can start with.

Python's re skips non-starting positions in a tight C loop only when it can see what a pattern starts with
(a literal, a character class, or alternatives that each open with a literal): it then runs the pattern only
where one of those characters stands. A pattern that opens with a lookbehind, an optional group or
alternatives of groups makes it try every alternative at every position (the zero-statement cues ran 50x
slower than needed). `with_first_chars` works out the possible first characters from the parsed pattern and
compiles the pattern with them as its start set, as re.compile itself does for a pattern opening with a class.
A leading lookahead `(?=[...])` (the fallback, should the re internals differ) says the same thing, but is
itself tried at every position: some 150-250 machine instructions per character of text, ten times what the
start-set loop costs.

The start-set loop itself still costs ~100 instructions a character (callgrind, Python 3.11), whatever the
class holds, ASCII or not: a text's code points, encoded and looked up in a table with numpy, cost ~25 plus a
few thousand a call (`CharTable`). A scan over the whole prose view (its clause ends, its zero statements)
therefore finds its candidate positions that way and matches the pattern only there (`StartScan`). Not for
every scan: where the matching at each candidate costs far more than the scan (numbers), or the text is
short, the regex alone is as cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from re import _compiler as sre_compile  # the stdlib's own compiler and parser; stable across 3.11-3.13
from re import _constants as sre
from re import _parser as sre_parse

import _sre
import numpy as np

from pipeline.codepoints import BMP

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


def compile_with_start_set(pattern: str, chars: frozenset[str]) -> re.Pattern[str]:
    """`pattern` compiled as re.compile compiles it, its info block naming `chars` as the characters every
    match starts with (as re.compile does for a pattern opening with a class). The search loop then tries the
    pattern only where one of them stands; matching itself is unchanged. `chars` must hold every possible
    first character."""
    parsed = sre_parse.parse(pattern)
    flags = parsed.state.flags
    if flags & (re.IGNORECASE | re.VERBOSE):
        raise ValueError("case-folded first characters are not worked out")
    low, high = parsed.getwidth()
    if low == 0:
        raise ValueError("a pattern that can match nothing has no first character")
    code = [sre.INFO, 0, sre.SRE_INFO_CHARSET, min(low, sre_compile.MAXCODE), min(high, sre_compile.MAXCODE)]
    charset, _ = sre_compile._optimize_charset([(sre.LITERAL, ord(ch)) for ch in sorted(chars)])
    sre_compile._compile_charset(charset, flags, code)
    code[1] = len(code) - 1  # the info block's length, as _compile_info writes it
    sre_compile._compile(code, parsed.data, flags)
    code.append(sre.SUCCESS)
    index_group: list[str | None] = [None] * parsed.state.groups
    for name, index in parsed.state.groupdict.items():
        index_group[index] = name
    return _sre.compile(pattern, flags, code, parsed.state.groups - 1, parsed.state.groupdict, tuple(index_group))


def with_first_chars(pattern: str) -> re.Pattern[str]:
    """`pattern` compiled with its first characters as its start set when they can be known."""
    chars = first_chars(pattern)
    if chars is None:
        return re.compile(pattern)
    try:
        return compile_with_start_set(pattern, chars)
    except Exception:  # noqa: BLE001 - re internals of another Python version: the lookahead says the same
        escaped = "".join(re.escape(ch) for ch in sorted(chars))
        return re.compile(f"(?=[{escaped}])(?:{pattern})")




class CharTable:
    """A set of characters, looked up over all of a text's code points at once (numpy's take: ~12 instructions
    a character, where a regex class costs ~100). Characters beyond the BMP share one entry:
    `beyond_bmp` says whether they are taken as members (a superset of the set, for candidate positions)."""

    def __init__(self, chars: Iterable[str], beyond_bmp: bool = False) -> None:
        codes = [ord(ch) for ch in chars]
        self._table = np.zeros(BMP + 1, dtype=bool)
        self._table[[code for code in codes if code < BMP]] = True
        self._table[BMP] = beyond_bmp or any(code >= BMP for code in codes)

    def members(self, codes: np.ndarray) -> np.ndarray:
        """One boolean a character: whether it is in the set."""
        return self._table.take(codes, mode="clip")

    def positions(self, codes: np.ndarray) -> list[int]:
        """Where the set's characters stand, in order."""
        return np.flatnonzero(self.members(codes)).tolist()

    def any_in(self, codes: np.ndarray) -> bool:
        return bool(self.members(codes).any())


class StartScan:
    """pattern.finditer(text), the pattern matched only where one of its first characters stands, those found
    with a CharTable. Equal to finditer for a pattern that never matches the empty string and whose every
    match starts with one of `chars` (first_chars works them out)."""

    def __init__(self, pattern: re.Pattern[str], chars: Iterable[str]) -> None:
        self.pattern = pattern
        self.table = CharTable(chars)

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> StartScan | None:
        """The scan of a pattern whose first characters can be known, else None."""
        chars = first_chars(pattern.pattern)
        if chars is None or pattern.flags & re.IGNORECASE:
            return None
        return cls(pattern, chars)

    def finditer(self, text: str, codes: np.ndarray) -> Iterator[re.Match[str]]:
        """The matches of the pattern in `text`, whose code points are `codes`."""
        match = self.pattern.match
        position = 0
        for at in self.table.positions(codes):
            if at < position:
                continue  # inside the last match
            found = match(text, at)
            if found is not None:
                yield found
                position = found.end()  # past its start: the pattern never matches the empty string


def start_scan(pattern: re.Pattern[str]) -> StartScan | None:
    """The StartScan of a pattern (built once), or None when its first characters cannot be known.

    Found by the pattern's identity: a cache keyed by the pattern itself hashed it on every call, and a
    compiled pattern does not keep its hash (Python hashes its source and code again each time: ~13k
    instructions a report for the prose view's three scans), as rows.last_match_start found."""
    kept = _start_scans.get(id(pattern))
    if kept is None or kept[0] is not pattern:
        kept = _start_scans[id(pattern)] = (pattern, StartScan.of(pattern))
    return kept[1]


# id(pattern) -> (pattern, its StartScan or None): the pattern is kept, so its id stays its own
_start_scans: dict[int, tuple[re.Pattern[str], StartScan | None]] = {}
