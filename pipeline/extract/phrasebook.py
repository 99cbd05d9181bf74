"""The prose vocabulary, compiled once: which phrases name which metric, and the cue words around figures.

Everything a prose rule knows about the language of the reports lives in data files, read here:
- the catalog (pipeline/data/metrics.csv): every label and alias names its metric;
- pipeline/data/prose_phrases.csv: extra phrasings (topics, zero statements, list verbs, channel qualifiers);
- pipeline/data/prose_cues.csv: scope, negation, filler and list cue words;
- pipeline/data/prose_units.csv: which stated units a metric's unit accepts.
Phrases are regular expressions over the prose view (no whitespace, half-width punctuation) in which "…"
stands for a short gap inside one clause. A new alias or phrasing is a data change, not a code change.

prose_phrases.csv columns: kind, metric_id, templates, parent, context, phrase, note. Kinds:
  topic       the phrase names the metric when it stands right before a figure (filler words allowed);
  child       the same, but only inside a list whose parent figure is `parent` (default: the catalog parent);
  part        like child, but the phrase names one kind of what the metric counts (撤销 and 确认违法 are both
              被依法纠错): the parts one list states add up to the metric, unless the list also states the
              metric by a child phrase (纠正2件(撤销1件,确认违法1件)), which is then the value;
  after       the phrase names the metric right after a figure (另有103件顺延到下年度);
  zero        what a negation can deny (未收到…申请 -> requests.received = 0);
  qualifier   a word that marks a parent figure as one of its channels (网上 -> requests.received.online);
  list_verb   a verb whose object lists categories of the metric (主动公开 -> proactive.total);
  block       a wording that names nothing but must not be read as a shorter topic inside it (with templates:
              only in those eras; 尚未审结行政复议案件 is review.pending from 2019, nothing before); with a
              parent, a list after its figure holds that parent's children (办结行政复议申请3件,其中维持2件);
  child_only  catalog names too generic to stand alone (总计, 其他, 结果维持);
  evidence    like topic, but the figure is the metric alone or the metric plus `parent` (v2019+ 收到申请N件:
              新收, or 新收 + 上年结转): kept as evidence for the cross-section check, never a value.
templates: any, v2008, v2019, v2021, v2019+ (|-separated), or catalog = the metric's own template.
context: a regex that must occur earlier in the sentence (or the one before, when the sentence opens
with the topic). Catalog names shared by metrics of one era are child-only automatically.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources

from pipeline.catalog import Catalog, Metric, load_catalog
from pipeline.extract.regex_speed import first_chars, with_first_chars

PHRASES_CSV = "prose_phrases.csv"
CUES_CSV = "prose_cues.csv"
UNITS_CSV = "prose_units.csv"
GAP_CHARS = r"[^,;:。!?()\d\n ]"  # a gap stays inside its clause and never crosses a figure
GAP_LENGTH = 20
KNOWN_WORDINGS = 50_000  # bound on the wording cache of a long-running process
ERAS = ("v2008", "v2019", "v2021")
NUMBERING = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．]|其中[：:])+")
BRACKETED = re.compile(r"[（(].*$")
PROSE_NAME = re.compile(r"^[\u4e00-\u9fff、“”\"]{2,}$")


@dataclass(frozen=True)
class TopicRule:
    """One way a phrase names a metric, in the eras it applies to."""

    metric_id: str
    eras: frozenset[str]
    context: re.Pattern[str] | None = None  # must occur earlier in the sentence
    child_only: bool = False  # valid only inside a list whose parent is `parent`
    parent: str | None = None  # the list parent; the metric's catalog parent when None
    also_counts: str | None = None  # evidence only: the figure may be the metric plus this one
    blocks: bool = False  # a block row's wording in the eras it names: no topic inside it counts there
    adds_up: bool = False  # names one kind of what the metric counts: a list's parts add up to its value

    @property
    def evidence_only(self) -> bool:
        return self.also_counts is not None

    def applies(self, era: str) -> bool:
        return era in self.eras


@dataclass
class Phrasebook:
    catalog: Catalog
    topics: PhraseSet  # phrases naming a metric before its number
    after: PhraseSet  # phrases naming a metric after its number (另有103件顺延到下年度)
    zero_topics: PhraseSet  # what a negation can deny (未收到…申请, 未发生…行政复议)
    qualifiers: dict[str, list[tuple[str, re.Pattern[str], frozenset[str]]]]  # parent -> (child, words, eras)
    list_verbs: list[tuple[re.Pattern[str], str]]
    cues: dict[str, re.Pattern[str]]
    accepted_units: dict[str, frozenset[str]]
    bare_number_units: frozenset[str] = field(default_factory=frozenset)
    parents: frozenset[str] = field(default_factory=frozenset)  # metrics with children (catalog or phrase data)

    def cue(self, kind: str) -> re.Pattern[str]:
        return self.cues[kind]

    def has_children(self, metric_id: str) -> bool:
        return metric_id in self.parents

    @cached_property
    def label_lead(self) -> re.Pattern[str]:
        """Connectors and scope words that may open a category label (其中, 含, 涉及, 全年)."""
        return re.compile(f"^(?:{self.cue('label_prefix').pattern}|{self.cue('this_year').pattern})")

    @cached_property
    def this_year_lead(self) -> re.Pattern[str]:
        return re.compile(f"^(?:{self.cue('this_year').pattern})")

    @cached_property
    def all_alike_starts(self) -> frozenset[str] | None:
        """What a clause saying all of a figure had one outcome can start with (均, 全, 经); None: unknown."""
        return first_chars(self.cue("all_alike").pattern)

    @cached_property
    def frame_suffix_end(self) -> re.Pattern[str]:
        return re.compile(f"(?:{self.cue('label_frame_suffix').pattern})$")


def read_phrase_data(name: str) -> list[dict[str, str]]:
    """The rows of one pipeline/data/prose_*.csv file, values stripped."""
    text = resources.files("pipeline.data").joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line_no, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        if None in row:  # an unquoted comma inside a pattern: fail loudly, naming the line
            raise ValueError(f"pipeline/data/{name} line {line_no}: more fields than the header; quote the pattern")
        rows.append({k: (v or "").strip() for k, v in row.items()})
    return rows


def eras_of(templates: str, metric: Metric | None) -> frozenset[str]:
    """The eras a phrase row applies to; "catalog" (or blank) defers to the metric's own template."""
    eras: set[str] = set()
    for template in (templates or "catalog").split("|"):
        if template == "catalog":
            eras.update(e for e in ERAS if metric is None or metric.applies_to(e))
        elif template == "any":
            eras.update(ERAS)
        elif template == "v2019+":
            eras.update(("v2019", "v2021"))
        else:
            eras.add(template)
    return frozenset(eras)


def phrase_regex(phrase: str, gap_stop: str) -> str:
    """A data phrase as a regex: groups made non-capturing, "…" a short gap that never crosses a subject."""
    body = re.sub(r"\((?!\?)", "(?:", phrase)
    gap = f"(?:(?!{gap_stop}){GAP_CHARS}){{0,{GAP_LENGTH}}}?"
    return body.replace("…", gap)


def prose_name(name: str) -> str | None:
    """A catalog label or alias as it could appear in running text, or None when it cannot (table-only)."""
    name = BRACKETED.sub("", NUMBERING.sub("", name.replace(" ", "")))
    return name if PROSE_NAME.match(name) else None


def _literal_length(pattern: str) -> int:
    return len(re.sub(r"\(\?[:!<=]+|[()|?*+\\\[\]{}^$.,0-9]", "", pattern))


@dataclass(frozen=True)
class PhraseSet:
    """Phrases compiled for speed: every literal phrase in one prefix-sharing trie regex, the patterned
    phrases (gaps, options) in a second regex. Named groups would make Python's re ~500x slower, so what
    a match means is looked up afterwards by its text."""

    literal_regex: re.Pattern[str]
    pattern_regex: re.Pattern[str]
    literals: dict[str, tuple[TopicRule, ...]]
    patterns: tuple[tuple[re.Pattern[str], tuple[TopicRule, ...]], ...]
    first_chars: frozenset[str] | None = None  # what any phrase can start with; None: unknown
    _known: dict[str, tuple[TopicRule, ...]] = field(default_factory=dict)  # wordings already looked up

    def spans(self, text: str, pos: int = 0, endpos: int | None = None) -> list[tuple[int, int]]:
        """Every phrase occurrence; a literal and a pattern may overlap (回应公众关注热点[或重大舆情])."""
        end = len(text) if endpos is None else endpos
        found = [m.span() for m in self.literal_regex.finditer(text, pos, end)]
        found += [m.span() for m in self.pattern_regex.finditer(text, pos, end)]
        return found

    def match_at(self, text: str, pos: int, endpos: int | None = None) -> tuple[int, int] | None:
        """The longest phrase starting exactly at `pos`."""
        if self.first_chars is not None and text[pos : pos + 1] not in self.first_chars:
            return None  # no phrase starts with this character: both regexes would fail at once
        end = len(text) if endpos is None else endpos
        found = [m.end() for m in (self.literal_regex.match(text, pos, end), self.pattern_regex.match(text, pos, end)) if m]
        return (pos, max(found)) if found else None

    def longest_spans(self, text: str, pos: int = 0, endpos: int | None = None) -> list[tuple[int, int]]:
        """Leftmost-longest occurrences that do not overlap, in text order."""
        chosen: list[tuple[int, int]] = []
        for start, end in sorted(self.spans(text, pos, endpos), key=lambda s: (s[0], -s[1])):
            if not chosen or start >= chosen[-1][1]:
                chosen.append((start, end))
        return chosen

    def rules_for(self, matched: str) -> tuple[TopicRule, ...]:
        """Every rule whose phrase the text is: one wording may name several metrics (结果维持 under
        行政复议 or 行政诉讼), and which one holds depends on the list it stands in."""
        cached = self._known.get(matched)
        if cached is not None:
            return cached
        found = list(self.literals.get(matched, ()))
        for pattern, rules in self.patterns:
            if pattern.fullmatch(matched):
                found.extend(rule for rule in rules if rule not in found)
        if len(self._known) < KNOWN_WORDINGS:
            self._known[matched] = tuple(found)
        return tuple(found)


def word_trie(words) -> dict:
    """Words as nested dicts by character; the key "" marks the end of a word."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie


def trie_regex(words: list[str]) -> str:
    """Literal words as one prefix-sharing regex: at each position the engine follows one path instead of
    trying every word, and a longer word wins over its own prefix."""
    trie = word_trie(words)

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _phrase_set(entries: dict[str, list[TopicRule]]) -> PhraseSet:
    literals, patterns = {}, []
    for pattern in sorted(entries, key=lambda p: (-_literal_length(p), p)):
        unescaped = re.sub(r"\\(.)", r"\1", pattern)
        if re.escape(unescaped) == pattern:
            literals[unescaped] = tuple(entries[pattern])
        else:
            patterns.append((re.compile(pattern), tuple(entries[pattern])))
    never = r"(?!x)x"
    literal_regex = with_first_chars(trie_regex(list(literals)) or never)
    pattern_regex = with_first_chars("|".join(p.pattern for p, _ in patterns) or never)
    literal_starts, pattern_starts = first_chars(literal_regex.pattern), first_chars(pattern_regex.pattern)
    starts = None if literal_starts is None or pattern_starts is None else literal_starts | pattern_starts
    return PhraseSet(literal_regex, pattern_regex, literals, tuple(patterns), starts)


def _catalog_topics(catalog: Catalog, child_only_names: set[str]) -> dict[str, list[TopicRule]]:
    by_name: dict[str, list[Metric]] = defaultdict(list)
    for metric in catalog.metrics:
        for raw in metric.names:
            name = prose_name(raw)
            if name and metric not in by_name[name]:
                by_name[name].append(metric)
    entries: dict[str, list[TopicRule]] = {}
    for name, metrics in by_name.items():
        eras = [eras_of("catalog", m) for m in metrics]
        overlapping = any(a & b for i, a in enumerate(eras) for b in eras[i + 1 :])
        child_only = name in child_only_names or overlapping
        entries[re.escape(name)] = [TopicRule(m.metric_id, e, None, child_only, m.parent_id) for m, e in zip(metrics, eras)]
    return entries


def _units() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    accepted, bare = {}, set()
    for row in read_phrase_data(UNITS_CSV):
        accepted[row["metric_unit"]] = frozenset(row["accepted"].split("|"))
        if "bare number" in row["note"]:
            bare.add(row["metric_unit"])
    return accepted, frozenset(bare)


@cache
def load_phrasebook() -> Phrasebook:
    catalog = load_catalog()
    cue_rows = read_phrase_data(CUES_CSV)
    cues = {row["kind"]: with_first_chars(row["pattern"]) for row in cue_rows}
    gap_stop = cues["gap_stop"].pattern
    rows = read_phrase_data(PHRASES_CSV)
    child_only_names = {n for row in rows if row["kind"] == "child_only" for n in row["phrase"].split("|")}
    topics = _catalog_topics(catalog, child_only_names)
    after: dict[str, list[TopicRule]] = defaultdict(list)
    zero: dict[str, list[TopicRule]] = defaultdict(list)
    qualifiers: dict[str, list[tuple[str, re.Pattern[str], frozenset[str]]]] = defaultdict(list)
    list_verbs: list[tuple[re.Pattern[str], str]] = []
    for row in rows:
        if row["kind"] == "block":
            blocked = topics.setdefault(phrase_regex(row["phrase"], gap_stop), [])
            if row["templates"] or row["parent"]:  # blocked only in these eras; or a list parent for what follows
                blocked.append(TopicRule("", eras_of(row["templates"], None), parent=row["parent"] or None, blocks=True))
            continue
        metric = catalog[row["metric_id"]] if row["metric_id"] else None
        if row["kind"] == "child_only" or metric is None:
            continue
        evidence = row["kind"] == "evidence"
        rule = TopicRule(
            metric.metric_id,
            eras_of(row["templates"], metric),
            re.compile(row["context"]) if row["context"] else None,
            row["kind"] in ("child", "part"),
            metric.parent_id if evidence else (row["parent"] or metric.parent_id),
            (row["parent"] or None) if evidence else None,
            adds_up=row["kind"] == "part",
        )
        pattern = phrase_regex(row["phrase"], gap_stop)
        if row["kind"] in ("topic", "child", "part", "evidence"):
            topics.setdefault(pattern, []).append(rule)
        elif row["kind"] == "after":
            after[pattern].append(rule)
        elif row["kind"] == "zero":
            zero[pattern].append(rule)
        elif row["kind"] == "qualifier":
            qualifiers[metric.parent_id or ""].append((metric.metric_id, re.compile(pattern), rule.eras))
        elif row["kind"] == "list_verb":
            list_verbs.append((re.compile(pattern), metric.metric_id))
    accepted, bare = _units()
    return Phrasebook(
        catalog=catalog,
        topics=_phrase_set(topics),
        after=_phrase_set(dict(after)),
        zero_topics=_phrase_set(dict(zero)),
        qualifiers=dict(qualifiers),
        list_verbs=list_verbs,
        cues=cues,
        accepted_units=accepted,
        bare_number_units=bare,
        parents=frozenset(m.parent_id for m in catalog.metrics if m.parent_id)
        | {rule.parent for rules in topics.values() for rule in rules if rule.child_only and rule.parent},
    )
