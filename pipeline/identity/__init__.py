"""Who reported which year: agency, region, division code, level, year, template and publication date.

identify() reads one document; agencies.assign_agencies() gives agency ids across the corpus.
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
from pipeline.identity.keys import agency_key
from pipeline.identity.level import admin_level, self_reference_level
from pipeline.identity.lineage import LineageStatement, find_lineage
from pipeline.identity.places import Region, resolve, zone_host
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


def identify(document: Document) -> Identity:
    view = report_view(document.text)
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
        region = zone_host(resolve(agency.parts, view.text), view.text, year)
        identity.agency_name = agency.name
        identity.admin_level = admin_level(agency, region, compilation)
        _region_fields(identity, region, identity.admin_level)
        identity.agency_key = agency_key(agency.parts, agency.role, region.division, agency.name)
        identity.evidence["agency_name"] = f"{agency.source}: {agency.evidence}"
        identity.evidence["region"] = region.note or (f"{region.division.name} ({region.division.code})" if region.division else "")
        if compilation:
            identity.evidence["compilation"] = compilation
    elif body_level is not None:
        identity.admin_level = body_level  # an unnamed report still says what kind of body it is (全区 …)
        identity.evidence["admin_level"] = f"self-references of a {body_level}"

    identity.template, identity.evidence["template"] = detect_template(document, view.text, year)
    published = find_published(view, year)
    if published:
        identity.published_date = published.iso
        identity.evidence["published_date"] = f"{published.source}: {published.evidence}"
    identity.lineage = _lineage_json(find_lineage(view.text, agency, year), view, year)
    return identity
