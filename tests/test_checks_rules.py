"""Each check rule on small hand-made reports shaped like real ones: what it flags, and what it must not flag.

Runs without ../shared: figures are written here the way reports state them (a v2008 统计表, a 主要类别 list
with shares, a v2021 requests table...).
"""

from __future__ import annotations

import pandas as pd
import pytest

from fixtures.checks.warehouse import Warehouse
from pipeline.checks import FAMILIES, FINDING_COLUMNS, run_checks, run_family
from pipeline.checks.rulebook import balances, non_additive_patterns, settings, signed_metrics, validate

FLAGS = ("error", "warn")


def _flags(findings: pd.DataFrame) -> pd.DataFrame:
    return findings[findings.severity.isin(FLAGS)]


def _rows(findings: pd.DataFrame) -> list[tuple]:
    return [tuple(r) for r in findings[["check_name", "severity", "metric_id", "stated", "computed"]].itertuples(index=False)]


# --- sum ----------------------------------------------------------------------------------------------


def test_v2008_table_totals_are_checked_against_the_v2008_children_only():
    w = Warehouse()
    w.report("a", template="v2008", year=2016)
    # 行政复议数量 7 = 维持 4 + 纠错 1 + 其他 2: a v2008 table has no 尚未审结 column, so it is complete without it.
    for metric_id, value in {"review.total": 7, "review.upheld": 4, "review.corrected": 1, "review.other": 2}.items():
        w.value("a", metric_id, value)
    w.report("b", template="v2008", year=2016, agency_id="ag_2")
    for metric_id, value in {"review.total": 7, "review.upheld": 4, "review.corrected": 1, "review.other": 3}.items():
        w.value("b", metric_id, value)
    findings = run_family(w.load(), "sum")
    assert _rows(findings) == [("sum.parent_children", "error", "review.total", 7.0, 8.0)]
    assert findings.report_id.tolist() == ["b"]
    assert "review.other" in findings.message.iloc[0] and "其他情形数" in findings.message.iloc[0]


def test_a_v2019_review_total_needs_its_pending_cases_before_it_is_checked():
    w = Warehouse()
    w.report("a", template="v2019")
    for metric_id, value in {"review.total": 9, "review.upheld": 4, "review.corrected": 1, "review.other": 2}.items():
        w.value("a", metric_id, value)  # 尚未审结 not read: 9 vs 7 says nothing
    assert _flags(run_checks(w.load())).empty


def test_a_parent_is_not_compared_with_only_some_of_its_children():
    w = Warehouse()
    w.report("a", template="v2008")
    # "受理申请15件，其中网上申请9件": the other channels are not stated.
    w.value("a", "requests.received", 15, method="prose")
    w.value("a", "requests.received.online", 9, method="prose")
    assert run_checks(w.load()).empty


def _provincial_table(w: Warehouse, report: str, rows: list[tuple[str | None, str, float]]) -> None:
    """A Fujian-style 统计表: rows in order, (metric id or None for a row no metric matches, label, value)."""
    for n, (metric_id, label, value) in enumerate(rows):
        if metric_id:
            w.value(report, metric_id, value, at=100 + 10 * n, snippet=f"{label} 件 {value:g}")
        else:
            w.unmapped.append(dict(report_id=report, label=label, unit="件", value=value, period="year",
                                   snippet=f"{label} 件 {value:g}", char_start=100 + 10 * n, char_end=105 + 10 * n))


def test_a_provincial_table_must_add_up_over_the_rows_it_lists():
    """建瓯 2018: 受理申请 5 = 当面 0 + 网上 5 + 信函、传真 0; the table has no 传真 or 其他 row of its own."""
    w = Warehouse()
    w.report("jianou", template="v2008", year=2018)
    _provincial_table(w, "jianou", [("requests.received", "受理政府信息公开申请总数", 5), ("requests.received.in_person", "当面申请数", 0),
                                    ("requests.received.online", "网上申请数", 5), ("requests.received.mail", "信函、传真申请数", 0),
                                    ("requests.closed", "申请办结数", 5)])
    w.report("typo", template="v2008", year=2018, agency_id="ag_2")
    _provincial_table(w, "typo", [("requests.received", "受理政府信息公开申请总数", 9), ("requests.received.in_person", "当面申请数", 2),
                                  ("requests.received.online", "网上申请数", 5), ("requests.received.mail", "信函、传真申请数", 0)])
    w.report("email", template="v2008", year=2011, agency_id="ag_3")
    _provincial_table(w, "email", [("requests.received", "受理依申请公开信息总数", 9), ("requests.received.online", "网上申请数", 5),
                                   (None, "电子邮件申请数", 2), ("requests.received.mail", "信函申请数", 2)])
    findings = run_checks(w.load())
    assert findings.report_id.tolist() == ["typo"]
    assert _rows(findings) == [("sum.parent_children", "error", "requests.received", 9.0, 7.0)]
    assert "the rows its table lists" in findings.message.iloc[0]


def test_staff_is_full_time_plus_part_time_and_each_period_is_summed_apart():
    w = Warehouse()
    w.report("a", template="v2008", year=2012)
    for period, (staff, full, part) in {"year": (12, 3, 9), "cumulative": (30, 10, 19)}.items():
        w.value("a", "org.staff", staff, period=period)
        w.value("a", "org.staff.full_time", full, period=period)
        w.value("a", "org.staff.part_time", part, period=period)
    findings = run_family(w.load(), "sum")
    assert _rows(findings) == [("sum.parent_children", "error", "org.staff", 30.0, 29.0)]
    assert "历年累计" in findings.message.iloc[0]


def test_prose_naming_most_parts_of_a_total_is_a_partial_list():
    """受理申请70件，其中当面申请19件，传真申请1件，网络申请39件，信函申请9件: 68, and 其他形式 is never named."""
    w = Warehouse()
    w.report("a", template="v2008", year=2016)
    for metric_id, value in {"requests.received": 70, "requests.received.in_person": 19, "requests.received.fax": 1,
                             "requests.received.online": 39, "requests.received.mail": 9}.items():
        w.value("a", metric_id, value, method="prose")
    w.report("b", template="v2008", year=2016, agency_id="ag_2")  # 其中网络申请20件、当面申请5件: highlights
    for metric_id, value in {"requests.received": 70, "requests.received.online": 20, "requests.received.in_person": 5}.items():
        w.value("b", metric_id, value, method="prose")
    findings = run_checks(w.load())
    assert findings.report_id.tolist() == ["a"]
    assert _rows(findings) == [("categories.listed_children", "warn", "requests.received", 70.0, 68.0)]


def test_a_nested_parent_is_checked_at_each_level():
    """申请答复数 = its outcomes, one of which (不同意公开) is itself the sum of its reasons."""
    w = Warehouse()
    w.report("a", template="v2008", year=2010)
    answered = {"already_public": 2, "granted": 30, "partial": 4, "denied": 5, "not_this_agency": 3, "not_exist": 1,
                "correction": 0, "other_channel": 2, "other": 0}
    w.value("a", "requests.answered", sum(answered.values()))
    for suffix, value in answered.items():
        w.value("a", f"requests.answered.{suffix}", value)
    reasons = {"state_secret": 1, "trade_secret": 0, "privacy": 2, "security_stability": 0, "not_gov_info": 1, "other_law": 0}
    for suffix, value in reasons.items():
        w.value("a", f"requests.answered.denied.{suffix}", value)  # 4, not the 5 stated
    assert _rows(run_family(w.load(), "sum")) == [("sum.parent_children", "error", "requests.answered.denied", 5.0, 4.0)]


def _requests_row(w: Warehouse, report: str, metric_id: str, columns: list[float], total: float) -> None:
    for applicant, value in zip(["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org"], columns):
        w.value(report, metric_id, value, applicant=applicant)
    w.value(report, metric_id, total, applicant="total")


def test_the_total_column_is_the_six_applicant_columns_on_every_row():
    w = Warehouse()
    w.report("a", template="v2021")
    _requests_row(w, "a", "requests.new_received", [821, 40, 2, 1, 9, 3], 876)
    _requests_row(w, "a", "requests.granted", [300, 12, 1, 0, 4, 1], 318)  # the columns add up to 318
    _requests_row(w, "a", "requests.carried_over", [20, 1, 0, 0, 0, 0], 22)  # ...to 21
    findings = run_family(w.load(), "sum")
    assert _rows(findings) == [("sum.applicant_columns", "error", "requests.carried_over", 22.0, 21.0)]
    assert "自然人 20" in findings.message.iloc[0]


def test_the_flow_holds_in_every_column():
    w = Warehouse()
    w.report("a", template="v2021")
    _requests_row(w, "a", "requests.new_received", [100, 10, 0, 0, 2, 1], 113)
    _requests_row(w, "a", "requests.carried_over", [5, 1, 0, 0, 0, 0], 6)
    _requests_row(w, "a", "requests.processed_total", [98, 10, 0, 0, 2, 1], 111)
    _requests_row(w, "a", "requests.carried_forward", [7, 0, 0, 0, 0, 0], 7)  # 一+二 = 119 but (七)+四 = 118
    findings = run_family(w.load(), "sum")
    assert _rows(findings) == [("sum.flow", "error", "requests.carried_forward", 11.0, 10.0),
                               ("sum.flow", "error", "requests.carried_forward", 119.0, 118.0)]
    assert set(findings.applicant) == {"commercial", "total"}
    assert "does not hold (商业企业 column): " in findings.message.iloc[0]
    assert "does not hold (总计 column): " in findings.message.iloc[1]


# --- categories ------------------------------------------------------------------------------------------


def _main_categories(w: Warehouse, report: str, kind: str, entries: list[tuple[str, float, float | None]], total: float | None = None) -> None:
    for label, value, share in entries:
        w.category(report, "proactive.total", label, value, share=share, kind=kind, list_total=total)


JIANOU = [("政府机构职能", 506, 19.5), ("政策、规范性文件", 322, 12.4), ("规划计划", 77, 2.97), ("行政许可", 51, 1.97),
          ("重大建设项目", 32, 1.24), ("为民办实事", 576, 22.2), ("民政扶贫救灾社会保障就业", 167, 6.45),
          ("国土资源城乡建设环保能源", 128, 4.9), ("科教文体卫生", 235, 9.1), ("安全生产应急管理", 441, 17)]


def test_a_main_categories_list_that_falls_short_is_a_warning_and_its_shares_are_right():
    w = Warehouse()
    w.report("a", template="v2008", year=2018)
    w.value("a", "proactive.total", 2589, method="prose")
    _main_categories(w, "a", "partial", JIANOU)
    findings = run_checks(w.load())
    assert _rows(findings) == [("categories.total", "warn", "proactive.total", 2589.0, 2535.0)]


def test_a_complete_list_that_does_not_add_up_is_an_error():
    w = Warehouse()
    w.report("a", template="v2008", year=2018)
    _main_categories(w, "a", "complete", [("组织机构", 3, None), ("部门文件", 6, None), ("工作动态", 46, None), ("其他", 14, None)], total=79)
    assert _rows(run_checks(w.load())) == [("categories.total", "error", "proactive.total", 79.0, 69.0)]


def test_a_total_row_inside_a_list_is_its_total_not_a_part():
    """类别 | 发布条数 | … 合计 | 79 |, with the 合计 row kept among the entries."""
    w = Warehouse()
    w.report("a", template="v2008", year=2018)
    for label, value in (("组织机构", 3), ("部门文件", 6), ("工作动态", 46), ("其他", 24), ("合计", 79)):
        w.category("a", "proactive.total", label, value)
    w.report("b", template="v2008", year=2018, agency_id="ag_2")
    for label, value in (("组织机构", 3), ("部门文件", 6), ("工作动态", 46), ("其他", 14), ("合计", 79)):
        w.category("b", "proactive.total", label, value)
    findings = run_checks(w.load())
    assert findings.report_id.tolist() == ["b"] and _rows(findings) == [("categories.total", "error", "proactive.total", 79.0, 69.0)]


def test_topic_counts_after_a_complete_breakdown_are_not_summed_with_it():
    """政策文件300条、人事信息200条、工作动态500条 (= 1000), then 其中涉及疫情防控信息120条、营商环境80条."""
    w = Warehouse()
    w.report("a", template="v2021")
    w.value("a", "proactive.total", 1000, method="prose")
    for label, value in (("政策文件", 300), ("人事信息", 200), ("工作动态", 500), ("疫情防控", 120), ("营商环境", 80)):
        w.category("a", "proactive.total", label, value)
    w.report("b", template="v2021", agency_id="ag_2")  # the same list without the topics, one category mistyped
    w.value("b", "proactive.total", 1000, method="prose")
    for label, value in (("政策文件", 300), ("人事信息", 200), ("工作动态", 560)):
        w.category("b", "proactive.total", label, value)
    findings = _flags(run_checks(w.load()))
    assert findings.report_id.tolist() == ["b"] and _rows(findings) == [("categories.total", "error", "proactive.total", 1000.0, 1060.0)]


def test_a_list_closing_with_qita_is_summed_even_when_its_first_entries_reach_the_total():
    """主动公开18条: 人事任免类2条、行政许可类2条、政策法规类3条、机构职能类8条、重大建设项目类3条、其他类5条 (= 23)."""
    w = Warehouse()
    w.report("a", template="v2008", year=2013)
    w.value("a", "proactive.total", 18, method="prose")
    for label, value in (("人事任免类", 2), ("行政许可类", 2), ("政策法规类", 3), ("机构职能类", 8), ("重大建设项目类", 3), ("其他类", 5)):
        w.category("a", "proactive.total", label, value)
    assert _rows(_flags(run_checks(w.load()))) == [("categories.total", "error", "proactive.total", 18.0, 23.0)]
    # 其他类 closing the partition and a topic count after it: the topic is not summed.
    w = Warehouse()
    w.report("a", template="v2021")
    w.value("a", "proactive.total", 1000, method="prose")
    for label, value in (("政策文件", 300), ("人事信息", 200), ("其他类", 500), ("疫情防控", 120)):
        w.category("a", "proactive.total", label, value)
    assert _flags(run_checks(w.load())).empty


def _unnamed_whole(w: Warehouse, report: str, entries: list[tuple[str, float, float | None]], total: float | None,
                   kind: str = "partial") -> None:
    """'全年接受咨询约4900人次，其中现场咨询1600人次、电话咨询…': a list under a whole that is no catalog metric."""
    for label, value, share in entries:
        w.category(report, None, label, value, share=share, kind=kind, list_total=total, parent_label="咨询")


def test_a_list_under_a_whole_that_is_no_metric_is_compared_with_the_whole_it_states():
    w = Warehouse()
    w.report("a", template="v2008", year=2013)
    _unnamed_whole(w, "a", [("现场咨询", 1600, None), ("电话咨询", 2100, None), ("网上咨询", 1200, None)], 4900)  # adds up
    w.report("b", template="v2008", year=2013, agency_id="ag_2")
    _unnamed_whole(w, "b", [("现场咨询", 1600, None), ("电话咨询", 2100, None), ("网上咨询", 1300, None)], 4900, kind="complete")
    findings = _flags(run_checks(w.load()))
    assert _rows(findings) == [("categories.total", "error", None, 4900.0, 5000.0)]
    assert findings.report_id.tolist() == ["b"]
    assert "咨询" in findings.message.iloc[0] and "1300" in findings.message.iloc[0]


def test_a_share_of_a_whole_that_is_no_metric_is_checked_and_named():
    w = Warehouse()
    w.report("a", template="v2008", year=2013)
    _unnamed_whole(w, "a", [("现场咨询", 1600, 32.7), ("电话咨询", 2100, 49.0), ("网上咨询", 1200, 24.5)], 4900)
    findings = _flags(run_checks(w.load()))
    assert _rows(findings) == [("categories.share", "warn", None, 49.0, 43.0)]
    assert "咨询" in findings.message.iloc[0]


def test_a_list_under_a_whole_that_is_no_metric_and_states_no_total_is_skipped():
    w = Warehouse()
    w.report("a", template="v2008", year=2013)
    _unnamed_whole(w, "a", [("现场咨询", 1600, 40.0), ("电话咨询", 2100, 50.0), ("网上咨询", 1200, None)], None)
    w.value("a", "proactive.total", 4900, method="prose")  # a metric's value is not the unnamed whole's
    assert _flags(run_checks(w.load())).empty


def test_a_few_highlights_introduced_by_qizhong_are_not_a_breakdown():
    w = Warehouse()
    w.report("a", template="v2008", year=2015)
    w.value("a", "proactive.total", 2000, method="prose")
    _main_categories(w, "a", "partial", [("政策文件", 100, None), ("人事信息", 200, None)])  # 其中…: 15% of the total
    assert run_checks(w.load()).empty


def test_a_partial_list_above_its_total_is_flagged():
    w = Warehouse()
    w.report("a", template="v2008", year=2015)
    w.value("a", "proactive.total", 300, method="prose")
    _main_categories(w, "a", "partial", [("政策文件", 100, None), ("人事信息", 250, None)])
    assert _rows(run_checks(w.load())) == [("categories.total", "warn", "proactive.total", 300.0, 350.0)]


def test_nested_levels_and_overlapping_channels_are_not_summed():
    w = Warehouse()
    w.report("a", template="v2008", year=2013)
    # 可在线申办4008项(一级深度3489项、二级深度3323项、三级深度3264项)
    for label, value in (("一级深度", 3489), ("二级深度", 3323), ("三级深度", 3264)):
        w.category("a", "proactive.total", label, value, list_no=1, list_total=4008)
    # 通过政府网站公开1200条、政务微博公开800条、政务微信公开760条: the same information in several channels
    w.value("a", "proactive.total", 1200, method="prose")
    for label, value in (("政府网站", 1200), ("政务微博", 800), ("政务微信", 760)):
        w.category("a", "proactive.total", label, value, list_no=2)
    assert run_checks(w.load()).empty


def test_a_level_larger_than_its_total_is_still_implausible():
    w = Warehouse()
    w.report("a", template="v2008", year=2013)
    for label, value in (("一级深度", 4100), ("二级深度", 3323)):
        w.category("a", "proactive.total", label, value, list_total=4008)
    assert _rows(run_checks(w.load())) == [("plausibility.part_exceeds_whole", "warn", "proactive.total", 4008.0, 4100.0)]


def test_a_list_without_a_stated_total_is_not_compared():
    w = Warehouse()
    w.report("a", template="v2008", year=2011)
    _main_categories(w, "a", "complete", [("机构职能人事任免", 222, None), ("政策及规范性文件", 59, None)])
    assert run_checks(w.load()).empty


def test_a_share_beyond_rounding_is_flagged_and_rounding_is_not():
    w = Warehouse()
    w.report("a", template="v2008", year=2011)
    w.value("a", "proactive.total", 425, method="prose")
    _main_categories(w, "a", "complete", [("县直各单位", 303, 71.3), ("各乡镇", 122, 28.7)])
    # 21/425 = 4.94% printed 4.9; 8/425 = 1.88% printed 1.9; 63/425 = 14.82% printed as 15.8
    for list_no_entry in (("政策", 21, 4.9), ("许可", 8, 1.9), ("应急", 63, 15.8), ("其他", 333, 78.4)):
        label, value, share = list_no_entry
        w.category("a", "proactive.total", label, value, share=share, list_no=2, kind="complete")
    findings = run_checks(w.load())
    assert _rows(findings) == [("categories.share", "warn", "proactive.total", 15.8, 14.8)]
    assert "63 / 425 = 14.82%" in findings.message.iloc[0]


def test_a_share_printed_without_decimals_has_half_a_point_of_slack():
    w = Warehouse()
    w.report("a", template="v2008", year=2018)
    w.value("a", "proactive.total", 2589, method="prose")
    w.category("a", "proactive.total", "安全生产应急管理", 441, share=17, kind="partial")  # 17.03%
    w.category("a", "proactive.total", "为民办实事", 576, share=23, kind="partial")  # 22.25%: more than half a point off
    assert _rows(run_checks(w.load())) == [("categories.share", "warn", "proactive.total", 23.0, 22.0)]


def test_amounts_with_decimals_are_compared_within_their_rounding():
    w = Warehouse()
    w.report("a", template="v2008", year=2014)
    w.value("a", "fees.amount", 3.7)
    for n, value in enumerate((1.2, 1.2, 1.2)):  # 1.24 + 1.24 + 1.24 = 3.72 printed as 3.7: consistent
        w.category("a", "fees.amount", f"费用{n}", value)
    w.report("b", template="v2008", year=2014, agency_id="ag_2")
    w.value("b", "fees.amount", 3.9)
    for n, value in enumerate((1.2, 1.2, 1.2)):
        w.category("b", "fees.amount", f"费用{n}", value)
    findings = run_checks(w.load())
    assert findings.report_id.tolist() == ["b"] and _rows(findings) == [("categories.total", "error", "fees.amount", 3.9, 3.6)]


# --- cross-section ---------------------------------------------------------------------------------------


def test_prose_that_disagrees_with_the_table_is_reported_once_per_value():
    w = Warehouse()
    w.report("a", template="v2021")
    w.value("a", "review.total", 3, method="prose", snippet="全年发生行政复议3件", at=100)
    w.value("a", "review.total", 4, method="table", snippet="4", at=900)
    w.value("a", "review.total", 3, method="prose", snippet="行政复议3件", at=1500)
    w.value("a", "proactive.total", 14571, method="prose", at=50)
    w.value("a", "proactive.total", 14571, method="prose", at=60)
    findings = run_checks(w.load())
    assert _rows(findings[findings.check_name != "completeness.standard_table"]) == [
        ("cross_section.restated", "warn", "review.total", 3.0, 4.0)
    ]
    assert findings[findings.check_name == "cross_section.restated"].snippet.tolist() == ["全年发生行政复议3件"]


def test_findings_about_values_without_a_snippet_still_explain_themselves():
    w = Warehouse()
    w.report("a", template="v2021")
    w.value("a", "review.total", 3, method="prose", snippet="全年发生行政复议3件")
    w.value("a", "review.total", 4, method="table")
    w.mentions[-1]["snippet"] = None
    findings = run_family(w.load(), "cross_section")
    assert findings.message.tolist() == ["行政复议数量 [review.total] is stated as 4 in the table but as 3 in the prose"]


def test_one_stretch_of_text_read_two_ways_is_not_a_restatement():
    """'主动公开信息数条273812385' (2738 this year, 12385 cumulative, run together) read as 2 and as 73812385."""
    w = Warehouse()
    w.report("a", template="v2008", year=2015)
    w.value("a", "proactive.total", 2738, method="prose", snippet="我区共主动公开政府信息2,738条", at=40)
    w.value("a", "proactive.total", 2, method="table", snippet="主动公开信息数条273812385", at=900)
    w.value("a", "proactive.total", 73812385, method="table", snippet="主动公开信息数条273812385", at=900)
    assert run_family(w.load(), "cross_section").empty


def test_a_table_row_of_another_metric_read_as_prose_is_not_a_restatement():
    """The prose pattern for 收到申请…件 caught the table row '二、上年结转政府信息公开申请数量 0' as 本年新收 0."""
    w = Warehouse()
    w.report("a", template="v2021")
    w.value("a", "requests.new_received", 23, method="table", snippet="一、本年新收政府信息公开申请数量 23 0 0 0 0 0 23", at=2180)
    w.value("a", "requests.carried_over", 0, method="table", snippet="二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0", at=2247)
    w.value("a", "requests.new_received", 0, method="prose", snippet="二、上年结转政府信息公开申请数量 0", at=2247)
    assert run_family(w.load(), "cross_section").empty
    # Prose of its own that disagrees with the table is still a restatement.
    w.value("a", "requests.new_received", 25, method="prose", snippet="全年共收到政府信息公开申请25件", at=300)
    assert _rows(run_family(w.load(), "cross_section")) == [("cross_section.restated", "warn", "requests.new_received", 25.0, 23.0)]


def _received(w: Warehouse, report: str, stated: float, new: float, carried_over: float | None) -> None:
    """A v2021 report whose prose says 收到申请N件 (evidence only) and whose table states 新收 and 上年结转."""
    w.report(report, template="v2021", agency_id=f"ag_{report}")
    w.value(report, "requests.new_received", new, method="table", snippet=f"一、本年新收政府信息公开申请数量 {new:g}", at=2180)
    if carried_over is not None:
        w.value(report, "requests.carried_over", carried_over, method="table", snippet=f"二、上年结转政府信息公开申请数量 {carried_over:g}", at=2247)
    w.value(report, "requests.new_received", stated, method="prose", snippet=f"全区收到政府信息公开申请{stated:g}件", at=300,
            evidence_only=True)


def test_requests_received_in_prose_is_new_or_new_plus_carried_over():
    """收到申请N件 counts 本年新收 alone in g19-006 (受理1295件, table 1295) and with 上年结转 in g19-010 (收到75件,
    table 74 + 1): either agrees; only a figure that is neither is flagged, as a warning."""
    w = Warehouse()
    _received(w, "g19-006", 1295, 1295, 189)
    _received(w, "g19-010", 75, 74, 1)
    _received(w, "off", 80, 74, 1)
    _received(w, "no_carry_row", 76, 74, None)
    findings = run_family(w.load(), "cross_section")
    assert sorted(_rows(findings)) == [
        ("cross_section.evidence", "warn", "requests.new_received", 76.0, 74.0),
        ("cross_section.evidence", "warn", "requests.new_received", 80.0, 74.0),
    ]
    messages = dict(zip(findings.report_id, findings.message))
    assert messages["off"].endswith("is 74 in the table (75 with 二、上年结转政府信息公开申请数量 [requests.carried_over] 1 added), "
                                    "but the prose states 80")
    assert messages["no_carry_row"].endswith("is 74 in the table, but the prose states 76")
    values = w.load().execute("SELECT report_id, value, method FROM metric_values ORDER BY ALL").fetchall()
    assert ("g19-010", 75.0, "prose") not in values, "evidence is never a value"


def test_requests_received_in_prose_without_a_table_is_no_value():
    w = Warehouse()
    w.report("a", template="v2021")
    w.value("a", "requests.new_received", 75, method="prose", snippet="全区收到政府信息公开申请75件", evidence_only=True)
    conn = w.load()
    assert conn.execute("SELECT count(*) FROM metric_values").fetchall() == [(0,)]
    assert run_family(conn, "cross_section").empty


def test_combined_litigation_prose_is_compared_with_direct_plus_after_review():
    w = Warehouse()
    w.report("a", template="v2021")
    w.value("a", "litigation.total", 46, method="prose", snippet="行政诉讼46件")
    w.value("a", "litigation.direct.total", 26)
    w.value("a", "litigation.after_review.total", 19)
    findings = run_family(w.load(), "cross_section")
    assert _rows(findings) == [("cross_section.combined", "warn", "litigation.total", 46.0, 45.0)]


# --- cross-year ------------------------------------------------------------------------------------------


def test_carried_over_requests_match_last_years_carried_forward_per_column():
    w = Warehouse()
    w.report("y2020", year=2020, template="v2019")
    w.value("y2020", "requests.carried_forward", 12, applicant="total")
    w.value("y2020", "requests.carried_forward", 10, applicant="natural_person")
    w.report("y2021", year=2021)
    w.value("y2021", "requests.carried_over", 12, applicant="total")
    w.value("y2021", "requests.carried_over", 9, applicant="natural_person")
    findings = run_family(w.load(), "cross_year")
    assert _rows(findings) == [("cross_year.carried_over", "warn", "requests.carried_over", 9.0, 10.0)]
    assert findings.report_id.tolist() == ["y2021"] and findings.year.tolist() == [2021]


def test_an_agency_with_two_different_reports_for_one_year_is_not_tied_across_years():
    """市中区人民政府 of 济南 and of 枣庄 read as one agency: 2020 has two different reports, one of them chosen for
    the year, so 2021's 上年结转 (from whichever 市中区 wrote it) says nothing about the chosen one's 结转下年度."""
    w = Warehouse()
    w.report("jinan_2020", agency_id="ag_shizhong", year=2020, agency_name="市中区人民政府")
    w.value("jinan_2020", "requests.carried_forward", 4)
    w.value("jinan_2020", "requests.new_received", 120)  # states more, so agency_year_reports chooses it
    w.report("zaozhuang_2020", agency_id="ag_shizhong", year=2020, agency_name="市中区人民政府")
    w.value("zaozhuang_2020", "requests.carried_forward", 2)
    w.report("zaozhuang_2021", agency_id="ag_shizhong", year=2021, agency_name="市中区人民政府")
    w.value("zaozhuang_2021", "requests.carried_over", 2)
    w.report("one_2020", agency_id="ag_one", year=2020)
    w.value("one_2020", "requests.carried_forward", 4)
    w.report("one_2021", agency_id="ag_one", year=2021)
    w.value("one_2021", "requests.carried_over", 2)
    findings = run_family(w.load(), "cross_year")
    assert _rows(findings) == [("cross_year.carried_over", "warn", "requests.carried_over", 2.0, 4.0)]
    assert findings.report_id.tolist() == ["one_2021"]


def test_last_years_figure_that_its_own_report_shows_wrong_does_not_blame_this_year():
    w = Warehouse()
    w.report("y2020", year=2020, template="v2019")
    # 2020's 结转下年度 row: the 法律服务机构 cell says 2 but the columns only make the 总计 5 with 0 there.
    _requests_row(w, "y2020", "requests.carried_forward", [3, 1, 0, 1, 2, 0], 5)
    w.report("y2021", year=2021)
    _requests_row(w, "y2021", "requests.carried_over", [3, 1, 0, 1, 0, 0], 5)
    findings = run_checks(w.load())
    assert _rows(_flags(findings)) == [("sum.applicant_columns", "error", "requests.carried_forward", 5.0, 7.0)]
    assert _flags(findings).report_id.tolist() == ["y2020"]
    # The same two reports with a consistent 2020 row that 2021 does not follow are a cross-year finding.
    w = Warehouse()
    w.report("y2020", year=2020, template="v2019")
    _requests_row(w, "y2020", "requests.carried_forward", [3, 1, 0, 1, 2, 0], 7)
    w.report("y2021", year=2021)
    _requests_row(w, "y2021", "requests.carried_over", [3, 1, 0, 1, 0, 0], 5)
    assert _rows(run_family(w.load(), "cross_year")) == [
        ("cross_year.carried_over", "warn", "requests.carried_over", 0.0, 2.0),
        ("cross_year.carried_over", "warn", "requests.carried_over", 5.0, 7.0),
    ]


def test_a_column_whose_flow_fails_last_year_is_not_compared_with_this_year():
    w = Warehouse()
    w.report("y2020", year=2020, template="v2019")
    w.values("y2020", {("requests.new_received", "research"): 2, ("requests.carried_over", "research"): 0,
                       ("requests.processed_total", "research"): 2, ("requests.carried_forward", "research"): 1})
    w.report("y2021", year=2021)
    w.value("y2021", "requests.carried_over", 0, applicant="research")
    assert _rows(_flags(run_checks(w.load()))) == [("sum.flow", "error", "requests.carried_forward", 2.0, 3.0)]
    w = Warehouse()
    w.report("a2019", year=2019, template="v2019")
    w.value("a2019", "requests.carried_forward", 12)
    w.report("a2021", year=2021)  # 2020 missing: nothing to compare with
    w.value("a2021", "requests.carried_over", 3)
    w.report("b2020", year=2020, agency_id="ag_2")
    w.value("b2020", "requests.carried_over", 7)
    assert run_family(w.load(), "cross_year").empty


def test_documents_in_force_follow_issued_and_repealed():
    w = Warehouse()
    w.report("y2021", year=2021)
    w.values("y2021", {("proactive.normative_docs.in_force", "total"): 189, ("proactive.regulations.in_force", "total"): 235})
    w.report("y2022", year=2022)
    # 189 + 34 − 55 = 168 in force; the report says 168. 规章: 235 + 22 − 10 = 247, but it says 250.
    w.values("y2022", {("proactive.normative_docs.issued", "total"): 34, ("proactive.normative_docs.repealed", "total"): 55,
                       ("proactive.normative_docs.in_force", "total"): 168, ("proactive.regulations.issued", "total"): 22,
                       ("proactive.regulations.repealed", "total"): 10, ("proactive.regulations.in_force", "total"): 250})
    findings = run_family(w.load(), "cross_year")
    assert _rows(findings) == [("cross_year.stock_flow", "warn", "proactive.regulations.in_force", 250.0, 247.0)]


def test_cells_split_out_of_one_glued_run_of_digits_are_not_compared_across_years():
    """A table flattened without separators: '行政规范性文件214' is 2 | 1 | 4 or, with a blank 废止 cell, 2 | | 14.
    Which one is a guess of extraction, so the stock of documents is not tied to last year's through it; the
    same row with its cells apart ('行政规范性文件 2 1 4') still is."""
    def two_years(w: Warehouse, agency: str, row_2024: str) -> None:
        w.report(f"{agency}_2023", agency_id=agency, year=2023)
        w.value(f"{agency}_2023", "proactive.normative_docs.in_force", 12, snippet="行政规范性文件 | 1 | 0 | 12")
        w.report(f"{agency}_2024", agency_id=agency, year=2024)
        for metric_id, value in (("issued", 2), ("repealed", 1), ("in_force", 4)):
            w.value(f"{agency}_2024", f"proactive.normative_docs.{metric_id}", value, snippet=row_2024, at=500)

    w = Warehouse()
    two_years(w, "ag_glued", "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章3行政规范性文件214")
    two_years(w, "ag_apart", "行政规范性文件 2 1 4")
    findings = run_family(w.load(), "cross_year")
    assert _rows(findings) == [("cross_year.stock_flow", "warn", "proactive.normative_docs.in_force", 4.0, 13.0)]
    assert findings.report_id.tolist() == ["ag_apart_2024"]


def test_a_cumulative_figure_never_decreases_even_across_a_gap():
    w = Warehouse()
    for year, cumulative in ((2012, 1516), (2013, 1900), (2015, 1850), (2016, 2400)):
        w.report(f"y{year}", year=year, template="v2008")
        w.value(f"y{year}", "proactive.total", cumulative, period="cumulative")
    findings = run_family(w.load(), "cross_year")
    assert _rows(findings) == [("cross_year.cumulative_decrease", "warn", "proactive.total", 1850.0, 1900.0)]
    assert findings.year.tolist() == [2015]


# --- completeness --------------------------------------------------------------------------------------


def test_a_standard_report_without_a_table_gets_one_note_per_missing_table():
    w = Warehouse()
    w.report("a", template="v2021")
    w.value("a", "requests.new_received", 32, applicant="total")  # only table 三 was read
    w.value("a", "review.total", 0, method="prose")  # prose does not stand in for table 四
    w.report("old", template="v2008", year=2015, agency_id="ag_2")
    w.value("old", "proactive.total", 50, method="prose")
    findings = run_checks(w.load())
    assert set(findings.severity) == {"info"} and set(findings.report_id) == {"a"}
    assert sorted(m.split("standard table ")[1][0] for m in findings.message) == ["二", "四"]


def test_an_included_report_without_agency_or_year_is_noted_and_an_excluded_one_is_not():
    w = Warehouse()
    w.report("a", agency_id=None, agency_name=None, year=2011, template="v2008")
    w.report("b", year=None, template="v2008", agency_id="ag_2")
    w.report("essay", agency_id=None, agency_name=None, year=None, included=False, template="narrative")
    findings = run_checks(w.load())
    assert findings[["check_name", "report_id"]].values.tolist() == [["completeness.identity", "a"], ["completeness.identity", "b"]]


# --- plausibility --------------------------------------------------------------------------------------


def test_negative_counts_are_implausible_but_a_change_may_be_negative():
    w = Warehouse()
    w.report("a", template="v2019")
    w.value("a", "proactive.licensing.items_change", -3)  # 本年增/减
    w.value("a", "proactive.penalty.decisions", -12)
    findings = _flags(run_checks(w.load()))
    assert _rows(findings.drop(columns="computed").assign(computed=None)) == [
        ("plausibility.negative", "warn", "proactive.penalty.decisions", -12.0, None)
    ]


def test_stated_parts_that_exceed_their_whole_are_implausible():
    w = Warehouse()
    w.report("a", template="v2008")
    # "受理申请5件，其中网上申请6件，当面申请1件": the other channels are not stated
    w.value("a", "requests.received", 5, method="prose")
    w.value("a", "requests.received.online", 6, method="prose")
    w.value("a", "requests.received.in_person", 1, method="prose")
    assert _rows(run_checks(w.load())) == [("plausibility.part_exceeds_whole", "warn", "requests.received", 5.0, 7.0)]


def test_a_cumulative_figure_below_the_years_own_is_implausible():
    w = Warehouse()
    w.report("a", template="v2008", year=2011)
    w.value("a", "proactive.total", 425)
    w.value("a", "proactive.total", 415, period="cumulative")
    assert _rows(run_checks(w.load())) == [("plausibility.cumulative_below_year", "warn", "proactive.total", 415.0, 425.0)]


def test_a_value_far_outside_the_agencys_history_is_flagged():
    w = Warehouse()
    history = {2015: 820, 2016: 910, 2017: 760, 2018: 88_000, 2019: 870}
    small = {2015: 2, 2016: 3, 2017: 2, 2018: 40, 2019: 3}  # 20× but only 38 more: not worth a warning
    for year, value in history.items():
        w.report(f"y{year}", year=year, template="v2008" if year < 2019 else "v2019")
        w.value(f"y{year}", "proactive.total", value, method="prose")
        w.value(f"y{year}", "review.total", small[year], method="prose")
    findings = run_family(w.load(), "plausibility")
    assert _rows(findings) == [("plausibility.outlier", "warn", "proactive.total", 88_000.0, 845.0)]
    assert findings.year.tolist() == [2018]


def _history(w: Warehouse, agency_id: str, metric_id: str, history: dict[int, float]) -> None:
    for year, value in history.items():
        w.report(f"{agency_id}-{year}", agency_id=agency_id, year=year, template="v2008" if year < 2019 else "v2019")
        w.value(f"{agency_id}-{year}", metric_id, value, method="prose")


def test_a_drop_against_a_steady_history_is_flagged_too():
    w = Warehouse()
    _history(w, "ag_1", "proactive.total", {2015: 1_420, 2016: 1_610, 2017: 84, 2018: 1_530})
    findings = run_family(w.load(), "plausibility")
    assert _rows(findings) == [("plausibility.outlier", "warn", "proactive.total", 84.0, 1_530.0)]
    assert findings.year.tolist() == [2017]


def test_no_history_is_judged_for_an_agency_with_two_different_reports_for_one_year():
    """鼓楼区 of 南京 and of 福州 read as one agency: their years interleave, so neither's figure is an outlier
    against the other's history."""
    w = Warehouse()
    _history(w, "ag_gulou", "proactive.total", {2015: 1_420, 2016: 1_610, 2017: 84, 2018: 1_530})
    w.report("gulou_2016_other", agency_id="ag_gulou", year=2016)
    w.value("gulou_2016_other", "proactive.total", 90)
    assert run_family(w.load(), "plausibility").empty


def test_a_year_with_none_of_a_kind_is_no_outlier():
    """2.没有现成信息需要另行制作: 150, 0, 117, 167. A year in which nothing of a kind happened is a figure a count
    can take any year; a misread or mistyped one (an extra digit, 万 taken for 1) is not 0."""
    w = Warehouse()
    _history(w, "ag_1", "requests.unable.needs_creation", {2021: 150, 2022: 0, 2023: 117, 2024: 167})
    assert run_family(w.load(), "plausibility").empty


def test_a_year_outside_a_history_that_already_swings_widely_is_not_an_outlier():
    # 9 items against 429…2331: the other years already differ fivefold, so no single year stands out.
    w = Warehouse()
    _history(w, "ag_1", "proactive.total", {2013: 429, 2014: 2_331, 2015: 9, 2016: 749})
    _history(w, "ag_2", "proactive.licensing.decisions", {2019: 150, 2020: 2_900, 2021: 31_000, 2022: 1_200})
    assert run_family(w.load(), "plausibility").empty


def test_small_counts_are_not_judged_against_their_history():
    # 12, 15, 11 requests, then 160: ten times more, but a handful of requests jumps by chance.
    w = Warehouse()
    _history(w, "ag_1", "requests.received", {2014: 12, 2015: 15, 2016: 160, 2017: 11})
    assert run_family(w.load(), "plausibility").empty


def test_history_needs_three_other_years():
    w = Warehouse()
    for year, value in {2016: 800, 2017: 900, 2018: 88_000}.items():
        w.report(f"y{year}", year=year, template="v2008")
        w.value(f"y{year}", "proactive.total", value, method="prose")
    assert run_family(w.load(), "plausibility").empty


# --- the engine API --------------------------------------------------------------------------------------


def test_findings_follow_the_check_results_layout_and_name_their_family():
    w = Warehouse()
    w.report("a", template="v2008", year=2011, agency_id="ag_7")
    w.value("a", "review.total", 2)
    for metric_id in ("review.upheld", "review.corrected", "review.other"):
        w.value("a", metric_id, 0)
    findings = run_checks(w.load())
    assert list(findings.columns) == FINDING_COLUMNS
    assert findings[["agency_id", "year"]].values.tolist() == [["ag_7", 2011]]
    assert {name.split(".")[0] for name in findings.check_name} <= set(FAMILIES)
    assert set(findings.severity) <= {"error", "warn", "info"}


def test_the_check_data_files_load_and_name_only_catalog_metrics():
    validate()  # raises on a metric id metrics.csv does not have, or a pattern that does not compile
    assert settings().table_breakdown_templates == ("v2008",)
    assert {"proactive.licensing.items_change", "proactive.fees.items_change"} <= signed_metrics()
    assert not non_additive_patterns().empty and len(balances()) >= 1


@pytest.mark.parametrize("family", list(FAMILIES))
def test_every_family_runs_on_an_empty_warehouse(family):
    assert run_family(Warehouse().load(), family).empty


def _several_reports_with_findings() -> Warehouse:
    w = Warehouse()
    for n in range(6):
        w.report(f"r{n}", template="v2008", year=2015, agency_id=f"ag_{n}")
        for metric_id, value in {"review.total": 7, "review.upheld": 4, "review.corrected": 1, "review.other": 2 + n % 2}.items():
            w.value(f"r{n}", metric_id, value)
        w.value(f"r{n}", "requests.received", 5, method="prose")
        w.value(f"r{n}", "requests.received.online", 4 + n, method="prose")
    w.report("y2020", year=2020, template="v2019", agency_id="ag_x")
    _requests_row(w, "y2020", "requests.carried_forward", [3, 1, 0, 1, 2, 0], 7)
    w.report("y2021", year=2021, agency_id="ag_x")
    _requests_row(w, "y2021", "requests.carried_over", [3, 1, 0, 1, 0, 0], 5)
    return w


def test_checks_run_report_batch_by_report_batch_with_the_same_findings(monkeypatch):
    import pipeline.checks.rulebook as rulebook_module
    from dataclasses import replace

    conn = _several_reports_with_findings().load()
    whole = run_checks(conn)
    assert len(_flags(whole)) >= 6 and set(whole.report_id) > {"r1", "r3", "y2021"}
    one_report_each = replace(settings(), batch_reports=1)
    monkeypatch.setattr(rulebook_module, "settings", lambda: one_report_each)
    from pipeline.checks import parts
    assert len(parts.report_batches(conn)) == 8
    batched = run_checks(conn)
    pd.testing.assert_frame_equal(whole, batched)


def test_the_memory_limit_is_lowered_while_the_checks_run_and_restored_after():
    conn = _several_reports_with_findings().load()
    conn.execute("SET memory_limit = '3GB'")
    before = conn.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    from pipeline.checks.findings import memory_bounded
    with memory_bounded(conn):
        inside = conn.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    assert inside != before and inside.endswith("MiB")
    run_checks(conn)
    assert conn.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == before
    fresh = _several_reports_with_findings().load()  # the default limit comes back exactly
    default = fresh.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    run_checks(fresh)
    assert fresh.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == default


def _requests_result_rows(w: Warehouse, report: str, rows: dict[str, float], subtotals: dict[str, float]) -> None:
    """The total column of table 三's result rows, with the 小计 rows some agencies print."""
    for metric_id, value in {**rows, **subtotals}.items():
        w.value(report, metric_id, value)
    w.value(report, "requests.processed_total", sum(rows[m] for m in rows if m.count(".") == 1)
            + sum(subtotals.values()))


def _grouped_result_rows(template: str, groups: tuple[str, ...], base: dict[str, float], cell: float
                         ) -> tuple[dict[str, float], dict[str, float]]:
    """Result rows: `base` plus every reason of each group the template has, each `cell`; and each group's 小计."""
    from pipeline.catalog import load_catalog

    catalog = load_catalog()
    rows = dict(base)
    for group in groups:
        for child in catalog.children(group):
            if child.applies_to(template):
                rows[child.metric_id] = cell
    return rows, {g: sum(v for m, v in rows.items() if m.startswith(g + ".")) for g in groups}


def test_a_total_is_checked_against_the_rows_when_a_subtotal_row_between_them_is_wrong():
    groups = ("requests.denied", "requests.unable", "requests.not_processed", "requests.other")
    rows, subtotals = _grouped_result_rows("v2021", groups, {"requests.granted": 300, "requests.partially_granted": 12}, 1)
    w = Warehouse()
    w.report("ok", template="v2021", agency_id="ag_1")
    _requests_result_rows(w, "ok", rows, subtotals)
    w.report("bad", template="v2021", agency_id="ag_2")
    bad_rows = {**rows, "requests.denied.administrative_query": 3}  # the 小计 still says 8, the rows make 10
    _requests_result_rows(w, "bad", bad_rows, subtotals)
    findings = _flags(run_family(w.load(), "sum"))
    stated_total = 300 + 12 + sum(subtotals.values())
    assert sorted(_rows(findings)) == [
        ("sum.parent_children", "error", "requests.denied", 8.0, 10.0),
        ("sum.parent_rows", "error", "requests.processed_total", float(stated_total), float(stated_total + 2)),
    ]
    assert set(findings.report_id) == {"bad"}
    assert "(sum of its rows)" in findings[findings.check_name == "sum.parent_rows"].message.iloc[0]


def test_a_wrong_subtotal_row_is_named_and_the_total_that_matches_the_rows_is_not():
    """（三）不予公开 printed with figures of its own, one more than its eight reasons, while （七）总计 is the sum of
    the result rows: the 小计 row is wrong, the total is right, so only the 小计 is reported."""
    groups = ("requests.denied", "requests.unable", "requests.not_processed", "requests.other")
    rows, subtotals = _grouped_result_rows("v2021", groups, {"requests.granted": 300, "requests.partially_granted": 12}, 1)
    w = Warehouse()
    w.report("bad", template="v2021", agency_id="ag_2")
    for metric_id, value in {**rows, **subtotals, "requests.denied": subtotals["requests.denied"] + 1}.items():
        w.value("bad", metric_id, value)
    w.value("bad", "requests.processed_total", 300 + 12 + sum(subtotals.values()))
    findings = _flags(run_family(w.load(), "sum"))
    denied = float(subtotals["requests.denied"])
    assert _rows(findings) == [("sum.parent_children", "error", "requests.denied", denied + 1, denied)]


def test_in_v2019_the_other_row_is_a_row_when_the_total_is_checked_against_the_rows():
    """v2019's （六）其他处理 has no reasons under it (v2021's three are its rows): it is a row of its own, not a
    小计 to replace by rows the table does not have. syn0002348 (3,000-report sample): 不予处理 小计 20 over rows
    making 22, （七）总计 222 through the 小计 rows; the rows make 224, which went unreported."""
    groups = ("requests.denied", "requests.unable", "requests.not_processed")
    base = {"requests.granted": 123, "requests.partially_granted": 19, "requests.other": 10}
    rows, subtotals = _grouped_result_rows("v2019", groups, base, 2)
    w = Warehouse()
    w.report("bad", template="v2019", agency_id="ag_2")
    _requests_result_rows(w, "bad", {**rows, "requests.not_processed.excessive": 4}, subtotals)
    findings = _flags(run_family(w.load(), "sum"))
    stated_total = 123 + 19 + 10 + sum(subtotals.values())
    assert sorted(_rows(findings)) == [
        ("sum.parent_children", "error", "requests.not_processed", float(subtotals["requests.not_processed"]),
         float(subtotals["requests.not_processed"] + 2)),
        ("sum.parent_rows", "error", "requests.processed_total", float(stated_total), float(stated_total + 2)),
    ]


def test_last_years_row_whose_stated_columns_exceed_its_total_does_not_blame_this_year():
    """2020: 结转下年度 总计 1, 自然人 1, 商业企业 5, the rest dashes (not stated): the row is wrong in 2020 itself."""
    w = Warehouse()
    w.report("y2020", year=2020, template="v2019")
    w.values("y2020", {("requests.carried_forward", "total"): 1, ("requests.carried_forward", "natural_person"): 1,
                       ("requests.carried_forward", "commercial"): 5})
    w.report("y2021", year=2021)
    w.values("y2021", {("requests.carried_over", "total"): 1, ("requests.carried_over", "natural_person"): 1,
                       ("requests.carried_over", "commercial"): 0})
    findings = _flags(run_checks(w.load()))
    assert _rows(findings) == [("plausibility.part_exceeds_whole", "warn", "requests.carried_forward", 1.0, 6.0)]
    assert findings.report_id.tolist() == ["y2020"]


# --- blank cells -------------------------------------------------------------------------------------------

COLUMN_ORDER = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org")


def test_a_blank_cell_is_an_empty_part_but_never_a_whole():
    w = Warehouse()
    w.report("a", template="v2021")
    # 总计 12 over the six columns, two of them blank: 5 + 4 + 2 = 11, one short.
    _requests_row(w, "a", "requests.granted", [5, 4, 0, 0, 2, 0], 12)
    for column in ("research", "social_welfare", "other_org"):
        w.mentions = [m for m in w.mentions if not (m["applicant"] == column and m["metric_id"] == "requests.granted")]
        w.value("a", "requests.granted", None, applicant=column, snippet="（一）予以公开 | 5 | 4 | / | / | 2 | / | 12")
    # A blank 总计 with figures in its columns is no stated whole: nothing to compare.
    w.values("a", {("requests.partially_granted", c): v for c, v in zip(COLUMN_ORDER, [1, 0, 0, 0, 0, 0])})
    w.value("a", "requests.partially_granted", None, applicant="total")
    findings = run_checks(w.load())
    sums = findings[findings.check_name.str.startswith("sum.")]
    assert _rows(sums) == [("sum.applicant_columns", "error", "requests.granted", 12.0, 11.0)]
    assert "(blank cell)" in sums.message.iloc[0]


def test_a_whole_whose_parts_are_all_blank_is_not_judged():
    w = Warehouse()
    w.report("a", template="v2021")
    w.value("a", "requests.granted", 3)
    for column in COLUMN_ORDER:
        w.value("a", "requests.granted", None, applicant=column)
    assert run_checks(w.load()).query("check_name.str.startswith('sum.')", engine="python").empty

