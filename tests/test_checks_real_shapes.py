"""Shapes of real reports the synthetic corpus does not write, run end to end (text file -> pipeline -> checks).

Each report is written the way scraped PDFs read (one table row per line, cells apart by spaces), with the
variants agencies print: a 法人或其他组织 小计 column (right, or not the sum of its five columns), a （三）不予公开 row carrying its own figures (a
subtotal row without the word 小计), the v2019 table still used in a 2021 report, negative 本年增/减,
shares rounded to whole percents, 其中 highlights, nested 一级/二级/三级深度 levels, channels that publish the
same item twice, 历年累计 figures over three years of one county. Consistent reports must raise nothing; each
inconsistent one exactly the findings that name its wrong cell.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from fixtures.checks.standard import COLUMNS, Figures, standard_report
from pipeline.synth import standard as grids
from pipeline.warehouse.connect import connect
from tests.conftest import warehouse_of

FLAGS = ("error", "warn")
GROUPS = {"（三）不予公开": "requests.denied", "（四）无法提供": "requests.unable", "（五）不予处理": "requests.not_processed",
          "（六）其他处理": "requests.other"}


def _row(label: str, values: list[float]) -> str:
    return label + " " + " ".join(f"{v:g}" for v in values)


def _with_groups(figures: Figures, template: str) -> Figures:
    """The figures plus each （三）…（六） group as the sum of its reasons, per column."""
    figures = dict(figures)
    for group in GROUPS.values():
        reasons = [m for m, _, _ in grids.result_rows(template) if m.startswith(group + ".")]
        for column in (*COLUMNS, "total"):
            if reasons:
                figures[(group, column)] = sum(figures[(m, column)] for m in reasons)
    return figures


def _requests_table(figures: Figures, template: str, org_subtotal: bool = False, group_rows: bool = False,
                    changed: dict[tuple[str, str], float] | None = None) -> list[str]:
    """Table 三 as lines; `changed` overrides printed cells (group rows included) after every sum was drawn."""
    printed = {**_with_groups(figures, template), **(changed or {})}

    def cells(metric_id: str) -> list[float]:
        values = [printed[(metric_id, c)] for c in COLUMNS]
        if org_subtotal:  # 法人或其他组织 小计: the five organisation columns, printed before 总计
            values.append(printed.get((metric_id, "org_subtotal"), sum(values[1:])))
        return [*values, printed[(metric_id, "total")]]

    lines = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "自然人 法人或其他组织 总计",
             "商业企业 科研机构 社会公益组织 法律服务机构 其他" + (" 小计" if org_subtotal else ""),
             _row("一、本年新收政府信息公开申请数量", cells("requests.new_received")),
             _row("二、上年结转政府信息公开申请数量", cells("requests.carried_over")), "三、本年度办理结果"]
    group = None
    for metric_id, label, parent in grids.result_rows(template):
        if parent and parent != group:
            group = parent
            lines.append(_row(parent, cells(GROUPS[parent])) if group_rows else parent)
        lines.append(_row(label, cells(metric_id)))
    lines += [_row("（七）总计", cells("requests.processed_total")), _row("四、结转下年度继续办理", cells("requests.carried_forward"))]
    return lines


def _review_table(figures: Figures) -> list[str]:
    outcomes = ("upheld", "corrected", "other", "pending", "total")
    values = [figures.get((f"{group}.{o}", "total"), 0) for group in ("review", "litigation.direct", "litigation.after_review")
              for o in outcomes]
    return ["行政复议 行政诉讼", "结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉",
            "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计", " ".join(f"{v:g}" for v in values)]


PROACTIVE_V2021 = ["第二十条第（一）项", "信息内容 本年制发件数 本年废止件数 现行有效件数", "规章 0 0 0", "行政规范性文件 12 3 87",
                   "第二十条第（五）项", "信息内容 本年处理决定数量", "行政许可 1536", "第二十条第（六）项", "信息内容 本年处理决定数量",
                   "行政处罚 245", "行政强制 7", "第二十条第（八）项", "信息内容 本年收费金额（单位：万元）", "行政事业性收费 0"]
# v2019's table 二, with the negative 本年增/减 agencies print when items were cut from their lists.
PROACTIVE_V2019 = ["第二十条第（一）项", "信息内容 本年新制作数量 本年新公开数量 对外公开总数量", "规章 0 0 0", "规范性文件 6 6 41",
                   "第二十条第（五）项", "信息内容 上一年项目数量 本年增/减 处理决定数量", "行政许可 126 -3 2210",
                   "其他对外管理服务事项 18 -2 96", "第二十条第（六）项", "信息内容 上一年项目数量 本年增/减 处理决定数量",
                   "行政处罚 310 -12 189", "行政强制 25 0 6", "第二十条第（八）项", "信息内容 上一年项目数量 本年增/减",
                   "行政事业性收费 4 -1", "第二十条第（九）项", "信息内容 采购项目数量 采购总金额", "政府集中采购 23 386.5"]


def _overview(figures: Figures, year: int, highlights: str) -> list[str]:
    new, carried = figures[("requests.new_received", "total")], figures[("requests.carried_over", "total")]
    return [f"{year}年，全区共主动公开政府信息6000条，{highlights}",
            "通过政府门户网站公开5800条，政务微博公开3200条，政务微信公开4100条（不同渠道和方式公开相同信息计1条）。",
            "全年开展政策解读45次，其中一级深度解读45次，二级深度解读20次，三级深度解读6次。",
            f"全年共收到政府信息公开申请{new + carried}件（含上年结转{carried}件），均在法定期限内答复。"]


# 1180 and 1220 of 6000 (19.67% and 20.33%), each printed as a whole 20%: highlights under half the total,
# not a breakdown, with shares right to their printed unit.
HIGHLIGHTS = "其中政策文件1180条，占比20%；工作动态信息1220条，占20%。"


def standard_text(agency: str, year: int, template: str, figures: Figures, highlights: str = HIGHLIGHTS, **table) -> str:
    proactive = PROACTIVE_V2021 if year >= 2021 and template == "v2021" else PROACTIVE_V2019
    lines = [f"{agency}{year}年政府信息公开工作年度报告",
             f"本报告根据《中华人民共和国政府信息公开条例》要求，由{agency}办公室编制。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
             "一、总体情况", *_overview(figures, year, highlights), "二、主动公开政府信息情况", *proactive,
             "三、收到和处理政府信息公开申请情况", *_requests_table(figures, template, **table),
             "四、政府信息公开行政复议、行政诉讼情况", *_review_table(figures),
             "五、存在的主要问题及改进情况", "一是政策解读形式还不够丰富；二是基层政务公开标准化水平有待提升。",
             "六、其他需要报告的事项", "本年度未收取信息处理费。", agency, f"{year + 1}年1月20日"]
    return "\n".join(lines) + "\n"


def v2008_text(agency: str, year: int, proactive: int, cumulative: int, received: int, cumulative_received: int) -> str:
    return f"""{agency}{year}年政府信息公开工作年度报告
本报告根据《中华人民共和国政府信息公开条例》要求，由{agency}办公室编制。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。
一、概述
{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，政府信息公开工作平稳有序。
二、主动公开政府信息情况
{year}年，全县共主动公开政府信息{proactive}条。截至{year}年底，累计主动公开政府信息{cumulative}条。
全年开展政策解读45次，其中一级深度解读45次，二级深度解读20次，三级深度解读6次。
通过政府门户网站公开{proactive}条，政务微博公开{proactive - 200}条，政务微信公开{proactive - 500}条（不同渠道和方式公开相同信息计1条）。
三、依申请公开政府信息情况
{year}年共受理政府信息公开申请{received}件。自《条例》施行以来，累计受理政府信息公开申请{cumulative_received}件。
四、政府信息公开收费及减免情况
{year}年未收取任何费用。
五、因政府信息公开申请行政复议、提起行政诉讼的情况
全年未发生因政府信息公开申请提起行政复议、行政诉讼的情况。
六、政府信息公开工作存在的主要问题及改进措施
工作中仍存在公开内容不够全面等问题，下一步将持续改进。
{agency}
{year + 1}年3月20日
"""


V2021 = standard_report("v2021", 21)
V2019 = standard_report("v2019", 22)
ORGS_NEW = sum(V2021[("requests.new_received", c)] for c in COLUMNS if c != "natural_person")
DENIED_NATURAL = _with_groups(V2019, "v2019")[("requests.denied", "natural_person")]

REPORTS: dict[str, str] = {
    "org_subtotal_clean.txt": standard_text("邵阳市大祥区人民政府", 2022, "v2021", V2021, org_subtotal=True),
    # 商业企业 printed one more in 一、本年新收 (its 小计 column follows it), the row's 总计 not
    "org_subtotal_bad.txt": standard_text(
        "株洲市芦淞区人民政府", 2022, "v2021", V2021, org_subtotal=True,
        changed={("requests.new_received", "commercial"): V2021[("requests.new_received", "commercial")] + 1}),
    # the 小计 column of 一、本年新收 one more than its five columns; 总计 = the six applicant columns still
    "org_subtotal_wrong.txt": standard_text(
        "邵阳市双清区人民政府", 2022, "v2021", V2021, org_subtotal=True,
        changed={("requests.new_received", "org_subtotal"): ORGS_NEW + 1}),
    "v2019_table_in_2021.txt": standard_text("岳阳市君山区人民政府", 2021, "v2019", V2019),
    "group_rows_clean.txt": standard_text("常德市鼎城区人民政府", 2020, "v2019", V2019, group_rows=True),
    # the （三）不予公开 row says one more 自然人 case than its eight reasons; （七）总计 is the sum of the rows
    "group_rows_bad.txt": standard_text("益阳市赫山区人民政府", 2020, "v2019", V2019, group_rows=True,
                                        changed={("requests.denied", "natural_person"): DENIED_NATURAL + 1}),
    # 其中 list covering most of the total (4900 of 6000): a breakdown that lost an item, reported as a warning
    "main_items_short.txt": standard_text("衡阳市石鼓区人民政府", 2022, "v2021", V2021,
                                          highlights="其中政策文件1200条，工作动态信息2400条，人事信息1300条。"),
    "shimen_2012.txt": v2008_text("石门县人民政府", 2012, 1500, 9800, 12, 140),
    "shimen_2013.txt": v2008_text("石门县人民政府", 2013, 1600, 11400, 15, 155),
    "shimen_2014.txt": v2008_text("石门县人民政府", 2014, 1700, 11000, 9, 164),  # 历年累计 11000 < 11400
}
CLEAN = ("org_subtotal_clean.txt", "v2019_table_in_2021.txt", "group_rows_clean.txt", "shimen_2012.txt", "shimen_2013.txt")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    with connect(warehouse_of(REPORTS, tmp_path_factory.mktemp("real_shapes")), read_only=True) as conn:
        return {
            "reports": conn.execute("SELECT source_path, template, year, agency_id FROM reports WHERE included").df(),
            "values": conn.execute(
                "SELECT r.source_path, v.metric_id, v.applicant, v.period, v.value FROM metric_values AS v JOIN reports AS r USING (report_id)"
            ).df(),
            "categories": conn.execute(
                "SELECT r.source_path, c.parent_metric_id, c.label, c.value, c.share_pct, c.list_kind "
                "FROM category_values AS c JOIN reports AS r USING (report_id)"
            ).df(),
            "findings": conn.execute(
                "SELECT r.source_path, c.* FROM check_results AS c JOIN reports AS r USING (report_id) WHERE c.severity IN ('error', 'warn')"
            ).df(),
        }


def _value(run: dict, name: str, metric_id: str, applicant: str = "total", period: str = "year") -> float | None:
    v = run["values"]
    hit = v[(v.source_path == name) & (v.metric_id == metric_id) & (v.applicant == applicant) & (v.period == period)]
    return None if hit.empty else float(hit.value.iloc[0])


def _found(run: dict, name: str) -> list[tuple]:
    f = run["findings"][run["findings"].source_path == name]
    return sorted(tuple(r) for r in f[["check_name", "severity", "metric_id", "applicant", "stated", "computed"]].itertuples(index=False))


def test_every_report_is_loaded_with_its_year_and_the_template_of_its_tables(run):
    reports = run["reports"].set_index("source_path")
    assert set(reports.index) == set(REPORTS)
    assert reports.loc["v2019_table_in_2021.txt"].tolist()[:2] == ["v2019", 2021]
    assert reports.loc[list(CLEAN)[:3], "template"].tolist() == ["v2021", "v2019", "v2019"]
    assert reports.loc[["shimen_2012.txt", "shimen_2013.txt", "shimen_2014.txt"], "agency_id"].nunique() == 1


def test_the_tables_are_read_with_their_subtotal_column_and_rows(run):
    """The checks below are about these figures: the 小计 column is no applicant, the （三） row is 不予公开."""
    assert _value(run, "org_subtotal_clean.txt", "requests.new_received", "other_org") == V2021[("requests.new_received", "other_org")]
    assert _value(run, "org_subtotal_clean.txt", "requests.new_received") == V2021[("requests.new_received", "total")]
    assert _value(run, "group_rows_bad.txt", "requests.denied", "natural_person") == DENIED_NATURAL + 1
    assert _value(run, "shimen_2013.txt", "proactive.total", period="cumulative") == 11400
    assert _value(run, "v2019_table_in_2021.txt", "proactive.penalty.items_change") == -12
    c = run["categories"]
    shares = c[c.source_path == "org_subtotal_clean.txt"][["parent_metric_id", "value", "share_pct", "list_kind"]]
    assert sorted(map(tuple, shares.values.tolist())) == [("proactive.total", 1180.0, 20.0, "partial"),
                                                          ("proactive.total", 1220.0, 20.0, "partial")]


def test_consistent_reports_raise_nothing(run):
    """Including: 收到申请 = 新收 + 上年结转, rounded whole-percent shares, highlights under half their total,
    nested depth levels (45 ⊃ 20 ⊃ 6), channels adding up to more than the total, negative 本年增/减."""
    findings = run["findings"]
    assert findings[findings.source_path.isin(CLEAN)].message.tolist() == []


def test_a_changed_cell_beside_a_subtotal_column_is_named_with_its_row_and_column(run):
    new = V2021[("requests.new_received", "total")]
    commercial = V2021[("requests.new_received", "commercial")]
    assert _found(run, "org_subtotal_bad.txt") == [
        ("sum.applicant_columns", "error", "requests.new_received", "total", float(new), float(new + 1)),
        ("sum.flow", "error", "requests.carried_forward", "commercial",
         float(commercial + 1 + V2021[("requests.carried_over", "commercial")]),
         float(V2021[("requests.processed_total", "commercial")] + V2021[("requests.carried_forward", "commercial")])),
    ]
    messages = run["findings"][run["findings"].source_path == "org_subtotal_bad.txt"].message.tolist()
    assert any("一、本年新收政府信息公开申请数量" in m and "总计 column" in m and f"商业企业 {commercial + 1:g}" in m for m in messages)
    assert any("(商业企业 column)" in m for m in messages)


def test_a_subtotal_column_that_is_not_its_five_columns_is_named(run):
    assert _found(run, "org_subtotal_wrong.txt") == [
        ("sum.org_subtotal", "error", "requests.new_received", "org_subtotal", float(ORGS_NEW + 1), float(ORGS_NEW)),
    ]
    message = run["findings"][run["findings"].source_path == "org_subtotal_wrong.txt"].message.iloc[0]
    assert message.startswith("一、本年新收政府信息公开申请数量 [requests.new_received]: the 法人或其他组织小计 column is "
                              f"{ORGS_NEW + 1:g} but the five 法人或其他组织 columns add up to {ORGS_NEW:g}: 商业企业 ")


def test_a_wrong_group_row_is_named_and_the_total_matching_the_rows_is_not(run):
    total = _with_groups(V2019, "v2019")[("requests.denied", "total")]
    assert _found(run, "group_rows_bad.txt") == [
        ("sum.applicant_columns", "error", "requests.denied", "total", float(total), float(total + 1)),
        ("sum.parent_children", "error", "requests.denied", "natural_person", float(DENIED_NATURAL + 1), float(DENIED_NATURAL)),
    ]


def test_a_qizhong_list_covering_most_of_its_total_is_a_warning_not_an_error(run):
    assert _found(run, "main_items_short.txt") == [("categories.total", "warn", "proactive.total", "total", 6000.0, 4900.0)]


def test_a_cumulative_figure_that_falls_is_flagged_in_the_later_year_only(run):
    assert _found(run, "shimen_2014.txt") == [("cross_year.cumulative_decrease", "warn", "proactive.total", "total", 11000.0, 11400.0)]
    message = run["findings"][run["findings"].source_path == "shimen_2014.txt"].message.iloc[0]
    assert "历年累计 is 11000 in 2014, less than the 11400 of 2013" in message
