"""Table 三 as Markdown or text prints it when zero cells are left empty and the empty cells vanish: every row
prints fewer figures than the table has columns. The header (its 小计 column) sets the width then, not the rows;
a row whose missing cells could sit in several places is left unread rather than guessed. Before, the most
common printed width (3) matched no layout the header allowed, the 7-column layout was taken, and the 总计 row
"20 2 1 2 1 6 26" was read as 其他 = 6 (the 小计) with 科研机构 = 1: three wrong values."""

from __future__ import annotations

from collections import Counter

from pipeline.clean import clean_text
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Identity

APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "org_subtotal", "total")
# The figures of every cell (None: printed as nothing), as a 8-column table with a 法人或其他组织小计 column.
ROWS = {
    "一、本年新收政府信息公开申请数量": ("requests.new_received", (20, 2, None, 1, 2, None, 5, 25)),
    "二、上年结转政府信息公开申请数量": ("requests.carried_over", (2, None, None, None, None, 1, 1, 3)),
    "（一）予以公开": ("requests.granted", (12, 2, None, None, 2, None, 4, 16)),
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": ("requests.partially_granted", (2, None, None, None, None, None, 0, 2)),
    "2.没有现成信息需要另行制作": ("requests.unable.needs_creation", (2, None, None, 1, None, 1, 2, 4)),
    "1.信访举报投诉类申请": ("requests.not_processed.petition", (1, None, None, None, None, None, 0, 1)),
    "（七）总计": ("requests.processed_total", (20, 2, None, 1, 2, 1, 6, 26)),
    "四、结转下年度继续办理": ("requests.carried_forward", (2, None, None, None, None, None, 0, 2)),
}
HEADER = [
    "三、收到和处理政府信息公开申请情况",
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "法人或其他组织小计",
]


def table_text() -> str:
    lines = list(HEADER)
    for label, (_, figures) in ROWS.items():
        if label.startswith("（一）"):
            lines.append("三、本年度办理结果")
        lines.append(" ".join([label, *(str(v) for v in figures if v is not None)]))
    return "\n".join(lines)


def test_cells_left_out_are_never_guessed() -> None:
    text = clean_text("某县民政局2022年政府信息公开工作年度报告\n" + table_text() + "\n四、政府信息公开行政复议、行政诉讼情况\n").text
    extraction = extract_tables(Document("t", 1, "annual_report", text), Identity(template="v2021"))
    truth = {(metric_id, applicant): (float(v) if v is not None else 0.0)
             for metric_id, figures in ROWS.values() for applicant, v in zip(APPLICANTS, figures)}
    found = {(v.metric_id, v.applicant): v.value for v in extraction.values if v.metric_id.startswith("requests.")}
    wrong = {key: (value, truth.get(key)) for key, value in found.items() if truth.get(key) != value}
    assert wrong == {}
    # what is not read is kept, row by row, in unmapped_values: no figure is lost
    kept = Counter(u.value for u in extraction.unmapped) + Counter(found.values())
    printed = Counter(float(v) for _, figures in ROWS.values() for v in figures if v is not None)
    assert printed - kept == Counter()
