"""Rows as printed -> the template's rows, by their labels and the template's fixed order.

Rows whose label names a template row are anchors: the best set of anchors that keeps both orders is found
by dynamic programming, so a label shared by two rows (其他) or a label fragment left by a PDF converter
lands where the order allows. Rows with no usable label sit between anchors; they take the free template
rows there only when their number is exactly the number of free rows (the fixed structure forces it).
Everything else stays unassigned, to be kept as unmapped, never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from pipeline.catalog import load_catalog
from pipeline.extract.labels import best_text_score, core, leading_marker
from pipeline.extract.standard_template import StandardRow

ANCHOR_SCORE = 0.55  # a label at least this close to a template row can anchor it
UNLABELED_SCORE = 0.3  # a label below this for every row says nothing about which row it is
MARKER_BONUS = 0.15
MARKER_PENALTY = 0.6
MIN_OWN_LABEL = 2  # characters a label must say after its group's name to be scored on them alone


@dataclass(frozen=True)
class Alignment:
    slots: tuple[int | None, ...]  # template row index per printed row, None when unassigned
    score: float  # sum of the anchors' label scores

    @cached_property  # an Alignment is shared by every report that prints the same labels (align's cache)
    def assigned(self) -> int:
        return sum(slot is not None for slot in self.slots)


def row_score(label: str, row: StandardRow) -> float:
    """How well a printed label names a template row, in [0, 1], numbering included; a label that carries
    its group's cell before its own (（三）不予公开 属于国家秘密) is also scored by its trailing cells."""
    return max(_scored(core(part), marker, row) for part, marker in _label_parts(label))


def _label_parts(label: str) -> list[tuple[str, str | None]]:
    """The label with its numbering, then each run of its trailing cells without one. Rows whose own numbering
    is missing keep their group's cells in front (the label is cut at the last numbering there is), so the
    trailing cells alone may be the row's own label; they carry no numbering, so none is compared."""
    parts: list[tuple[str, str | None]] = [(label, leading_marker(label))]
    words = label.split()
    parts.extend((" ".join(words[i:]), None) for i in range(1, len(words)))
    return parts


def _scored(label_core: str, marker: str | None, row: StandardRow) -> float:
    score = best_text_score(label_core, row.names)
    if score and marker and row.marker:
        score = min(1.0, score + MARKER_BONUS) if marker == row.marker else score * MARKER_PENALTY
    return score


@lru_cache(maxsize=65536)
def _label_scores(label: str, template: tuple[StandardRow, ...]) -> tuple[float, ...]:
    """A label's score against every row of a template (labels repeat from report to report)."""
    parts = [(core(part), marker) for part, marker in _label_parts(label)]
    after_group = _after_group_name(parts[0][0], template)
    scores = [max(_scored(part_core, marker, row) for part_core, marker in parts) for row in template]
    if after_group:
        own = [max(_scored(rest, None, row) for rest, _ in after_group) for row in template]
        groups = {j for _, j in after_group}
        if any(score >= ANCHOR_SCORE for j, score in enumerate(own) if j not in groups):
            # the text after the group's name names one of its rows: the group's name is context, not the label
            scores = [score * MARKER_PENALTY if j in groups else score for j, score in enumerate(scores)]
        scores = [max(score, extra) for score, extra in zip(scores, own)]
    return tuple(scores)


def _after_group_name(label_core: str, template: tuple[StandardRow, ...]) -> list[tuple[str, int]]:
    """What a label says after the name of a group row it starts with, and that row (不予公开|属于国家秘密, glued
    when a crawler ran the cells together): the row's own label when its numbering, where the label would be
    cut, is missing."""
    return [
        (label_core[len(name):], j)
        for name, j in _group_names(template)
        if label_core.startswith(name) and len(label_core) - len(name) >= MIN_OWN_LABEL
    ]


@lru_cache(maxsize=64)
def _group_names(template: tuple[StandardRow, ...]) -> tuple[tuple[str, int], ...]:
    """(name, row) of the rows other rows of the template sit under (（三）不予公开 over 1.属于国家秘密 …)."""
    catalog = load_catalog()
    parents = {catalog[m].parent_id for row in template for m in row.metric_ids}
    return tuple((name, j) for j, row in enumerate(template) if row.metric_ids[0] in parents for name in row.names)


@lru_cache(maxsize=65536)
def _best_label_score(label: str, template: tuple[StandardRow, ...]) -> float:
    return max(_label_scores(label, template), default=0.0)


def names_a_row(label: str, template: Sequence[StandardRow]) -> bool:
    """True when the label is close enough to some row of the template to anchor it."""
    return _best_label_score(label, tuple(template)) >= ANCHOR_SCORE


def strong_labels(labels: Sequence[str], template: tuple[StandardRow, ...], threshold: float) -> int:
    """How many labels name some row of the template at least this well."""
    return sum(_best_label_score(label, template) >= threshold for label in labels)


@lru_cache(maxsize=65536)
def _anchor_slots(label: str, template: tuple[StandardRow, ...]) -> tuple[tuple[int, float], ...]:
    """(template row, score) of every row the label is close enough to anchor, in template order."""
    return tuple((j, score) for j, score in enumerate(_label_scores(label, template)) if score >= ANCHOR_SCORE)


def _anchors(pairs: list[tuple[int, int, float]]) -> dict[int, int]:
    """The order-keeping set of (row, slot) pairs with the highest total label score: a heaviest increasing
    chain over the few pairs whose score can anchor (most rows name one template row, prose rows none).
    `pairs` are (row, slot, score) in row then slot order."""
    best: list[float] = []
    back: list[int] = []
    row, row_start = -1, 0  # the pairs before row_start are those of earlier rows
    for p, (i, j, score) in enumerate(pairs):
        if i != row:
            row, row_start = i, p
        value, previous = score, -1
        for q in range(row_start):
            if pairs[q][1] < j and best[q] + score > value:
                value, previous = best[q] + score, q
        best.append(value)
        back.append(previous)
    anchors: dict[int, int] = {}
    p = max(range(len(pairs)), key=lambda k: best[k], default=-1)
    while p >= 0:
        anchors[pairs[p][0]] = pairs[p][1]
        p = back[p]
    return anchors


def _fill_gap(rows: list[int], slots: list[int], template: Sequence[StandardRow], out: list[int | None]) -> None:
    required = [slot for slot in slots if not template[slot].optional]
    if len(rows) == len(required):
        chosen = required
    elif len(rows) == len(slots):
        chosen = slots
    else:
        return
    for row, slot in zip(rows, chosen):
        out[row] = slot


def align(labels: Sequence[str], template: Sequence[StandardRow], fill_by_order: bool = True) -> Alignment:
    """Assign each printed row (by its label) to a template row, or to none."""
    return _aligned(tuple(labels), tuple(template), fill_by_order)


@lru_cache(maxsize=4096)
def _aligned(labels: tuple[str, ...], template: tuple[StandardRow, ...], fill_by_order: bool) -> Alignment:
    """align's answer, worked out once per distinct list of labels: most reports print a standard table's row
    labels as the template words them, so the same list comes back report after report (an Alignment is
    frozen, so the answer is shared safely)."""
    anchors = _anchors([(i, j, score) for i, label in enumerate(labels) for j, score in _anchor_slots(label, template)])
    slots: list[int | None] = [anchors.get(i) for i in range(len(labels))]
    if fill_by_order:
        unlabeled = {i for i, label in enumerate(labels) if _best_label_score(label, template) < UNLABELED_SCORE}
        bounds = [(-1, -1), *sorted(anchors.items()), (len(labels), len(template))]
        for (row_a, slot_a), (row_b, slot_b) in zip(bounds, bounds[1:]):
            free_rows = [i for i in range(row_a + 1, row_b) if i in unlabeled]
            if free_rows:
                _fill_gap(free_rows, list(range(slot_a + 1, slot_b)), template, slots)
    total = sum(_label_scores(labels[i], template)[j] for i, j in anchors.items())
    return Alignment(tuple(slots), total)
