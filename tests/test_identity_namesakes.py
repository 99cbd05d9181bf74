"""Agency ids of bodies no place was found for: namesakes (市中区 of 济南 and of 枣庄) and names whose place was
lost must not share one id; the area code of the phone a report gives for questions tells them apart."""

from __future__ import annotations

import pandas as pd

from pipeline.identity import identify
from pipeline.agencies import assign_agencies
from pipeline.identity.contact import contact_area_code
from pipeline.model import Document


def report(name: str, year: int, phone: str | None) -> str:
    contact = f"如对本报告有疑问,请与{name}办公室联系(地址:{name[:3]}人民路22号;电话:{phone})。" if phone else ""
    return (
        f"{name}{year}年政府信息公开工作年度报告\n"
        f"本报告由{name}办公室编制。本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。{contact}\n"
        f"一、总体情况\n{year}年,我局认真贯彻落实《条例》,不断完善工作机制。\n"
        f"{name}\n{year + 1}年3月20日\n"
    )


def agency_ids(texts: dict[str, str]) -> dict[str, str]:
    rows = []
    for report_id, text in texts.items():
        identity = identify(Document(content_sha256=report_id, part=1, kind="annual_report", text=text))
        rows.append({"report_id": report_id, **{k: v for k, v in vars(identity).items() if k != "evidence"}})
    reports = assign_agencies(pd.DataFrame(rows))[0]
    return dict(zip(reports["report_id"], reports["agency_id"]))


def test_unplaced_namesakes_on_different_area_codes_are_two_agencies() -> None:
    ids = agency_ids({
        "jinan": report("市中区司法局", 2019, "0531-86061234"),
        "zaozhuang": report("市中区司法局", 2019, "0632-3311234"),
    })
    assert ids["jinan"] != ids["zaozhuang"]


def test_a_place_lost_from_the_name_does_not_merge_bodies_of_different_places() -> None:
    ids = agency_ids({
        "a": report("人力资源和社会保障局", 2020, "(0591)87654321"),
        "b": report("人力资源和社会保障局", 2020, "020-83334444"),
    })
    assert ids["a"] != ids["b"]


def test_one_unplaced_body_keeps_one_id_across_years_even_where_a_year_gives_no_phone() -> None:
    ids = agency_ids({
        "2019": report("市中区司法局", 2019, "0632-3311234"),
        "2020": report("市中区司法局", 2020, "0632-3311234"),
        "2021": report("市中区司法局", 2021, None),
    })
    assert ids["2019"] == ids["2020"] == ids["2021"]


def test_a_report_without_phone_joins_no_namesake_when_several_are_in_the_corpus() -> None:
    ids = agency_ids({
        "jinan": report("市中区司法局", 2019, "0531-86061234"),
        "zaozhuang": report("市中区司法局", 2019, "0632-3311234"),
        "unknown": report("市中区司法局", 2020, None),
    })
    assert len({ids["jinan"], ids["zaozhuang"], ids["unknown"]}) == 3


def test_an_unplaced_body_never_shares_the_id_of_its_placed_namesake() -> None:
    ids = agency_ids({
        "placed": report("济南市市中区司法局", 2019, "0531-86061234"),
        "unplaced": report("市中区司法局", 2019, "0531-86061234"),
    })
    assert ids["placed"] != ids["unplaced"]


def test_the_area_code_is_read_from_contact_phones_in_their_usual_forms() -> None:
    assert contact_area_code("联系电话：010-65094000") == "010"
    assert contact_area_code("电话:(0632)3311234;传真:(0632)3311235") == "0632"
    assert contact_area_code("咨询电话 0531—86061234") == "0531"
    assert contact_area_code("热线:12345;电话:86061234") is None  # no area code given
    assert contact_area_code("共收到申请0531件") is None  # a figure, not a phone


def place(text: str) -> tuple[str | None, str | None, str | None]:
    identity = identify(Document(content_sha256="place", part=1, kind="annual_report", text=text))
    return identity.province, identity.city, identity.county


def test_the_area_code_places_a_namesake_the_text_never_places() -> None:
    # the phone for questions is the body's own: 0632 is 枣庄's, 0531 济南's, 010 北京's, 0431 长春's
    assert place(report("市中区司法局", 2019, "0632-3311234")) == ("山东省", "枣庄市", "市中区")
    assert place(report("市中区司法局", 2019, "0531-86061234")) == ("山东省", "济南市", "市中区")
    assert place(report("朝阳区人民政府", 2020, "(010)65094000")) == ("北京市", None, "朝阳区")
    assert place(report("朝阳区人民政府", 2020, "0431-88778899")) == ("吉林省", "长春市", "朝阳区")


def test_an_area_code_of_none_of_the_namesakes_or_no_phone_places_nothing() -> None:
    assert place(report("朝阳区人民政府", 2020, "0591-87654321")) == (None, None, None)  # 福州's code
    assert place(report("朝阳区人民政府", 2020, None)) == (None, None, None)


def test_the_places_a_report_names_outrank_its_phone() -> None:
    # the report names 济南 (its parent) twice; a phone of another city (a provincial hotline, a typo) does not move it
    text = report("市中区司法局", 2019, "0632-3311234").replace("一、总体情况", "一、总体情况\n济南市市中区、济南市")
    assert place(text) == ("山东省", "济南市", "市中区")


def test_a_body_named_by_a_bare_level_word_is_placed_by_its_phone() -> None:
    # a site's own title leaves out the place all its pages share (区司法局); the phone still says where it is
    assert place(report("区司法局", 2019, "0531-86061234")) == ("山东省", "济南市", None)
    assert place(report("市财政局", 2019, "0632-3311234")) == ("山东省", "枣庄市", None)
    assert place(report("区民政局", 2020, "(010)65094000")) == ("北京市", None, None)  # a municipality has no city
    assert place(report("县人力资源和社会保障局", 2020, "(0898)65301234")) == ("海南省", None, None)  # 0898: 海口 and 三亚
    assert place(report("省财政厅", 2020, "0571-87051234")) == ("浙江省", None, None)  # a province's body, in its capital
    found = identify(Document(content_sha256="t", part=1, kind="annual_report", text=report("区司法局", 2019, "0531-86061234")))
    assert found.admin_level == "department" and found.agency_key.endswith("@0531")  # the key stays the unplaced one
    assert "area code" in found.evidence["region"]


def test_a_name_without_a_level_word_or_phone_stays_unplaced() -> None:
    assert place(report("财政局", 2019, "0571-87051234")) == (None, None, None)  # a province's or its capital's
    assert place(report("市场监督管理局", 2019, "0531-86061234")) == (None, None, None)  # 市场 is no level word
    assert place(report("区司法局", 2019, None)) == (None, None, None)
    assert place(report("区司法局", 2019, "0999-1234567")) == (None, None, None)  # a code no table lists
