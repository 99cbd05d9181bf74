"""Which blank cells a report itself says are zero ("注：表中“—”表示0", "空白处为0").

Blank, "—" and "/" cells state no figure; they are read as 0 only where the report's own text says so.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.tables.vocabulary import table_words

EMPTY = ""  # the mark of an empty cell


@cache
def _note() -> re.Pattern[str]:
    words = table_words()
    marks = sorted(words.not_stated | set(words.empty_cells), key=len, reverse=True)
    mark = "|".join(re.escape(m) for m in marks)
    verb = "|".join(re.escape(v) for v in words.blank_notes)
    return re.compile(rf"[“\"‘'「]?({mark})[”\"’'」]?\s*(?:处|的)?\s*(?:{verb})\s*(?:0|零|无)")


def zero_marks(text: str) -> frozenset[str]:
    """The blank marks the text declares to mean zero; EMPTY stands for empty cells."""
    words = table_words()
    found = set()
    for match in _note().finditer(text):
        mark = match.group(1)
        found.add(EMPTY if mark in words.empty_cells else mark)
    return frozenset(found)
