"""Source text -> one normalised text, with a map from cleaned offsets back to the source.

Normalisation: full-width ASCII to half-width, no-break and zero-width spaces, runs of blanks, table-border
debris (lines of | only). Tables in the cleaned text are then recognised by pipeline.tables.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pipeline.model import Table
from pipeline.tables import recognize_tables

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
BORDER_LINE = re.compile(r"^[\s|]*$")


@dataclass
class CleanText:
    text: str
    source_text: str
    offset_map: list[tuple[int, int]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


class OffsetBuilder:
    """Accumulates cleaned text piece by piece, remembering where each piece came from in the source."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.anchors: list[tuple[int, int]] = []

    def add(self, piece: str, source_offset: int) -> None:
        if not piece:
            return
        expected = None
        if self.anchors:
            clean_at, source_at = self.anchors[-1]
            expected = source_at + (self.length - clean_at)
        if expected != source_offset:
            self.anchors.append((self.length, source_offset))
        self.parts.append(piece)
        self.length += len(piece)

    def text(self) -> str:
        return "".join(self.parts)


def normalize_char(ch: str) -> str:
    if ch in "\u00a0\u3000\u2002\u2003\u2009":
        return " "
    if "\uff01" <= ch <= "\uff5e":
        return unicodedata.normalize("NFKC", ch)
    return ch.translate(ZERO_WIDTH)


def clean_text(source: str) -> CleanText:
    builder = OffsetBuilder()
    position = 0
    for line in source.splitlines(keepends=True):
        start = position
        position += len(line)
        body = line.rstrip("\r\n")
        if BORDER_LINE.match(body):
            if builder.length and not builder.text().endswith("\n\n"):
                builder.add("\n", start)
            continue
        previous_blank = False
        for offset, ch in enumerate(body):
            out = normalize_char(ch)
            if out == " ":
                if previous_blank:
                    continue
                previous_blank = True
            else:
                previous_blank = False
            builder.add(out, start + offset)
        builder.add("\n", start + len(body))
    text = builder.text()
    return CleanText(text=text, source_text=source, offset_map=builder.anchors, tables=recognize_tables(text))
