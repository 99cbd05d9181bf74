"""Renames and mergers a report states (撤销…重新组建…, …更名为…, …并入…), so one agency keeps one id.

A statement about the reporting body itself often names it a little differently from its title
(政务服务管理办公室 in the text, 政务管理办公室 in the title); `refers_to` recognises that, and such names
are replaced by the report's own agency name so the lineage joins the right ids.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher

from pipeline.identity.agency import AgencyName, parse_agency, qualify, trim_to_agency
from pipeline.identity.places import split_name

ORG = r"[\u4e00-\u9fff（）()]{2,40}?(?:局|委员会|委|办公室|办公厅|办|厅|中心|人民政府|政府|管委会|管理委员会|署|站|所|队)"
SELF = r"我局|本局|我委|本委|我办|本办|本机关|我中心|本中心"
ORGS = rf"(?:原)?{ORG}(?:[、和与及](?:原)?{ORG})*"  # one body or a list of them (国土资源局、规划局)
LIST_SEPARATOR = re.compile(r"[、和与及](?=原?[\u4e00-\u9fff])")
# (keywords, pattern, relation): a pattern runs only around its keywords, so its lazy names are not retried
# at every position of a long sentence
STATEMENTS = (
    (("撤销",), re.compile(rf"撤销(?P<from>{ORGS})[，,、]?(?:并)?(?:重新)?(?:组建|成立|设立)(?:了)?(?P<to>{ORG}|{SELF})"), "reformed_as"),
    (("基础上",), re.compile(rf"在(?P<from>{ORGS})(?:的)?基础上(?:重新)?(?:组建|成立)(?:了)?(?P<to>{ORG}|{SELF})"), "reformed_as"),
    (("更名为", "改名为"), re.compile(rf"(?:原)?(?P<from>{ORG}|{SELF})(?:正式)?(?:更名为|改名为)(?P<to>{ORG})"), "renamed"),
    (("改称", "改为"), re.compile(rf"(?:原)?(?P<from>{ORG}|{SELF})(?:正式)?(?:改称为?|改为)(?P<to>{ORG})"), "renamed"),
    (("并入", "划入"), re.compile(rf"(?:将)?(?P<from>{ORGS}|{SELF})(?:的)?(?:职责|职能)?(?:整体)?(?:并入|划入)(?P<to>{ORG}|{SELF})"), "merged_into"),
    (("整合至", "整合到", "合并至", "合并到"), re.compile(rf"(?:将)?(?P<from>{ORGS}|{SELF})(?:的)?(?:职责|职能)?(?:整体)?(?:整合至|整合到|合并至|合并到)(?P<to>{ORG}|{SELF})"), "merged_into"),
    (("整合", "合并"), re.compile(rf"(?:将)?(?P<from>{ORGS})(?:的)?(?:职责|职能)?(?:进行)?(?:整合|合并)[，,]?(?:重新)?(?:组建|成立|设立|为)(?:了)?(?P<to>{ORG})"), "merged_into"),
)
NAMES_SPAN = 100  # how far before and after its keyword a statement's names can reach
LINEAGE_SPAN = 8000  # changes are stated in the opening sections
YEAR = re.compile(r"((?:19|20)\d{2})年")
# Cheap first pass: only sentences with one of these words can state a change
TRIGGER_WORDS = ("撤销", "基础上", "更名", "改名", "改称", "改为", "并入", "划入", "整合", "合并")
TRIGGER = re.compile("|".join(TRIGGER_WORDS))
TRIGGERS_BY_FIRST_CHAR = {first: tuple(w for w in TRIGGER_WORDS if w[0] == first) for first in dict.fromkeys(w[0] for w in TRIGGER_WORDS)}
SAME_BODY_RATIO = 0.75  # how alike two names' organisation parts must be to be the same body's names


@dataclass(frozen=True)
class LineageStatement:
    from_agency_name: str
    to_agency_name: str
    relation: str  # renamed, merged_into or reformed_as
    year: int | None
    evidence: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _org_part(name: str, year: int | None) -> str:
    parts = split_name(name, year)
    rest = parts.remainder
    return rest[4:] if rest.startswith("人民政府") and len(rest) > 4 else rest


def refers_to(name: str, agency: AgencyName, year: int | None) -> bool:
    """True when `name` is the reporting body under a slightly different wording."""
    if name == agency.name:
        return True
    mine, theirs = _org_part(agency.name, year), _org_part(name, year)
    if not mine or not theirs:
        return False
    places_agree = {p.text for p in split_name(name, year).places} <= {p.text for p in agency.parts.places}
    return places_agree and SequenceMatcher(None, mine, theirs).ratio() >= SAME_BODY_RATIO


def _full_name(name: str, agency: AgencyName | None, year: int | None) -> str:
    """A body named in the text (without words of the sentence before it), with the report's places in
    front when the text left them out."""
    name = trim_to_agency(name, year)
    if agency is None:
        return name
    if re.fullmatch(SELF, name) or refers_to(name, agency, year):
        return agency.name
    if not split_name(name, year).places and agency.parts.places and parse_agency(name, year) is not None:
        return qualify(name, agency.parts.places)
    return name


def _trigger_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of a trigger word, in text order: each word's first character found
    with str.find (~3 instructions a character for the 8 of them; a str.find per word costs ~4.5 each,
    TRIGGER.finditer's start-set loop ~65), the word checked where it stands. Unlike finditer this also
    yields occurrences overlapping an earlier one (合并入: 合并 and 并入); those lie in the earlier one's
    sentence, which _sentences_with_triggers keeps once, so the sentences are finditer's."""
    spans = []
    for first, words in TRIGGERS_BY_FIRST_CHAR.items():
        at = text.find(first)
        while at >= 0:
            word = next((word for word in words if text.startswith(word, at)), None)
            if word is not None:
                spans.append((at, at + len(word)))
            at = text.find(first, at + 1)
    return sorted(spans)


def _sentences_with_triggers(text: str) -> list[tuple[int, str]]:
    spans: list[tuple[int, str]] = []
    for trigger_start, trigger_end in _trigger_spans(text):
        start = max(text.rfind("。", 0, trigger_start), text.rfind("\n", 0, trigger_start)) + 1
        if spans and start <= spans[-1][0] + len(spans[-1][1]):
            continue  # same sentence as the previous trigger
        end = min(p for p in (text.find("。", trigger_end), text.find("\n", trigger_end), len(text)) if p >= 0)
        spans.append((start, text[start:end]))
    return spans


def _around(sentence: str, keywords: tuple[str, ...]) -> list[tuple[int, str]]:
    """(offset, piece) of the sentence around each occurrence of one of `keywords`."""
    pieces = []
    for keyword in keywords:
        at = sentence.find(keyword)
        while at >= 0:
            start = max(0, at - NAMES_SPAN)
            pieces.append((start, sentence[start : at + NAMES_SPAN]))
            at = sentence.find(keyword, at + NAMES_SPAN)
    return pieces


def _statements_in(sentence: str, agency: AgencyName | None, year: int | None) -> list[LineageStatement]:
    found = []
    for keyword, pattern, relation in STATEMENTS:
        for offset, piece in _around(sentence, keyword):
            for match in pattern.finditer(piece):
                years = YEAR.findall(sentence[: offset + match.start()])
                target = _full_name(match.group("to"), agency, year)
                for source in LIST_SEPARATOR.split(match.group("from")):
                    found.append(
                        LineageStatement(
                            from_agency_name=_full_name(source.removeprefix("原"), agency, year),
                            to_agency_name=target,
                            relation=relation,
                            year=int(years[-1]) if years else None,
                            evidence=sentence[: offset + match.end()].strip()[-200:],
                        )
                    )
    return found


def find_lineage(text: str, agency: AgencyName | None, year: int | None) -> list[LineageStatement]:
    found: list[LineageStatement] = []
    for _, sentence in _sentences_with_triggers(text[:LINEAGE_SPAN]):
        for statement in _statements_in(sentence, agency, year):
            if statement.from_agency_name != statement.to_agency_name and statement not in found:
                found.append(statement)
    return found
