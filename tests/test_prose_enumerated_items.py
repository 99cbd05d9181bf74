"""An item of a 、-joined enumeration keeps its own text: the snippet of 网上申请15件 holds that item, not the
item before it, so that every figure is traced to the words it was read from."""

from __future__ import annotations

from pipeline.extract.prose import extract_prose
from pipeline.model import Document, Identity


def _values(body: str, template: str = "v2008", year: int = 2012) -> dict[str, tuple[float, str]]:
    text = "某县人民政府办公室政府信息公开工作年度报告\n二、依申请公开情况\n" + body + "\n三、存在的问题\n个别科室认识不足。"
    extraction = extract_prose(Document("t", 1, "annual_report", text), Identity(template=template, year=year))
    assert all(text[v.char_start : v.char_end] == v.snippet for v in extraction.values)
    return {v.metric_id: (v.value, v.snippet) for v in extraction.values}


def test_the_second_item_of_a_pair_has_its_own_text() -> None:
    values = _values("全年共受理政府信息公开申请20件,其中当面申请5件、网上申请15件。")
    assert values["requests.received.in_person"] == (5, "其中当面申请5件")
    assert values["requests.received.online"] == (15, "网上申请15件")


def test_every_later_item_of_a_list_starts_after_its_mark() -> None:
    values = _values("全年共答复申请12件,其中同意公开8件(占66.7%)、同意部分公开2件、信息不存在2件。")
    assert values["requests.answered.partial"] == (2, "同意部分公开2件")
    assert values["requests.answered.not_exist"] == (2, "信息不存在2件")


def test_a_name_with_its_own_mark_stays_whole() -> None:
    # 信函、传真申请 is one name: only the mark after the figure before it ends the item before
    values = _values("全年共受理申请9件,其中网上申请6件、信函、传真申请3件。")
    assert values["requests.received.mail"] == (3, "信函、传真申请3件")


def test_a_subject_joined_by_a_mark_is_kept_when_no_figure_precedes_it() -> None:
    values = _values("县政府办、县发改局等部门共受理申请9件。")
    assert values["requests.received"] == (9, "县政府办、县发改局等部门共受理申请9件")


def test_a_figure_named_after_it_starts_after_the_mark_too() -> None:
    values = _values("全年共答复申请5件,其中3件同意公开、2件部分公开。")
    assert values["requests.answered.partial"] == (2, "2件部分公开")
