"""Agency keys: the same body gets the same key in every report, year and run.

A key is built from where the body is (the division's stable id, which survives renames such as
增城市 -> 增城区) and what it is (its organisation name with abbreviations expanded and the optional
人民政府 infix of departments dropped), never from file names or the order reports are read in.
"""

from __future__ import annotations

import hashlib

from pipeline.identity.agency import OFFICE_FORMS
from pipeline.identity.divisions import Division
from pipeline.identity.places import NameParts
from pipeline.identity.vocabulary import vocabulary

GOVERNMENT_KEY = "人民政府"
ROLES_OF_GOVERNMENTS = ("government", "place", "township", "zone")


def expand_abbreviations(name: str) -> str:
    """发改委 -> 发展和改革委员会, 地税局 -> 地方税务局: the full form of a short organisation suffix."""
    for short, full in vocabulary().abbreviations:
        if name.endswith(short) and not name.endswith(full):
            return name[: -len(short)] + full
    return name


def organisation_part(parts: NameParts, role: str) -> str:
    if role in ROLES_OF_GOVERNMENTS and parts.remainder in ("", "人民政府", "政府", "管委会", "管理委员会", "管委", "办事处", "街道办事处"):
        return GOVERNMENT_KEY  # a place's governing body, however the report words it
    if role == "government_office":
        return OFFICE_FORMS.get(parts.remainder, parts.remainder)  # 政府办公室 = 人民政府办公室
    rest = parts.remainder
    for infix in ("人民政府", "政府"):
        if rest.startswith(infix) and len(rest) > len(infix) + 1 and role == "department":
            rest = rest[len(infix) :]  # 增城区人民政府政务管理办公室 = 增城区政务管理办公室
            break
    return expand_abbreviations(rest)


# Between an unplaced body's key and the area code of its contact phone (agencies.body_keys reads it)
AREA_CODE_MARK = "@"


def with_area_code(key: str, area_code: str | None) -> str:
    """An unplaced body's key with the area code of the phone it gives (ag_…@0632), so that namesakes from
    different places (济南's and 枣庄's 市中区司法局) are not taken for one body; without a code, the key."""
    return f"{key}{AREA_CODE_MARK}{area_code}" if area_code else key


def zone_key(zone: str, division: Division | None) -> str:
    """A zone's name as its key says it, whichever way the report words it: the suffix in full (西安高新区 =
    西安高新技术产业开发区) and without the name of the division the key already holds (高新区 in a report on
    西安 = 西安高新区)."""
    suffix = vocabulary().zone_suffix(zone)
    if suffix in vocabulary().zone_full_forms:
        zone = zone[: -len(suffix)] + vocabulary().zone_full_forms[suffix]
    if division:
        for place in (division.name, division.short):
            if place and zone.startswith(place) and len(zone) > len(place):
                return zone[len(place) :]
    return zone


def agency_key(parts: NameParts, role: str, division: Division | None, name: str) -> str:
    where = division.stable_id if division else "".join(p.text for p in parts.places if p.kind in ("division", "short")) or "?"
    local = "".join(zone_key(p.text, division) if p.kind == "zone" else p.text
                    for p in parts.places if p.kind in ("zone", "township", "district", "corps"))
    if parts.places and parts.places[-1].kind == "short" and parts.remainder in vocabulary().short_place_bodies:
        # a field office is named by its port or area, not by where it sits: 黄埔海关 and 广州海关 both sit in 广州
        local += parts.places[-1].text
    what = organisation_part(parts, role) if parts.places else expand_abbreviations(name)
    digest = hashlib.sha1(f"{where}|{local}|{what}".encode("utf-8")).hexdigest()[:12]
    return f"ag_{digest}"
