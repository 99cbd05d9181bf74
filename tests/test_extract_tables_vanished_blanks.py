"""Table 二 run together by a crawler that printed blank cells as nothing: "规章3" is one figure for the three
cells 本年制发件数 | 本年废止件数 | 现行有效件数, so the table's blank cells vanish, and "行政规范性文件214" may
be 2 | — | 14 as well as 2 | 1 | 4. Such a run is left unmapped (its raw text kept); before, it was read one
digit per cell (the synthetic benchmark's 'wrong' values of this kind)."""

from __future__ import annotations

from pipeline.clean import clean_text
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Identity

TABLE = (
    "二、主动公开政府信息情况\n"
    "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章{regulations}行政规范性文件{normative}"
    "第二十条第（五）项信息内容本年处理决定数量行政许可435第二十条第（六）项信息内容本年处理决定数量行政处罚107"
    "行政强制8第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费14.35\n"
    "三、收到和处理政府信息公开申请情况\n"
)


def _read(regulations: str, normative: str, template: str = "v2021") -> tuple[dict[str, float], list]:
    text = clean_text("某县交通运输局2022年政府信息公开工作年度报告\n" + TABLE.format(regulations=regulations, normative=normative)).text
    extraction = extract_tables(Document("t", 1, "annual_report", text), Identity(template=template))
    values = {v.metric_id: v.value for v in extraction.values if v.metric_id.startswith("proactive.")}
    return values, extraction.unmapped


def test_a_run_is_not_cut_one_digit_per_cell_where_another_row_shows_cells_vanish() -> None:
    values, unmapped = _read("3", "214")
    assert not any(".normative_docs." in k or ".regulations." in k for k in values)
    assert values == {
        "proactive.licensing.decisions": 435, "proactive.penalty.decisions": 107,
        "proactive.enforcement.decisions": 8, "proactive.fees.amount": 14.35,
    }  # fmt: skip
    kept = [u for u in unmapped if "规范性文件" in u.label]
    assert len(kept) == 1 and kept[0].value is None and kept[0].snippet.endswith("行政规范性文件214")


def test_a_run_with_a_digit_for_every_cell_of_every_row_is_still_cut() -> None:
    values, _ = _read("305", "214")
    assert {k: v for k, v in values.items() if ".normative_docs." in k or ".regulations." in k} == {
        "proactive.regulations.issued": 3, "proactive.regulations.repealed": 0, "proactive.regulations.in_force": 5,
        "proactive.normative_docs.issued": 2, "proactive.normative_docs.repealed": 1,
        "proactive.normative_docs.in_force": 4,
    }  # fmt: skip
