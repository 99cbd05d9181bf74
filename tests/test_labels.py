"""Row labels -> metric ids (catalog labels and aliases, then word similarity), and standard row matching."""

from __future__ import annotations

import logging

import pytest

from pipeline.catalog import load_catalog
from pipeline.extract.alignment import align, row_score
from pipeline.extract.labels import core, leading_marker, match_metric
from pipeline.extract.standard_template import standard_rows
from pipeline.segment import cut


@pytest.mark.parametrize(
    ("label", "metric_id"),
    [
        # provincial (Fujian) statistics-table rows as the corpus prints them
        ("主动公开信息数", "proactive.total"),
        ("主动公开文件数", "proactive.total"),
        ("其中:1.网站公开", "proactive.channel.website"),
        ("其中：1.政府网站公开数", "proactive.channel.website"),
        ("2.政府公报公开", "proactive.channel.gazette"),
        ("受理依申请公开信息总数", "requests.received"),
        ("受理政府信息公开申请总数", "requests.received"),
        ("6.其它形式申请数", "requests.received.other"),
        ("3.信函、传真申请数", "requests.received.mail"),
        ("对申请的答复数", "requests.answered"),
        ("3.否决公开答复数", "requests.answered.denied"),
        ("3.不予公开答复数", "requests.answered.denied"),
        ("接受行政申诉、举报数", "complaints.total"),
        ("行政申诉数", "complaints.total"),
        # national rows, numbering and notes in parentheses removed
        ("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "proactive.total"),
        ("1.专职人员数（不包括政府公报及政府网站工作人员数）", "org.staff.full_time"),
        # wording not in the catalog, close enough in words
        ("主要负责人参加新闻发布会次数", "response.press_conferences_heads"),
        ("政府网站公开的信息数", "proactive.channel.website"),
    ],
)
def test_labels_name_their_metric(label, metric_id):
    match = match_metric(label, "v2008")
    assert match is not None and match.metric_id == metric_id


@pytest.mark.parametrize("label", ["3.电子邮件申请数", "组织机构", "工作动态", "合计", "总计", "其他", "政务公开栏更新期数"])
def test_labels_without_a_metric_match_nothing(label):
    assert match_metric(label, "v2008") is None


def test_a_label_shared_by_two_sections_needs_its_parent_row():
    assert match_metric("（二）被依法纠错数", "v2008") is None
    assert match_metric("（二）被依法纠错数", "v2008", "review.total").metric_id == "review.corrected"
    assert match_metric("（二）被依法纠错数", "v2008", "litigation.total").metric_id == "litigation.corrected"
    assert match_metric("（一）维持具体行政行为数", "v2008", "complaints.total").metric_id == "complaints.upheld"


def test_template_limits_the_candidates():
    assert match_metric("部分公开", "v2008").metric_id == "requests.answered.partial"
    assert match_metric("部分公开", "v2021").metric_id == "requests.partially_granted"


def test_core_and_marker():
    assert core("（三）不予公开") == "不予公开"
    assert core("3.危及“三安全一稳定”") == "危及三安全一稳定"
    assert core("其中：1.网站公开 条") == "网站公开条"
    assert leading_marker("（三）不予公开") == "(三)"
    assert leading_marker("1、申请人无正当理由逾期不补正") == "1"
    assert leading_marker("第二十条第（一）项") is None


def test_fragments_of_wrapped_labels_still_score():
    rows = {r.metric_ids[0]: r for r in standard_rows("requests", "v2021")}
    partial = rows["requests.partially_granted"]
    assert row_score("（二）部分公开（区分处理的，只计这一情", partial) > 0.6
    overdue = rows["requests.other.overdue_fee"]
    assert row_score("2.申请人逾期未按收费通知要求 他处理 府信息公开申请 缴纳费用、 行政机关不再处理其政", overdue) > 0.8
    assert row_score("3.其他", rows["requests.other.other"]) == 1.0
    assert row_score("2.其他法律行政法规禁止公开", rows["requests.other.other"]) < 0.5


def test_alignment_uses_order_for_shared_fragments_and_unlabelled_rows():
    template = standard_rows("requests", "v2021")
    labels = [row.label for row in template if not row.optional]
    labels[labels.index("5.要求行政机关确认或重新出具已获取信息")] = ""  # a row the converter left without label
    labels[labels.index("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")] = "行政机关不再处理其政府信息公"
    alignment = align(labels, template)
    placed = [template[slot].metric_ids[0] for slot in alignment.slots]
    assert placed == [row.metric_ids[0] for row in template if not row.optional]


def test_unlabelled_rows_are_not_placed_when_the_count_does_not_force_it():
    template = standard_rows("requests", "v2021")
    labels = ["一、本年新收政府信息公开申请数量", "", "（七）总计"]  # one figure row for many possible rows
    alignment = align(labels, template)
    assert alignment.slots[1] is None


def test_rjieba_cuts_labels_as_jieba_does():
    jieba = pytest.importorskip("jieba")
    jieba.setLogLevel(logging.ERROR)
    labels = [name for metric in load_catalog().metrics for name in metric.names]
    labels += ["否决公开答复数", "电子邮件申请数", "主要负责人参加新闻发布会次数", "平潭综合实验区管委会2011年政府信息公开情况统计表"]
    for label in labels:
        assert list(cut(label)) == jieba.lcut(label)


def test_best_text_score_is_the_best_of_text_score_over_the_names() -> None:
    from pipeline.extract.labels import best_text_score, core, text_score
    from pipeline.extract.standard_template import TEMPLATES, standard_rows

    printed = ["（一）予以公开", "1.属于国家秘密", "本机关不掌握相关政府信息", "其他", "予", "行政法复议", "要求行政机关确认或重新出具已获取信息", ""]
    for table in ("proactive", "requests", "review"):
        for template in TEMPLATES:
            for row in standard_rows(table, template):
                for label in printed:
                    label_core = core(label)
                    assert best_text_score(label_core, row.names) == max((text_score(label_core, n) for n in row.names), default=0.0)
