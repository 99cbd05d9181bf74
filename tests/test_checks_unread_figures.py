"""A breakdown whose sentence holds a figure the extraction did not read is not judged (pipeline/checks/reading.py).

Text scraped from PDFs breaks lines inside numbers ('其他类1' / '66条'), and agencies list channels the catalog has
no metric for (12345热线转办3件, 其余5件为电子邮件申请): the part so stated is read into nothing, and the parts
that were read fall short of their total although the report adds up. Such a report must raise nothing; the
same list read in full and really wrong must still be flagged.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.checks.reading import sentence_bounds, unread_figures
from pipeline.warehouse.connect import connect
from tests.conftest import warehouse_of

FLAGS = ("error", "warn")

# 76 + 102 + 32 + 166 = 376, the stated total; the last entry's count is broken over two lines.
WRAPPED_CATEGORIES = ("按信息类别分：民生保障类76条，占20.21%；公共服务类102条，占27.13%；规划计划类32条，占8.51%；其他类1\n"
                      "66条，占44.15%。")
# 10 + 4 + 22 + 3 = 39: the in-person count is broken over two lines.
WRAPPED_CHANNELS = "2015年，我局共受理政府信息公开申请39件，其中当面申请 1\n0件，传真申请4件，网络申请22件，信函申请3件。"


def test_a_count_broken_over_two_lines_and_read_into_nothing_is_unread():
    text = "2015年，我局共主动公开政府信息376条。\n" + WRAPPED_CATEGORIES + "\n三、依申请公开政府信息情况"
    start = text.index("民生保障类")
    end = text.index("8.51%") + len("8.51%")
    entries = [(text.index(label), text.index(label) + 16) for label in ("民生保障类", "公共服务类", "规划计划类")]
    assert unread_figures(text, start, end, entries) == ["1\n66条"]
    # read in full (the broken entry too), nothing is unread
    assert unread_figures(text, start, end, [*entries, (text.index("其他类"), text.index("44.15%"))]) == []


def test_dates_ordinals_item_numbers_and_the_whole_itself_are_not_unread_counts():
    text = WRAPPED_CHANNELS.replace(" 1\n0件", "10件") + "全年第3次更新目录，1.政府网站公开数条3879。"
    whole = (text.index("我局共受理"), text.index("39件") + 3)
    parts = [(text.index(w), text.index(w) + len(w)) for w in ("当面申请10件", "传真申请4件", "网络申请22件", "信函申请3件")]
    assert unread_figures(text, whole[0], parts[-1][1], [whole, *parts]) == []
    assert unread_figures(text, text.index("全年第3次"), len(text) - 1, []) == []


def test_the_total_a_list_states_for_itself_is_accounted_for():
    """g08-001: the list's own total (的425条政府信息中) is read with the list, without a span of its own."""
    text = ("2011年，在平潭综合实验区管委会网站主动公开的425条政府信息中，机构职能、主要职能、办事程序信息148条，占34.8%；"
            "政策、规范性文件类信息21条，占4.9%；安全生产、应急管理类信息63条，占14.8%。")
    entries = [(text.index(w), text.index(w) + len(w)) for w in ("机构职能、主要职能、办事程序信息148条，占34.8%",
                                                                "政策、规范性文件类信息21条，占4.9%", "安全生产、应急管理类信息63条，占14.8%")]
    assert unread_figures(text, entries[0][0], entries[-1][1], entries, whole=425) == []
    assert unread_figures(text, entries[0][0], entries[-1][1], entries, whole=421) == ["425条"]


def test_a_sentence_is_the_stretch_between_full_stops():
    text = "甲100条。乙200条，丙300条。丁400条"
    assert sentence_bounds(text, text.index("丙"), text.index("丙") + 2) == (text.index("乙"), text.index("丁"))
    assert sentence_bounds(text, text.index("丁"), len(text)) == (text.index("丁"), len(text))


def _v2008(agency: str, proactive_paragraph: str, requests_paragraph: str) -> str:
    return f"""{agency}2015年政府信息公开工作年度报告
本报告根据《中华人民共和国政府信息公开条例》要求，由{agency}办公室编制。本报告中所列数据的统计期限自2015年1月1日起至2015年12月31日止。
一、概述
2015年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，政府信息公开工作平稳有序。
二、主动公开政府信息情况
{proactive_paragraph}
三、依申请公开政府信息情况
{requests_paragraph}
四、政府信息公开收费及减免情况
2015年，我局未收取任何费用。
五、因政府信息公开申请行政复议、提起行政诉讼的情况
全年未发生因政府信息公开申请提起行政复议、行政诉讼的情况。
六、政府信息公开工作存在的主要问题及改进措施
工作中仍存在公开内容不够全面等问题，下一步将持续改进。
{agency}
2016年1月17日
"""


PROACTIVE = "2015年，我局共主动公开政府信息376条。\n"
REQUESTS = "2015年，我局共受理政府信息公开申请39件，其中当面申请10件，传真申请4件，网络申请22件，信函申请3件。"
CATEGORIES = PROACTIVE + WRAPPED_CATEGORIES.replace("1\n66条", "166条")
REPORTS = {
    # clean look-alikes: each report adds up, but one of its parts is stated in a way no rule reads
    "wrapped_category.txt": _v2008("石门县民政局", PROACTIVE + WRAPPED_CATEGORIES, REQUESTS),  # 76+102+32+166 = 376
    "hotline_channel.txt": _v2008("茂名市审计局", CATEGORIES,  # 10+4+22+3 = 39
                                  REQUESTS.replace("信函申请3件", "通过12345政务服务热线转办3件")),
    "rest_by_email.txt": _v2008("茂名市民政局", CATEGORIES,  # 10+4+22+3+5 = 44
                                REQUESTS.replace("信函申请3件", "信函申请3件，其余5件为电子邮件申请").replace("39件", "44件")),
    # the same lists printed whole, with one figure really wrong: still flagged
    "category_wrong.txt": _v2008("石门县审计局", PROACTIVE + WRAPPED_CATEGORIES.replace("1\n66条", "156条"), REQUESTS),
    "channel_short.txt": _v2008("茂名市公安局", CATEGORIES, REQUESTS.replace("其中当面申请10件，", "其中")),
}


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    with connect(warehouse_of(REPORTS, tmp_path_factory.mktemp("unread_figures")), read_only=True) as conn:
        return conn.execute(
            "SELECT r.source_path, c.check_name, c.severity, c.metric_id, c.stated, c.computed FROM check_results AS c "
            "JOIN reports AS r USING (report_id) WHERE c.severity IN ('error', 'warn')"
        ).df()


def _found(findings: pd.DataFrame, name: str) -> list[tuple]:
    rows = findings[findings.source_path == name].drop(columns="source_path")
    return sorted(tuple(r) for r in rows.itertuples(index=False))


def test_a_category_list_that_lost_an_entry_to_a_line_break_is_not_flagged(findings):
    assert _found(findings, "wrapped_category.txt") == []


def test_a_channel_list_with_a_channel_no_rule_reads_is_not_flagged(findings):
    assert _found(findings, "hotline_channel.txt") == []
    assert _found(findings, "rest_by_email.txt") == []


def test_a_category_list_read_in_full_that_does_not_add_up_is_still_an_error(findings):
    assert _found(findings, "category_wrong.txt") == [
        ("categories.share", "warn", "proactive.total", 44.15, 41.49),  # 156 of 376 is not 44.15%
        ("categories.total", "error", "proactive.total", 376.0, 366.0),
    ]


def test_a_channel_list_read_in_full_that_falls_short_is_still_a_warning(findings):
    assert _found(findings, "channel_short.txt") == [("categories.listed_children", "warn", "requests.received", 39.0, 29.0)]
