"""Which blank cells a report itself says are zero ("注：表中“—”表示0", "空白处为0").

Blank, "—" and "/" cells state no figure; they are read as 0 only where the report's own text says so.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.tables.vocabulary import table_words

EMPTY = ""  # the mark of an empty cell


OPENING_QUOTES = "“\"‘'「"  # what may open a note's quoted mark (“—”表示0)


@cache
def _note() -> re.Pattern[str]:
    """A note saying a blank mark is zero: the mark (its opening quote, if any, stands before the match),
    an optional closing quote, 处/的, a verb (表示, 为) and 0/零/无.

    The pattern opens with the marks themselves, each a literal, so the regex engine skips to their first
    characters in its C loop; an optional opening quote in front made it try the whole pattern at every
    character of the text (some 900 instructions a character). The marks found are the same: a quote
    is no mark's first character, so a match after a quote is the one the quote would have opened."""
    words = table_words()
    marks = sorted(words.not_stated | set(words.empty_cells), key=len, reverse=True)
    if any(mark[0] in OPENING_QUOTES for mark in marks):
        raise ValueError("a blank mark starts with an opening quote: the note pattern must match the quote")
    mark = "|".join(re.escape(m) for m in marks)
    verb = "|".join(re.escape(v) for v in words.blank_notes)
    return re.compile(rf"({mark})[”\"’'」]?\s*(?:处|的)?\s*(?:{verb})\s*(?:0|零|无)")


def zero_marks(text: str) -> frozenset[str]:
    """The blank marks the text declares to mean zero; EMPTY stands for empty cells."""
    words = table_words()
    found = set()
    for match in _note().finditer(text):
        mark = match.group(1)
        found.add(EMPTY if mark in words.empty_cells else mark)
    return frozenset(found)
