"""Text that remembers where every character came from, through any number of edits.

Cleaning is a chain of small rewrites (drop debris, join wrapped lines, ...). Each rewrite is a list of
edits on the current text; `apply_edits` produces the new text and composes the offset map, so the final
cleaned text maps straight back into the original source text.

An offset map is a sorted list of (text_offset, source_offset) anchors: offset c maps to
s + (c - c0) for the last anchor (c0, s) with c0 <= c (the convention of model.Document.offset_map).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

Edit = tuple[int, int, str]  # replace text[start:end] by the string


@dataclass
class TrackedText:
    text: str
    anchors: list[tuple[int, int]] = field(default_factory=lambda: [(0, 0)])

    def source_offset(self, offset: int) -> int:
        return map_offset(self.anchors, offset)


def map_offset(anchors: list[tuple[int, int]], offset: int) -> int:
    """Where `offset` of the mapped text lands in the text the anchors point into."""
    index = bisect_right(anchors, (offset, float("inf"))) - 1
    if index < 0:
        return offset
    clean_at, source_at = anchors[index]
    return source_at + (offset - clean_at)


def _append_anchor(anchors: list[tuple[int, int]], at: int, source: int) -> None:
    if anchors:
        last_at, last_source = anchors[-1]
        if last_source + (at - last_at) == source:
            return  # already implied by the previous anchor
        if last_at == at:
            anchors[-1] = (at, source)
            return
    anchors.append((at, source))


def apply_edits(tracked: TrackedText, edits: Iterable[Edit]) -> TrackedText:
    """Apply sorted, non-overlapping edits; the result still maps back to the original source."""
    text = tracked.text
    pieces: list[str] = []
    # (new_start, old_start, length): new[new_start + k] came from old[old_start + k] for k < length
    segments: list[tuple[int, int, int]] = []
    position = new_length = 0
    for start, end, replacement in edits:
        if start < position:
            raise ValueError(f"overlapping edit at {start} (previous edit ended at {position})")
        if start > position:
            segments.append((new_length, position, start - position))
            pieces.append(text[position:start])
            new_length += start - position
        if replacement:
            segments.append((new_length, start, min(len(replacement), end - start)))
            pieces.append(replacement)
            new_length += len(replacement)
        position = end
    if not pieces and position == 0:
        return tracked  # nothing to do
    if position < len(text):
        segments.append((new_length, position, len(text) - position))
        pieces.append(text[position:])
    return TrackedText("".join(pieces), _compose(tracked.anchors, segments))


def _compose(anchors: list[tuple[int, int]], segments: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Anchors of new -> source, from the segments new -> old and the anchors old -> source.

    Segments come in text order (old_start never decreases), so one pointer walks the anchors once.
    Each anchor is added as _append_anchor would (dropped when the previous one implies it).
    """
    composed: list[tuple[int, int]] = []
    count = len(anchors)
    index = 0  # the first anchor after old_start
    last_at = last_source = -1  # the last anchor added (none yet: composed is empty)
    for new_start, old_start, length in segments:
        while index < count and anchors[index][0] <= old_start:
            index += 1
        if index:
            anchor_at, anchor_source = anchors[index - 1]
            source = anchor_source + (old_start - anchor_at)
        else:
            source = old_start
        at = new_start
        if not composed:
            composed.append((at, source))
            last_at, last_source = at, source
        elif last_source + (at - last_at) != source:
            if last_at == at:
                composed[-1] = (at, source)
            else:
                composed.append((at, source))
            last_at, last_source = at, source
        following = index
        end = old_start + length
        while following < count and anchors[following][0] < end:
            old_at, source = anchors[following]
            at = new_start + (old_at - old_start)
            if last_source + (at - last_at) != source:  # composed is not empty here
                if last_at == at:
                    composed[-1] = (at, source)
                else:
                    composed.append((at, source))
                last_at, last_source = at, source
            following += 1
    return composed or [(0, 0)]


def substitute(tracked: TrackedText, pattern: re.Pattern[str], replacement: str | Callable[[re.Match[str]], str]) -> TrackedText:
    """re.sub with offset tracking (the replacement is a plain string or a function of the match)."""
    if isinstance(replacement, str):
        edits = [(m.start(), m.end(), replacement) for m in pattern.finditer(tracked.text)]
    else:
        edits = [(m.start(), m.end(), replacement(m)) for m in pattern.finditer(tracked.text)]
    edits = [edit for edit in edits if tracked.text[edit[0] : edit[1]] != edit[2]]
    return apply_edits(tracked, edits) if edits else tracked


def slice_map(anchors: list[tuple[int, int]], start: int, end: int) -> tuple[int, int, list[tuple[int, int]]]:
    """The map of text[start:end] on its own: (source_start, source_end, anchors rebased to both starts)."""
    source_start = map_offset(anchors, start)
    source_end = map_offset(anchors, end)
    rebased = [(0, 0)]
    for at, source_at in anchors:
        if start < at < end:
            _append_anchor(rebased, at - start, source_at - source_start)
    return source_start, max(source_start, source_end), rebased
