"""Category lists stated in prose, under their parent metric, with shares, list kind and stated total."""

from __future__ import annotations

from pipeline.extract.prose import extract_prose
from pipeline.model import CategoryValue, Document, Identity


def categories(text: str, template: str = "v2008", year: int = 2018) -> list[CategoryValue]:
    document = Document(content_sha256="test", part=1, kind="annual_report", text=text)
    return extract_prose(document, Identity(template=template, year=year)).categories


def entries(text: str, template: str = "v2008", year: int = 2018) -> list[tuple[str, str, float | None, float | None]]:
    return [(c.parent_metric_id, c.label, c.value, c.share_pct) for c in categories(text, template, year)]


MAIN_CATEGORIES = (
    "2018年,我市各级各有关部门主动公开政府信息的主要类别有:涉及政府机构职能类信息506条,占比19.5%;"
    "政策、规范性文件类信息322条,占比12.4%;规划计划类信息77条,占比2.97%;安全生产应急管理类信息441条,占比17%。"
)


def test_main_categories_with_shares_are_a_partial_list_under_proactive_total() -> None:
    found = categories(MAIN_CATEGORIES)
    assert [(c.label, c.value, c.share_pct) for c in found] == [
        ("政府机构职能", 506, 19.5),
        ("政策、规范性文件", 322, 12.4),
        ("规划计划", 77, 2.97),
        ("安全生产应急管理", 441, 17),
    ]
    assert {c.parent_metric_id for c in found} == {"proactive.total"}
    assert {c.list_kind for c in found} == {"partial"}
    assert len({c.list_no for c in found}) == 1


def test_offsets_point_at_each_entry() -> None:
    for entry in categories(MAIN_CATEGORIES):
        assert MAIN_CATEGORIES[entry.char_start : entry.char_end] == entry.snippet
        assert str(int(entry.value)) in entry.snippet


def test_a_list_whose_intro_states_the_total() -> None:
    text = (
        "(二)主动公开政府信息的主要类别2011年,在管委会网站主动公开的425条政府信息中,"
        "机构职能、主要职能、办事程序信息148条,占34.8%;政策、规范性文件类信息21条,占4.9%。"
    )
    found = categories(text, year=2011)
    assert [(c.label, c.value, c.share_pct, c.list_total, c.list_kind) for c in found] == [
        ("机构职能、主要职能、办事程序信息", 148, 34.8, 425, "partial"),
        ("政策、规范性文件类信息", 21, 4.9, 425, "partial"),
    ]


def test_qizhong_after_the_total_in_the_previous_sentence() -> None:
    text = "2013年新增主动公开政府信息45条。其中,政策法规及业务类的信息32条;规划计划类的信息13条。"
    found = categories(text, year=2013)
    assert [(c.parent_metric_id, c.label, c.value, c.list_total) for c in found] == [
        ("proactive.total", "政策法规及业务类的信息", 32, 45),
        ("proactive.total", "规划计划类的信息", 13, 45),
    ]


def test_shares_by_publisher() -> None:
    text = "主动公开的政府信息,区直、县直各单位主动公开政府信息303条,占71.3%。各乡镇主动公开政府信息122条,占28.7%。"
    assert entries(text, year=2011) == [
        ("proactive.total", "区直、县直各单位", 303, 71.3),
        ("proactive.total", "各乡镇", 122, 28.7),
    ]


def test_enumeration_right_after_the_verb() -> None:
    text = "全年主动公开市政府规章22件、市政府及市政府办公厅行政规范性文件34件、人事任免文件196件、其他文件84件;召开新闻发布会42场。"
    assert entries(text, "v2021", 2025) == [
        ("proactive.total", "市政府规章", 22, None),
        ("proactive.total", "市政府及市政府办公厅行政规范性文件", 34, None),
        ("proactive.total", "人事任免文件", 196, None),
        ("proactive.total", "其他文件", 84, None),
    ]


def test_a_list_by_category_words() -> None:
    text = "主动公开的政府信息按类别分为:机构职能类123条、政策法规类456条、规划计划类78条、业务动态类3456条。"
    assert entries(text, year=2012) == [
        ("proactive.total", "机构职能类", 123, None),
        ("proactive.total", "政策法规类", 456, None),
        ("proactive.total", "规划计划类", 78, None),
        ("proactive.total", "业务动态类", 3456, None),
    ]


def test_another_verb_is_not_a_category_list() -> None:
    assert categories("全年新增公开市政府规章1件、市政府及市政府办政策性文件11件。", "v2021", 2024) == []


def test_numbered_headings_each_followed_by_its_count() -> None:
    text = (
        "(二)分门别类。区政府办将主动公开的政府信息分成11大项,依法向社会公开。\n"
        "1、机构职能人事任免。主要公开各级各部门的机构设置、人事信息等222条政府信息。如《工作规则》等。\n"
        "2、政策及规范性文件。主要公开各级各部门制定的政策公告、规范性文件等59条政府信息。\n"
        "10、其他以及服务类。主要公开不属于上述九大项的其他以及服务类型信息,共计341条。\n"
        "三、依申请公开政府信息办理情况\n"
        "1、受理情况。共受理申请2件。\n"
    )
    assert entries(text, year=2011) == [
        ("proactive.total", "机构职能人事任免", 222, None),
        ("proactive.total", "政策及规范性文件", 59, None),
        ("proactive.total", "其他以及服务类", 341, None),
    ]


def test_outcome_shares_list_named_children_and_a_bracketed_part() -> None:
    text = (
        "市政府共受理政府信息公开申请1295件,办结1191件(含上年结转189件),均在法定期限内答复。"
        "其中,予以公开及部分公开208件(17.46%),不予公开20件(1.68%),因本机关不掌握等原因无法提供564件(47.36%),"
        "属信访、重复申请等不予处理80件(6.72%),其他处理319件(26.78%,含申请人主动撤回157件)。"
    )
    extraction = extract_prose(Document("t", 1, "annual_report", text), Identity(template="v2021", year=2025))
    assert [(c.parent_metric_id, c.label, c.value, c.share_pct, c.list_total) for c in extraction.categories] == [
        ("requests.processed_total", "予以公开及部分公开", 208, 17.46, 1191),
        ("requests.processed_total", "不予公开", 20, 1.68, 1191),
        ("requests.processed_total", "因本机关不掌握等原因无法提供", 564, 47.36, 1191),
        ("requests.processed_total", "属信访、重复申请等不予处理", 80, 6.72, 1191),
        ("requests.processed_total", "其他处理", 319, 26.78, 1191),
        ("requests.other", "申请人主动撤回", 157, None, 319),
    ]
    values = {(v.metric_id, v.value) for v in extraction.values if not v.evidence_only}
    assert values == {
        ("requests.processed_total", 1191),
        ("requests.carried_over", 189),
        ("requests.denied", 20),
        ("requests.unable", 564),
        ("requests.not_processed", 80),
        ("requests.other", 319),
    }
    # 受理…申请1295件 may count 新收 alone or with 上年结转: evidence for the cross-section check, never a value
    assert {(v.metric_id, v.value) for v in extraction.values if v.evidence_only} == {("requests.new_received", 1295)}


def test_named_children_without_shares_are_values_not_categories() -> None:
    text = "全年共受理政府信息公开申请28件,其中当面申请10件、网上申请15件、信函申请3件。"
    assert categories(text) == []


def test_breakdowns_whose_total_is_no_metric_are_listed_only_when_they_add_up() -> None:
    """Nested depth levels (3489 + 3323 + 3264 is not 4008) and an incomplete channel list (1600 + 3200 is not
    4900) are no lists; the parts of 办件总数 that make it up are, under that whole."""
    text = (
        "市、县、镇三级网上办事大厅进驻事项4158项(行政许可2472项,非行政许可1241项,社会事务445项),进驻率100%,"
        "其中可在线申办4008项(一级深度3489项、二级深度3323项、三级深度3264项)。"
        "1-12月,中心窗口办件总数102889件,其中即办件19966件,占总数的19.4%;承诺件82923件,占总数的80.6%。"
        "2013年有约4900人次咨询,其中现场咨询1600人次,占32.65%;电话咨询3200人次,占65.31%。"
    )
    assert [(c.parent_metric_id, c.parent_label, c.label, c.value, c.list_total) for c in categories(text, year=2013)] == [
        (None, "中心窗口办件总数", "即办件", 19966, 102889),
        (None, "中心窗口办件总数", "承诺件", 82923, 102889),
    ]


def test_channels_under_numbered_headings_are_not_categories() -> None:
    text = (
        "(二)主动公开政府信息的主要类别\n我市主动公开政府信息的主要类别有:涉及规划计划类信息77条,占比2.97%。\n"
        "(三)主动公开政府信息的形式\n1.市政府网站。通过门户网站主动公开各类政府信息2589条。\n"
        "2.“两微一端”平台。在微信公众平台累计发布推送政务信息1250(篇)。\n3.广播台、电视台。发布有关信息653条。\n"
    )
    assert [c.label for c in categories(text)] == ["规划计划"]


def test_two_lists_get_two_numbers() -> None:
    text = (
        "主动公开的政府信息,县直各单位主动公开政府信息303条,占71.3%。各乡镇主动公开政府信息122条,占28.7%。\n"
        + MAIN_CATEGORIES
    )
    numbers = [c.list_no for c in categories(text)]
    assert numbers[:2] == [1, 1] and set(numbers[2:]) == {2}


def test_a_list_introduced_by_what_was_published_on_a_page_that_lost_its_line_breaks() -> None:
    """The section heading runs into its first sentence; it still names the whole the list breaks down."""
    text = (
        "做好政府信息公开工作年度报告的编制和发布工作。 二、主动公开政府信息情况 2009年，我局共主动公开政府信息815条，"
        "其中通过政府网站公开772条。 从公开内容看，财政资金类45条，占5.52%；公共服务类208条，占25.52%；其他类181条，占22.21%。 "
        "三、依申请公开政府信息情况 2009年，我局共受理政府信息公开申请29件。"
    )
    assert entries(text, year=2009) == [
        ("proactive.total", "财政资金类", 45, 5.52),
        ("proactive.total", "公共服务类", 208, 25.52),
        ("proactive.total", "其他类", 181, 22.21),
    ]


def test_a_heading_run_into_a_sentence_about_something_else_names_no_whole() -> None:
    text = (
        "三、依申请公开政府信息情况 2009年，我局共受理政府信息公开申请29件。 从公开内容看，财政资金类45条，占5.52%；"
        "公共服务类208条，占25.52%。"
    )
    assert [e for e in entries(text, year=2009) if e[0] == "proactive.total"] == []


CONSULTATIONS = (
    "（三）咨询情况 2013年有约4900人次通过各种方式向我局各部门、基层所咨询涉税信息有关事务，其中现场咨询1600人次，"
    "占32.65%；电话咨询3200人次，占65.31%，网上咨询100人次，2.04%占。"
)
APPROVALS = (
    "今年我局共受理审批事项117件，办结171件，办结率100%。其中办理下岗失业人员减免税共计91件，共计减免金额219062.78元；"
    "受理审批个人出售自有住房减免税共计7件，减免金额21470.27元；无偿赠与和遗产继承减免税19件。解答纳税人咨询达3000多人次，零投诉。"
)


def test_parts_of_a_whole_that_is_no_metric_are_listed_under_the_words_naming_it() -> None:
    found = categories(CONSULTATIONS, year=2013)
    assert [(c.parent_metric_id, c.label, c.value, c.share_pct, c.list_total) for c in found] == [
        (None, "现场咨询", 1600, 32.65, 4900),
        (None, "电话咨询", 3200, 65.31, 4900),
        (None, "网上咨询", 100, 2.04, 4900),
    ]
    assert {c.parent_label for c in found} == {"通过各种方式向我局各部门、基层所咨询涉税信息有关事务"}


def test_the_unnamed_whole_is_the_figure_its_parts_add_up_to_in_its_unit() -> None:
    """117 = 91 + 7 + 19 (件); 办结171件 is not their whole, and the 减免金额 in 元 are not parts."""
    found = categories(APPROVALS, year=2013)
    assert [(c.parent_metric_id, c.label, c.value, c.list_total) for c in found] == [
        (None, "办理下岗失业人员减免税", 91, 117),
        (None, "受理审批个人出售自有住房减免税", 7, 117),
        (None, "无偿赠与和遗产继承减免税", 19, 117),
    ]
    assert found[0].parent_label.endswith("受理审批事项")
    assert len({c.list_no for c in found}) == 1


def test_parts_that_do_not_add_up_to_an_unnamed_figure_are_no_list() -> None:
    text = APPROVALS.replace("无偿赠与和遗产继承减免税19件", "无偿赠与和遗产继承减免税18件")
    assert categories(text, year=2013) == []


def test_category_figures_cut_by_the_hard_wrap_of_pdf_text_are_read_whole() -> None:
    paragraph = (
        "二、主动公开政府信息情况\n2019年，我局共主动公开政府信息 527 条。从公开内容看，机构职能类 43 条，占 8.2%；政策法规类 241 条，"
        "占 45.7%；规划计划类 35 条，占 6.6%；工作动态类 208 条，占 39.5%。全年共受理政府信息公开申请 12 件，均在法定期限内答复。"
    )
    heading, body = paragraph.split("\n")
    text = heading + "\n" + "\n".join(body[i : i + 19] for i in range(0, len(body), 19))
    assert "法规类 24\n1 条" in text
    assert entries(text, year=2019) == [
        ("proactive.total", "机构职能类", 43, 8.2),
        ("proactive.total", "政策法规类", 241, 45.7),
        ("proactive.total", "规划计划类", 35, 6.6),
        ("proactive.total", "工作动态类", 208, 39.5),
    ]


MARKDOWN_FROM_PDF = (
    "(七)强化监督保障。将政府信息公开工作纳入年度绩效考核内容,定\n期开展自查和督促检查,对发现的问题及时督促整改;组织开展业务培\n"
    "训,提升工作人员的业务能力和工作水平。\n(九)做好公开属性源头认定。在公文办理环节明确公开属性,对拟不\n"
    "公开的公文说明理由并严格审核,从源头上提高主动公开比例,进一步\n扩大政府信息公开范围。\n二、主动公开政府信息情况\n"
    "2015年,我局共主动公开政府信息196条。\n从公开内容看,民生保障类17条,占8.7%;机构职能类 2\n5条,占12.8%;行政许可类32条,占16.3%;重大\n"
    "建设项目类3条,占1.5%;财政资金类32条,占16.\n3%;其他类22\n条,占11.2%。\n"
    "三、依申请公开政府信息情况\n我局政府信息公开工作虽然取得了一定成效,但仍存在一些不足:一是\n"
    "公开内容不够全面;二是信息更新不够及时;三是工作人员业务水平有\n待提高。\n"
)


def test_a_wrapped_line_that_lost_the_spaces_around_its_numbers_still_counts_as_full() -> None:
    """Markdown made from a PDF: lines cut at 31 characters counting the spaces around numbers, which the
    cleaned text no longer has; 机构职能类 2 / 5条 is 25条."""
    found = {label: value for _, label, value, _ in entries(MARKDOWN_FROM_PDF, year=2015)}
    assert found["机构职能类"] == 25
    assert found["民生保障类"] == 17 and found["其他类"] == 22


# Markdown hard-wrapped at a width the cleaned text no longer shows (the spaces around its numbers are gone),
# as in the synthetic corpus's wrapped reports: a share and a count cut in two by a line break
CUT_BY_LINE_BREAKS = (
    "二、主动公开政府信息情况\n"
    "2011年,我局共主动公开政府信息 563 条。\n"
    "从公开内容看,民生保障类 120 条,占21.31%;公共服\n"
    "务类 78 条,占13.85%;工作动态类 107 条,占1\n"
    "9.01%;规划计划类 3\n"
    "3 条,占14.8%;其他类 84 条,占14.92%。"
)


def test_a_share_or_count_cut_by_a_line_break_is_no_entry() -> None:
    found = entries(CUT_BY_LINE_BREAKS)
    labels = [label for _, label, _, _ in found]
    assert "占" not in labels  # 占1 | 9.01%: the 1 is part of a share
    assert ("proactive.total", "规划计划类", 3, None) not in found  # 3 | 3条: part of 33
    assert ("proactive.total", "民生保障类", 120, 21.31) in found
    assert ("proactive.total", "其他类", 84, 14.92) in found
