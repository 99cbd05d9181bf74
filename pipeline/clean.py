"""Source text -> one normalised text per file, with a map from cleaned offsets back to the source.

The steps, in order (each one keeps the offset map, see pipeline.ingest.offsets):
  1. line ends to \\n; zero-width, soft-hyphen and control characters removed
  2. full-width ASCII to half-width, every space to ' ', traditional to simplified (one char for one)
  3. web and print debris removed: share widgets, breadcrumbs, runs of |, page footers, 返回首页 ...
  4. blanks: lines trimmed, runs of spaces collapsed, spaces PDF layout put inside numbers with units
     removed (2025 年 1 月 -> 2025年1月; never between two numbers), letter-spaced lines written out
     (指 标 名 称 -> 指标名称)
  5. layout: a page run together on one line is split at its section headings; hard-wrapped lines are
     rejoined; a title broken over two lines becomes one
  6. blank lines dropped, except one before and after each pipe table
Tables are not recognised here: extraction finds them in each document's text (pipeline.extract.tables),
and identity asks pipeline.tables only for the few reports whose template nothing else decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.ingest import blanks, debris, layout
from pipeline.ingest.charmap import normalize_chars, normalize_document
from pipeline.ingest.offsets import Edit, TrackedText, apply_edits, substitute

__all__ = ["CleanText", "clean_text", "normalize_chars"]

CARRIAGE_RETURN = re.compile(r"\r\n?")
INVISIBLE_CHARS = "".join(map(chr, [*range(0x200B, 0x200E), 0x2060, 0xFEFF, 0xAD, *range(0x00, 0x09), *range(0x0E, 0x20), 0x7F]))
INVISIBLE = re.compile(f"[{re.escape(INVISIBLE_CHARS)}]")
MARKDOWN = re.compile(r"^#{1,6} +|\*\*", re.M)
LONE_PIPE = re.compile(r"^[^|\n]*(\|)[^|\n]*$", re.M)


@dataclass
class CleanText:
    text: str
    source_text: str
    offset_map: list[tuple[int, int]] = field(default_factory=list)
    traditional: bool = False  # the source was written in traditional characters


def _lone_pipe_edits(text: str) -> list[Edit]:
    """A line with a single | is not a table row: the pipe is border debris."""
    edits: list[Edit] = []
    # The lines LONE_PIPE matches, without its regex scan of every line nor a look at the lines without |:
    # each search from a line's end finds the first | of a later line, a lone one if no other follows it there.
    at = text.find("|")
    while at >= 0:
        end = text.find("\n", at)
        if end < 0:
            end = len(text)
        if text.find("|", at + 1, end) < 0:
            edits.append((at, at + 1, " "))
        at = text.find("|", end)
    return edits


def _strip_edges(tracked: TrackedText) -> TrackedText:
    text = tracked.text
    lead = len(text) - len(text.lstrip("\n"))
    edits: list[Edit] = [(0, lead, "")] if lead else []
    if len(text.rstrip("\n")) > lead:
        edits += _final_newline_edit(text)
    return apply_edits(tracked, edits)


def _final_newline_edit(text: str) -> list[Edit]:
    """_strip_edges' edits, made on the text before its blank lines are dropped (it holds a line of text), to
    be applied with those in one go instead of rebuilding the text and its offset map once more: the blank-line
    edits leave no newline at the start, and they edit nothing after the last line of text, so the end is
    the same before and after them."""
    body_end = len(text.rstrip("\n"))
    return [(body_end, len(text), "\n")] if text[body_end:] != "\n" else []  # most texts end with one already


def _edit_spaces(tracked: TrackedText, settled: str | None) -> tuple[TrackedText, str | None]:
    """blanks.space_edits applied, and the text it found nothing to edit in (else None), for the next call.

    space_edits is a function of the text alone, so a text equal to one it found nothing in needs no new
    pass: the third pass follows a reflow that joined nothing in ~99% of reports. A pass that edited cannot
    vouch for its result (the edits are not idempotent)."""
    text = tracked.text
    if text == settled:
        return tracked, settled
    edits = blanks.space_edits(text)
    if not edits:
        return tracked, text
    return apply_edits(tracked, edits), None


def clean_text(source: str) -> CleanText:
    """Normalise a file's extracted text (see the module docstring)."""
    tracked = TrackedText(source)
    tracked = substitute(tracked, CARRIAGE_RETURN, "\n")
    # Most texts hold no invisible character: the code points normalisation reads say so, without a regex scan.
    normalized = normalize_document(tracked.text, unless=INVISIBLE_CHARS)
    if normalized is None:
        tracked = substitute(tracked, INVISIBLE, "")
        normalized = normalize_document(tracked.text)
    normalized, traditional, codes = normalized
    tracked = TrackedText(normalized, tracked.anchors)
    line_debris, inline_debris = debris.patterns()
    # The normalised text's code points, which normalisation computed, tell where inline debris can start.
    tracked = apply_edits(tracked, [(m.start(), m.end(), "") for m in inline_debris.finditer(normalized, codes)])
    tracked = apply_edits(tracked, _lone_pipe_edits(tracked.text))
    if "#" in tracked.text or "**" in tracked.text:
        tracked = substitute(tracked, MARKDOWN, "")
    tracked, settled = _edit_spaces(tracked, None)
    spaced = tracked
    tracked = apply_edits(tracked, blanks.letter_spacing_edits(tracked.text))
    tracked = substitute(tracked, line_debris, "")
    tracked = apply_edits(tracked, layout.split_run_together(tracked.text))
    if tracked is spaced and settled is None and blanks.spaced_text_is_settled(tracked.text):
        settled = tracked.text  # the first pass's own result, unchanged since: nothing left for a second pass
    tracked, settled = _edit_spaces(tracked, settled)
    tracked = apply_edits(tracked, layout.reflow_wrapped(tracked.text))
    tracked, settled = _edit_spaces(tracked, settled)  # quantities the reflow rejoined
    tracked = apply_edits(tracked, layout.join_split_title(tracked.text))
    text = tracked.text
    if "|" in text:
        edits = blanks.blank_line_edits(text, layout.is_pipe_row)
    else:  # no pipe row (a row holds two |): only blank lines to drop
        edits = blanks.blank_line_edits_without_rows(text)
    if text and not text.isspace():
        tracked = apply_edits(tracked, edits + _final_newline_edit(text))
    else:
        tracked = _strip_edges(apply_edits(tracked, edits))
    text = tracked.text
    return CleanText(text, source, tracked.anchors, traditional=traditional)
