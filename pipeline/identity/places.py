"""Place names in agency names and report texts, resolved to divisions of the report's year.

An agency name starts with the places it belongs to ("广州市增城区" + "人民政府政务管理办公室"); `split_name`
reads them off the front. `resolve` turns them into one division, using the other places named and the
rest of the report for names that several divisions bear (朝阳区, 城区), and leaves it unknown otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from pipeline.identity.contact import area_code_places, contact_area_code
from pipeline.identity.divisions import MUNICIPALITY_CODES, Division, division_table
from pipeline.identity.vocabulary import vocabulary

# A district of a city the division table lists no county-level division for: 嘉峪关市|雄关区 (嘉峪关 governs
# its three districts without their being county-level divisions). Its own name is two or three characters.
UNLISTED_DISTRICT = re.compile(r"[\u4e00-\u9fff]{2,3}?区")
TOWNSHIP = re.compile(r"(?:(?![省县旗盟州])[\u4e00-\u9fff]){1,6}?(?:街道|民族乡|镇|乡|苏木)(?=人民政府|政府|街道办事处|办事处|$)")
GOVERNMENT_START = ("人民政府", "政府", "行政公署")
LEVEL_CHAR = re.compile("[省市县区旗州盟]")
DOMINANT_SPAN = 8000  # enough of a report to see which place it keeps naming


@dataclass(frozen=True)
class Place:
    text: str  # as written: 广州市, 平潭 (a short name), 荔城街道, 平潭综合实验区; a corps root in full
    kind: str  # division, short, zone, township, district (one the table does not list: 嘉峪关市|雄关区) or corps
    # (a unit of 新疆生产建设兵团: the corps, a 师, a 团场)
    candidates: tuple[Division, ...] = ()  # divisions the text can name in the report's year
    unit: str | None = None  # for corps places: root, division or regiment
    level: str | None = None  # for corps places: the admin level of the unit itself


@dataclass(frozen=True)
class NameParts:
    places: tuple[Place, ...]
    remainder: str  # what follows the places: 人民政府政务管理办公室, 管委会, ""
    prefix: str = ""  # the places as written, with anything between them (增城区人民政府荔城街道)
    in_system: bool = False  # the name begins with a national body's (国家外汇管理局|福建省|分局)

    @property
    def zone(self) -> Place | None:
        return next((p for p in self.places if p.kind == "zone"), None)

    @property
    def township(self) -> Place | None:
        return next((p for p in self.places if p.kind == "township"), None)

    @property
    def unlisted_district(self) -> Place | None:
        return next((p for p in self.places if p.kind == "district"), None)


@dataclass(frozen=True)
class Region:
    division: Division | None  # the most specific division resolved
    township: str | None = None
    zone: str | None = None
    note: str = ""  # how it was resolved, or why not
    level_hint: str | None = None  # the level every candidate shares, when namesakes leave the division unknown
    # A body governing territory outside the division system (新疆生产建设兵团): its 师 stands where a city
    # would (新疆生产建设兵团第八师), its 团场 where a county would, and the deepest unit named has its own level
    corps_city: str | None = None
    corps_county: str | None = None
    unit_level: str | None = None
    unlisted_district: str | None = None  # a city's district the division table does not list (嘉峪关市雄关区)
    # placed among namesakes by the phone's area code alone: the name still does not say which body it is, so
    # its agency key stays the unplaced one (keys.with_area_code) and its series is grouped as before
    placed_by_area_code: bool = False

    @property
    def province(self) -> str | None:
        return self.division.province if self.division else None

    @property
    def city(self) -> str | None:
        """The prefecture-level division, or None where there is none: a municipality (北京, 上海, 天津, 重庆)
        is province level and governs its districts directly, like a province its directly governed counties."""
        if self.division is None or self.division.level == "province":
            return None
        if self.division.level == "city":
            return self.division.name
        return None if self.division.city_code in MUNICIPALITY_CODES else self.division.city

    @property
    def county(self) -> str | None:
        if self.division is not None and self.division.level == "city" and self.unlisted_district:
            return self.unlisted_district
        return self.division.name if self.division and self.division.level == "county" else None


def _candidates(name: str, year: int | None, short: bool = False) -> tuple[Division, ...]:
    table = division_table()
    found = table.short_named(name, year) if short else table.named(name, year)
    if not found:  # a name used outside its valid years (增城市 in a 2015 report): that place, as it then was
        found = [table.in_year(division, year) for division in table.nearest_named(name, year, short)]
    return tuple(found)


def _division_at(name: str, at: int) -> str | None:
    table = division_table()
    for length in range(min(table.max_name_length, len(name) - at), 1, -1):
        piece = name[at : at + length]
        if piece in table.by_name:
            return piece
    return None


def _zone_at(name: str, at: int) -> str | None:
    """A development zone's name part starting at `at` (经济技术开发区 after 福州, 综合实验区 after 平潭)."""
    rest = name[at:]
    for suffix in vocabulary().zone_suffixes:
        position = rest.find(suffix)
        if position < 0 or position > 6:
            continue
        if position and _division_at(rest[:position], 0):
            continue  # a division's own name comes first (浦东新区 is a district, not a zone)
        return rest[: position + len(suffix)]
    return None


def _short_at(name: str, at: int, after_system: bool = False) -> str | None:
    """A short division name (平潭, 北京) that the rest of the name shows is a place. Right after a national
    body's name (国家统计局|福建|调查总队, 国家矿山安全监察局|福建|局) any organisation name shows it."""
    table = division_table()
    for length in range(min(6, len(name) - at), 1, -1):
        piece = name[at : at + length]
        if piece not in table.by_short:
            continue
        after = at + length
        if _division_at(name, after) or _zone_at(name, after) or name.startswith(GOVERNMENT_START, after):
            return piece
        if name[after:] in vocabulary().short_place_bodies:
            return piece  # the whole name is a short place and a body named that way (福州海关)
        if after_system and vocabulary().role_of_suffix(name[after:]):
            return piece
        if _named_by_short_place(name, after):
            return piece  # a short place before the short place a body is named by: 广州|黄埔海关
    return None


def _named_by_short_place(name: str, at: int) -> bool:
    """True when the name from `at` on is a short place and a body named that way (黄埔海关)."""
    table = division_table()
    return any(name[at + length :] in vocabulary().short_place_bodies
               for length in range(2, min(6, len(name) - at) + 1) if name[at : at + length] in table.by_short)


# What a city's district (市辖区) is called: 黄埔区, 浦东新区
DISTRICT_SUFFIX = "区"


def _field_office_seats(candidates: tuple[Division, ...], year: int | None) -> tuple[Division, ...]:
    """Where a national body's field office named by a short place sits (黄埔海关, 福州海关): a district's name
    in it is a port's or an area's (黄埔海关 serves 广州 and 东莞, and is no body of 广州's 黄埔区), so the
    office sits in the district's city; a city or a county-level city (满洲里海关) is where it sits."""
    table = division_table()
    seats: dict[str, Division] = {}
    for candidate in candidates:
        if candidate.level == "county" and candidate.name.endswith(DISTRICT_SUFFIX) and candidate.city_code:
            cities = table.by_code.get(candidate.city_code, ())
            candidate = next((c for c in cities if year is None or c.valid_in(table.clamp(year) or year)), cities[-1] if cities else candidate)
        seats.setdefault(candidate.stable_id, candidate)
    return tuple(seats.values())


def _zone_host(candidates: tuple[Division, ...]) -> tuple[Division, ...]:
    """Zones are named after a city far more than after a namesake district (西安高新区: 西安市, not 西安区):
    when exactly one candidate is a prefecture or province, the zone is taken to sit there."""
    upper = tuple(c for c in candidates if c.level in ("city", "province"))
    return upper if len(upper) == 1 else candidates


def _zone_word_after(division: str, before: Place) -> bool:
    """A division name that is also a zone word (新区) right after a place it does not lie in is the zone word."""
    if division not in vocabulary().zone_suffixes:
        return False
    inside = division_table().by_name[division]
    return not any(d.is_within(p) for d in inside for p in before.candidates)


@lru_cache(maxsize=16384)  # one name is split several times per report (title, page field, signature, lineage)
def split_name(name: str, year: int | None) -> NameParts:
    """The places at the front of an agency name, and what follows them."""
    places: list[Place] = []
    at = system_end = _vertical_system_end(name, year)
    while at < len(name):
        infix = next((g for g in GOVERNMENT_START[:2] if places and name.startswith(g, at)), None)
        if infix and (TOWNSHIP.match(name, at + len(infix)) or _zone_at(name, at + len(infix))):
            at += len(infix)  # 增城区人民政府荔城街道办事处: the township (or zone) of the district's government
            continue
        division = _division_at(name, at)
        if division and places and _zone_word_after(division, places[-1]):
            division = None  # 福州新区: the zone of 福州, not 唐山's district 新区 (a name until 2001)
        if division:
            places.append(Place(division, "division", _candidates(division, year)))
            at += len(division)
            continue
        short = _short_at(name, at, after_system=bool(system_end) and at == system_end)
        if short:
            candidates = _candidates(short, year, short=True)
            if name[at + len(short) :] in vocabulary().short_place_bodies:
                candidates = _field_office_seats(candidates, year)
            places.append(Place(short, "short", candidates))
            at += len(short)
            continue
        corps = _corps_at(name, at, places, year)
        if corps:
            places.extend(corps[0])
            at = corps[1]
            continue
        zone = _zone_at(name, at)
        if zone:
            # 平潭 + 综合实验区: the short name says where the zone sits, the two together name the zone; a zone
            # with a name of its own (河北 + 雄安新区) is that name wherever the report says it sits
            sits_in = places.pop() if places and places[-1].kind == "short" else None
            text = (sits_in.text if sits_in and zone in vocabulary().zone_suffixes else "") + zone
            host = vocabulary().zone_hosts.get(text)
            if host:  # a zone whose name names no division (雄安新区), or names another place's (江北新区)
                candidates = _candidates(host, year)
            else:
                candidates = _zone_host(sits_in.candidates) if sits_in else ()
            places.append(Place(text, "zone", candidates))
            at += len(zone)
            continue
        township = TOWNSHIP.match(name, at)
        if township and not name.startswith(GOVERNMENT_START, at) and (places or not LEVEL_CHAR.search(township.group(0)[:-1])):
            # with no county before it, a township name holding 市/区… is more likely words of a sentence
            places.append(Place(township.group(0), "township", ()))
            at = township.end()
            continue
        district = _unlisted_district_at(name, at, places)
        if district:
            places.append(Place(district, "district", ()))
            at += len(district)
            continue
        break
    return NameParts(tuple(places), name[at:], name[:at], bool(system_end))


@lru_cache(maxsize=1)
def _cities_with_counties() -> frozenset[str]:
    """The codes of the prefectures the table lists county-level divisions for, in any year."""
    return frozenset(d.city_code for ds in division_table().by_code.values() for d in ds if d.level == "county" and d.city_code)


def _unlisted_district_at(name: str, at: int, places: list[Place]) -> str | None:
    """A district of the city named just before it, when the table lists no county of that city, and a
    government or a department of it follows (嘉峪关市|雄关区|人民政府, 嘉峪关市|雄关区|财政局) or nothing does.
    In a city the table lists counties for, an unknown …区 is more likely an area (工业区) than a district."""
    if not places or places[-1].kind != "division" or not places[-1].candidates:
        return None
    if any(c.level != "city" or c.code in _cities_with_counties() for c in places[-1].candidates):
        return None
    match = UNLISTED_DISTRICT.match(name, at)
    if not match or _division_at(name, at) or _zone_at(name, at):
        return None
    rest = name[match.end() :]
    suffix = vocabulary().role_of_suffix(rest)
    if rest == "" or rest.startswith(GOVERNMENT_START) or (suffix and suffix[0] != rest and suffix[1] == "department"):
        return match.group(0)
    return None


def _corps_at(name: str, at: int, places: list[Place], year: int | None) -> tuple[list[Place], int] | None:
    """Units of 新疆生产建设兵团 at `at` (identity_corps.csv), and where they end: the corps itself only at the
    start of a name, a 师 at the start or after the corps, a 团场 only after a 师. A 师 named without the corps
    (第八师石河子市) gets the corps in front, so that every report of the same unit reads the same places."""
    corps_named = [p.unit for p in places if p.kind == "corps"]
    for unit in vocabulary().corps_units:
        if unit.kind == "root" and places:
            continue
        if unit.kind == "division" and (places and corps_named != ["root"]):
            continue
        if unit.kind == "regiment" and "division" not in corps_named:
            continue
        match = unit.pattern.match(name, at)
        if not match:
            continue
        host = _candidates(unit.host, year)
        written = match.group("name") if "name" in unit.pattern.groupindex else match.group(0)
        found = [Place(unit.canonical or written, "corps", host, unit.kind, unit.level)]
        if unit.kind == "division" and not places:
            root = next(u for u in vocabulary().corps_units if u.kind == "root")
            found.insert(0, Place(root.canonical, "corps", host, root.kind, root.level))
        return found, match.end()
    return None


def _vertical_system_end(name: str, year: int | None) -> int:
    """Where the places start in a local branch of a national body (国家税务总局|福州市税务局): the national
    name stays part of the agency's name, but the places after it say where the branch sits."""
    for system in vocabulary().vertical_systems:
        if name.startswith(system) and (_division_at(name, len(system)) or _short_at(name, len(system), after_system=True)):
            return len(system)
    return 0


def _narrow(places: tuple[Place, ...]) -> list[Division]:
    """Candidates of the most specific division place that agree with the places named before it."""
    current: list[Division] = []
    for place in places:
        if not place.candidates:
            continue
        inside = [c for c in place.candidates if not current or any(c.is_within(p) for p in current)]
        if inside:
            current = inside
        # a place that agrees with nothing before it (a typo, a stale name) does not overrule them
    return current


def _contains_all(candidates: list[Division]) -> Division | None:
    """The candidate every other candidate lies within (长沙 = 长沙市 ⊃ 长沙县), if there is one."""
    for candidate in candidates:
        if all(other.is_within(candidate) for other in candidates):
            return candidate
    return None


def _context_score(division: Division, text: str) -> int:
    """How often the report names the division's parents: the evidence for picking it among namesakes."""
    table = division_table()
    score = 0
    parents = [division.province_code] + ([division.city_code] if division.city_code else [])
    for code in dict.fromkeys(parents):
        if code == division.code:
            continue
        for parent in table.by_code.get(code, ()):
            named = text.count(parent.name)
            score += 2 * named
            if len(parent.short) >= 2 and parent.short != parent.name:
                score += text.count(parent.short) - named
    return score


def _by_neighbours(candidates: list[Division], context: str) -> Division | None:
    """The one namesake whose city holds the other counties the report names, when the report never names a
    parent (市中区 naming 薛城区 and 峄城区: 枣庄's). Only counties no other division is named like count, and
    only when they all point to one candidate: a neighbour that could be anyone's is no evidence."""
    table = division_table()
    cities = {c.city_code: c for c in candidates if c.level == "county" and c.city_code}
    if len(cities) != len(candidates):
        return None  # namesakes in one city, or a candidate that is not a county: neighbours do not tell
    own = {c.name for c in candidates}
    pointed: set[str] = set()
    for _, name in table.mentions(context):
        bearers = {d.stable_id: d for d in table.by_name[name]}
        if name in own or len(bearers) != 1:
            continue
        neighbour = next(iter(bearers.values()))
        if neighbour.level == "county" and neighbour.city_code:
            pointed.add(neighbour.city_code)
    hits = pointed & cities.keys()
    return cities[hits.pop()] if len(hits) == 1 else None


def _served_by_area_code(candidates: list[Division], code: str) -> Division | None:
    """The one namesake whose city the phone area code serves (0632: 枣庄's 市中区, not 济南's): real reports
    give their own office's phone for questions, and a code serves one city (or a few, 0898 all of 海南)."""
    places = area_code_places(code)
    if not places:
        return None
    table = division_table()

    def city_names(candidate: Division) -> set[str]:
        cities = table.by_code.get(candidate.city_code, ()) if candidate.city_code else ()
        return {n for city in cities for n in (city.name, city.short) if n and len(n) >= 2}

    served = {c.stable_id: c for c in candidates if any(name in place for name in city_names(c) for place in places)}
    return next(iter(served.values())) if len(served) == 1 else None


def choose(candidates: list[Division], context: str) -> tuple[Division | None, str]:
    """One division among namesakes: the only one, the one the context names the parents of, or none."""
    if not candidates:
        return None, "not a known division"
    if len({c.stable_id for c in candidates}) == 1:
        return candidates[0], ""
    scores = Counter({c: _context_score(c, context) for c in candidates})
    (best, best_score), *others = scores.most_common()
    if best_score > 0 and all(score < best_score for _, score in others):
        return best, f"chosen among {len(candidates)} namesakes by the places the report names"
    enclosing = _contains_all(candidates)
    if enclosing is not None:
        return enclosing, ""
    if best_score == 0:
        neighbour = _by_neighbours(candidates, context)
        if neighbour is not None:
            return neighbour, f"chosen among {len(candidates)} namesakes by the neighbouring divisions the report names"
    return None, f"ambiguous: {len(candidates)} divisions bear this name and the report does not say which"


def resolve(parts: NameParts, context: str) -> Region:
    candidates = _narrow(parts.places)
    division, note = choose(candidates, context)
    code = contact_area_code(context) if division is None and len(candidates) > 1 else None
    served = _served_by_area_code(candidates, code) if code else None
    if served is not None:
        division, note = served, f"chosen among {len(candidates)} namesakes by the area code of the report's phone ({code})"
    township = parts.township.text if parts.township else None
    district = parts.unlisted_district.text if parts.unlisted_district else None
    zone = parts.zone.text if parts.zone else None
    levels = {c.level for c in candidates}
    corps = {p.unit: p for p in parts.places if p.kind == "corps"}
    corps_city = corps["root"].text + corps["division"].text if "division" in corps and "root" in corps else None
    corps_county = corps["regiment"].text if "regiment" in corps else None
    deepest = next((p for p in reversed(parts.places) if p.kind == "corps"), None)
    return Region(
        division, township, zone, note, levels.pop() if len(levels) == 1 else None,
        corps_city, corps_county, deepest.level if deepest else None, district, served is not None,
    )


ZONE_HOST_SUFFIXES = ("市", "省", "自治区", "州", "盟", "地区")


# A township's county: a county-level name, or the city when the report names the city most
TOWNSHIP_HOST_SUFFIXES = ("县", "区", "市", "旗")


def host_division(region: Region, text: str, year: int | None) -> Region:
    """A zone whose name says nowhere where it is (两江新区) sits in the city the report keeps naming; a township
    named without its county (上街镇人民政府) in the county-level place the report keeps naming (闽侯县)."""
    if region.division is not None or region.note.startswith("ambiguous"):
        return region
    if region.zone is not None:
        kind, suffixes = "zone", ZONE_HOST_SUFFIXES
    elif region.township is not None:
        kind, suffixes = "township", TOWNSHIP_HOST_SUFFIXES
    else:
        return region
    division, name = dominant_division(text, year, suffixes)
    if division is None:
        return region
    return Region(division, region.township, region.zone, f"the {kind} sits in {name}, which the report keeps naming")


def place_by_area_code(region: Region, name: str, text: str, year: int | None) -> Region:
    """An unplaced department named with a bare level word (区司法局; identity_bare_level_words.csv) sits where the phone it gives for questions
    is: a code serves one city (0531: 济南市) or a few of one province (0898: 海口 and 三亚), so the province and,
    for a city's or a district's body, the city. A name without the level word (财政局) could be a province's
    body in its capital, and a namesake of known places (朝阳区) is resolve's to choose among: both stay unplaced.
    The agency key stays the unplaced one (with the code): the name still does not say which body it is."""
    level = vocabulary().bare_level(name)
    if level is None or region.division is not None or region.zone or region.township or region.note != "not a known division":
        return region
    code = contact_area_code(text)
    places = area_code_places(code) if code else frozenset()
    seats = {d.stable_id: d for place in sorted(places) for d in _candidates(place, year) if d.level in ("city", "province")}
    provinces = {d.province_code for d in seats.values()}
    if len(provinces) != 1:
        return region
    if level != "province" and len(seats) == 1:
        division = next(iter(seats.values()))
    else:
        table = division_table()
        division = next((d for d in table.by_code.get(provinces.pop(), ()) if year is None or d.valid_in(table.clamp(year) or year)), None)
        if division is None:
            return region
    note = f"the name names no place; placed by the area code of the report's phone ({code}: {'/'.join(sorted(places))})"
    return Region(division, note=note, placed_by_area_code=True)


def dominant_division(text: str, year: int | None, suffixes: tuple[str, ...]) -> tuple[Division | None, str]:
    """The division a report keeps naming (for reports that never state their own name: 我市 + 云浮市 ×12).

    Only names ending in one of `suffixes` count; the most frequent one must be named at least twice and
    more often than any other.
    """
    generic = vocabulary().generic_places
    counts = Counter(
        name for _, name in division_table().mentions(text[:DOMINANT_SPAN]) if name.endswith(suffixes) and name not in generic
    )
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None, ""
    name = ranked[0][0]
    division, _ = choose(list(_candidates(name, year)), text)
    return division, name
