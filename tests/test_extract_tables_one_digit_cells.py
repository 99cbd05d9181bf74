"""Table 三 run together by a crawler: a row printed as one run of exactly as many digits as the table has
columns can only be one digit per cell, so it is read even when its sums fail (四、结转下年度继续办理1000002:
1|0|0|0|0|0|2, its 总计 not the sum of the applicants), and the checks see the inconsistent row as printed.
Before, the row's arithmetic rejected its only reading and the row, with the inconsistency, was lost. Not
where another row shows the table printing blank cells as nothing: then a cell may have vanished anywhere."""

from __future__ import annotations

from pipeline.clean import clean_text
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Identity

HEADER = (
    "三、收到和处理政府信息公开申请情况\n（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况 "
    "自然人法人或其他组织总计 商业企业科研机构社会公益组织法律服务机构其他 "
)
ZERO_ROWS = [
    "（三）不予公开1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
    "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项",
    "（四）无法提供1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
    "（五）不予处理1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他",
]


def _table(carried_over: str, carried_forward: str) -> str:
    rows = [
        "一、本年新收政府信息公开申请数量3000003", f"二、上年结转政府信息公开申请数量{carried_over}",
        "三、本年度办理结果（一）予以公开2000002", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）1000001",
        *(label + "0000000" for label in ZERO_ROWS),
        "（七）总计3000003", f"四、结转下年度继续办理{carried_forward}",
    ]  # fmt: skip
    return HEADER + " ".join(rows)


def _read(carried_over: str, carried_forward: str) -> tuple[dict[tuple[str, str], float], list]:
    text = clean_text("某县民政局2022年政府信息公开工作年度报告\n" + _table(carried_over, carried_forward) + "\n四、政府信息公开行政复议、行政诉讼情况\n").text
    extraction = extract_tables(Document("t", 1, "annual_report", text), Identity(template="v2021"))
    values = {(v.metric_id, v.applicant): v.value for v in extraction.values if v.metric_id.startswith("requests.")}
    return values, extraction.unmapped


def test_a_run_of_one_digit_per_cell_is_read_even_when_its_sums_fail() -> None:
    values, unmapped = _read("1000001", "1000002")
    forward = {applicant: value for (metric_id, applicant), value in values.items() if metric_id == "requests.carried_forward"}
    assert forward == {"natural_person": 1, "commercial": 0, "research": 0, "social_welfare": 0, "legal_service": 0,
                       "other_org": 0, "total": 2}  # fmt: skip
    assert unmapped == []
    assert values[("requests.processed_total", "total")] == 3  # the consistent rows read as before


def test_not_where_the_table_prints_blank_cells_as_nothing() -> None:
    values, unmapped = _read("11", "1000002")  # 上年结转 "11": two figures for seven cells, the rest vanished
    assert not any(metric_id == "requests.carried_forward" for metric_id, _ in values)
    assert any(u.snippet.endswith("四、结转下年度继续办理1000002") for u in unmapped)
