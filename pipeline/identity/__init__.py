"""Who reported which year: agency, region, level, year and template of a document."""

from __future__ import annotations

import re

from pipeline.model import Document, Identity

TITLE = re.compile(r"(?P<agency>[\u4e00-\u9fff（）()]{2,40}?)(?P<year>(?:19|20)\d{2})年(?:度)?政府信息公开(?:工作)?(?:年度)?报告")
PERIOD = re.compile(r"统计期限.{0,6}?((?:19|20)\d{2})年")
ANY_YEAR = re.compile(r"((?:19|20)\d{2})年")


def detect_template(document: Document) -> str:
    text = document.text
    if "本年新收政府信息公开申请数量" in text or "本年新收" in text:
        return "v2021" if "本年制发件数" in text or "现行有效件数" in text else "v2019"
    return "v2008" if re.search(r"\d", text) else "narrative"


def identify(document: Document) -> Identity:
    identity = Identity()
    match = TITLE.search(document.text[:2000])
    if match:
        identity.agency_name = match.group("agency")
        identity.year = int(match.group("year"))
        identity.evidence["agency_name"] = identity.evidence["year"] = match.group(0)
    else:
        period = PERIOD.search(document.text)
        if period:
            identity.year = int(period.group(1))
            identity.evidence["year"] = period.group(0)
    identity.template = detect_template(document)
    if identity.agency_name:
        if identity.agency_name.endswith(("人民政府", "政府")):
            identity.admin_level = "county" if identity.agency_name.endswith(("县人民政府", "区人民政府")) else None
        elif identity.agency_name.endswith(("局", "办公室", "委员会", "厅", "中心", "办")):
            identity.admin_level = "department"
    return identity
