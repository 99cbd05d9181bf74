"""Figures stated in sentences, on sentences written in the style of reports from many provinces.

Each case lists exactly what the sentence states; anything else the extractor returns is a wrong value.
"""

from __future__ import annotations

import pytest

from pipeline.extract.prose import extract_prose
from pipeline.model import Document, Extraction, Identity


def prose(text: str, template: str | None = "v2008", year: int | None = 2018) -> Extraction:
    document = Document(content_sha256="test", part=1, kind="annual_report", text=text)
    return extract_prose(document, Identity(template=template, year=year))


def stated(text: str, template: str | None = "v2008", year: int | None = 2018) -> set[tuple[str, str, float]]:
    return {(v.metric_id, v.period, v.value) for v in prose(text, template, year).values if not v.evidence_only}


@pytest.mark.parametrize(
    ("text", "template", "year", "expected"),
    [
        # Arabic, full-width, thousands separators, Chinese numerals, 万
        ("2017年,我县共主动公开政府信息3,456条,其中通过政府网站公开2,980条。", "v2008", 2017,
         {("proactive.total", "year", 3456), ("proactive.channel.website", "year", 2980)}),
        ("全年累计主动公开政府信息一千二百条。", "v2008", 2018, {("proactive.total", "year", 1200)}),
        ("本年度主动公开政府信息１２３条。", "v2008", 2018, {("proactive.total", "year", 123)}),
        ("全年主动公开政府信息2.1万条。", "v2008", 2018, {("proactive.total", "year", 21000)}),
        ("市政府新闻办举办新闻发布会十二场,回应公众关注热点或重大舆情两次。", "v2008", 2018,
         {("response.press_conferences", "year", 12), ("response.hot_topics", "year", 2)}),
        ("发布政策解读稿件26篇。", "v2008", 2018, {("response.policy_interpretations", "year", 26)}),
        # requests: channels as children of the received figure
        ("全年共受理政府信息公开申请28件,其中当面申请10件、网上申请15件、信函申请3件。", "v2008", 2018,
         {("requests.received", "year", 28), ("requests.received.in_person", "year", 10),
          ("requests.received.online", "year", 15), ("requests.received.mail", "year", 3)}),
        ("共收到依申请公开申请12件(条),均已按时答复。", "v2008", 2018, {("requests.received", "year", 12)}),
        ("受理信息公开申请3宗,答复3宗。", "v2008", 2012, {("requests.received", "year", 3), ("requests.answered", "year", 3)}),
        ("对受理的申请均已答复,其中同意公开19件,同意部分公开3件,不予公开2件。", "v2008", 2018,
         {("requests.answered.granted", "year", 19), ("requests.answered.partial", "year", 3),
          ("requests.answered.denied", "year", 2)}),
        # the number before its label: 1件属于…
        ("我市对5件(条)依申请公开申请均已答复,其中,1件(条)属于同意公开答复数,1件(条)属于同意部分公开答复数3件(条)属于其他类型答复数。",
         "v2008", 2018,
         {("requests.answered.granted", "year", 1), ("requests.answered.partial", "year", 1),
          ("requests.answered.other", "year", 3)}),
        # labels in quotes, subjects with 、 inside the topic, a chief's share of the conferences
        ("在已答复的65件申请中,“同意公开”的50件,“同意部分公开”的8件,“不同意公开”的7件。", "v2008", 2018,
         {("requests.answered", "year", 65), ("requests.answered.granted", "year", 50), ("requests.answered.partial", "year", 8),
          ("requests.answered.denied", "year", 7)}),
        ("全年共收到公民、法人和其他组织提出的政府信息公开申请120件。", "v2008", 2018, {("requests.received", "year", 120)}),
        ("全年共召开新闻发布会12次,其中主要负责同志参加6次。", "v2008", 2018,
         {("response.press_conferences", "year", 12), ("response.press_conferences_heads", "year", 6)}),
        ("举办新闻发布会8场,其中县长参加新闻发布会2场。", "v2008", 2016,
         {("response.press_conferences", "year", 8), ("response.press_conferences_heads", "year", 2)}),
        ("全年共受理政府信息公开申请65件(其中当面申请20件,网络申请40件,信函申请5件),已全部答复。", "v2008", 2015,
         {("requests.received", "year", 65), ("requests.received.in_person", "year", 20),
          ("requests.received.online", "year", 40), ("requests.received.mail", "year", 5)}),
        ("全年被申请行政复议10次。", "v2008", 2018, {("review.total", "year", 10)}),
        ("市政府领导参加新闻发布会4次。", "v2008", 2014, {("response.press_conferences_heads", "year", 4)}),
        ("全年通过政府门户网站发布信息5,678条,通过新闻媒体发布信息1,234条,通过政务微博发布信息456条。", "v2008", 2014,
         {("proactive.channel.website", "year", 5678), ("proactive.channel.weibo", "year", 456)}),
        ("全年共发布政策解读126篇,回应社会关切38次,开展在线访谈12期。", "v2008", 2016,
         {("response.policy_interpretations", "year", 126), ("response.hot_topics", "year", 38),
          ("response.online_interviews", "year", 12)}),
        ("全年累计收到依申请公开件53件。", "v2008", 2016, {("requests.received", "year", 53)}),
        ("2010年我局共收到政府信息公开申请3份,均为网上申请,已全部按时答复。", "v2008", 2010,
         {("requests.received", "year", 3), ("requests.received.online", "year", 3)}),  # all 3 were online
        ("设立政府信息公开查阅点15个,配备专兼职工作人员36名。", "v2008", 2012,
         {("org.reading_points", "year", 15), ("org.staff", "year", 36)}),
        ("全市各级行政机关共受理信息公开申请1,268件,比上年下降15%;其中,依申请公开答复1,200件,正在办理68件。", "v2008", 2012,
         {("requests.received", "year", 1268), ("requests.answered", "year", 1200)}),
        ("因政府信息公开申请引发的行政复议案件1件,已审结,维持原具体行政行为。", "v2008", 2012, {("review.total", "year", 1)}),
        # this year's figure even with 今年以来 / 截至12月底; cumulative with 以来 / 截至…累计
        ("今年以来,共受理政府信息公开申请46件。", "v2008", 2017, {("requests.received", "year", 46)}),
        ("截至12月31日,全年累计受理政府信息公开申请46件。", "v2008", 2017, {("requests.received", "year", 46)}),
        ("自2008年5月1日《条例》实施以来,累计受理申请356件。", "v2008", 2017, {("requests.received", "cumulative", 356)}),
        ("截至2017年底,我县政府信息公开平台累计主动公开政府信息12万条。", "v2008", 2017, {("proactive.total", "cumulative", 120000)}),
        # a child metric with its share of the parent is still the child's figure
        ("全年受理申请24件,其中同意公开19件,占79.2%;不予公开5件,占20.8%。", "v2008", 2014,
         {("requests.received", "year", 24), ("requests.answered.granted", "year", 19), ("requests.answered.denied", "year", 5)}),
        # staff, training, budget
        ("全县共有政府信息公开工作人员56名,其中专职人员12名、兼职人员44名。", "v2008", 2018,
         {("org.staff", "year", 56), ("org.staff.full_time", "year", 12), ("org.staff.part_time", "year", 44)}),
        ("举办培训班3期,培训工作人员300人次。", "v2008", 2018, {("org.trainings", "year", 3), ("org.trainees", "year", 300)}),
        ("安排政府信息公开专项经费5.6万元,另支出专项经费5600元。", "v2008", 2018, {("org.budget", "year", 5.6)}),
        ("截至目前,全专兼职政务公开工作人员43,初步形成工作网络。", "v2008", 2018, {("org.staff", "year", 43)}),
        # cumulative and year in one report
        ("本年度新增主动公开政府信息1,025条,历年累计主动公开政府信息15,678条。", "v2008", 2016,
         {("proactive.total", "year", 1025), ("proactive.total", "cumulative", 15678)}),
        ("截至2018年底,我市历年累计收到政府信息公开申请达3581件(条),其中当面申请数3567件(条)、网上申请数6件(条)。", "v2008", 2018,
         {("requests.received", "cumulative", 3581), ("requests.received.in_person", "cumulative", 3567),
          ("requests.received.online", "cumulative", 6)}),
        # a 合计 after the parts: the first part was a channel
        ("通过网上管理系统收到政府信息公开申请5宗,书面申请1宗,合计6宗。", "v2008", 2013,
         {("requests.received.online", "year", 5), ("requests.received", "year", 6)}),
        # v2019 and later: the same words name other metrics, and v2008-only figures are left out
        ("全年共收到政府信息公开申请108件,办结107件,均在法定期限内答复。", "v2019", 2019, {("requests.processed_total", "year", 107)}),
        ("全年累计答复依申请公开件32件。", "v2019", 2020, {("requests.processed_total", "year", 32)}),
        ("全年累计发布各类解读材料1268条。", "v2019", 2020, {("response.policy_interpretations", "year", 1268)}),
        ("召开新闻发布会5场。", "v2021", 2021, set()),
        ("全年共发布政策解读126篇。", "v2021", 2021, set()),
        ("政府信息公开行政复议3件,其中结果维持2件,结果纠正1件;政府信息公开行政诉讼2件,其中结果维持1件,尚未审结1件。", "v2021", 2021,
         {("review.total", "year", 3), ("review.upheld", "year", 2), ("review.corrected", "year", 1),
          ("litigation.total", "year", 2), ("litigation.upheld", "year", 1)}),
        ("全年被申请行政复议2件、被提起行政诉讼1件。", "v2021", 2021, {("review.total", "year", 2), ("litigation.total", "year", 1)}),
        ("答复3050件(含上年度结转申请34件,另有103件顺延到下年度答复)。", "v2021", 2024,
         {("requests.carried_over", "year", 34), ("requests.carried_forward", "year", 103)}),
        ("本年度共新收政府信息公开申请235件,上年结转5件。", "v2019", 2019,
         {("requests.new_received", "year", 235), ("requests.carried_over", "year", 5)}),
        ("行政诉讼3件(其中未经复议直接起诉2件,复议后起诉1件)。", "v2019", 2019,
         {("litigation.total", "year", 3), ("litigation.direct.total", "year", 2), ("litigation.after_review.total", "year", 1)}),
        ("集中公开现行有效行政规范性文件698件,动态更新本年度制发的规范性文件88件。", "v2021", 2022,
         {("proactive.normative_docs.in_force", "year", 698), ("proactive.normative_docs.issued", "year", 88)}),
        # a narrative report follows its year's vocabulary
        ("2013年新增主动公开政府信息45条,兼职人员1人。", "narrative", 2013, {("proactive.total", "year", 45), ("org.staff.part_time", "year", 1)}),
    ],
)
def test_figures_in_sentences(text: str, template: str, year: int, expected: set) -> None:
    assert stated(text, template, year) == expected


@pytest.mark.parametrize(
    ("text", "template", "year", "expected"),
    [
        ("未收到依申请公开政务信息的申请。", "v2008", 2018, {("requests.received", "year", 0)}),
        ("本年度未收到公民、法人或其他组织提出的政府信息公开申请。", "v2008", 2018, {("requests.received", "year", 0)}),
        ("全年没有发生因政府信息公开引起的行政复议、行政诉讼和举报投诉。", "v2008", 2018,
         {("review.total", "year", 0), ("litigation.total", "year", 0), ("complaints.total", "year", 0)}),
        ("未发生因政府信息公开引起的行政复议和诉讼。", "v2008", 2018, {("review.total", "year", 0), ("litigation.total", "year", 0)}),
        ("没有发生因市政府政府信息公开申请产生的行政复议、提起行政诉讼的案件。", "v2008", 2013,
         {("review.total", "year", 0), ("litigation.total", "year", 0)}),
        ("依申请公开政府信息未收取任何费用。", "v2008", 2018, {("fees.amount", "year", 0)}),
        ("我区对申请公开政府信息一律免收相关费用。", "v2008", 2011, {("fees.amount", "year", 0)}),
        ("全年没有发生政府信息公开申请方面的收费情况。", "v2008", 2013, {("fees.amount", "year", 0)}),
        ("我局没有从事政府信息公开工作的全职人员,兼职人员1人。", "v2008", 2013,
         {("org.staff.full_time", "year", 0), ("org.staff.part_time", "year", 1)}),
        ("截至2018年底,全市历年未发生因政府信息公开而引起的行政诉讼、行政复议、投诉举报等情况。", "v2008", 2018,
         {("litigation.total", "cumulative", 0), ("review.total", "cumulative", 0), ("complaints.total", "cumulative", 0)}),
        ("全年及历年均未接到涉及政府信息公开的行政复议或行政诉讼。", "v2008", 2011,
         {("review.total", "year", 0), ("litigation.total", "year", 0)}),
        ("2013年,我局收到以有关政府信息公开行政复议0件。", "v2008", 2013, {("review.total", "year", 0)}),
        ("本年度无因政府信息公开申请提起的行政复议和行政诉讼。", "v2008", 2018,
         {("review.total", "year", 0), ("litigation.total", "year", 0)}),
        ("全年无行政复议、行政诉讼案件。", "v2008", 2018, {("review.total", "year", 0), ("litigation.total", "year", 0)}),
        ("未有因政府信息公开申请引起的行政复议。", "v2008", 2018, {("review.total", "year", 0)}),
        # the zero after its topics
        ("因政府信息公开申请行政复议、提起行政诉讼的数量均为零。", "v2008", 2018,
         {("review.total", "year", 0), ("litigation.total", "year", 0)}),
        ("政府信息公开收费为0元。", "v2008", 2018, {("fees.amount", "year", 0)}),
        # the v2008 statistics table's own words for fees, in prose
        ("全年收取检索、复制、邮寄等费用0.76万元。", "v2008", 2018, {("fees.amount", "year", 0.76)}),
        ("因政府信息公开申请提起行政复议、行政诉讼的案件各0件。", "v2008", 2018,
         {("review.total", "year", 0), ("litigation.total", "year", 0)}),
        # v2019: a zero request count is the new-request metric
        ("本年度未收到政府信息公开申请。", "v2019", 2019, {("requests.new_received", "year", 0)}),
    ],
)
def test_zeros_stated_in_words(text: str, template: str, year: int, expected: set) -> None:
    assert stated(text, template, year) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a table 三 row flattened into text: its zero is a cell of the row, not a sentence's zero
        "一、本年新收政府信息公开申请数量 6 2 0 0 0 0 8\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n三、本年度办理结果",
        "二、上年结转政府信息公开申请数量 无无无无无无无\n",
        # the row's label names another metric, even with its other cells lost
        "二、上年结转政府信息公开申请数量 0\n",
        "(六)其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请无\n",
    ],
)
def test_a_zero_in_a_table_row_of_another_metric_is_no_request_count(text: str) -> None:
    assert not {s for s in stated(text, "v2021", 2022) if s[0] == "requests.new_received"}


def test_a_zero_closing_the_sentence_on_its_own_row_label_still_counts() -> None:
    assert stated("本年新收政府信息公开申请数量为0。", "v2021", 2022) == {("requests.new_received", "year", 0)}


@pytest.mark.parametrize(
    ("text", "template", "year"),
    [
        # comparisons, last year, other years, parts of the year
        ("主动公开政府信息同比增加15%。", "v2008", 2018),
        ("上年主动公开政府信息450条。", "v2008", 2018),
        ("2016年主动公开政府信息450条。", "v2008", 2017),
        ("第1季度共受理政府信息公开申请5件。", "v2008", 2018),
        ("与上年相比,政府信息公开申请增加3件。", "v2008", 2018),
        # approximate figures
        ("主动公开政府信息约3000条,政务新闻200多条。", "v2008", 2018),
        ("市政府网站主动公开各类政府信息5500余条。", "v2021", 2024),
        # dates, document numbers, phones, damaged fragments, words with numerals
        ("根据《国务院办公厅关于做好政府信息公开工作的通知》(国办发〔2018〕23号)要求,联系电话:0591-23165385。", "v2008", 2018),
        ("本报告中所列数据的统计期限为201811日至20181231日,瓯政办〔20192。", "v2008", 2018),
        ("一是统一思想,“十三五”规划开局之年,第一季度召开会议。", "v2008", 2018),
        # negations that deny something else than a count
        ("全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。", "v2021", 2025),
        ("未收到涉及国家秘密的申请。", "v2008", 2018),
        ("我局无不予公开政府信息情况。", "v2008", 2013),
        ("解答纳税人咨询达3000多人次,零投诉。", "v2008", 2013),
        ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请。", "v2021", 2021),
        ("对无人维护的政务新媒体进行关停。", "v2021", 2021),
        # figures that are not these metrics
        ("出席新闻发布会的新闻机构达690家(次)。", "v2008", 2013),
        ("市政府网的咨询投诉平台共收到网上来信823件,办结795件,办结率达96.6%。", "v2008", 2013),
        ("建瓯市12345平台收到诉求件1782件,公开答复1090件、书面答复1759件。", "v2008", 2018),
        ("全年收取政府信息公开信息处理费3940元。", "v2008", 2018),
        ("2011年政府信息公开专栏访问量达11460人次。", "v2008", 2011),
        ("不予公开信息数1402。", "v2008", 2011),
        ("予以公开及部分公开208件。", "v2021", 2025),
        ("2022年,全区收到政府信息公开申请75件,涉及自然人72件、商业企业3件。", "v2021", 2022),
        ("2018年还招录一名工作人员。", "v2008", 2018),
        ("一个窗口受理,一条龙服务,一次性告知。", "v2008", 2013),
    ],
)
def test_what_is_never_a_value(text: str, template: str, year: int) -> None:
    assert stated(text, template, year) == set()


def test_one_offices_subset_yields_to_the_compiled_figure() -> None:
    text = "全县共主动公开政府信息2000条。在互联网上,2011年县政府公开办主动公开信息数为300条。"
    assert stated(text, "v2008", 2011) == {("proactive.total", "year", 2000)}


def test_an_office_reporting_for_itself_keeps_its_figure() -> None:
    text = "广州市增城区人民政府政务管理办公室2018年全年主动公开政府信息79条。"
    assert stated(text) == {("proactive.total", "year", 79)}


def test_prose_restating_the_same_figure_is_kept_as_evidence() -> None:
    text = "全年主动公开政府信息79条,通过不同渠道和方式公开政府信息79条。"
    values = prose(text).values
    assert [(v.metric_id, v.value) for v in values] == [("proactive.total", 79), ("proactive.total", 79)]


def test_every_value_carries_method_snippet_and_offsets_into_the_cleaned_text() -> None:
    text = "二、主动公开情况\n2018年,全市共主动公开政府信息 2589 条,\n回应公众关注热点或重大舆情27次。\n三、依申请公开\n2018年,未收到\n依申请公开政务信息的申请。"
    values = prose(text).values
    assert {v.metric_id for v in values} == {"proactive.total", "response.hot_topics", "requests.received"}
    for value in values:
        assert value.method == "prose"
        assert text[value.char_start : value.char_end] == value.snippet
    by_metric = {v.metric_id: v for v in values}
    assert by_metric["proactive.total"].snippet.endswith("2589 条")
    assert by_metric["proactive.total"].unit == "条"
    assert "依申请公开政务信息的申请" in by_metric["requests.received"].snippet


def test_numbers_inside_tables_are_left_to_the_table_extractor() -> None:
    text = "全年主动公开政府信息79条。\n类别 | 发布条数 |\n工作动态 | 46 |\n合计 | 79 |\n"
    document = Document(content_sha256="t", part=1, kind="annual_report", text=text)
    identity = Identity(template="v2008", year=2018)
    # the table's span as the table reader hands it over, or (none given) as extract_prose finds it itself
    for spans in ([(text.index("类别"), len(text))], None):
        extraction = extract_prose(document, identity, spans)
        assert [(v.metric_id, v.value) for v in extraction.values] == [("proactive.total", 79)]
        assert extraction.categories == []


def test_unknown_template_follows_the_year() -> None:
    assert stated("全年累计答复依申请公开件32件。", None, 2020) == {("requests.processed_total", "year", 32)}
    assert stated("受理政府信息公开申请5件。", None, 2012) == {("requests.received", "year", 5)}


def test_requests_received_in_v2019_prose_is_evidence_only():
    """g19-010 (收到75件 = 新收 74 + 上年结转 1) and g19-006 (受理1295件 = 新收 1295): the wording leaves open
    what it counts, so the figure is kept as evidence, never a value; 新收 says it, and is a value."""
    from pipeline.model import Document, Identity
    from pipeline.extract.prose import extract_prose

    def read(text: str, template: str) -> list[tuple[str, float, bool]]:
        extraction = extract_prose(Document("x", 1, "annual_report", text), Identity(year=2022, template=template))
        return [(v.metric_id, v.value, v.evidence_only) for v in extraction.values]

    assert read("2022年,全区收到政府信息公开申请75件,涉及自然人72件、商业企业3件。", "v2021") == [("requests.new_received", 75.0, True)]
    assert read("市政府共受理政府信息公开申请1295件。", "v2021") == [("requests.new_received", 1295.0, True)]
    assert read("本年度共新收政府信息公开申请235件。", "v2021") == [("requests.new_received", 235.0, False)]
    assert read("全区收到政府信息公开申请75件。", "v2008") == [("requests.received", 75.0, False)]
