"""Report identity on real reports (the labelled corpus) and on openings written for places it lacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.identity import identify
from pipeline.identity.template import _is_statistics_table
from pipeline.model import Cell, Document, Identity, Table

FIXTURES = Path(__file__).parent / "fixtures" / "identity"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

# Where these rules knowingly differ from a corpus label, and why.
DEVIATIONS = {
    # A 2013 report stating its figures in prose (45条, 0件, 1人): v2008 by the rule "earlier reports with
    # figures"; the label calls it narrative.
    ("g08-012", "template"): "v2008",
}


def identify_text(text: str) -> Identity:
    return identify(Document(content_sha256="test", part=1, kind="annual_report", text=text))


def fixture(name: str) -> Identity:
    return identify_text((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"))


# --- the labelled corpus ------------------------------------------------------------------------------


def _corpus_cases() -> list[tuple[str, str | None, dict]]:
    if not (CORPUS / "labels").is_dir():
        return []
    cases = []
    for label_path in sorted((CORPUS / "labels").glob("*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        for document in label.get("documents", [label]):
            if document.get("kind", "annual_report") == "annual_report":
                cases.append((label_path.stem, document.get("part"), document))
    return cases


@pytest.fixture(scope="module")
def corpus_documents() -> dict[str, list[Document]]:
    if not (CORPUS / "raw").is_dir():
        pytest.skip("../shared/corpus is not available (CI clones the repository alone)")
    from pipeline.ingest import read_file, scan_raw_folder

    raw_dir = CORPUS / "raw"
    raw_files, _ = scan_raw_folder(raw_dir, {})
    return {Path(f.source_path).stem: read_file(raw_dir, f)[0] for f in raw_files}


@pytest.mark.parametrize(("file_id", "part", "label"), _corpus_cases() or [pytest.param(None, None, None, marks=pytest.mark.skip("no corpus"))])
def test_corpus_identity_matches_labels(corpus_documents: dict[str, list[Document]], file_id: str, part: str | None, label: dict) -> None:
    documents = corpus_documents[file_id]
    document = next(d for d in documents if d.part_label == part) if part else documents[0]
    identity = identify(document)
    region = label.get("region") or {}
    expected = {
        "agency_name": label.get("agency"),
        "province": region.get("province"),
        "city": region.get("city"),
        "county": region.get("county"),
        "admin_level": label.get("admin_level"),
        "year": label.get("year"),
        "template": label.get("template"),
    }
    if label.get("published"):
        expected["published_date"] = label["published"]
    for field, value in expected.items():
        value = DEVIATIONS.get((file_id, field), value)
        assert getattr(identity, field) == value, f"{file_id} {field}: {identity.evidence}"


def test_corpus_division_codes(corpus_documents: dict[str, list[Document]]) -> None:
    codes = {file_id: identify(documents[0]).division_code for file_id, documents in corpus_documents.items()}
    assert codes["000_43c1841bfbcc1cf0"] == "440118"  # 增城区 (a district since 2014)
    assert codes["001_04dfc2abbda1a333"] == "350783"  # 建瓯市
    assert codes["003_a0a7e02bd9d121da"] == "330802"  # 柯城区
    assert codes["004_6a4f8e00cb25bdb1"] == "445300"  # 云浮市
    assert codes["g19-006"] == "310000"  # 上海市
    assert codes["g08-012"] == "350128"  # the zone's bureau sits in 平潭县


def test_corpus_rename_is_read_as_lineage(corpus_documents: dict[str, list[Document]]) -> None:
    identity = identify(corpus_documents["000_43c1841bfbcc1cf0"][0])
    statements = json.loads(identity.lineage or "[]")
    assert [(s["from_agency_name"], s["to_agency_name"], s["relation"], s["year"]) for s in statements] == [
        ("广州市增城区人民政府政务管理办公室", "增城区政务服务数据管理局", "reformed_as", 2019)
    ]
    assert statements[0]["from_key"] == identity.agency_key  # the office the text names is the reporting one


# --- openings written for places and levels the corpus lacks -------------------------------------------


@pytest.mark.parametrize(
    ("name", "agency", "province", "city", "county", "code", "level", "year"),
    [
        ("township_zhen", "安吉县孝丰镇人民政府", "浙江省", "湖州市", "安吉县", "330523", "township", 2019),
        ("province_department", "四川省教育厅", "四川省", None, None, "510000", "department", 2020),
        ("autonomous_county", "长阳土家族自治县人民政府", "湖北省", "宜昌市", "长阳土家族自治县", "420528", "county", 2016),
        ("banner_county", "锡林郭勒盟正蓝旗人民政府", "内蒙古自治区", "锡林郭勒盟", "正蓝旗", "152530", "county", 2017),
        ("prefecture_diqu", "和田地区行政公署", "新疆维吾尔自治区", "和田地区", None, "653200", "city", 2015),
        ("beijing_chaoyang", "北京市朝阳区人民政府", "北京市", None, "朝阳区", "110105", "county", 2019),
        ("changchun_chaoyang", "长春市朝阳区人民政府", "吉林省", "长春市", "朝阳区", "220104", "county", 2019),
        ("bare_chaoyang_with_context", "朝阳区人民政府", "吉林省", "长春市", "朝阳区", "220104", "county", 2020),
        ("zengcheng_2012", "增城市人民政府", "广东省", "广州市", "增城市", "440183", "county", 2012),
        ("zengcheng_2015", "广州市增城区人民政府", "广东省", "广州市", "增城区", "440118", "county", 2015),
        ("traditional", "广州市增城区人民政府政务管理办公室", "广东省", "广州市", "增城区", "440118", "department", 2018),
        ("no_title_county", "寻乌县人民政府", "江西省", "赣州市", "寻乌县", "360734", "county", 2014),
        ("navigation_debris", "韶关市武江区人民政府", "广东省", "韶关市", "武江区", "440203", "county", 2019),
        ("office_own_work", "佛山市人民政府办公室", "广东省", "佛山市", None, "440600", "department", 2018),
    ],
)
def test_written_openings(name: str, agency: str, province: str, city: str | None, county: str | None, code: str, level: str, year: int) -> None:
    identity = fixture(name)
    found = (identity.agency_name, identity.province, identity.city, identity.county, identity.division_code, identity.admin_level, identity.year)
    assert found == (agency, province, city, county, code, level, year), identity.evidence


def test_ambiguous_district_without_context_is_left_unknown() -> None:
    identity = fixture("bare_chaoyang_no_context")
    assert identity.agency_name == "朝阳区人民政府"
    assert (identity.province, identity.city, identity.county, identity.division_code) == (None, None, None, None)
    assert identity.admin_level == "county"  # every 朝阳区 is a district, whichever this one is
    assert "ambiguous" in identity.evidence["region"]


def test_same_district_gets_one_key_before_and_after_its_rename() -> None:
    assert fixture("zengcheng_2012").agency_key == fixture("zengcheng_2015").agency_key


def test_traditional_page_gets_the_same_identity_as_the_simplified_one() -> None:
    traditional = fixture("traditional")
    simplified = identify_text((FIXTURES / "traditional.txt").read_text(encoding="utf-8").translate(str.maketrans("廣區務辦開報據華國條編", "广区务办开报据华国条编")))
    assert traditional.agency_key == simplified.agency_key
    assert traditional.published_date == "2019-02-22"


def test_government_office_compiling_the_city_reports_for_the_government() -> None:
    identity = fixture("zengcheng_2012")  # 由增城市人民政府办公室汇总全市各镇（街）、市直各部门…编制
    assert identity.agency_name == "增城市人民政府" and identity.admin_level == "county"
    assert fixture("office_own_work").admin_level == "department"


def test_navigation_with_other_agencies_does_not_win() -> None:
    identity = fixture("navigation_debris")
    assert identity.agency_name == "韶关市武江区人民政府"
    assert identity.published_date == "2020-01-20"


def test_indirect_year_without_title() -> None:
    identity = fixture("indirect_year")  # 今年是"十三五"规划的开局之年
    assert identity.year == 2016
    assert identity.agency_name is None


def test_publication_date_alone_gives_no_year() -> None:
    identity = fixture("year_from_publication_only")
    assert identity.year is None
    assert identity.published_date == "2020-03-15"


def test_rename_statement_links_old_and_new_names() -> None:
    identity = fixture("rename_statement")
    (statement,) = json.loads(identity.lineage or "[]")
    assert (statement["from_agency_name"], statement["to_agency_name"], statement["relation"], statement["year"]) == (
        "东莞市电子政务办公室",
        "东莞市政务服务数据管理局",
        "renamed",
        2019,
    )
    assert statement["to_key"] == identity.agency_key


# --- inline texts: single rules ---------------------------------------------------------------------


def test_title_broken_over_two_lines_with_spaces_in_numbers() -> None:
    identity = identify_text("正文\n2025 年上海市人民政府办公厅政府信息公开\n工作年度报告\n本年度报告中所列数据统计期限为 2025\n年 1 月 1 日至 12 月 31 日。")
    assert (identity.agency_name, identity.year, identity.admin_level) == ("上海市人民政府办公厅", 2025, "department")
    assert (identity.province, identity.city) == ("上海市", None)  # a municipality is province level, as labelled



def test_statistics_period_with_lost_characters() -> None:
    identity = identify_text("政府信息公开工作年度报告\n本报告中所列数据的统计期限为201811日至20181231日。我县全年主动公开信息3条。")
    assert identity.year == 2018


def test_period_wins_over_a_title_that_names_the_publication_year() -> None:
    identity = identify_text("泉州市财政局2019年政府信息公开工作年度报告\n本报告所列数据的统计期限为2018年1月1日至2018年12月31日。")
    assert identity.year == 2018


def test_chinese_numeral_year_in_title() -> None:
    identity = identify_text("宁德市人民政府二〇一八年政府信息公开工作年度报告\n一、概述\n全年主动公开政府信息1200条。")
    assert (identity.agency_name, identity.year, identity.admin_level) == ("宁德市人民政府", 2018, "city")


def test_crawler_header_title_and_date() -> None:
    identity = identify_text(
        "标题: 平潭县人民政府2011年政府信息公开工作年度报告\n发布时间: 2012-04-18 00:00\n==== 正文 ====\n"
        "当前位置：首页 政务公开 来源：平潭综合实验区管委会 时间：2012-04-18\n本报告……"
    )
    assert (identity.agency_name, identity.year, identity.published_date) == ("平潭县人民政府", 2011, "2012-04-18")


def test_government_short_form_is_normalised() -> None:
    identity = identify_text("惠安县政府2017年度政府信息公开工作年度报告\n一、概述\n2017年，我县主动公开政府信息850条。")
    assert identity.agency_name == "惠安县人民政府"


def test_zone_management_committee_is_a_department_unless_it_governs() -> None:
    own = identify_text("福州经济技术开发区管委会2019年政府信息公开工作年度报告\n本报告由福州经济技术开发区管委会办公室编制。")
    assert own.admin_level == "department" and own.province == "福建省" and own.city == "福州市"
    governing = identify_text(
        "平潭综合实验区2011年政府信息公开工作年度报告\n本报告根据平潭综合实验区管委会及各工作部门、平潭县人民政府、"
        "平潭县各乡镇人民政府的政府信息公开年度报告编制。"
    )
    assert (governing.agency_name, governing.admin_level, governing.city) == ("平潭综合实验区管委会", "city", "平潭综合实验区")


def test_template_goes_by_the_table_not_the_year() -> None:
    table_2019 = "三、收到和处理政府信息公开申请情况\n信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n政府集中采购 采购项目数量 采购总金额"
    identity = identify_text("某县财政局2021年政府信息公开工作年度报告\n" + table_2019)
    assert identity.template == "v2019"
    table_2021 = "信息内容 本年制发件数 本年废止件数 现行有效件数\n三、收到和处理政府信息公开申请情况"
    assert identify_text("某县财政局2021年政府信息公开工作年度报告\n" + table_2021).template == "v2021"


def test_template_of_reports_without_tables() -> None:
    sections = "2012年政府信息公开工作年度报告\n一、概述\n全年主动公开政府信息79条。\n二、依申请公开情况\n全年受理申请3件。"
    assert identify_text(sections).template == "v2008"
    short_prose = "2016年政府信息公开工作年度报告\n2016年，我局高度重视政府信息公开工作，全年主动公开政府信息474条。"
    assert identify_text(short_prose).template == "narrative"
    assert identify_text("政府信息公开工作年度报告\n一、概述\n我局认真贯彻落实条例。\n二、其他\n不断完善制度。").template == "narrative"


def test_template_from_the_figures_left_of_a_flattened_table() -> None:
    figures_2021 = "二、主动公开政府信息情况\n0 0 238 11 0 296 9896 516 66 103.57\n三、收到和处理政府信息公开申请情况\n593 61"
    assert identify_text("山西省人民政府2020年政府信息公开工作年度报告\n" + figures_2021).template == "v2021"
    figures_2019 = "二、主动公开政府信息情况\n" + " ".join(["3"] * 22) + "\n三、收到和处理政府信息公开申请情况\n5 0"
    assert identify_text("山西省人民政府2021年政府信息公开工作年度报告\n" + figures_2019).template == "v2019"
    # blanks left 12 figures, but a decrease (本年增/减) exists only in the 2019 table
    with_decrease = "二、主动公开政府信息情况\n7 -5 78 1 2 5 12 -4 12 -1 2 75.8\n三、收到和处理政府信息公开申请情况\n2 1 3"
    assert identify_text("绥滨县西新街道办事处2020年度政府信息公开工作报告\n" + with_decrease).template == "v2019"


def test_a_heading_taken_for_a_table_is_no_statistics_table() -> None:
    text = "政务公开工作总结 篇2\n金川县审计局2015年度政府信息公开工作报告\n2015年，我局全年主动公开政府信息84条。"
    heading_table = Table(rows=[[Cell("政务公开工作总结 篇", 0, 10), Cell("2", 10, 11)]], layout="run_together", start=0, end=11)
    assert not _is_statistics_table(heading_table)  # one row with a figure, where a recogniser may see a table
    document = Document(content_sha256="t", part=3, kind="annual_report", text=text)
    assert identify(document).template == "narrative"


def test_missing_title_and_no_evidence_leaves_agency_and_year_unknown() -> None:
    identity = identify_text("一、概述\n按照有关要求，认真做好政府信息公开工作，不断提高工作水平。")
    assert (identity.agency_name, identity.year, identity.division_code) == (None, None, None)


def test_document_names_are_not_titles() -> None:
    identity = identify_text("根据《关于做好2016年政府信息公开工作年度报告编制工作的通知》要求，我局编制本报告。")
    assert identity.year is None and identity.agency_name is None


def test_title_broken_inside_its_year() -> None:
    identity = identify_text("正文\n成武县泉清街道办事处关于20\n22年政府信息公开工作年度报告\n本报告由成武县泉清街道办事处办公室编制。")
    assert (identity.agency_name, identity.year, identity.admin_level, identity.county) == ("成武县泉清街道办事处", 2022, "township", "成武县")


def test_office_named_only_as_compiler_reports_for_its_body() -> None:
    identity = identify_text("政府信息公开工作年度报告\n本报告由成武县泉清街道办事处办公室编制。统计期限为2022年1月1日至12月31日。")
    assert (identity.agency_name, identity.admin_level) == ("成武县泉清街道办事处", "township")


def test_title_over_three_pdf_lines() -> None:
    identity = identify_text("杭州市西湖区\n人民政府\n2019年政府信息公开工作年度报告\n本报告所列数据统计期限为2019年1月1日至2019年12月31日。")
    assert (identity.agency_name, identity.county, identity.division_code) == ("杭州市西湖区人民政府", "西湖区", "330106")


def test_page_metadata_fields_on_one_line() -> None:
    identity = identify_text(
        "索引号：001008003/2020-00012 发布机构：宁海县财政局 生成日期：2020-01-15\n标题：2019年度政府信息公开工作年度报告\n"
        "一、总体情况\n2019年，我局主动公开政府信息86条。"
    )
    assert (identity.agency_name, identity.county, identity.year, identity.published_date) == ("宁海县财政局", "宁海县", 2019, "2020-01-15")


def test_year_in_brackets_after_a_title_without_one() -> None:
    identity = identify_text("仙居县人民政府政府信息公开工作年度报告（2016年度）\n一、概述\n2016年，我县主动公开信息3000条。")
    assert (identity.agency_name, identity.year, identity.admin_level) == ("仙居县人民政府", 2016, "county")


def test_report_on_the_work_situation() -> None:
    identity = identify_text("嘉兴市南湖区人民政府关于2019年度政府信息公开工作情况的报告\n一、总体情况")
    assert (identity.agency_name, identity.year, identity.division_code) == ("嘉兴市南湖区人民政府", 2019, "330402")


def test_titles_listed_as_links_are_other_pages() -> None:
    identity = identify_text(
        "相关链接：义乌市人民政府2018年政府信息公开工作年度报告\n东阳市人民政府2019年政府信息公开工作年度报告\n一、总体情况"
    )
    assert identity.agency_name == "东阳市人民政府"


def test_department_named_without_its_county_takes_the_one_the_body_names() -> None:
    identity = identify_text("县教育局2019年政府信息公开工作年度报告\n一、总体情况\n2019年，蒙城县教育系统……蒙城县各中小学……蒙城县")
    assert (identity.agency_name, identity.county, identity.admin_level) == ("蒙城县教育局", "蒙城县", "department")


def test_zone_named_after_a_city_sits_in_the_city() -> None:
    identity = identify_text("西安高新技术产业开发区管理委员会2019年政府信息公开工作年度报告\n本报告由西安高新区管委会办公室编制。")
    assert (identity.province, identity.city, identity.admin_level) == ("陕西省", "西安市", "department")


def test_merger_of_several_bodies_is_one_lineage_row_each() -> None:
    identity = identify_text(
        "蒙城县自然资源局2019年政府信息公开工作年度报告\n2019年，根据县委机构改革方案，将原县国土资源局、县规划局的职责整合，组建县自然资源局。"
    )
    statements = json.loads(identity.lineage or "[]")
    assert [(s["from_agency_name"], s["to_agency_name"], s["relation"]) for s in statements] == [
        ("蒙城县国土资源局", "蒙城县自然资源局", "merged_into"),
        ("蒙城县规划局", "蒙城县自然资源局", "merged_into"),
    ]
    assert {s["to_key"] for s in statements} == {identity.agency_key}


def test_lineage_names_lose_the_words_of_the_sentence_before_them() -> None:
    identity = identify_text(
        "东莞市政务服务数据管理局2019年政府信息公开工作年度报告\n根据机构改革方案东莞市电子政务办公室更名为东莞市政务服务数据管理局。"
    )
    (statement,) = json.loads(identity.lineage or "[]")
    assert statement["from_agency_name"] == "东莞市电子政务办公室"


def test_signature_names_the_agency_when_the_title_does_not() -> None:
    identity = identify_text(
        "2019年政府信息公开工作年度报告\n一、总体情况\n2019年，我局认真贯彻落实《条例》，全年主动公开信息120条。\n"
        "六、其他需要报告的事项\n无。\n\n长沙县自然资源局\n2020年1月20日"
    )
    assert (identity.agency_name, identity.county, identity.published_date) == ("长沙县自然资源局", "长沙县", "2020-01-20")


def test_central_department_has_no_region() -> None:
    identity = identify_text("国家统计局2019年政府信息公开工作年度报告\n本报告所列数据统计期限为2019年1月1日至12月31日。")
    assert (identity.agency_name, identity.province, identity.admin_level, identity.year) == ("国家统计局", None, "department", 2019)


def test_essays_get_no_agency_from_their_body() -> None:
    text = "河北省地级市政府网站信息公开研究\n我省各市政府网站……河北省石家庄市、河北省唐山市……河北省"
    essay = identify(Document(content_sha256="t", part=2, kind="essay", text=text))
    assert essay.agency_name is None


def test_township_of_a_district_government_keeps_its_full_name() -> None:
    identity = identify_text("广州市增城区人民政府荔城街道办事处2019年政府信息公开工作年度报告\n一、总体情况")
    assert (identity.agency_name, identity.admin_level, identity.county) == ("广州市增城区人民政府荔城街道办事处", "township", "增城区")


def test_zone_without_a_place_in_its_name_sits_where_the_report_says() -> None:
    identity = identify_text(
        "两江新区管理委员会2019年政府信息公开工作年度报告\n一、总体情况\n2019年，两江新区在重庆市委、重庆市政府的领导下……落实重庆市政务公开要点。"
    )
    assert (identity.province, identity.city, identity.admin_level) == ("重庆市", None, "department")
    # a zone neither its name, the zone table (identity_zone_hosts.csv) nor the report places stays unplaced
    nowhere = identify_text("空港新区管理委员会2019年政府信息公开工作年度报告\n一、总体情况\n2019年，新区主动公开政府信息。")
    assert (nowhere.province, nowhere.division_code) == (None, None)


def test_office_that_compiled_or_published_an_untitled_report_works_for_its_body() -> None:
    compiled = identify_text("政府信息公开工作年度报告\n本报告由蒙城县财政局办公室编制。统计期限为2019年1月1日至12月31日。")
    assert (compiled.agency_name, compiled.admin_level, compiled.year) == ("蒙城县财政局", "department", 2019)
    published = identify_text("标题: 政府信息公开工作报告范文\n发布机构: 玄武区财政局办公室\n正文\n全年主动公开信息。")
    assert (published.agency_name, published.county) == ("玄武区财政局", "玄武区")


def test_page_title_from_ingestion_names_the_report_when_the_text_does_not() -> None:
    text = "首页 > 政务公开 > 年报\n一、总体情况\n2019年，我区主动公开政府信息。\n三、收到和处理政府信息公开申请情况"
    document = Document(content_sha256="t", part=1, kind="annual_report", text=text, title="韶关市武江区人民政府2019年政府信息公开工作年度报告_韶关市人民政府门户网站")
    identity = identify(document)
    assert (identity.agency_name, identity.year, identity.division_code) == ("韶关市武江区人民政府", 2019, "440203")


def test_publication_dates_in_signatures() -> None:
    assert fixture("zengcheng_2012").published_date == "2013-03-20"  # 二〇一三年三月二十日
    lost = identify_text("建瓯市人民政府办公室关于2018年政府信息公开工作年度报告\n一、概述\n……\n建瓯市人民政府办公室\n201918")
    assert lost.published_date == "2019-01-08"  # 2019年1月8日 with 年/月/日 lost: only one reading
    unclear = identify_text("建瓯市人民政府办公室关于2018年政府信息公开工作年度报告\n一、概述\n……\n建瓯市人民政府办公室\n2019111")
    assert unclear.published_date is None  # 2019-1-11 or 2019-11-1: not guessed


@pytest.mark.parametrize(
    ("opening", "agency", "province", "city", "county"),
    [
        ("国家税务总局福州市税务局2022年政府信息公开工作年度报告\n本报告由国家税务总局福州市税务局编制。",
         "国家税务总局福州市税务局", "福建省", "福州市", None),
        ("国家税务总局福州市鼓楼区税务局2020年政府信息公开工作年度报告\n本报告根据条例编制。",
         "国家税务总局福州市鼓楼区税务局", "福建省", "福州市", "鼓楼区"),
        ("中国人民银行福州中心支行2020年政府信息公开工作年度报告\n本报告由中国人民银行福州中心支行编制。",
         "中国人民银行福州中心支行", "福建省", "福州市", None),
        ("国家统计局福州调查队2021年政府信息公开工作年度报告\n现公布本队年度报告。", "国家统计局福州调查队", "福建省", "福州市", None),
        ("福州海关2020年政府信息公开工作年度报告\n本报告由福州海关编制。", "福州海关", "福建省", "福州市", None),
    ],
)
def test_local_branch_of_a_national_body_keeps_the_national_name(opening: str, agency: str, province: str, city: str | None, county: str | None) -> None:
    identity = identify_text(opening + "\n一、总体情况\n本年度，本机关认真贯彻落实《条例》。")
    assert (identity.agency_name, identity.province, identity.city, identity.county) == (agency, province, city, county)
    assert identity.admin_level == "department"


def test_bare_bureau_word_after_a_place_is_no_agency() -> None:
    assert identify_text("福州市局2020年政府信息公开工作年度报告\n本年度工作平稳。").agency_name is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", False),
        ("国务院办公厅2020年报告", False),
        ("國", False),
        ("國國國 國", False),  # one character, however often
        ("國務院", True),
        ("a國b" + "x" * 5000 + "會", True),
        ("會。國", True),
    ],
)
def test_a_text_is_traditional_with_two_distinct_frequent_traditional_characters(text: str, expected: bool) -> None:
    from pipeline.identity.view import FREQUENT_TRADITIONAL, MIN_TRADITIONAL, is_traditional

    assert is_traditional(text) is expected
    assert expected == (len({ch for ch in FREQUENT_TRADITIONAL if ch in text}) >= MIN_TRADITIONAL)
