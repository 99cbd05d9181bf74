"""The identity vocabulary: organisation suffixes, abbreviations, zone words, self-references and year clues.

All of it lives in pipeline/data/identity_*.csv so that a new suffix or clue is a data change; this module
only reads those files (once per process) and offers them in the shapes the identity code needs.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import ahocorasick


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("pipeline.data").joinpath(filename).read_text(encoding="utf-8")
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(text.splitlines())]


@dataclass(frozen=True)
class YearClues:
    plans: dict[str, int]  # 十二五 -> 2011 (the plan's first year)
    positions: dict[str, int]  # 开局之年 -> 0 (years after the first year)
    events: dict[str, int]  # 建党100周年 -> 2021


@dataclass(frozen=True)
class CorpsUnit:
    """A kind of unit of a body that governs territory outside the division system (新疆生产建设兵团: its 师
    and 团场), read from identity_corps.csv."""

    kind: str  # root (the corps itself), division (师) or regiment (团场)
    pattern: re.Pattern[str]
    level: str  # the admin level a report of the unit itself has
    canonical: str  # the root's full name (兵团 -> 新疆生产建设兵团); "" where the unit is named as written
    host: str  # the division its territory lies in


@dataclass(frozen=True)
class Vocabulary:
    org_suffixes: tuple[tuple[str, str], ...]  # (suffix, role), longest suffix first
    abbreviations: tuple[tuple[str, str], ...]  # (short, full), longest short form first
    zone_suffixes: tuple[str, ...]  # longest first
    zone_full_forms: dict[str, str]  # a zone suffix's full form, where it is an abbreviation (高新区 -> 高新技术产业开发区)
    self_references: dict[str, str]  # 我市 -> city
    year_clues: YearClues
    page_debris: tuple[str, ...]  # longest first
    generic_places: frozenset[str]  # division names that are also ordinary words (城区, 市区)
    template_markers: dict[str, str]  # phrase -> standard, v2019 or v2021
    link_markers: tuple[str, ...]  # words that introduce links to other pages (上一篇, 相关链接)
    proactive_table_values: dict[str, int]  # template -> how many figures its Table 二 holds
    short_place_bodies: frozenset[str]  # bodies named after a short place name (福州海关, 福建监管局)
    vertical_systems: tuple[str, ...]  # national bodies whose local branches carry their name first, longest first
    corps_units: tuple[CorpsUnit, ...]  # in file order: the longer root form first
    site_words: tuple[tuple[str, str], ...]  # (words ending a site's name, what of them names the body), longest first
    zone_hosts: dict[str, str]  # zones whose name names no division (雄安新区) -> the division they lie in
    # a name's first characters -> the level they give an unplaced body (市财政局: city; 市场监督管理局: "", none)
    bare_level_words: tuple[tuple[str, str], ...]  # longest first

    def bare_level(self, name: str) -> str | None:
        """The level a name starting with a bare level word gives its body (区司法局: county), or None."""
        for start, level in self.bare_level_words:
            if name.startswith(start):
                return level or None
        return None

    def role_of_suffix(self, name: str) -> tuple[str, str] | None:
        """(suffix, role) of the longest organisation suffix `name` ends with."""
        for suffix, role in self.org_suffixes:
            if name.endswith(suffix):
                return suffix, role
        return None

    def zone_suffix(self, name: str) -> str | None:
        for suffix in self.zone_suffixes:
            if name.endswith(suffix):
                return suffix
        return None


def phrase_finder(phrases: Iterable[str]) -> ahocorasick.Automaton | tuple[re.Pattern[str], ...]:
    """What finds every occurrence of the phrases in one pass per first character: a regex per first
    character, whose literal prefix the regex engine skips to (~9 instructions a character against the
    automaton's ~60), when no two occurrences can overlap; else a phrase automaton (str.count per phrase
    costs a pass each)."""
    phrases = list(phrases)
    if _cannot_overlap(phrases):
        by_first: dict[str, list[str]] = {}
        for phrase in phrases:
            by_first.setdefault(phrase[0], []).append(phrase)
        return tuple(re.compile("|".join(map(re.escape, group))) for group in by_first.values())
    automaton = ahocorasick.Automaton()
    for phrase in phrases:
        automaton.add_word(phrase, phrase)
    automaton.make_automaton()
    return automaton


def _cannot_overlap(phrases: list[str]) -> bool:
    """No phrase holds another, and no phrase's end begins a phrase: then occurrences never overlap, and a
    scan that resumes after each match (re.finditer) meets every occurrence an automaton reports."""
    for phrase in phrases:
        for other in phrases:
            if other != phrase and other in phrase:
                return False
            if any(phrase.endswith(other[:size]) for size in range(1, min(len(phrase), len(other)))):
                return False
    return all(phrases)


def count_phrases(finder: ahocorasick.Automaton | tuple[re.Pattern[str], ...], text: str) -> Counter[str]:
    if not text:
        return Counter()
    if isinstance(finder, tuple):
        return Counter(match.group() for pattern in finder for match in pattern.finditer(text))
    return Counter(phrase for _, phrase in finder.iter(text))


@cache
def contact_words() -> tuple[str, ...]:
    """Words that introduce a phone number (电话, 传真), longest first."""
    return tuple(sorted((r["phrase"] for r in _rows("identity_contact_words.csv")), key=lambda s: -len(s)))


@cache
def self_reference_finder() -> ahocorasick.Automaton | tuple[re.Pattern[str], ...]:
    return phrase_finder(vocabulary().self_references)


@cache
def vocabulary() -> Vocabulary:
    by_length = lambda pair: -len(pair[0])  # noqa: E731 - longest match must win
    clues = _rows("identity_year_clues.csv")
    return Vocabulary(
        org_suffixes=tuple(sorted(((r["suffix"], r["role"]) for r in _rows("identity_org_suffixes.csv")), key=by_length)),
        abbreviations=tuple(sorted(((r["short"], r["full"]) for r in _rows("identity_abbreviations.csv")), key=by_length)),
        zone_suffixes=tuple(sorted((r["suffix"] for r in _rows("identity_zone_suffixes.csv")), key=lambda s: -len(s))),
        zone_full_forms={r["suffix"]: r["full_form"] for r in _rows("identity_zone_suffixes.csv") if r["full_form"]},
        self_references={r["phrase"]: r["level"] for r in _rows("identity_self_references.csv")},
        year_clues=YearClues(
            plans={r["phrase"]: int(r["value"]) for r in clues if r["kind"] == "plan"},
            positions={r["phrase"]: int(r["value"]) for r in clues if r["kind"] == "position"},
            events={r["phrase"]: int(r["value"]) for r in clues if r["kind"] == "event"},
        ),
        page_debris=tuple(sorted((r["phrase"] for r in _rows("identity_page_debris.csv")), key=lambda s: -len(s))),
        generic_places=frozenset(r["name"] for r in _rows("identity_generic_places.csv")),
        template_markers={r["phrase"]: r["marks"] for r in _rows("identity_template_markers.csv")},
        link_markers=tuple(r["phrase"] for r in _rows("identity_link_markers.csv")),
        proactive_table_values={
            r["template"]: int(r["values"]) for r in _rows("identity_template_shapes.csv") if r["section"] == "proactive"
        },
        short_place_bodies=frozenset(r["suffix"] for r in _rows("identity_org_suffixes.csv") if r.get("after_short_place") == "yes"),
        vertical_systems=tuple(sorted((r["prefix"] for r in _rows("identity_vertical_systems.csv")), key=lambda s: -len(s))),
        site_words=tuple(sorted(((r["suffix"], r["keep"]) for r in _rows("identity_site_words.csv")), key=by_length)),
        zone_hosts={r["zone"]: r["host"] for r in _rows("identity_zone_hosts.csv")},
        bare_level_words=tuple(sorted(((r["start"], r["level"]) for r in _rows("identity_bare_level_words.csv")), key=by_length)),
        corps_units=tuple(
            CorpsUnit(r["kind"], re.compile(r["pattern"]), r["level"], r["canonical"], r["host"]) for r in _rows("identity_corps.csv")
        ),
    )
