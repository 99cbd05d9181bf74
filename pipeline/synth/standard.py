"""The standard tables of v2019/v2021 reports (sections 二, 三, 四): consistent random figures and their grids.

Stand-in until pipeline.synth.tables (the tables engineer's renderers of every layout) exists; the corpus
generator only uses `standard_tables`, so swapping the renderer touches one import.
"""

from __future__ import annotations

import random

from pipeline.synth.blocks import Cell, Grid, row
from pipeline.synth.truth import Key, Relation, Truth, key

APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org")
APPLICANT_LABELS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
COLUMNS = (*APPLICANTS, "total")
DENIED = [("requests.denied.state_secret", "1.属于国家秘密"), ("requests.denied.prohibited_by_law", "2.其他法律行政法规禁止公开"),
          ("requests.denied.three_safety_one_stability", "3.危及“三安全一稳定”"), ("requests.denied.third_party_rights", "4.保护第三方合法权益"),
          ("requests.denied.internal_affairs", "5.属于三类内部事务信息"), ("requests.denied.process_info", "6.属于四类过程性信息"),
          ("requests.denied.enforcement_files", "7.属于行政执法案卷"), ("requests.denied.administrative_query", "8.属于行政查询事项")]
UNABLE = [("requests.unable.not_held", "1.本机关不掌握相关政府信息"), ("requests.unable.needs_creation", "2.没有现成信息需要另行制作"),
          ("requests.unable.unclear", "3.补正后申请内容仍不明确")]
NOT_PROCESSED = [("requests.not_processed.petition", "1.信访举报投诉类申请"), ("requests.not_processed.duplicate", "2.重复申请"),
                 ("requests.not_processed.publication", "3.要求提供公开出版物"), ("requests.not_processed.excessive", "4.无正当理由大量反复申请"),
                 ("requests.not_processed.confirm_or_reissue", "5.要求行政机关确认或重新出具已获取信息")]
OTHER_V2021 = [("requests.other.overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
               ("requests.other.overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
               ("requests.other.other", "3.其他")]
REVIEW_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
REVIEW_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
REVIEW_GROUPS = ("review", "litigation.direct", "litigation.after_review")
APPLICANT_WEIGHTS = (0.8, 0.1, 0.01, 0.02, 0.04, 0.03)
DASHES = ("—", "/", "")  # zero cells some tables leave blank or dash: not a stated value (FORMAT.md)


def result_rows(template: str) -> list[tuple[str, str, str | None]]:
    """(metric id, label, group heading) of the result rows of table 三, leaves only, in table order."""
    rows = [("requests.granted", "（一）予以公开", None),
            ("requests.partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None)]
    rows += [(m, label, "（三）不予公开") for m, label in DENIED]
    rows += [(m, label, "（四）无法提供") for m, label in UNABLE]
    rows += [(m, label, "（五）不予处理") for m, label in NOT_PROCESSED]
    if template == "v2021":
        rows += [(m, label, "（六）其他处理") for m, label in OTHER_V2021]
    else:
        rows.append(("requests.other", "（六）其他处理", None))
    return rows


def _split(rng: random.Random, n: int) -> list[int]:
    counts = [0] * len(APPLICANTS)
    for column in rng.choices(range(len(APPLICANTS)), APPLICANT_WEIGHTS, k=n):
        counts[column] += 1
    return counts


def carried_forward(seed: int, agency: int, year: int, scale: float) -> list[int]:
    """Requests an agency carries into the next year, per applicant column: shared by year and year + 1."""
    rng = random.Random(f"carry:{seed}:{agency}:{year}")
    return _split(rng, int(rng.randint(0, 10) * scale))


def requests_figures(rng: random.Random, template: str, scale: float, carried_over: list[int], forward: list[int]) -> dict[str, list[int]]:
    """Every row of table 三 per applicant column (no total column), with consistent arithmetic."""
    size = lambda top: int(rng.randint(0, top) * scale)  # noqa: E731
    figures = {"requests.granted": _split(rng, size(150)), "requests.partially_granted": _split(rng, size(20))}
    for metric_id, _, group in result_rows(template)[2:]:
        top = {"（三）不予公开": 3, "（四）无法提供": 30, "（五）不予处理": 6}.get(group or "", 6)
        figures[metric_id] = _split(rng, size(top) if rng.random() < 0.6 else 0)
    leaves = [m for m, _, _ in result_rows(template)]
    processed = [sum(figures[m][i] for m in leaves) for i in range(len(APPLICANTS))]
    new = [processed[i] + forward[i] - carried_over[i] for i in range(len(APPLICANTS))]
    for i, n in enumerate(new):  # more carried in than handled: grant the surplus so 本年新收 stays >= 0
        if n < 0:
            figures["requests.granted"][i] -= n
            processed[i] -= n
            new[i] = 0
    figures["requests.new_received"] = new
    figures["requests.carried_over"] = list(carried_over)
    figures["requests.processed_total"] = processed
    figures["requests.carried_forward"] = list(forward)
    return figures


def review_figures(rng: random.Random, scale: float) -> dict[str, list[int]]:
    out = {}
    for group in REVIEW_GROUPS:
        parts = [int(rng.randint(0, 4) * scale * rng.random()) for _ in range(4)]
        out[group] = [*parts, sum(parts)]
    return out


def proactive_v2019(rng: random.Random, scale: float) -> dict[str, float]:
    made = int(rng.randint(0, 12) * scale)
    s = lambda top: int(rng.randint(0, top) * scale)  # noqa: E731
    values: dict[str, float] = {
        "proactive.regulations.made": 0 if rng.random() < 0.8 else s(3),
        "proactive.normative_docs.made": made,
        "proactive.normative_docs.published": made,
        "proactive.normative_docs.public_total": made + s(60),
        "proactive.licensing.items_prev_year": s(200),
        "proactive.licensing.items_change": rng.randint(-5, 5),
        "proactive.licensing.decisions": s(3000),
        "proactive.other_services.items_prev_year": s(60),
        "proactive.other_services.items_change": rng.randint(-3, 3),
        "proactive.other_services.decisions": s(400),
        "proactive.penalty.items_prev_year": s(300),
        "proactive.penalty.items_change": rng.randint(-5, 8),
        "proactive.penalty.decisions": s(400),
        "proactive.enforcement.items_prev_year": s(30),
        "proactive.enforcement.items_change": 0,
        "proactive.enforcement.decisions": s(20),
        "proactive.fees.items_prev_year": s(10),
        "proactive.fees.items_change": rng.randint(-2, 0),
        "proactive.procurement.projects": s(80),
        "proactive.procurement.amount": round(rng.uniform(0, 3000) * scale, 1),
    }
    values["proactive.regulations.published"] = values["proactive.regulations.made"]
    values["proactive.regulations.public_total"] = values["proactive.regulations.made"] + s(5)
    return values


def documents_in_force(seed: int, agency: int, year: int, scale: float) -> dict[str, float]:
    """v2021 stock figures, continuous across an agency's years: in force = last year's + issued - repealed."""
    out: dict[str, float] = {}
    for kind in ("regulations", "normative_docs"):
        base_rng = random.Random(f"stock:{seed}:{agency}:{kind}")
        stock = int(base_rng.randint(0 if kind == "regulations" else 20, 80) * scale)
        for y in range(2020, year + 1):
            rng = random.Random(f"stock:{seed}:{agency}:{kind}:{y}")
            issued = int(rng.randint(0, 2 if kind == "regulations" else 12) * scale)
            repealed = min(stock, int(rng.randint(0, 1 if kind == "regulations" else 5) * scale))
            stock += issued - repealed
        out[f"proactive.{kind}.issued"] = issued
        out[f"proactive.{kind}.repealed"] = repealed
        out[f"proactive.{kind}.in_force"] = stock
    return out


def proactive_v2021(rng: random.Random, scale: float, stock: dict[str, float]) -> dict[str, float]:
    s = lambda top: int(rng.randint(0, top) * scale)  # noqa: E731
    return {
        **stock,
        "proactive.licensing.decisions": s(3000),
        "proactive.penalty.decisions": s(400),
        "proactive.enforcement.decisions": s(20),
        "proactive.fees.amount": round(rng.uniform(0, 40) * scale, 2),
    }


# --- grids ----------------------------------------------------------------------------------------------


class CellWriter:
    """Renders values into cell text, recording which keys a dash or blank leaves unstated."""

    def __init__(self, truth: Truth, zero: str):
        self.truth = truth
        self.zero = zero  # how this table writes 0: "0", "无", or a dash/blank (then not a stated value)
        self.unstated: set[Key] = set()

    def __call__(self, k: Key) -> str:
        value = self.truth.values.get(k)
        if value is None:
            return ""
        if value == 0 and self.zero != "0":
            if self.zero in DASHES:
                self.unstated.add(k)
            return self.zero
        return f"{int(value)}" if float(value).is_integer() else f"{value:g}"


def requests_grid(truth: Truth, template: str, cell: CellWriter) -> Grid:
    results = result_rows(template)
    groups: dict[str, int] = {}
    for _, _, group in results:
        if group:
            groups[group] = groups.get(group, 0) + 1
    header = [
        row(Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3), Cell("申请人情况", colspan=7)),
        row(Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)),
        row(*APPLICANT_LABELS[1:-1], "其他"),
    ]
    values = lambda metric_id: [cell(key(metric_id, a)) for a in COLUMNS]  # noqa: E731
    rows = header + [
        row(Cell("一、本年新收政府信息公开申请数量", colspan=3), *values("requests.new_received")),
        row(Cell("二、上年结转政府信息公开申请数量", colspan=3), *values("requests.carried_over")),
    ]
    seen: set[str] = set()
    for n, (metric_id, label, group) in enumerate([*results, ("requests.processed_total", "（七）总计", None)]):
        cells: list[Cell] = []
        if n == 0:
            cells.append(Cell("三、本年度办理结果", rowspan=len(results) + 1))
        if group:
            if group not in seen:
                cells.append(Cell(group, rowspan=groups[group]))
                seen.add(group)
            cells.append(Cell(label))
        else:
            cells.append(Cell(label, colspan=2))
        rows.append(tuple(cells) + row(*values(metric_id)))
    rows.append(row(Cell("四、结转下年度继续办理", colspan=3), *values("requests.carried_forward")))
    return Grid(tuple(rows), kind="requests")


def review_grid(truth: Truth, cell: CellWriter) -> Grid:
    values = [cell(key(f"{group}.{c}")) for group in REVIEW_GROUPS for c in REVIEW_COLUMNS]
    return Grid(
        (
            row(Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)),
            row(*(Cell(x, rowspan=2) for x in REVIEW_LABELS), Cell("未经复议直接起诉", colspan=5), Cell("复议后起诉", colspan=5)),
            row(*(REVIEW_LABELS * 2)),
            row(*values),
        ),
        kind="review",
    )


def proactive_grid(truth: Truth, template: str, cell: CellWriter) -> Grid:
    v = lambda metric_id: cell(key(metric_id))  # noqa: E731
    if template == "v2021":
        rows = [row(Cell("第二十条第（一）项", colspan=4)), row("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")]
        rows += [row(name, *(v(f"proactive.{kind}.{c}") for c in ("issued", "repealed", "in_force")))
                 for name, kind in (("规章", "regulations"), ("行政规范性文件", "normative_docs"))]
        for section, items in (("第二十条第（五）项", [("行政许可", "licensing")]),
                               ("第二十条第（六）项", [("行政处罚", "penalty"), ("行政强制", "enforcement")])):
            rows += [row(Cell(section, colspan=4)), row("信息内容", Cell("本年处理决定数量", colspan=3))]
            rows += [row(name, Cell(v(f"proactive.{kind}.decisions"), colspan=3)) for name, kind in items]
        rows += [row(Cell("第二十条第（八）项", colspan=4)), row("信息内容", Cell("本年收费金额（单位：万元）", colspan=3)),
                 row("行政事业性收费", Cell(v("proactive.fees.amount"), colspan=3))]
        return Grid(tuple(rows), kind="proactive")
    rows = [row(Cell("第二十条第（一）项", colspan=4)), row("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量")]
    rows += [row(name, *(v(f"proactive.{kind}.{c}") for c in ("made", "published", "public_total")))
             for name, kind in (("规章", "regulations"), ("规范性文件", "normative_docs"))]
    for section, items in (("第二十条第（五）项", [("行政许可", "licensing"), ("其他对外管理服务事项", "other_services")]),
                           ("第二十条第（六）项", [("行政处罚", "penalty"), ("行政强制", "enforcement")])):
        rows += [row(Cell(section, colspan=4)), row("信息内容", "上一年项目数量", "本年增/减", "处理决定数量")]
        rows += [row(name, *(v(f"proactive.{kind}.{c}") for c in ("items_prev_year", "items_change", "decisions"))) for name, kind in items]
    rows += [row(Cell("第二十条第（八）项", colspan=4)), row("信息内容", "上一年项目数量", Cell("本年增/减", colspan=2)),
             row("行政事业性收费", v("proactive.fees.items_prev_year"), Cell(v("proactive.fees.items_change"), colspan=2))]
    rows += [row(Cell("第二十条第（九）项", colspan=4)), row("信息内容", "采购项目数量", Cell("采购总金额", colspan=2)),
             row("政府集中采购", v("proactive.procurement.projects"), Cell(v("proactive.procurement.amount"), colspan=2))]
    return Grid(tuple(rows), kind="proactive")


# --- truth -----------------------------------------------------------------------------------------------


def state_requests(truth: Truth, figures: dict[str, list[int]]) -> None:
    for metric_id, counts in figures.items():
        for applicant, value in zip(APPLICANTS, counts):
            truth.state(key(metric_id, applicant), value)
        truth.state(key(metric_id, "total"), sum(counts))


def requests_relations(template: str) -> list[Relation]:
    leaves = [m for m, _, _ in result_rows(template)]
    metric_ids = ["requests.new_received", "requests.carried_over", *leaves, "requests.processed_total", "requests.carried_forward"]
    relations = [
        Relation("sum", (m,), (key(m, "total"),), tuple(key(m, a) for a in APPLICANTS),
                 f"{m}: the 总计 column is not the sum of the six applicant columns")
        for m in metric_ids
    ]
    for a in COLUMNS:
        relations.append(Relation("sum", ("requests.processed_total",), (key("requests.processed_total", a),),
                                  tuple(key(m, a) for m in leaves), f"（七）总计 ({a}) is not the sum of the result rows （一）to（六）"))
        relations.append(Relation("flow", ("requests.new_received", "requests.carried_over", "requests.processed_total", "requests.carried_forward"),
                                  (key("requests.new_received", a), key("requests.carried_over", a)),
                                  (key("requests.processed_total", a), key("requests.carried_forward", a)),
                                  f"本年新收 + 上年结转 ≠ （七）总计 + 结转下年度继续办理 ({a})"))
    return relations


def state_review(truth: Truth, figures: dict[str, list[int]]) -> list[Relation]:
    relations = []
    for group, values in figures.items():
        for column, value in zip(REVIEW_COLUMNS, values):
            truth.state(key(f"{group}.{column}"), value)
        relations.append(Relation("sum", (f"{group}.total",), (key(f"{group}.total"),),
                                  tuple(key(f"{group}.{c}") for c in REVIEW_COLUMNS[:-1]), f"{group}: 总计 is not the sum of its outcomes"))
    return relations


def standard_tables(rng: random.Random, truth: Truth, template: str, zero: str) -> tuple[Grid, Grid, Grid]:
    """The three grids (二, 三, 四) rendered from the truth's current values; dash zeros are unstated."""
    writer = CellWriter(truth, zero)
    grids = (proactive_grid(truth, template, writer), requests_grid(truth, template, writer), review_grid(truth, writer))
    truth.unstate(writer.unstated)
    return grids
