"""Outcomes of administrative reviews and lawsuits listed in prose (其中维持2件,撤销1件,确认违法1件,变更1件).

被依法纠错 (表四 结果纠正) counts every corrected outcome: 撤销, 变更, 确认违法 and 责令履行. Before, only 撤销 was
read, so "撤销1件,确认违法1件" gave review.corrected = 1 (a part as the whole) and the other outcomes were lost;
now the parts one list states add up, and the value's snippet holds every number it adds. A list that names
the whole as well (纠正2件(撤销1件,确认违法1件)) keeps the whole, without counting its parts again.
"""

from __future__ import annotations

import pytest

from pipeline.extract.prose import extract_prose
from pipeline.model import Document, Identity


def read(text: str, template: str = "v2008") -> list:
    document = Document(content_sha256="test", part=1, kind="annual_report", text=text)
    year = 2016 if template == "v2008" else 2021
    return [v for v in extract_prose(document, Identity(template=template, year=year)).values if not v.evidence_only]


def stated(text: str, template: str = "v2008") -> set[tuple[str, float]]:
    return {(v.metric_id, v.value) for v in read(text, template) if v.metric_id.startswith(("review", "litigation"))}


@pytest.mark.parametrize(
    ("text", "template", "expected"),
    [
        # every corrected wording of a review's list adds up to 被依法纠错
        ("本年度共发生政府信息公开行政复议案件5件,其中维持原具体行政行为2件,撤销1件,确认违法1件,变更1件。", "v2008",
         {("review.total", 5), ("review.upheld", 2), ("review.corrected", 3)}),
        ("2016年,我局被申请行政复议3件,其中维持1件,责令履行法定职责1件,确认违法1件。", "v2008",
         {("review.total", 3), ("review.upheld", 1), ("review.corrected", 2)}),
        # the same in a v2019+ report, whose 表四 has the same 结果纠正 column
        ("本年度共收到行政复议申请6件,其中维持4件,撤销1件,确认违法1件。", "v2021",
         {("review.total", 6), ("review.upheld", 4), ("review.corrected", 2)}),
        # reviews ended without a decision on the act are its other outcomes, added up alike
        ("本年度共收到行政复议申请3件,其中维持原行政行为1件,终止审理1件,驳回行政复议申请1件。", "v2021",
         {("review.total", 3), ("review.upheld", 1), ("review.other", 2)}),
        # lawsuits: 维持 and 驳回原告诉讼请求 are both upheld, 撤诉 and 驳回起诉 both other outcomes
        ("本年度发生行政诉讼案件5件,其中维持1件,驳回原告诉讼请求1件,撤销1件,原告撤诉1件,裁定驳回起诉1件。", "v2008",
         {("litigation.total", 5), ("litigation.upheld", 2), ("litigation.corrected", 1), ("litigation.other", 2)}),
        ("本年度发生行政诉讼案件4件,其中驳回原告诉讼请求2件,撤销1件,责令履行1件。", "v2008",
         {("litigation.total", 4), ("litigation.upheld", 2), ("litigation.corrected", 2)}),
        # after the reviews concluded (no metric), the list is still the year's outcomes
        ("全年办结行政复议申请3件,其中维持1件,撤销1件,变更1件。", "v2008", {("review.upheld", 1), ("review.corrected", 2)}),
        # the list goes on in the next sentence (其中…)
        ("本年度共发生行政复议案件4件。其中,维持2件,撤销1件,确认违法1件。", "v2008",
         {("review.total", 4), ("review.upheld", 2), ("review.corrected", 2)}),
    ],
)
def test_parts_of_one_outcome_add_up(text: str, template: str, expected: set) -> None:
    assert stated(text, template) == expected


def test_one_part_alone_is_the_whole_of_its_list() -> None:
    assert stated("本年度共发生行政复议案件4件,其中维持2件,撤销1件,尚未审结1件。") == {
        ("review.total", 4), ("review.upheld", 2), ("review.corrected", 1)
    }


def test_a_whole_named_in_the_list_is_not_counted_again_with_its_parts() -> None:
    assert stated("本年度共发生行政复议案件4件,其中维持2件,纠正2件(撤销1件,确认违法1件)。") == {
        ("review.total", 4), ("review.upheld", 2), ("review.corrected", 2)
    }


def test_two_lists_are_added_up_each_on_its_own() -> None:
    text = "本年度共发生行政复议案件3件,其中维持1件,撤销1件,确认违法1件;行政诉讼案件3件,其中撤销1件,变更1件,维持1件。"
    assert stated(text) == {
        ("review.total", 3), ("review.upheld", 1), ("review.corrected", 2),
        ("litigation.total", 3), ("litigation.corrected", 2), ("litigation.upheld", 1),
    }


def test_outcome_words_outside_such_a_list_name_nothing() -> None:
    # 撤销/变更/终止 are everyday words: without a review or lawsuit figure before them they count nothing
    assert stated("本年度撤销规范性文件3件,变更行政许可事项2件,终止审理1件。") == set()


def test_a_sum_is_one_value_whose_snippet_holds_each_number_it_adds() -> None:
    text = "一、概述\n本年度共发生行政复议案件5件,其中维持2件,撤销1件,确认违法1件,变更1件。"
    (corrected,) = [v for v in read(text) if v.metric_id == "review.corrected"]
    assert corrected.value == 3
    assert corrected.snippet == text[corrected.char_start : corrected.char_end] == "撤销1件,确认违法1件,变更1件"


def test_an_order_to_answer_again_is_a_corrected_review_not_an_answered_request() -> None:
    # 责令被申请人重新作出答复 orders the agency to act again (corrected); before, its 作出答复 was read as
    # requests.answered, the 申请 of 被申请人 taken for a request
    text = "全年共办结行政复议案件3件,其中维持原行政行为2件,责令被申请人重新作出答复1件。"
    assert stated(text) == {("review.upheld", 2), ("review.corrected", 1)}
    assert {v.metric_id for v in read(text)} == {"review.upheld", "review.corrected"}


def test_a_party_named_applicant_is_not_a_request() -> None:
    # a bare 答复 counts only after a request topic: 申请人 (the party) is none
    assert [v.metric_id for v in read("本机关作为被申请人的案件,已答复1件。")] == []
