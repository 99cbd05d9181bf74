"""Row labels and phrases -> metric ids: the catalog's labels and aliases, then word similarity.

Labels are compared by their core: full-width folded, numbering (一、 （三） 2.) and punctuation removed,
其它 read as 其他. A label matches a metric when its core equals one of the metric's names, when it is
mostly made of one name (受理依申请公开信息总数 ⊃ 受理依申请公开), or when its words (jieba, computed by
rjieba) and character pairs are close enough to a name's. Labels that stay ambiguous between metrics with
different meanings (被依法纠错数 under 行政复议 or 行政诉讼) are resolved by the parent row the table puts
them under, or not at all. A missing synonym is fixed by adding an alias to metrics.csv, not here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline.catalog import Metric, load_catalog
from pipeline.segment import words
from pipeline.tables.vocabulary import table_words

# Numbering in front of a row label: 三、 （三） 3. 3、 — but not the （一） of 第二十条第（一）项.
MARKER = re.compile(
    r"[一二三四五六七八九十]{1,3}[、.．](?![\d一二三四五六七八九十])"
    r"|(?<!第)[(（][一二三四五六七八九十]{1,3}[)）]"
    r"|(?<![\d.])\d{1,2}[.、．](?!\d)"
)
_NOTE = re.compile(r"\([^()]*\)")
_NOT_WORD = re.compile(r"[\W_]+")
_LEADING_WHICH = re.compile(r"^其中")

FUZZY_THRESHOLD = 0.75
CONTAINED_SHARE = 0.5  # a contained name must make up at least half of the label
CLOSE_SCORES = 0.05  # names scoring this close to the best are a tie
# a similar name scores at most (1 + pair dice) / 2: below this pair dice it cannot come within CLOSE_SCORES of
# FUZZY_THRESHOLD (with a margin for rounding), so its words need no look
HOPELESS_PAIRS = 2 * (FUZZY_THRESHOLD - CLOSE_SCORES) - 1 - 0.02


def fold(text: str) -> str:
    """Full-width folded, 其它 read as 其他."""
    return unicodedata.normalize("NFKC", text).replace("其它", "其他")


@lru_cache(maxsize=65536)
def core(text: str, drop_notes: bool = False) -> str:
    """What a label says, without numbering, punctuation, spaces or (when asked) parenthesised notes."""
    folded = fold(text)
    if drop_notes:
        folded = _NOTE.sub("", folded)
    folded = MARKER.sub("", folded)
    return _LEADING_WHICH.sub("", _NOT_WORD.sub("", folded))


def leading_marker(text: str) -> str | None:
    """The numbering the label starts with, folded ("3", "(三)", "三"), or None."""
    match = MARKER.match(fold(text).lstrip())
    if not match:
        return None
    return match.group().rstrip("、.．")


# Bounded well below the other label caches: an entry is a set of ~50 strings (~3.6 KB), and labels met once
# (prose stretches, damaged rows) keep arriving, so 65,536 entries grew a long-lived worker by ~90 MB at 50k
# documents; the labels that repeat stay hot in 8,192.
@lru_cache(maxsize=8192)
def char_pairs(text: str) -> frozenset[str]:
    if len(text) < 2:
        return frozenset([text]) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def text_score(label_core: str, name_core: str) -> float:
    """How well a label (core) names a printed row label (core), in [0, 1]; works on wrapped fragments."""
    if not label_core or not name_core:
        return 0.0
    if label_core == name_core:
        return 1.0
    if name_core in label_core:
        return 0.6 + 0.4 * len(name_core) / len(label_core)
    if len(label_core) >= 2 and label_core in name_core:
        return 0.35 + 0.55 * len(label_core) / len(name_core)
    return dice(char_pairs(label_core), char_pairs(name_core))


def best_text_score(label_core: str, name_cores: Iterable[str]) -> float:
    """max(text_score(label_core, name) for name in name_cores), 0.0 for none: the label's pairs taken once."""
    if not label_core:
        return 0.0
    best = 0.0
    label_length = len(label_core)
    label_pairs: frozenset[str] | None = None
    for name_core in name_cores:
        if not name_core:
            score = 0.0
        elif label_core == name_core:
            return 1.0
        elif name_core in label_core:
            score = 0.6 + 0.4 * len(name_core) / label_length
        elif label_length >= 2 and label_core in name_core:
            score = 0.35 + 0.55 * label_length / len(name_core)
        else:  # dice(char_pairs(label_core), char_pairs(name_core)), both non-empty here
            if label_pairs is None:
                label_pairs = char_pairs(label_core)
            name_pairs = char_pairs(name_core)
            score = 2 * len(label_pairs & name_pairs) / (len(label_pairs) + len(name_pairs))
        if score > best:
            best = score
    return best


@dataclass(frozen=True)
class MetricMatch:
    metric_id: str
    score: float
    how: str  # exact, parent, contained, similar


@dataclass(frozen=True)
class _Name:
    metric: Metric
    core: str
    official: bool  # the label_zh rather than an alias


@cache
def _names() -> tuple[_Name, ...]:
    names = []
    for metric in load_catalog().metrics:
        for index, name in enumerate(metric.names):
            name_core = core(name, drop_notes=True)
            if name_core:
                names.append(_Name(metric, name_core, index == 0))
    return tuple(names)


@cache
def _exact_index() -> dict[str, tuple[_Name, ...]]:
    index: dict[str, list[_Name]] = {}
    for name in _names():
        index.setdefault(name.core, []).append(name)
    return {key: tuple(value) for key, value in index.items()}


def _applies(names: Iterable[_Name], template: str | None) -> list[_Name]:
    return [name for name in names if name.metric.applies_to(template)]


def _unique_metric(names: list[_Name], parent_hint: str | None) -> Metric | None:
    metrics = {name.metric.metric_id: name.metric for name in names}
    if len(metrics) == 1:
        return next(iter(metrics.values()))
    if parent_hint:
        under = [m for m in metrics.values() if m.parent_id == parent_hint or m.metric_id == parent_hint]
        if len(under) == 1:
            return under[0]
    official = {name.metric.metric_id: name.metric for name in names if name.official}
    if len(official) == 1 and not parent_hint:
        return next(iter(official.values()))
    return None


def _under_parent(label_core: str, template: str | None, parent_hint: str) -> Metric | None:
    """A child of the parent row whose name is the label, or ends with it (举报投诉 维持具体行政行为数)."""
    children = [n for n in _applying(template) if n.metric.parent_id == parent_hint]
    hits = [n for n in children if n.core == label_core or (len(label_core) >= 3 and n.core.endswith(label_core))]
    return _unique_metric(hits, None) if hits else None


@lru_cache(maxsize=16384)
def match_metric(label: str, template: str | None = None, parent_hint: str | None = None) -> MetricMatch | None:
    """The metric a table row label names, or None when no metric (or more than one) fits."""
    label_core = core(label, drop_notes=True)
    if len(label_core) < 2 or label_core in table_words().totals:
        return None  # a bare 合计/总计 means nothing without the row or column it totals
    if parent_hint:
        metric = _under_parent(label_core, template, parent_hint)
        if metric:
            return MetricMatch(metric.metric_id, 1.0, "parent")
    exact = _applies(_exact_index().get(label_core, ()), template)
    if exact:
        metric = _unique_metric(exact, parent_hint)
        return MetricMatch(metric.metric_id, 1.0, "exact") if metric else None
    return _best_inexact(label_core, template, parent_hint)


@lru_cache(maxsize=64)
def _applying(template: str | None) -> tuple[_Name, ...]:
    """The catalog names that apply to a template."""
    return tuple(_applies(_names(), template))


@lru_cache(maxsize=64)
def _fuzzy_names(template: str | None) -> tuple[tuple[_Name, frozenset[str], frozenset[str]], ...]:
    """The names that apply to a template, with their character pairs and words, computed once."""
    return tuple((name, char_pairs(name.core), words(name.core)) for name in _applying(template))


def _best_inexact(label_core: str, template: str | None, parent_hint: str | None) -> MetricMatch | None:
    scored: dict[str, tuple[float, str]] = {}
    label_pairs = char_pairs(label_core)
    label_words: frozenset[str] | None = None
    for name, name_pairs, name_words in _fuzzy_names(template):
        if len(name.core) >= 3 and name.core in label_core and len(name.core) / len(label_core) >= CONTAINED_SHARE:
            score, how = 0.6 + 0.3 * len(name.core) / len(label_core), "contained"
        else:
            pair_score = dice(label_pairs, name_pairs)
            if pair_score < HOPELESS_PAIRS:
                continue  # even identical words could not bring it near the threshold
            if label_words is None:
                label_words = words(label_core)
            score, how = 0.5 * (dice(label_words, name_words) + pair_score), "similar"
        if score > scored.get(name.metric.metric_id, (0.0, ""))[0]:
            scored[name.metric.metric_id] = (score, how)
    ranked = sorted(scored.items(), key=lambda item: item[1][0], reverse=True)
    if not ranked or ranked[0][1][0] < FUZZY_THRESHOLD:
        return None
    best_score = ranked[0][1][0]
    close = [metric_id for metric_id, (score, _) in ranked if best_score - score < CLOSE_SCORES]
    if len(close) > 1:
        catalog = load_catalog()
        under = [m for m in close if parent_hint and catalog[m].parent_id == parent_hint]
        if len(under) != 1:
            return None
        close = under
    metric_id = close[0]
    return MetricMatch(metric_id, scored[metric_id][0], scored[metric_id][1])
