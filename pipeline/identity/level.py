"""The administrative level of a reporting body.

province (provinces, autonomous regions, municipalities), city (prefecture level: 市, 州, 盟, 地区), county
(county-level cities, districts, 县, 旗), township (镇, 乡, 街道, 苏木), or department: a functional body at any
level, including a government's general office reporting on its own work and a development zone's
管理委员会 — unless the zone acts as a government: a zone compiling the figures of the counties it governs
is city level; one compiling the figures of all its units is county level. Units of 新疆生产建设兵团 stand
outside the divisions: the corps is province level, a 师 (alone or with its merged city) city level, a 团场
county level.
"""

from __future__ import annotations

import re

from pipeline.identity.agency import AgencyName
from pipeline.identity.divisions import division_table
from pipeline.identity.places import Region
from pipeline.identity.vocabulary import count_phrases, self_reference_finder, vocabulary

GOVERNMENT_NAMED = re.compile(r"人民政府|政府")


def governs_counties(compilation: str) -> bool:
    """True when the compilation sentence gathers the reports of county governments (平潭县人民政府 …)."""
    table = division_table()
    for start, name in table.mentions(compilation):
        after = compilation[start + len(name) : start + len(name) + 4]
        if GOVERNMENT_NAMED.match(after) and any(d.level == "county" for d in table.by_name[name]):
            return True
    return False


def zone_level(compilation: str | None) -> str:
    if compilation is None:
        return "department"
    return "city" if governs_counties(compilation) else "county"


def admin_level(agency: AgencyName, region: Region, compilation: str | None) -> str | None:
    if agency.role in ("department", "government_office"):
        return "department"
    if agency.role == "township" or region.township:
        return "township"
    if region.unit_level and agency.role in ("place", "government"):
        return region.unit_level  # a unit of the corps: the corps, a 师 (with its city: 第八师石河子市) or a 团场
    if region.zone and agency.role in ("zone", "place"):
        return zone_level(compilation)
    if region.zone:
        return "department"
    if region.division is None:
        return region.level_hint  # 朝阳区 is a district whichever 朝阳区 it is
    if region.unlisted_district and agency.role in ("government", "place"):
        return "county"  # 嘉峪关市雄关区人民政府 governs a district, whatever the table lists
    return region.division.level


SELF_REFERENCE_SPAN = 6000  # the opening sections say often enough who "we" are


def self_reference_level(text: str) -> str | None:
    """The level a report's self-references imply (我市/全市 -> city, 全区 -> county), if one dominates."""
    phrases = vocabulary().self_references
    counts: dict[str, int] = {}
    for phrase, count in count_phrases(self_reference_finder(), text[:SELF_REFERENCE_SPAN]).items():
        counts[phrases[phrase]] = counts.get(phrases[phrase], 0) + count
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]
