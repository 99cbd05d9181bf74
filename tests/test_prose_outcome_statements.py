"""Review and litigation outcomes written as prose: the v2019+ litigation table's two groups (未经复议直接起诉,
复议后起诉) with their own outcomes, a count whose outcome is stated once for all of it (均维持原行政行为),
驳回复议请求 (upheld) beside 驳回复议申请 (other), and cases still being heard. Expected figures by hand."""

from __future__ import annotations

import pytest

from pipeline.extract.prose import extract_prose
from pipeline.model import Document, Identity


def stated(body: str, template: str, year: int) -> dict[str, float]:
    text = "某市生态环境局政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n" + body + "\n五、存在的主要问题\n个别科室认识不足。"
    extraction = extract_prose(Document("t", 1, "annual_report", text), Identity(template=template, year=year))
    assert all(text[v.char_start : v.char_end] == v.snippet for v in extraction.values)
    values: dict[str, float] = {}
    for value in extraction.values:
        assert value.metric_id not in values, value.metric_id
        values[value.metric_id] = value.value
    return values


def test_the_two_litigation_groups_list_their_own_outcomes() -> None:
    body = "本年度发生行政诉讼5件,其中未经复议直接起诉3件,结果维持2件,结果纠正1件;复议后起诉2件,结果维持1件,尚未审结1件。"
    assert stated(body, "v2019", 2020) == {
        "litigation.total": 5,
        "litigation.direct.total": 3, "litigation.direct.upheld": 2, "litigation.direct.corrected": 1,
        "litigation.after_review.total": 2, "litigation.after_review.upheld": 1, "litigation.after_review.pending": 1,
    }


def test_a_group_s_outcomes_in_brackets_add_up_by_kind() -> None:
    body = "未经复议直接起诉的案件3件(维持1件,驳回原告诉讼请求1件,撤诉1件),经复议后起诉1件(撤销1件)。"
    assert stated(body, "v2021", 2022) == {
        "litigation.direct.total": 3, "litigation.direct.upheld": 2, "litigation.direct.other": 1,
        "litigation.after_review.total": 1, "litigation.after_review.corrected": 1,
    }


def test_a_case_still_being_heard_is_pending_from_2019() -> None:
    assert stated("行政复议2件,其中维持1件,1件正在审理中。", "v2019", 2020) == {
        "review.total": 2, "review.upheld": 1, "review.pending": 1,
    }
    # before 2019 no metric holds the cases pending
    assert stated("行政复议2件,其中维持1件,1件正在审理中。", "v2008", 2016) == {"review.total": 2, "review.upheld": 1}


@pytest.mark.parametrize(
    ("body", "template", "expected"),
    [
        ("全年发生行政复议3件,均维持原行政行为。", "v2008", {"review.total": 3, "review.upheld": 3}),
        ("全年发生行政复议3件,全部予以维持;行政诉讼2件,均驳回原告诉讼请求。", "v2008",
         {"review.total": 3, "review.upheld": 3, "litigation.total": 2, "litigation.upheld": 2}),
        ("全年发生行政复议3件(均维持原具体行政行为)。", "v2008", {"review.total": 3, "review.upheld": 3}),
        ("本年度共收到行政复议申请1件,经审理维持原具体行政行为。", "v2008", {"review.total": 1, "review.upheld": 1}),
        # one clause stating the outcome of figures enumerated before it states it of each
        ("全年共发生行政复议案件2起、行政诉讼案件1起,均维持原具体行政行为。", "v2008",
         {"review.total": 2, "review.upheld": 2, "litigation.total": 1, "litigation.upheld": 1}),
        ("未经复议直接起诉2件,均维持。", "v2019", {"litigation.direct.total": 2, "litigation.direct.upheld": 2}),
        ("全年办结政府信息公开申请5件,全部予以公开。", "v2019", {"requests.processed_total": 5, "requests.granted": 5}),
        # an outcome that is no child of the figure, or words besides the outcome, state nothing more
        ("全年共受理申请20件,均已按时办结。", "v2008", {"requests.received": 20}),
        ("全年发生行政复议3件,均已审结。", "v2008", {"review.total": 3}),
        ("全年发生行政复议3件,均维持原行政行为及其他决定。", "v2008", {"review.total": 3}),
        ("2014年发生行政复议3件,均维持原行政行为。", "v2008", {}),  # another year's: neither is read
    ],
)
def test_an_outcome_stated_for_all_of_a_count_is_that_count(body: str, template: str, expected: dict) -> None:
    assert stated(body, template, 2020 if template != "v2008" else 2015) == expected


def test_the_staff_all_part_time_are_the_part_time_staff() -> None:
    values = stated("从事政府信息公开工作人员5人,均为兼职。", "v2008", 2015)
    assert values == {"org.staff": 5, "org.staff.part_time": 5}


def test_a_review_request_dismissed_on_its_merits_upholds_the_act() -> None:
    body = "全年发生行政复议3件,其中维持1件,驳回复议请求1件,驳回复议申请1件。"
    assert stated(body, "v2008", 2015) == {"review.total": 3, "review.upheld": 2, "review.other": 1}


def test_a_bare_dismissal_is_left_unread() -> None:
    # 驳回 may be 驳回复议请求 (upheld) or 驳回复议申请 (other): the text does not say which
    assert stated("全年发生行政复议3件,其中维持1件,驳回2件。", "v2008", 2015) == {"review.total": 3, "review.upheld": 1}


def test_a_child_named_in_full_opens_its_siblings_list() -> None:
    body = "本年度发生政府信息公开行政复议案件2件,行政诉讼案件1件。行政复议结果维持1件,结果纠正1件。"
    assert stated(body, "v2019", 2020) == {
        "review.total": 2, "litigation.total": 1, "review.upheld": 1, "review.corrected": 1,
    }


def test_the_first_character_pretest_skips_only_clauses_no_lead_word_opens() -> None:
    # _all_alike skips a clause whose first character no lead word starts with; with the pretest off (starts
    # unknown) every clause is tried: both must find the same outcomes
    import dataclasses

    from pipeline.extract.phrasebook import load_phrasebook
    from pipeline.extract.prose import _all_alike, bind_quantities
    from pipeline.extract.prose_view import build_view

    book = load_phrasebook()
    assert book.all_alike_starts is not None
    untested = dataclasses.replace(book)
    untested.__dict__["all_alike_starts"] = None
    leads = ["均", "全部予以", "经审理", "经复议后", "结果均为", "都已", "一律", "已", "被依法", "系", "是", "皆"]
    for lead in leads:
        for name in ("维持原行政行为", "维持", "兼职", "驳回原告诉讼请求"):
            for body in (f"全年发生行政复议3件,{lead}{name}。", f"工作人员5人,{lead}{name}。", f"行政诉讼2件({lead}{name})。"):
                view = build_view(body)
                quantities = bind_quantities(view, book, "v2008", 2015)
                found = [(q.metric_id, q.value) for q in _all_alike(view, book, quantities, "v2008")]
                assert found == [(q.metric_id, q.value) for q in _all_alike(view, untested, quantities, "v2008")]
    view = build_view("全年发生行政复议3件,全部予以维持。")
    assert [(q.metric_id, q.value) for q in _all_alike(view, book, bind_quantities(view, book, "v2008", 2015), "v2008")] == [
        ("review.upheld", 3)
    ]
