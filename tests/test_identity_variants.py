"""Identity of real-looking titles and openings the synthetic corpus does not produce: wrapped titles,
bodies outside the division system (新疆生产建设兵团), namesake districts placed by the rest of the report."""

from __future__ import annotations

import pytest

from pipeline.identity import identify
from pipeline.model import Document, Identity

BODY = "\n一、总体情况\n本年度，本机关认真贯彻落实《条例》，政府信息公开工作有序推进。\n二、主动公开政府信息情况\n"


def identify_text(text: str, title: str | None = None) -> Identity:
    return identify(Document(content_sha256="variant", part=1, kind="annual_report", text=text + BODY, title=title))


def region(identity: Identity) -> tuple[str | None, ...]:
    return (identity.agency_name, identity.province, identity.city, identity.county, identity.admin_level, identity.year)


def test_title_wrapped_inside_the_agency_name_is_read_whole() -> None:
    # the page title field holds the second line only: "公室" is a fragment of the name the text gives whole
    text = "正文\n2015年沧州市人民政府办\n公室政府信息公开工作年度报告\n本报告是由沧州市人民政府办公室编制的2015年度政府信息公开年度报告。"
    identity = identify_text(text, title="公室政府信息公开工作年度报告")
    assert region(identity) == ("沧州市人民政府办公室", "河北省", "沧州市", None, "department", 2015)


def test_township_titled_without_its_county_takes_the_full_name_of_the_opening() -> None:
    text = "鼓东街道办事处2020年政府信息公开工作年度报告\n本报告由福州市鼓楼区鼓东街道办事处编制。"
    assert region(identify_text(text)) == ("福州市鼓楼区鼓东街道办事处", "福建省", "福州市", "鼓楼区", "township", 2020)


def test_a_different_body_named_in_the_opening_does_not_replace_the_title() -> None:
    # 财政局 is not the tail of 福州市人民政府办公室: the title's placeless name stays as it is
    text = "财政局2020年政府信息公开工作年度报告\n本报告由福州市人民政府办公室汇总编制。"
    assert identify_text(text).agency_name != "福州市人民政府办公室"
