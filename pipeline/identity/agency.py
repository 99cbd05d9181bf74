"""The reporting body: found in the title, the opening, the signature or the body, and normalised.

Normalised means: the full government form (建瓯市政府 -> 建瓯市人民政府); a report named only by a place is
that place's governing body (柯城区 -> 柯城区人民政府, a zone -> the 管委会 the report names, else the zone);
and a government's general office compiling the whole government's figures reports for the government.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.identity.anchored import search_from
from pipeline.identity.divisions import division_table
from pipeline.identity.places import NameParts, Place, split_name
from pipeline.identity.title import CONNECTORS, TitleMatch
from pipeline.identity.view import ReportView
from pipeline.identity.vocabulary import vocabulary

MAX_NAME = 40
LEVEL_WORDS = "省市县区旗州盟"  # 县教育局: a bare level word standing for the report's own county
# 本报告由淮安市人民政府办公室根据…编制; 由建瓯市政府办公室汇总全市…编制而成
COMPILED_BY = re.compile(r"由([\u4e00-\u9fff（）()]{3,40}?)(?:根据|依据|依照|按照|汇总|综合|编制|负责|牵头|组织|会同|统一)")
# The report gathers a whole government's figures: 汇总全市…, 汇总…各有关单位, …各乡镇人民政府的…年度报告编制
COMPILATION = re.compile(
    r"汇总[^。]{0,40}?(?:全[省市区县州旗盟]|各)"
    r"|各(?:乡镇|乡|镇|街道|县|区|部门|单位|有关部门|相关部门|有关单位|工作部门)[^。]{0,40}?(?:年度报告|工作情况)[^。]{0,8}?编制"
)
COMPILATION_FIRSTS = "汇各"  # every COMPILATION match begins with one of these
SIGNATURE = re.compile(r"^([\u4e00-\u9fff（）()]{3,40}?)\s*(?:\d{4}年?.*|[一二][〇○零][^\s]{2}年.*)?$")
GOVERNMENT_FORMS = {"人民政府": "人民政府", "政府": "人民政府", "行政公署": "行政公署", "公署": "行政公署"}
OFFICE_FORMS = {
    "人民政府办公室": "人民政府办公室",
    "人民政府办公厅": "人民政府办公厅",
    "政府办公室": "人民政府办公室",
    "政府办公厅": "人民政府办公厅",
    "政府办": "人民政府办公室",
    "府办": "人民政府办公室",
}
ZONE_BODIES = ("管理委员会", "管委会", "管委")
OFFICE = "办公室"
TOWNSHIP_BODIES = ("街道办事处", "办事处", "人民政府", "政府")
# A name followed by the second name the same body bears (挂牌: 福州市文化和旅游局（福州市文物局）) or a note on
# what it covers (福州市鼓楼区人民政府（本级）)
SECOND_NAME = re.compile(r"([^（(]{3,}?)[（(][^（）()]+[）)]?")
# A body the text names right before one of these is being named as someone's office, not as itself
OFFICE_FOLLOWS = re.compile(r"办公室|办公厅|办(?![\u4e00-\u9fff]*(?:及|和|、))|[^\s及和与、各，,。]{1,6}?(?:局|处|中心|科)")


@dataclass(frozen=True)
class AgencyName:
    name: str  # normalised
    parts: NameParts
    role: str  # government, government_office, zone, township, department, or place (named by place only)
    source: str  # page_title, title, opening, signature, body or publisher
    evidence: str

    def with_name(self, name: str, role: str, parts: NameParts | None = None) -> AgencyName:
        return AgencyName(name, parts or self.parts, role, self.source, self.evidence)


def _role(parts: NameParts) -> str | None:
    """What kind of body the words after the places name, or None when they name no body at all."""
    rest = parts.remainder
    if not parts.places:
        if rest in vocabulary().self_references or rest.startswith(("本", "我")):
            return None  # 本局, 我办: the report speaking of itself, not a name
        suffix = vocabulary().role_of_suffix(rest)
        return "department" if suffix and suffix[0] != rest and suffix[1] == "department" else None
    if rest == "":
        return "place"
    if rest in GOVERNMENT_FORMS:
        return "township" if parts.township else "government"
    if rest in OFFICE_FORMS:
        return "government_office"
    if parts.places[-1].kind == "township" and rest in TOWNSHIP_BODIES:
        return "township"
    if parts.places[-1].kind == "zone" and rest in ZONE_BODIES:
        return "zone"
    if parts.places[-1].kind in ("township", "zone") and rest.endswith("办公室") and rest[:-3] in TOWNSHIP_BODIES + ZONE_BODIES:
        return "government_office"  # 街道办事处办公室, 管委会办公室: the governing body's own office
    suffix = vocabulary().role_of_suffix(rest)
    if suffix and (suffix[0] != rest or rest in vocabulary().short_place_bodies or parts.in_system):
        # a bare 局 after a place is not a name; 福州海关 is, and so is a national body's 福建省分局
        return "department"
    return None


def _clean_remainder(rest: str) -> bool:
    """No page debris and no other place inside what should be an organisation's own name."""
    if len(rest) > 25 or any(word in rest for word in vocabulary().page_debris if len(word) >= 2):
        return False
    return not division_table().mentions(rest)


def parse_agency(text: str, year: int | None, allow_placeless: bool = True) -> tuple[NameParts, str] | None:
    """The agency named in `text`, skipping debris in front of it: (its parts, its role), or None.

    A name without any place (国家统计局) is accepted only when `allow_placeless`: where the whole text is
    a name (a title line, a signature, "由…编制"), not words picked out of a sentence.
    """
    located = locate_agency(text, year, allow_placeless)
    return located[1:] if located else None


def trim_to_agency(text: str, year: int | None) -> str:
    """`text` from where the agency it names begins (根据机构改革方案东莞市电子政务办公室 -> 东莞市电子政务办公室)."""
    located = locate_agency(text, year)
    return text.strip("（）() ")[located[0] :] if located else text


def locate_agency(text: str, year: int | None, allow_placeless: bool = True) -> tuple[int, NameParts, str] | None:
    """(where the name starts in the stripped text, its parts, its role) of the agency `text` names."""
    text = text.strip("（）() ")[:MAX_NAME + 20]
    alias = SECOND_NAME.fullmatch(text)
    if alias:  # 福州市文化和旅游局（福州市文物局）: one body under two names, the first its own
        located = _locate(alias.group(1), year, allow_placeless)
        if located:
            return located
    return _locate(text, year, allow_placeless)


def _locate(text: str, year: int | None, allow_placeless: bool) -> tuple[int, NameParts, str] | None:
    for start in range(0, max(1, len(text) - 1)):
        if start and text[start - 1] in "（(":
            continue
        parts = split_name(text[start:], year)
        if not parts.places and (not allow_placeless or (start and not _starts_after_debris(text, start))):
            continue
        role = _role(parts)
        if role and _clean_remainder(parts.remainder) and len(text) - start <= MAX_NAME:
            return start, parts, role
    return None


def _starts_after_debris(text: str, start: int) -> bool:
    """A name without places (国家统计局) is only trusted whole, or right after known page debris."""
    return any(text[:start].endswith(word) for word in vocabulary().page_debris)


def qualify(name: str, places: tuple[Place, ...]) -> str:
    """A name the text gives without its places, with the report's places in front (自然资源局 ->
    蒙城县自然资源局); a leading bare level word stands for the place of that level (县自然资源局)."""
    if name and name[0] in LEVEL_WORDS:
        for at, place in enumerate(places):
            if place.text.endswith(name[0]):
                return "".join(p.text for p in places[: at + 1]) + name[1:]
    return "".join(p.text for p in places) + name


def canonical_name(parts: NameParts, role: str) -> str:
    places = parts.prefix
    rest = parts.remainder
    if role == "government" or (role == "township" and rest in GOVERNMENT_FORMS):
        rest = GOVERNMENT_FORMS[rest]
    elif role == "government_office":
        rest = OFFICE_FORMS.get(rest, rest)
    return places + rest


def _from_text(text: str, year: int | None, source: str, evidence: str, allow_placeless: bool = True) -> AgencyName | None:
    parsed = parse_agency(text, year, allow_placeless)
    if parsed is None:
        return None
    parts, role = parsed
    return AgencyName(canonical_name(parts, role), parts, role, source, evidence)


def from_titles(titles: list[TitleMatch], year: int | None) -> AgencyName | None:
    for title in titles:
        if not title.own_line and title.year is None:
            continue  # "…编制本机关政府信息公开工作年度报告" in a sentence names no one
        for text in title.agency_texts:
            found = _from_text(text, year, "page_title" if title.source == "page_title" else "title", title.text, title.own_line)
            if found:
                return found
    for title in titles:
        if title.own_line:
            # the words before a connector the title words do not split on (福州市鼓楼区人民政府关于报送2020年度…
            # 的报告: the title's own reading stops at 报送)
            for text in CONNECTORS.split(title.text)[:1]:
                found = _from_text(text, year, "page_title" if title.source == "page_title" else "title", title.text, False)
                if found:
                    return found
    return None


def from_opening(view: ReportView, year: int | None) -> AgencyName | None:
    for match in COMPILED_BY.finditer(view.flat_head[:1500]):
        found = _from_text(match.group(1), year, "opening", match.group(0))
        if found:
            return found
    return None


def from_signature(view: ReportView, year: int | None) -> AgencyName | None:
    for line in reversed(view.tail_lines[-10:]):
        match = SIGNATURE.match(line.replace(" ", ""))
        if match and "印发" not in line:
            found = _from_text(match.group(1), year, "signature", line)
            if found and found.parts.places:
                return found
    return None


# Between a page title and the site's name: 2020年政府信息公开工作年度报告_福州市鼓楼区人民政府门户网站
SITE_SEPARATOR = re.compile(r"\s*[_|｜\-—–]+\s*")


def from_site(view: ReportView, titles: list[TitleMatch], year: int | None) -> AgencyName | None:
    """The site a title with no agency was published on: the page's title, or the title line, joined to the
    site's name (2020年政府信息公开工作年度报告_福州市鼓楼区人民政府). A site that hosts its departments'
    reports too would only be wrong for one whose title, opening and signature all leave its own name out."""
    lines = [view.header[key] for key in ("标题", "题名") if key in view.header]
    lines += [line for line in view.head_lines[:8] if any(t.text and t.text in line for t in titles)]
    for line in lines:
        parts = SITE_SEPARATOR.split(line)
        if len(parts) < 2:
            continue
        for part in parts:
            if any(t.text and t.text in part for t in titles) or "报告" in part or "年报" in part:
                continue
            site = next((part[: -len(word)] + keep for word, keep in vocabulary().site_words if part.endswith(word)), part)
            found = _from_text(site, year, "site", f"site name: {part}", allow_placeless=False)
            if found and found.parts.places:
                return found
    return None


def from_publisher(view: ReportView, year: int | None) -> AgencyName | None:
    for key in ("发布机构", "发文机关", "来源", "信息来源"):
        if key in view.header:
            found = _from_text(view.header[key], year, "publisher", f"{key}: {view.header[key]}")
            if found:
                return found
    return None


def compiles_whole_government(view: ReportView) -> str | None:
    """The sentence saying the report gathers a whole government's figures, if there is one."""
    match = search_from(COMPILATION, view.flat_head[:2000], COMPILATION_FIRSTS)
    return match.group(0) if match else None


def governing_body(place_text: str, is_zone: bool, view: ReportView) -> str:
    """The body a place-named report speaks for: the one the report names (平潭综合实验区管委会), else the default."""
    bodies = ZONE_BODIES if is_zone else ("人民政府", "政府", "行政公署")
    pattern = re.compile(re.escape(place_text) + "(" + "|".join(bodies) + ")")
    for match in pattern.finditer(view.text):
        if not OFFICE_FOLLOWS.match(view.text, match.end()):
            return place_text + GOVERNMENT_FORMS.get(match.group(1), match.group(1))
    if is_zone:
        return place_text
    if place_text.endswith("地区"):
        return place_text + "行政公署"
    if place_text.endswith("街道"):
        return place_text + "办事处"
    return place_text + "人民政府"


def find_agency(view: ReportView, titles: list[TitleMatch], year: int | None) -> AgencyName | None:
    """The reporting body as the report names it, from the strongest source that names one."""
    found = from_titles(titles, year) or from_opening(view, year) or from_signature(view, year) or from_site(view, titles, year)
    if found is not None and not _names_a_division(found):
        return _fuller_name(found, view, titles, year) or found
    return found


def _names_a_division(agency: AgencyName) -> bool:
    return any(place.kind in ("division", "short", "corps") for place in agency.parts.places)


def _fuller_name(found: AgencyName, view: ReportView, titles: list[TitleMatch], year: int | None) -> AgencyName | None:
    """The same body named with its places elsewhere in the report, when the strongest source left them out.

    A title wrapped over two lines may reach us as its second line only (沧州市人民政府办 | 公室政府信息公开…:
    "公室"), and a title may name a township without its county (鼓东街道办事处, the opening: 由福州市鼓楼区
    鼓东街道办事处编制). A name found in another title, the opening or the signature that ends with the
    found one and places it in a division is that body, fully named; a name that merely differs is not.
    """
    others: list[AgencyName | None] = []
    for title in titles:
        others.extend(_from_text(text, year, "title", title.text, allow_placeless=False) for text in title.agency_texts)
    others += [from_opening(view, year), from_signature(view, year)]
    for other in others:
        if other is not None and _names_a_division(other) and len(other.name) > len(found.name) and other.name.endswith(found.name):
            return AgencyName(other.name, other.parts, other.role, found.source, f"{found.evidence}; named in full: {other.evidence}")
    return None


# The division names a self-reference points at: 我市 is a 市 (prefecture or county-level), 我区 a district, …
SELF_REFERENCE_SUFFIXES = {
    "province": ("省", "自治区", "市"),
    "city": ("市", "州", "盟", "地区"),
    "county": ("县", "区", "旗", "市"),
}


def from_body(view: ReportView, year: int | None, level: str | None) -> AgencyName | None:
    """A report that never names itself (no title, 我市 …) speaks for the place it keeps naming."""
    from pipeline.identity.places import dominant_division

    suffixes = SELF_REFERENCE_SUFFIXES.get(level or "")
    if not suffixes:
        return None
    division, name = dominant_division(view.text, year, suffixes)
    if division is None:
        return None
    parts = split_name(name, year)
    return AgencyName(name, parts, "place", "body", f"self-references of a {level} and {name} named {view.text.count(name)} times")


def with_body_place(agency: AgencyName, view: ReportView, year: int | None) -> AgencyName:
    """县教育局 (the title leaves the county out) + a report that keeps naming 蒙城县 -> 蒙城县教育局."""
    from pipeline.identity.places import dominant_division

    if agency.parts.places or not agency.name or agency.name[0] not in LEVEL_WORDS:
        return agency
    division, place = dominant_division(view.text, year, (agency.name[0],))
    if division is None:
        return agency
    name = qualify(agency.name, split_name(place, year).places)
    parsed = parse_agency(name, year)
    if parsed is None:
        return agency
    return AgencyName(canonical_name(*parsed), parsed[0], parsed[1], agency.source, f"{agency.evidence}; {place} named in the body")


def as_reporting_body(agency: AgencyName, compilation: str | None, view: ReportView, year: int | None) -> AgencyName:
    """The body the report speaks for: a place's governing body, or the government its office compiled for."""
    places = agency.parts.prefix
    # an office named only as the one that compiled (由…编制) or published (发布机构) the report, with no title
    # naming it, works for its body: 财政局办公室 for the 财政局, 县政府办公室 for the county government
    for_its_body = agency.source in ("opening", "publisher")
    if for_its_body and agency.role == "department" and agency.name.endswith(OFFICE):
        parent = _from_text(agency.name[: -len(OFFICE)], year, agency.source, agency.evidence, allow_placeless=False)
        if parent is not None and parent.role == "department":
            return parent
    if agency.role == "place" and any(place.kind == "corps" for place in agency.parts.places):
        return agency  # a unit of the corps reports under its own name (新疆生产建设兵团第八师, 第八师石河子市)
    if agency.role == "place" or (agency.role == "government_office" and (compilation or for_its_body)):
        zone = agency.parts.places[-1].kind == "zone" if agency.parts.places else False
        name = governing_body(places, zone, view)
        parts = split_name(name, year)
        role = _role(parts) or "place"
        return agency.with_name(canonical_name(parts, role), role, parts)
    return agency
