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


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # the corps itself: province level, in 新疆, not the autonomous region's government
        ("新疆生产建设兵团2019年政府信息公开工作年度报告",
         ("新疆生产建设兵团", "新疆维吾尔自治区", None, None, "province", 2019)),
        ("新疆生产建设兵团发展和改革委员会2020年政府信息公开工作年度报告",
         ("新疆生产建设兵团发展和改革委员会", "新疆维吾尔自治区", None, None, "department", 2020)),
        # a 师: prefecture level, standing where a city would
        ("新疆生产建设兵团第八师2020年政府信息公开工作年度报告",
         ("新疆生产建设兵团第八师", "新疆维吾尔自治区", "新疆生产建设兵团第八师", None, "city", 2020)),
        # a 师 merged with its city (师市合一), named with or without the corps: the same 师
        ("新疆生产建设兵团第一师阿拉尔市2022年政府信息公开工作年度报告",
         ("新疆生产建设兵团第一师阿拉尔市", "新疆维吾尔自治区", "新疆生产建设兵团第一师", None, "city", 2022)),
        ("兵团第二师铁门关市2021年政府信息公开工作年度报告",
         ("兵团第二师铁门关市", "新疆维吾尔自治区", "新疆生产建设兵团第二师", None, "city", 2021)),
        ("第八师石河子市人民政府2021年政府信息公开工作年度报告",
         ("第八师石河子市人民政府", "新疆维吾尔自治区", "新疆生产建设兵团第八师", None, "city", 2021)),
        # a department of a 师市: in the 师, in its city
        ("新疆生产建设兵团第六师五家渠市民政局2020年政府信息公开工作年度报告",
         ("新疆生产建设兵团第六师五家渠市民政局", "新疆维吾尔自治区", "新疆生产建设兵团第六师", "五家渠市", "department", 2020)),
        # a 团场: county level, standing where a county would
        ("新疆生产建设兵团第十二师一〇四团2020年政府信息公开工作年度报告",
         ("新疆生产建设兵团第十二师一〇四团", "新疆维吾尔自治区", "新疆生产建设兵团第十二师", "一〇四团", "county", 2020)),
        ("新疆生产建设兵团第八师一四三团政府信息公开工作年度报告（2020年度）",
         ("新疆生产建设兵团第八师一四三团", "新疆维吾尔自治区", "新疆生产建设兵团第八师", "一四三团", "county", 2020)),
    ],
)
def test_units_of_the_production_and_construction_corps(title: str, expected: tuple[str | None, ...]) -> None:
    identity = identify_text(title)
    assert region(identity) == expected
    assert identity.agency_key is not None


def test_a_corps_unit_keeps_one_key_however_the_title_names_it() -> None:
    keys = {
        identify_text(title).agency_key
        for title in ("新疆生产建设兵团第八师石河子市2021年政府信息公开工作年度报告", "第八师石河子市2022年政府信息公开工作年度报告",
                      "第八师石河子市人民政府2020年政府信息公开工作年度报告")
    }
    assert len(keys) == 1
    # the corps' commission is not the autonomous region's commission of the same name
    corps = identify_text("新疆生产建设兵团发展和改革委员会2020年政府信息公开工作年度报告").agency_key
    region_body = identify_text("新疆维吾尔自治区发展和改革委员会2020年政府信息公开工作年度报告").agency_key
    assert corps != region_body


def test_a_college_named_first_is_no_corps_division() -> None:
    assert identify_text("第一师范学院2020年政府信息公开工作年度报告").province is None


def test_namesake_district_placed_by_the_neighbouring_counties_the_report_names() -> None:
    # 市中区 is a district of 枣庄, 济南, 乐山 and 内江; 薛城区 and 峄城区 are 枣庄's alone
    text = "市中区人民政府2020年政府信息公开工作年度报告\n全区与薛城区、峄城区建立政务公开协作机制。"
    assert region(identify_text(text)) == ("市中区人民政府", "山东省", "枣庄市", "市中区", "county", 2020)
    # 朝阳区 of Beijing or of Changchun: 海淀区 is Beijing's
    beijing = identify_text("朝阳区人民政府2020年政府信息公开工作年度报告\n会同海淀区开展政务公开标准化试点。")
    assert (beijing.province, beijing.city, beijing.county) == ("北京市", None, "朝阳区")


def test_namesake_district_stays_unknown_when_the_neighbours_disagree_or_are_namesakes_too() -> None:
    # neighbours of two different candidates (枣庄's 薛城区, 济南's 历下区): no evidence either way
    split = identify_text("市中区人民政府2020年政府信息公开工作年度报告\n赴薛城区、历下区学习政务公开经验。")
    assert (split.province, split.county, split.admin_level) == (None, None, "county")
    # 鼓楼区 is named in four cities and 城关区 in several: a namesake neighbour points nowhere
    namesakes = identify_text("市中区人民政府2020年政府信息公开工作年度报告\n与鼓楼区、城关区交流。")
    assert namesakes.province is None


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # party bodies keep the party's name in front of their place
        ("中共福州市委组织部2020年政府信息公开工作年度报告", ("中共福州市委组织部", "福建省", "福州市", None, "department", 2020)),
        ("中共福州市委机构编制委员会办公室2020年政府信息公开工作年度报告",
         ("中共福州市委机构编制委员会办公室", "福建省", "福州市", None, "department", 2020)),
        ("中共福州市鼓楼区委宣传部2020年政府信息公开工作年度报告",
         ("中共福州市鼓楼区委宣传部", "福建省", "福州市", "鼓楼区", "department", 2020)),
        ("中国共产党福州市纪律检查委员会2020年政府信息公开工作年度报告",
         ("中国共产党福州市纪律检查委员会", "福建省", "福州市", None, "department", 2020)),
        # field offices under their full, state-prefixed names, and the maritime administration's short form
        ("中华人民共和国福州海关2020年政府信息公开工作年度报告", ("中华人民共和国福州海关", "福建省", "福州市", None, "department", 2020)),
        ("中华人民共和国厦门海事局2020年政府信息公开工作年度报告", ("中华人民共和国厦门海事局", "福建省", "厦门市", None, "department", 2020)),
        ("福州海事局2020年政府信息公开工作年度报告", ("福州海事局", "福建省", "福州市", None, "department", 2020)),
        # zones: 新区 after a city's short name is the zone (not 唐山's old district 新区); 火炬高技术产业开发区
        ("福州新区管理委员会2020年政府信息公开工作年度报告", ("福州新区管理委员会", "福建省", "福州市", None, "department", 2020)),
        ("厦门火炬高技术产业开发区管理委员会2020年政府信息公开工作年度报告",
         ("厦门火炬高技术产业开发区管理委员会", "福建省", "厦门市", None, "department", 2020)),
    ],
)
def test_party_bodies_field_offices_and_zones(title: str, expected: tuple[str | None, ...]) -> None:
    assert region(identify_text(title)) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # one body under two names (挂牌): the first is its own
        ("福州市鼓楼区教育局（福州市鼓楼区体育局）2020年政府信息公开工作年度报告",
         ("福州市鼓楼区教育局", "福建省", "福州市", "鼓楼区", "department", 2020)),
        ("福州市文化和旅游局（福州市文物局）2020年政府信息公开工作年度报告", ("福州市文化和旅游局", "福建省", "福州市", None, "department", 2020)),
        # a note on what the report covers
        ("福州市鼓楼区人民政府（本级）2020年政府信息公开工作年度报告", ("福州市鼓楼区人民政府", "福建省", "福州市", "鼓楼区", "county", 2020)),
        # brackets inside a name stay part of it
        ("中国（福建）自由贸易试验区福州片区管理委员会2020年政府信息公开工作年度报告",
         ("中国(福建)自由贸易试验区福州片区管理委员会", "福建省", "福州市", None, "department", 2020)),
    ],
)
def test_a_bracketed_second_name_or_note_after_the_name(title: str, expected: tuple[str | None, ...]) -> None:
    assert region(identify_text(title)) == expected


def test_township_named_without_its_county_sits_in_the_county_the_report_keeps_naming() -> None:
    text = "上街镇人民政府2020年政府信息公开工作年度报告\n在闽侯县委、闽侯县人民政府的领导下，本镇推进政务公开。闽侯县政务公开办公室给予指导。"
    assert region(identify_text(text)) == ("上街镇人民政府", "福建省", "福州市", "闽侯县", "township", 2020)
    # named once each, or a namesake district (鼓楼区 in four cities): no county
    once = identify_text("上街镇人民政府2020年政府信息公开工作年度报告\n本镇与闽侯县、长乐区合作。")
    assert (once.province, once.county) == (None, None)
    namesake = identify_text("鼓东街道办事处2020年政府信息公开工作年度报告\n本街道认真落实鼓楼区部署，鼓楼区政务公开考核优秀。")
    assert (namesake.province, namesake.county, namesake.admin_level) == (None, None, "township")


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("福州市鼓楼区人民政府二〇二〇年度政府信息公开工作年度报告", 2020),
        ("福州市鼓楼区人民政府二零二零年政府信息公开工作年度报告", 2020),
        ("福州市鼓楼区人民政府贰零贰零年政府信息公开工作年度报告", 2020),  # the financial forms
        ("贰〇壹玖年度福州市鼓楼区人民政府政府信息公开工作年度报告", 2019),
    ],
)
def test_years_written_in_chinese_numerals(title: str, year: int) -> None:
    identity = identify(Document(content_sha256="variant", part=1, kind="annual_report", text=title + "\n一、总体情况\n本年度，本机关认真贯彻落实《条例》。"))
    assert (identity.agency_name, identity.year) == ("福州市鼓楼区人民政府", year)


@pytest.mark.parametrize(
    ("title", "agency", "province"),
    [
        # after a national body's name, a bare suffix (分局, 局) or any organisation name follows a place
        ("国家外汇管理局福建省分局2020年政府信息公开工作年度报告", "国家外汇管理局福建省分局", "福建省"),
        ("国家矿山安全监察局福建局2020年政府信息公开工作年度报告", "国家矿山安全监察局福建局", "福建省"),
        ("国家能源局福建监管办公室2020年政府信息公开工作年度报告", "国家能源局福建监管办公室", "福建省"),
        ("国家统计局福建调查总队2020年政府信息公开工作年度报告", "国家统计局福建调查总队", "福建省"),
        ("中国民用航空福建安全监督管理局2020年政府信息公开工作年度报告", "中国民用航空福建安全监督管理局", "福建省"),
    ],
)
def test_field_offices_of_national_bodies(title: str, agency: str, province: str) -> None:
    identity = identify_text(title)
    assert (identity.agency_name, identity.province, identity.admin_level) == (agency, province, "department")


def test_a_bare_bureau_after_a_place_is_still_no_name_without_a_national_body() -> None:
    assert identify_text("福建省分局2020年政府信息公开工作年度报告").agency_name is None


@pytest.mark.parametrize(
    ("title", "agency", "city"),
    [
        ("长沙经开区管委会2020年政府信息公开工作年度报告", "长沙经开区管委会", "长沙市"),  # 经开区 = 经济技术开发区
        ("芜湖经开区财政局2020年政府信息公开工作年度报告", "芜湖经开区财政局", "芜湖市"),
        ("福州综保区管委会2020年政府信息公开工作年度报告", "福州综保区管委会", "福州市"),
    ],
)
def test_short_forms_of_zone_words(title: str, agency: str, city: str) -> None:
    identity = identify_text(title)
    assert (identity.agency_name, identity.city, identity.admin_level) == (agency, city, "department")


def test_a_zone_keeps_one_key_whether_its_name_is_abbreviated_or_its_city_named() -> None:
    forms = ("西安高新区管委会2020年政府信息公开工作年度报告", "西安高新技术产业开发区管理委员会2021年政府信息公开工作年度报告",
             "高新区管委会2022年政府信息公开工作年度报告\n本报告由西安市高新区管委会编制。西安市人民政府。")
    assert len({identify_text(title).agency_key for title in forms}) == 1
    departments = ("西安高新区财政局2020年政府信息公开工作年度报告", "西安高新技术产业开发区财政局2021年政府信息公开工作年度报告")
    assert len({identify_text(title).agency_key for title in departments}) == 1
    # another city's zone, or another kind of zone of the same city, is another body
    others = {identify_text(title).agency_key for title in (
        "西安高新区管委会2020年政府信息公开工作年度报告", "宝鸡高新区管委会2020年政府信息公开工作年度报告",
        "西安经开区管委会2020年政府信息公开工作年度报告")}
    assert len(others) == 3


@pytest.mark.parametrize(
    ("page_title", "agency", "level"),
    [
        ("2020年政府信息公开工作年度报告_福州市鼓楼区人民政府门户网站", "福州市鼓楼区人民政府", "county"),
        ("2020年政府信息公开工作年度报告-福州市鼓楼区人民政府", "福州市鼓楼区人民政府", "county"),
        ("2020年政府信息公开工作年度报告 - 福州市鼓楼区卫生健康局", "福州市鼓楼区卫生健康局", "department"),
        ("2020年政府信息公开工作年度报告_政府信息公开年报_福州市鼓楼区人民政府", "福州市鼓楼区人民政府", "county"),
        ("2020年政府信息公开工作年度报告|福州市鼓楼区人民政府网", "福州市鼓楼区人民政府", "county"),
    ],
)
def test_a_title_without_agency_is_the_sites_whose_name_the_page_title_carries(page_title: str, agency: str, level: str) -> None:
    identity = identify(Document(content_sha256="variant", part=1, kind="annual_report", text="一、总体情况\n本年度，本机关认真贯彻落实《条例》。", title=page_title))
    assert (identity.agency_name, identity.admin_level, identity.year) == (agency, level, 2020)
    # the same page title as the text's first line (ingestion puts the page title there when the body lacks it)
    in_text = identify_text(page_title)
    assert (in_text.agency_name, in_text.admin_level) == (agency, level)


def test_a_site_name_never_overrides_a_title_that_names_the_reporter() -> None:
    identity = identify_text("福州市鼓楼区财政局2020年政府信息公开工作年度报告_福州市鼓楼区人民政府门户网站")
    assert identity.agency_name == "福州市鼓楼区财政局"


@pytest.mark.parametrize(
    ("title", "agency"),
    [
        ("福州市鼓楼区人民政府关于报送2020年度政府信息公开工作年度报告的报告", "福州市鼓楼区人民政府"),
        ("福州市鼓楼区财政局关于上报2020年政府信息公开工作年度报告的报告", "福州市鼓楼区财政局"),
    ],
)
def test_cover_report_titles_name_the_body_before_the_connector(title: str, agency: str) -> None:
    identity = identify_text(title)
    assert (identity.agency_name, identity.county, identity.year) == (agency, "鼓楼区", 2020)


def test_a_regiment_farm_is_one_unit_written_with_or_without_its_farm_word() -> None:
    with_farm = identify_text("兵团第八师一四三团场2020年政府信息公开工作年度报告")
    without = identify_text("新疆生产建设兵团第八师一四三团2020年政府信息公开工作年度报告")
    assert with_farm.county == without.county == "一四三团"
    assert with_farm.agency_key == without.agency_key
