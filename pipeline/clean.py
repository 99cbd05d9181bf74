"""Source text -> one normalised text per file, with a map from cleaned offsets back to the source.

The steps, in order (each one keeps the offset map, see pipeline.ingest.offsets):
  1. line ends to \\n; zero-width, soft-hyphen and control characters removed
  2. full-width ASCII to half-width, every space to ' ', traditional to simplified (one char for one)
  3. web and print debris removed: share widgets, breadcrumbs, runs of |, page footers, 返回首页 ...
  4. blanks: lines trimmed, runs of spaces collapsed, spaces PDF layout put inside numbers with units
     removed (2025 年 1 月 -> 2025年1月; never between two numbers)
  5. layout: a page run together on one line is split at its section headings; hard-wrapped lines are
     rejoined; a title broken over two lines becomes one
  6. blank lines dropped, except one before and after each pipe table
Tables in the cleaned text are then recognised by pipeline.tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.ingest import debris, layout
from pipeline.ingest.charmap import is_traditional, normalize_chars
from pipeline.ingest.offsets import Edit, TrackedText, apply_edits, substitute
from pipeline.model import Table
from pipeline.tables import recognize_tables

__all__ = ["CleanText", "clean_text", "normalize_chars"]

CARRIAGE_RETURN = re.compile(r"\r\n?")
INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f]")
MARKDOWN = re.compile(r"^#{1,6} +|\*\*", re.M)
LONE_PIPE = re.compile(r"^[^|\n]*(\|)[^|\n]*$", re.M)
EDGE_SPACES = re.compile(r"^ +| +$", re.M)
SPACE_RUN = re.compile(r"(?<= ) +")
NON_BLANK_LINE = re.compile(r"^.*\S.*$", re.M)
UNIT_AFTER_NUMBER = "年月日号时分秒件条项个次人名份篇场万亿元家期届所户批座台套类宗余%"
# PDF layout spaces around quantities: 规章 22 件 -> 规章22件, 2018 年 -> 2018年, 年 1 月 -> 年1月.
# A space before a number goes only when one follows it too, so 情况 2022年 keeps its space.
SPACE_IN_QUANTITY = re.compile(
    rf"(?<=[\u4e00-\u9fff(（,，:：]) +(?=\d[\d.,]*(?: +|\n)[{UNIT_AFTER_NUMBER}])"
    rf"|(?<=\d) +(?=[{UNIT_AFTER_NUMBER}])"
    r"|(?<=[年月日至到~\-—]) +(?=\d{1,4} *[年月日号])"
)


@dataclass
class CleanText:
    text: str
    source_text: str
    offset_map: list[tuple[int, int]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    traditional: bool = False  # the source was written in traditional characters


def _lone_pipe_edits(text: str) -> list[Edit]:
    """A line with a single | is not a table row: the pipe is border debris."""
    return [(m.start(1), m.end(1), " ") for m in LONE_PIPE.finditer(text)]


def _blank_line_edits(text: str) -> list[Edit]:
    """Drop blank lines, keeping exactly one between a pipe table and what touches it.

    Two tables separated by a blank line stay two tables; a table touching text gets its blank line.
    """
    edits: list[Edit] = []
    previous: tuple[int, bool] | None = None  # (end of the last non-blank line, was it a pipe row)
    for match in NON_BLANK_LINE.finditer(text):
        is_pipe = layout.is_pipe_row(match.group())
        if previous is None:
            if match.start() > 0:
                edits.append((0, match.start(), ""))
        else:
            end, was_pipe = previous
            gap = text[end : match.start()]
            blank_between = gap.count("\n") > 1
            wanted = "\n\n" if is_pipe != was_pipe or (is_pipe and was_pipe and blank_between) else "\n"
            if gap != wanted:
                edits.append((end, match.start(), wanted))
        previous = (match.end(), is_pipe)
    return edits


def _strip_edges(tracked: TrackedText) -> TrackedText:
    text = tracked.text
    lead = len(text) - len(text.lstrip("\n"))
    body_end = len(text.rstrip("\n"))
    edits: list[Edit] = []
    if lead:
        edits.append((0, lead, ""))
    if body_end > lead:
        edits.append((body_end, len(text), "\n"))
    return apply_edits(tracked, edits)


def clean_text(source: str) -> CleanText:
    """Normalise a file's extracted text (see the module docstring) and recognise its tables."""
    tracked = TrackedText(source)
    tracked = substitute(tracked, CARRIAGE_RETURN, "\n")
    tracked = substitute(tracked, INVISIBLE, "")
    traditional = is_traditional(tracked.text)
    tracked = TrackedText(normalize_chars(tracked.text, traditional), tracked.anchors)
    line_debris, inline_debris = debris.patterns()
    tracked = substitute(tracked, inline_debris, "")
    tracked = apply_edits(tracked, _lone_pipe_edits(tracked.text))
    tracked = substitute(tracked, MARKDOWN, "")
    tracked = substitute(tracked, EDGE_SPACES, "")
    tracked = substitute(tracked, SPACE_RUN, "")
    tracked = substitute(tracked, line_debris, "")
    tracked = substitute(tracked, SPACE_IN_QUANTITY, "")
    tracked = apply_edits(tracked, layout.split_run_together(tracked.text))
    tracked = substitute(tracked, EDGE_SPACES, "")
    tracked = apply_edits(tracked, layout.reflow_wrapped(tracked.text))
    tracked = substitute(tracked, SPACE_IN_QUANTITY, "")  # quantities the reflow just rejoined
    tracked = apply_edits(tracked, layout.join_split_title(tracked.text))
    tracked = apply_edits(tracked, _blank_line_edits(tracked.text))
    tracked = _strip_edges(tracked)
    text = tracked.text
    return CleanText(text, source, tracked.anchors, recognize_tables(text), traditional)
