"""Standard tables that reached the text degraded: figures only (the labels lost), PDF text whose lines were
joined with the page numbers inside. The texts are written the way crawlers and PDF converters leave real
reports; every expected figure was written by hand.
"""

from __future__ import annotations

from pipeline.clean import clean_text
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Extraction, Identity
from pipeline.tables.rows import build_rows
from pipeline.tables.tokens import BLANK, tokenize


def _extract(text: str, template: str | None) -> Extraction:
    return extract_tables(Document("t", 1, "annual_report", clean_text(text).text), Identity(template=template))


def _values(extraction: Extraction) -> dict[tuple[str, str], float]:
    return {(v.metric_id, v.applicant): v.value for v in extraction.values}


PROACTIVE_V2019_FIGURES_ONLY = """某县司法局2019年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项 信息内容 本年新制作数量
— — 3 6 6 28 16 -4 2959 7 -3 150 257 7 191 7 — 10 12 — 69 1577.7
三、收到和处理政府信息公开申请情况
"""


def test_a_figures_only_table_two_keeps_its_dashes_as_cells() -> None:
    """22 cells for the 22 of the v2019 table 二, two of them "—": each dash holds its column's place."""
    extraction = _extract(PROACTIVE_V2019_FIGURES_ONLY, "v2019")
    values = _values(extraction)
    assert values[("proactive.regulations.public_total", "total")] == 3
    assert values[("proactive.normative_docs.made", "total")] == 6
    assert values[("proactive.licensing.items_change", "total")] == -4
    assert values[("proactive.enforcement.items_prev_year", "total")] == 7
    assert ("proactive.enforcement.items_change", "total") not in values  # printed "—": no figure
    assert values[("proactive.enforcement.decisions", "total")] == 10
    assert values[("proactive.fees.items_prev_year", "total")] == 12
    assert values[("proactive.procurement.projects", "total")] == 69
    assert values[("proactive.procurement.amount", "total")] == 1577.7
    blanks = {(b.metric_id, b.applicant) for b in extraction.blanks}
    assert {("proactive.regulations.made", "total"), ("proactive.fees.items_change", "total")} <= blanks


REQUESTS_PDF_JOINED = """某县人民政府2021年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况 (本列数据的勾稽关系为:第一项加 第二项之和,等于第三项加第四项之 和) 申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他
一、本年新收政府信息公开申请数量 54 5 0 0 2 2 63
二、上年结转政府信息公开申请数量 2 0 0 0 0 0 2 - 6 -
三、本 年度办 理结果
(一)予以公开 40 5 0 0 2 2 49
(二)部分公开(区分处理的,只计 0 0 0 0 0 0 0 这一情形,不计其他情形) (三 )不 予公 开 1.属于国家秘密 0 0 0 0 0 0 0 2.其他法律行政法规禁止公开 0 0 0 0 0 0 0 3.危及“三安全一稳定” 0 0 0 0 0 0 0 4.保护第三方合法权益 1 0 0 0 0 0 1 - 7 - 5.属于三类内部事务信息 0 0 0 0 0 0 0 6.属于四类过程性信息 0 0 0 0 0 0 0 7.属于行政执法案卷 0 0 0 0 0 0 0 8.属于行政查询事项 0 0 0 0 0 0 0
(四)无法提供 1.本机关不掌握相关政府信息 11 0 0 0 0 0 11 2.没有现成信息需要另行制作 2 0 0 0 0 0 2 3.补正后申请内容仍不明确 0 0 0 0 0 0 0
(五)不予处理 1.信访举报投诉类申请 0 0 0 0 0 0 0 2.重复申请 0 0 0 0 0 0 0 3.要求提供公开出版物 0 0 0 0 0 0 0 4.无正当理由大量反复申请 0 0 0 0 0 0 0 5.要求行政机关确认或重新出具已 0 0 0 0 0 0 0 获取信息
(六)其他处理 1.申请人无正当理由逾期不补正、 0 0 0 0 0 0 0 行政机关不再处理其政府信息公开申 请 2.申请人逾期未按收费通知要求缴 0 0 0 0 0 0 0 纳费用、行政机关不再处理其政府信 息公开申请 3.其他 0 0 0 0 0 0 0
(七)总计 54 5 0 0 2 2 63
四、结转下年度继续办理 2 0 0 0 0 0 2
四、政府信息公开行政复议、行政诉讼情况
"""


def test_a_page_number_after_a_row_of_joined_pdf_text_is_not_a_cell() -> None:
    values = _values(_extract(REQUESTS_PDF_JOINED, "v2021"))
    assert values[("requests.carried_over", "natural_person")] == 2
    assert values[("requests.carried_over", "total")] == 2
    assert values[("requests.denied.third_party_rights", "natural_person")] == 1
    assert values[("requests.denied.third_party_rights", "total")] == 1
    assert not any(value == 6 or value == 7 for value in values.values())  # the page numbers


PROACTIVE_V2021_SPACED = """某县人民政府2021年政府信息公开工作年度报告
二、主动公开政府信息情况 第二十条第(一)项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章 — 6 — 行政规范性文件 3 0 25 第二十条第(五)项 信息内容 本年处理决定数量 行政许可 1389 第二十条第(六)项 信息内容 本年处理决定数量 行政处罚 107 行政强制 1 第二十条第(八)项 信息内容 本年收费金额(单位:万元) 行政事业性收费 25.73
三、收到和处理政府信息公开申请情况
"""


def test_a_row_ending_in_blank_figure_blank_cells_that_fits_the_table_is_read_as_printed() -> None:
    """"— 6 —" closing a row that has exactly the table's width is three cells, not a page number."""
    extraction = _extract(PROACTIVE_V2021_SPACED, "v2021")
    values = _values(extraction)
    assert values[("proactive.regulations.repealed", "total")] == 6
    assert values[("proactive.normative_docs.in_force", "total")] == 25
    blanks = {(b.metric_id, b.applicant) for b in extraction.blanks}
    assert {("proactive.regulations.issued", "total"), ("proactive.regulations.in_force", "total")} <= blanks


RUN_TOGETHER_ZERO_WORDS = """某镇人民政府2021年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章无无1行政规范性文件无无5第二十条第（五）项信息内容本年处理决定数量行政许可123第二十条第（六）项信息内容本年处理决定数量行政处罚6行政强制无第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费0.81
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量7无无11211二、上年结转政府信息公开申请数量无无无无无无无三、本年度办理结果（一）予以公开6无无11210（二）部分公开（区分处理的，只计这一情形，不计其他情形）无无无无无无无（三）不予公开1.属于国家秘密无无无无无无无2.其他法律行政法规禁止公开无无无无无无无3.危及“三安全一稳定”无无无无无无无4.保护第三方合法权益无无无无无无无5.属于三类内部事务信息无无无无无无无6.属于四类过程性信息无无无无无无无7.属于行政执法案卷无无无无无无无8.属于行政查询事项无无无无无无无（四）无法提供1.本机关不掌握相关政府信息无无无无无无无2.没有现成信息需要另行制作无无无无无无无3.补正后申请内容仍不明确1无无无无无1（五）不予处理1.信访举报投诉类申请无无无无无无无2.重复申请无无无无无无无3.要求提供公开出版物无无无无无无无4.无正当理由大量反复申请无无无无无无无5.要求行政机关确认或重新出具已获取信息无无无无无无无（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请无无无无无无无2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请无无无无无无无3.其他无无无无无无无（七）总计7无无11211四、结转下年度继续办理无无无无无无无
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
我镇2021年度未收取信息处理费。无其他需要报告的事项。
"""


def test_zero_words_run_together_with_the_labels_are_cells() -> None:
    """A crawler that dropped the borders glued each row's 无 (zero) cells to its label and figures."""
    values = _values(_extract(RUN_TOGETHER_ZERO_WORDS, "v2021"))
    assert values[("proactive.regulations.issued", "total")] == 0
    assert values[("proactive.regulations.in_force", "total")] == 1
    assert values[("proactive.normative_docs.in_force", "total")] == 5
    assert values[("requests.new_received", "natural_person")] == 7
    assert values[("requests.new_received", "commercial")] == 0
    assert values[("requests.new_received", "social_welfare")] == 1
    assert values[("requests.new_received", "other_org")] == 2
    assert values[("requests.new_received", "total")] == 11
    assert values[("requests.granted", "total")] == 10
    assert values[("requests.partially_granted", "total")] == 0
    assert values[("requests.denied.state_secret", "natural_person")] == 0
    assert values[("requests.unable.unclear", "natural_person")] == 1
    assert values[("requests.unable.unclear", "total")] == 1
    assert values[("requests.other.other", "total")] == 0
    assert values[("requests.carried_forward", "total")] == 0
    # 无 that begins a word of a label (无法提供, 无正当理由) or prose (无其他需要报告的事项) is not a cell
    assert all(value in (0, 1, 2, 5, 6, 7, 10, 11, 123, 0.81) for value in values.values())


RUN_TOGETHER_DASHES = """某县司法局2019年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)申请人情况 自然人法人或其他组织总计 商业企业科研机构社会公益组织法律服务机构其他
一、本年新收政府信息公开申请数量619—23277
二、上年结转政府信息公开申请数量3————25
三、本年度办理结果(一)予以公开378——3149
(二)部分公开(区分处理的,只计这一情形,不计其他情形)8——1—110
(三)不予公开1.属于国家秘密——————— 2.其他法律行政法规禁止公开——————— 3.危及“三安全一稳定”1—————1 4.保护第三方合法权益——————— 5.属于三类内部事务信息——————— 6.属于四类过程性信息——————— 7.属于行政执法案卷——————— 8.属于行政查询事项2—————2
(四)无法提供1.本机关不掌握相关政府信息——————— 2.没有现成信息需要另行制作——————— 3.补正后申请内容仍不明确101———112
(五)不予处理1.信访举报投诉类申请1—————1 2.重复申请1—————1 3.要求提供公开出版物1————12 4.无正当理由大量反复申请——————— 5.要求行政机关确认或重新出具已获取信息1—————1
(六)其他处理———————
(七)总计629—13479
四、结转下年度继续办理2——1——3
四、政府信息公开行政复议、行政诉讼情况
"""


def test_dash_cells_run_together_with_the_labels_are_blank_cells() -> None:
    """Rows of nothing but "—" glued to their labels are blank rows; with them read, the columns' sums decide
    the cut of "378——3149" (37|8|—|—|3|1|49, not 3|7|8|—|—|31|49)."""
    extraction = _extract(RUN_TOGETHER_DASHES, "v2019")
    values = _values(extraction)
    assert values[("requests.new_received", "natural_person")] == 61
    assert values[("requests.new_received", "commercial")] == 9
    assert values[("requests.new_received", "total")] == 77
    assert values[("requests.granted", "natural_person")] == 37
    assert values[("requests.granted", "commercial")] == 8
    assert values[("requests.granted", "other_org")] == 1
    assert values[("requests.granted", "total")] == 49
    assert values[("requests.processed_total", "total")] == 79
    blanks = {(b.metric_id, b.applicant) for b in extraction.blanks}
    for metric_id in ("requests.denied.state_secret", "requests.unable.not_held", "requests.other"):
        assert (metric_id, "total") in blanks, metric_id


def test_a_hyphen_glued_before_a_figure_stays_its_minus_sign() -> None:
    """"行政事业性收费—-2" (本年增/减 = -2 after a "—" cell): the hyphen is never split off as a blank cell, so
    the row is not read as — | 2."""
    text = RUN_TOGETHER_ZERO_WORDS.replace("行政事业性收费0.81", "行政事业性收费—-2").replace(
        "本年收费金额（单位：万元）", "上一年项目数量本年增/减")
    rows = build_rows(tokenize(text))
    fee_rows = [row for row in rows if row.labels and row.labels[-1].text.endswith(("收费", "收费—-"))]
    assert fee_rows and not any(token.kind == BLANK and "-" in token.text for row in fee_rows for token in row.values)


REVIEW_ZERO_WORDS_ON_ONE_LINE = """某街道办事处2019年政府信息公开工作年度报告
四、政府信息公开行政复议、行政诉讼情况
行政复议
行政诉讼
结果维持
结果纠正
其他结果
尚未审结
总计
未经复议直接起诉
复议后起诉
结果维持
结果纠正
其他结果
尚未审结
总计
结果维持
结果纠正
其他结果
尚未审结
总计
无无无无无无无无无无无无无无无
五、存在的主要问题及改进情况
"""


def test_a_line_of_zero_words_is_a_row_of_zero_cells() -> None:
    """Table 四 printed with 无 for zero and its cells' borders lost: 15 无 on one line are its 15 cells."""
    values = _values(_extract(REVIEW_ZERO_WORDS_ON_ONE_LINE, "v2019"))
    assert values[("review.upheld", "total")] == 0
    assert values[("review.total", "total")] == 0
    assert values[("litigation.direct.total", "total")] == 0
    assert values[("litigation.after_review.pending", "total")] == 0
    assert values[("litigation.after_review.total", "total")] == 0


def test_slashes_glued_to_a_label_are_one_blank_cell_each() -> None:
    """"规章//12": two "/" cells and 12, not one blank cell and 12 cut into 1 | 2."""
    text = RUN_TOGETHER_ZERO_WORDS.replace("规章无无1行政规范性文件无无5", "规章//12行政规范性文件//9")
    extraction = _extract(text, "v2021")
    values = _values(extraction)
    assert values[("proactive.regulations.in_force", "total")] == 12
    assert values[("proactive.normative_docs.in_force", "total")] == 9
    assert ("proactive.regulations.repealed", "total") not in values
    blanks = {(b.metric_id, b.applicant) for b in extraction.blanks}
    assert {("proactive.regulations.issued", "total"), ("proactive.regulations.repealed", "total")} <= blanks


def test_a_table_of_zeros_with_one_row_that_does_not_add_up_keeps_its_columns() -> None:
    """Every row 0 but one whose 总计 is not its applicants' sum: one broken row is not evidence that the
    columns stand in another order, so the table is read (and its inconsistency can be found)."""
    zeros = " 0 0 0 0 0 0 0"
    lines = [
        "某县人民政府2021年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他",
        "一、本年新收政府信息公开申请数量" + zeros,
        "二、上年结转政府信息公开申请数量" + zeros,
        "（一）予以公开" + zeros,
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" + zeros,
        "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0 1 0 0 0 0 0",
        "（七）总计" + zeros,
        "四、结转下年度继续办理" + zeros,
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    values = _values(_extract("\n".join(lines), "v2021"))
    assert values[("requests.other.overdue_correction", "commercial")] == 1
    assert values[("requests.other.overdue_correction", "total")] == 0
    assert values[("requests.processed_total", "commercial")] == 0


def test_one_zero_word_between_a_label_and_a_figure_is_a_cell() -> None:
    """"3.要求提供公开出版物无1无无无12": the first cell is 无, glued to the label on one side and to 1 on the other."""
    text = RUN_TOGETHER_ZERO_WORDS.replace("3.要求提供公开出版物无无无无无无无", "3.要求提供公开出版物无1无无无12")
    values = _values(_extract(text, "v2021"))
    assert values[("requests.not_processed.publication", "natural_person")] == 0
    assert values[("requests.not_processed.publication", "commercial")] == 1
    assert values[("requests.not_processed.publication", "other_org")] == 1
    assert values[("requests.not_processed.publication", "total")] == 2
