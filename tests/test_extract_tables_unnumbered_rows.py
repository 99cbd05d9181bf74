"""Table 三 whose sub-rows lost their numbering (1.属于国家秘密 printed as 属于国家秘密): a row label is cut at the
last numbering it has, so such a row keeps its group's cell in front (（三）不予公开 属于国家秘密). Before, the group
name won the row: the first sub-row's figures were read as the group's subtotal (requests.denied = 属于国家秘密's
figures, a wrong value) and the others went to unmapped_values.

Figures: the Pingtan 2022 report (shared corpus g19-010, hand-checked labels), whose text runs the cells together.
"""

from __future__ import annotations

import re

import pytest

from pipeline.clean import clean_text
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Identity

APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")
FIGURES = {
    "requests.new_received": (71, 3, 0, 0, 0, 0, 74),
    "requests.carried_over": (1, 0, 0, 0, 0, 0, 1),
    "requests.granted": (21, 0, 0, 0, 0, 0, 21),
    "requests.partially_granted": (8, 1, 0, 0, 0, 0, 9),
    "requests.denied.state_secret": (0, 0, 0, 0, 0, 0, 0),
    "requests.denied.prohibited_by_law": (0, 0, 0, 0, 0, 0, 0),
    "requests.denied.three_safety_one_stability": (0, 0, 0, 0, 0, 0, 0),
    "requests.denied.third_party_rights": (0, 0, 0, 0, 0, 0, 0),
    "requests.denied.internal_affairs": (1, 0, 0, 0, 0, 0, 1),
    "requests.denied.process_info": (2, 0, 0, 0, 0, 0, 2),
    "requests.denied.enforcement_files": (1, 0, 0, 0, 0, 0, 1),
    "requests.denied.administrative_query": (0, 0, 0, 0, 0, 0, 0),
    "requests.unable.not_held": (37, 0, 0, 0, 0, 0, 37),
    "requests.unable.needs_creation": (0, 0, 0, 0, 0, 0, 0),
    "requests.unable.unclear": (0, 0, 0, 0, 0, 0, 0),
    "requests.not_processed.petition": (0, 0, 0, 0, 0, 0, 0),
    "requests.not_processed.duplicate": (0, 0, 0, 0, 0, 0, 0),
    "requests.not_processed.publication": (0, 0, 0, 0, 0, 0, 0),
    "requests.not_processed.excessive": (0, 0, 0, 0, 0, 0, 0),
    "requests.not_processed.confirm_or_reissue": (0, 0, 0, 0, 0, 0, 0),
    "requests.other.overdue_correction": (2, 0, 0, 0, 0, 0, 2),
    "requests.other.overdue_fee": (0, 0, 0, 0, 0, 0, 0),
    "requests.other.other": (0, 2, 0, 0, 0, 0, 2),
    "requests.processed_total": (72, 3, 0, 0, 0, 0, 75),
    "requests.carried_forward": (0, 0, 0, 0, 0, 0, 0),
}
EXPECTED = {(m, a): float(v) for m, row in FIGURES.items() for a, v in zip(APPLICANTS, row)}

OPENING = "平潭综合实验区2022年度政府信息公开工作年度报告\n一、总体情况\n2022年，全区共收到政府信息公开申请75件。\n"
HEADING = "三、收到和处理政府信息公开申请情况"
CLOSING = "\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n无。\n"

# The report's own text of table 三, its cells run together by the crawler.
REPORT_TEXT = (
    "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况 "
    "自然人 法人或其他组织 总计 商业 企业 科研 机构 社会公益组织 法律服务机构 其他 一、本年新收政府信息公开申请数量 "
    "713000074二、上年结转政府信息公开申请数量 1000001三、本年度办理结果 （一）予以公开 210000021（二）部分公开（区分处理的，"
    "只计这一情形，不计其他情形） 8100009（三）不予公开 1.属于国家秘密00000002.其他法律行政法规禁止公开 00000003.危及“三安全"
    "一稳定” 00000004.保护第三方合法权益 00000005.属于三类内部事务信息 10000016.属于四类过程性信息 20000027.属于行政执法案卷 "
    "10000018.属于行政查询事项 0000000（四）无法提供 1.本机关不掌握相关政府信息 3700000372.没有现成信息需要另行制作 "
    "00000003.补正后申请内容仍不明确 0000000（五）不予处理 1.信访举报投诉类申请 00000002.重复申请 00000003.要求提供公开出版物 "
    "00000004.无正当理由大量反复申请 00000005.要求行政机关确认或重新出具已获取信息 0000000（六）其他处理 1.申请人无正当理由"
    "逾期不补正、行政机关不再处理其政府信息公开申请 20000022.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息"
    "公开申请 00000003.其他 0200002（七）总计 723000075四、结转下年度继续办理 0000000"
)
# The same with the sub-rows' numbering gone (1.属于国家秘密 -> 属于国家秘密), as other reports print them.
RUN_TOGETHER = re.sub(r"(?<=[\d ])\d\.(?=[\u4e00-\u9fff])", "", REPORT_TEXT)

GROUPS = {"requests.denied": "（三）不予公开", "requests.unable": "（四）无法提供", "requests.not_processed": "（五）不予处理", "requests.other": "（六）其他处理"}
ROW_LABELS = {
    "requests.new_received": "一、本年新收政府信息公开申请数量", "requests.carried_over": "二、上年结转政府信息公开申请数量",
    "requests.granted": "（一）予以公开", "requests.partially_granted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "requests.denied.state_secret": "属于国家秘密", "requests.denied.prohibited_by_law": "其他法律行政法规禁止公开",
    "requests.denied.three_safety_one_stability": "危及“三安全一稳定”", "requests.denied.third_party_rights": "保护第三方合法权益",
    "requests.denied.internal_affairs": "属于三类内部事务信息", "requests.denied.process_info": "属于四类过程性信息",
    "requests.denied.enforcement_files": "属于行政执法案卷", "requests.denied.administrative_query": "属于行政查询事项",
    "requests.unable.not_held": "本机关不掌握相关政府信息", "requests.unable.needs_creation": "没有现成信息需要另行制作",
    "requests.unable.unclear": "补正后申请内容仍不明确", "requests.not_processed.petition": "信访举报投诉类申请",
    "requests.not_processed.duplicate": "重复申请", "requests.not_processed.publication": "要求提供公开出版物",
    "requests.not_processed.excessive": "无正当理由大量反复申请",
    "requests.not_processed.confirm_or_reissue": "要求行政机关确认或重新出具已获取信息",
    "requests.other.overdue_correction": "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "requests.other.overdue_fee": "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "requests.other.other": "其他", "requests.processed_total": "（七）总计", "requests.carried_forward": "四、结转下年度继续办理",
}
HEADER_ROWS = [
    "| 申请人情况 | 申请人情况 | 申请人情况 | 申请人情况 | 申请人情况 | 申请人情况 | 申请人情况 | 申请人情况 | 申请人情况 |",
    "| | | 自然人 | 法人或其他组织 | 法人或其他组织 | 法人或其他组织 | 法人或其他组织 | 法人或其他组织 | 总计 |",
    "| | | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
]


def _group_of(metric_id: str) -> str | None:
    parent = metric_id.rsplit(".", 1)[0]
    return GROUPS.get(parent)


def pipe_rows(subtotal: bool = False) -> str:
    """The table as the ingestion renders an HTML table: a row-spanning group cell repeated on every sub-row."""
    lines = [HEADING, *HEADER_ROWS]
    for metric_id, figures in FIGURES.items():
        group = _group_of(metric_id)
        if subtotal and group and metric_id.endswith(".state_secret") or subtotal and metric_id == "requests.unable.not_held":
            parent = metric_id.rsplit(".", 1)[0]
            sums = [sum(FIGURES[m][i] for m in FIGURES if m.startswith(parent + ".")) for i in range(7)]
            lines.append(f"| {GROUPS[parent]} | 小计 | " + " | ".join(map(str, sums)) + " |")
        lead = [group, ROW_LABELS[metric_id]] if group else [ROW_LABELS[metric_id], ROW_LABELS[metric_id]]
        lines.append("| " + " | ".join([*lead, *map(str, figures)]) + " |")
    return "\n".join(lines)


def pdf_lines() -> str:
    """As a PDF converter gives a ruled table: figures on the line of a label's first part, long labels (and
    the row-spanning group cells, letter by letter apart) wrapped around them."""
    lines = [HEADING, "申请人情况", "自然人 法人或其他组织 总计", "商业企业 科研机构 社会公益组织 法律服务机构 其他"]
    seen_groups: set[str] = set()
    for metric_id, figures in FIGURES.items():
        label = ROW_LABELS[metric_id]
        group = _group_of(metric_id)
        prefix = ""
        if group and group not in seen_groups:
            seen_groups.add(group)
            prefix = f"{group[:3]} {group[3:5]} {group[5:]} "  # （四） 无法 提供
        head, tail = label[:10], label[10:]
        lines.append(f"{prefix}{head} " + " ".join(map(str, figures)))
        if tail:
            lines.append(tail)
    return "\n".join(lines)


def extract(table_text: str) -> dict[tuple[str, str], float]:
    text = clean_text(OPENING + table_text + CLOSING).text
    extraction = extract_tables(Document("t", 1, "annual_report", text), Identity(template="v2021"))
    return {(v.metric_id, v.applicant): v.value for v in extraction.values}


@pytest.mark.parametrize("layout", ["run_together", "pipe_rows", "pdf_lines"])
def test_every_cell_of_unnumbered_sub_rows(layout: str) -> None:
    table_text = {"run_together": RUN_TOGETHER, "pipe_rows": pipe_rows(), "pdf_lines": pdf_lines()}[layout]
    assert extract(table_text) == EXPECTED


def test_a_group_subtotal_row_stays_the_groups() -> None:
    found = extract(pipe_rows(subtotal=True))
    assert found[("requests.denied", "natural_person")] == 4.0 and found[("requests.denied", "total")] == 4.0
    assert found[("requests.unable", "total")] == 37.0
    assert {k: v for k, v in found.items() if k[0] not in ("requests.denied", "requests.unable")} == EXPECTED


def test_the_reports_numbered_text_reads_the_same() -> None:
    assert "属于国家秘密0000000其他" in RUN_TOGETHER and "3.其他" not in RUN_TOGETHER
    assert extract(REPORT_TEXT) == EXPECTED
