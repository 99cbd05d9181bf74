"""Title forms, field offices and zones the identity stage used to leave unread or misplace."""

from __future__ import annotations

from pipeline.identity import identify
from pipeline.model import Document

OPENING = "一、总体情况\n{year}年,我单位认真贯彻落实《中华人民共和国政府信息公开条例》,不断完善工作机制。\n"


def identified(title: str, year: int = 2020):
    text = f"{title}\n{OPENING.format(year=year)}"
    return identify(Document(content_sha256="t", part=1, kind="annual_report", text=text))


def test_a_year_between_the_phrase_and_the_report_word_is_read() -> None:
    found = identified("福州市鼓楼区人民政府信息公开2020年年报")
    assert (found.agency_name, found.year) == ("福州市鼓楼区人民政府", 2020)
    assert (found.province, found.city, found.county, found.admin_level) == ("福建省", "福州市", "鼓楼区", "county")
    assert identified("福州市财政局政府信息公开2019年度工作报告", 2019).agency_name == "福州市财政局"


def test_an_agency_in_brackets_before_the_year_is_the_reporter() -> None:
    found = identified("【福州市财政局】2020年政府信息公开工作年度报告")
    assert (found.agency_name, found.city, found.year) == ("福州市财政局", "福州市", 2020)
    assert identified("【通知公告】2020年政府信息公开工作年度报告").agency_name is None  # a column name, no body


def test_taiwan_wording_of_information_disclosure_is_a_title() -> None:
    # 政府資訊公開 reaches identity simplified by ingest as 政府资讯公开; no signature or opening names the body
    found = identified("福州市财政局2020年政府资讯公开工作年度报告")
    assert (found.agency_name, found.year) == ("福州市财政局", 2020)
    assert found.evidence["agency_name"].startswith("title")


def test_a_customs_district_named_after_a_district_sits_in_its_city_not_in_the_district() -> None:
    found = identified("黄埔海关2020年政府信息公开工作年度报告")
    assert (found.agency_name, found.province, found.city, found.county) == ("黄埔海关", "广东省", "广州市", None)
    assert identified("黄埔区人民政府2020年政府信息公开工作年度报告").county == "黄埔区"  # the district's own body


def test_state_level_new_areas_sit_where_the_zone_table_says() -> None:
    found = identified("雄安新区管理委员会2020年政府信息公开工作年度报告")
    assert (found.agency_name, found.province, found.city) == ("雄安新区管理委员会", "河北省", None)
    nanjing = identified("江北新区管委会2020年政府信息公开工作年度报告")
    assert (nanjing.province, nanjing.city) == ("江苏省", "南京市")  # not 重庆's or 宁波's 江北区


def test_a_zone_with_a_name_of_its_own_keeps_one_key_with_or_without_its_province() -> None:
    bare = identified("雄安新区管理委员会2020年政府信息公开工作年度报告")
    with_province = identified("河北雄安新区管理委员会2021年政府信息公开工作年度报告", 2021)
    assert bare.agency_key == with_province.agency_key


def test_a_district_the_division_table_does_not_list_is_read_after_its_city() -> None:
    # 嘉峪关 governs 雄关区, 镜铁区 and 长城区 without their being county-level divisions in the table
    found = identified("嘉峪关市雄关区2020年政府信息公开工作年度报告")
    assert (found.agency_name, found.province, found.city, found.county, found.admin_level) == (
        "嘉峪关市雄关区人民政府", "甘肃省", "嘉峪关市", "雄关区", "county"
    )
    bureau = identified("嘉峪关市雄关区财政局2020年政府信息公开工作年度报告")
    assert (bureau.agency_name, bureau.county, bureau.admin_level) == ("嘉峪关市雄关区财政局", "雄关区", "department")
    assert bureau.agency_key != identified("嘉峪关市财政局2020年政府信息公开工作年度报告").agency_key
    # in a city the table lists districts for, an unknown …区 is an area, not a district
    assert identified("福州市工业区管理局2020年政府信息公开工作年度报告").county is None


def test_a_field_office_named_by_its_port_after_its_city_sits_in_the_city_and_keeps_its_own_key() -> None:
    # 广州|黄埔海关: the city, then the port the office is named by; 黄埔海关 and 广州海关 are two offices in 广州
    spelled_out = identified("广州黄埔海关2020年政府信息公开工作年度报告")
    assert (spelled_out.agency_name, spelled_out.province, spelled_out.city, spelled_out.county) == ("广州黄埔海关", "广东省", "广州市", None)
    port = identified("黄埔海关2020年政府信息公开工作年度报告")
    assert spelled_out.agency_key == port.agency_key
    assert identified("广州海关2020年政府信息公开工作年度报告").agency_key != port.agency_key
    assert identified("福建福州海关2020年政府信息公开工作年度报告").agency_key == identified("福州海关2020年政府信息公开工作年度报告").agency_key
