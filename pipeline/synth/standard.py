"""The standard tables of v2019/v2021 reports (sections 二, 三, 四): figures that stay consistent within a report
and across an agency's years, drawn as grids by pipeline.synth.tables (the same renderers the extraction is
tested with), in the variants agencies print (小计 rows, a 法人或其他组织 subtotal column, dashes for zero).
"""

from __future__ import annotations

import random

from pipeline.extract.standard_template import standard_rows
from pipeline.synth import tables
from pipeline.synth.blocks import Cell, Grid
from pipeline.synth.series import Series
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


def requests_figures(rng: random.Random, template: str, series: Series, carried_over: list[int], forward: list[int]) -> dict[str, list[int]]:
    """Every row of table 三 per applicant column (no total column), with consistent arithmetic; each row's
    total follows the agency's own level (`series`), the split into columns and the empty rows vary."""
    figures = {"requests.granted": _split(rng, series.count("requests.granted", 150)),
               "requests.partially_granted": _split(rng, series.count("requests.partially_granted", 20))}
    for metric_id, _, group in result_rows(template)[2:]:
        top = {"（三）不予公开": 3, "（四）无法提供": 30, "（五）不予处理": 6}.get(group or "", 6)
        figures[metric_id] = _split(rng, series.count(metric_id, top) if rng.random() < 0.6 else 0)
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


def proactive_v2019(rng: random.Random, series: Series) -> dict[str, float]:
    """表二 of v2019: counts at the agency's own level (`series`); the changes 本年增/减 vary freely."""
    s = series.count
    made = s("proactive.normative_docs.made", 12)
    values: dict[str, float] = {
        "proactive.regulations.made": 0 if rng.random() < 0.8 else s("proactive.regulations.made", 3),
        "proactive.normative_docs.made": made,
        "proactive.normative_docs.published": made,
        "proactive.normative_docs.public_total": made + s("proactive.normative_docs.public_total", 60),
        "proactive.licensing.items_prev_year": s("proactive.licensing.items_prev_year", 200),
        "proactive.licensing.items_change": rng.randint(-5, 5),
        "proactive.licensing.decisions": s("proactive.licensing.decisions", 3000),
        "proactive.other_services.items_prev_year": s("proactive.other_services.items_prev_year", 60),
        "proactive.other_services.items_change": rng.randint(-3, 3),
        "proactive.other_services.decisions": s("proactive.other_services.decisions", 400),
        "proactive.penalty.items_prev_year": s("proactive.penalty.items_prev_year", 300),
        "proactive.penalty.items_change": rng.randint(-5, 8),
        "proactive.penalty.decisions": s("proactive.penalty.decisions", 400),
        "proactive.enforcement.items_prev_year": s("proactive.enforcement.items_prev_year", 30),
        "proactive.enforcement.items_change": 0,
        "proactive.enforcement.decisions": s("proactive.enforcement.decisions", 20),
        "proactive.fees.items_prev_year": s("proactive.fees.items_prev_year", 10),
        "proactive.fees.items_change": rng.randint(-2, 0),
        "proactive.procurement.projects": s("proactive.procurement.projects", 80),
        "proactive.procurement.amount": series.amount("proactive.procurement.amount", 3000, 1),
    }
    values["proactive.regulations.published"] = values["proactive.regulations.made"]
    values["proactive.regulations.public_total"] = values["proactive.regulations.made"] + s("proactive.regulations.public_total", 5)
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


def proactive_v2021(series: Series, stock: dict[str, float]) -> dict[str, float]:
    s = series.count
    return {
        **stock,
        "proactive.licensing.decisions": s("proactive.licensing.decisions", 3000),
        "proactive.penalty.decisions": s("proactive.penalty.decisions", 400),
        "proactive.enforcement.decisions": s("proactive.enforcement.decisions", 20),
        "proactive.fees.amount": series.amount("proactive.fees.amount", 40, 2),
    }


# --- grids: drawn by pipeline.synth.tables (the extraction side's renderers) from this report's figures --------


def subtotal_groups(template: str) -> dict[str, list[str]]:
    """The （三）…（六） groups some agencies print a 小计 row for: subtotal metric -> its rows."""
    groups = {"requests.denied": [m for m, _ in DENIED], "requests.unable": [m for m, _ in UNABLE],
              "requests.not_processed": [m for m, _ in NOT_PROCESSED]}
    if template == "v2021":
        groups["requests.other"] = [m for m, _ in OTHER_V2021]
    return groups


def _printed(truth: Truth, k: Key, zero: str) -> float | None:
    """The value a cell shows; None prints as a dash (written in the report's own zero style afterwards)."""
    value = truth.values.get(k)
    return None if value == 0 and zero != "0" else value


def _restyle_dashes(grid: Grid, zero: str) -> Grid:
    if zero == tables.BLANK:
        return grid
    return Grid(tuple(tuple(Cell(zero, c.rowspan, c.colspan) if c.text == tables.BLANK else c for c in r) for r in grid.rows),
                grid.caption, grid.kind)


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


def state_subtotals(truth: Truth, template: str) -> list[Relation]:
    """State the 小计 rows (sums of their group, from the figures as drawn) and the relations they add."""
    relations = []
    for parent, children in subtotal_groups(template).items():
        for a in COLUMNS:
            truth.state(key(parent, a), sum(truth.values[key(c, a)] for c in children))
            relations.append(Relation("sum", (parent,), (key(parent, a),), tuple(key(c, a) for c in children),
                                      f"{parent} ({a}): the 小计 row is not the sum of its rows"))
        relations.append(Relation("sum", (parent,), (key(parent, "total"),), tuple(key(parent, a) for a in APPLICANTS),
                                  f"{parent}: the 总计 column is not the sum of the six applicant columns"))
    return relations


def standard_tables(rng: random.Random, truth: Truth, template: str, zero: str, group_subtotals: bool = False,
                    org_subtotal: bool = False) -> tuple[Grid, Grid, Grid]:
    """The three grids (二, 三, 四) drawn from the truth's current values; zeros printed as a dash or blank are
    not stated values (FORMAT.md) and leave the truth."""
    proactive_ids = [m for r in standard_rows("proactive", template) for m in r.metric_ids]
    review_ids = [f"{group}.{c}" for group in REVIEW_GROUPS for c in REVIEW_COLUMNS]
    request_ids = [r.metric_ids[0] for r in standard_rows("requests", template) if group_subtotals or not r.optional]
    figures = tables.StandardTables(
        template,
        proactive={m: _printed(truth, key(m), zero) for m in proactive_ids},
        requests={m: [_printed(truth, key(m, a), zero) for a in COLUMNS] for m in request_ids},
        review={m: _printed(truth, key(m), zero) for m in review_ids},
        group_subtotals=group_subtotals,
        org_subtotal=org_subtotal,
    )
    if zero in DASHES:
        shown = [*((key(m), v) for m, v in {**figures.proactive, **figures.review}.items()),
                 *((key(m, a), v) for m, values in figures.requests.items() for a, v in zip(COLUMNS, values))]
        truth.unstate({k for k, v in shown if v is None})
    grids = tables.table_grids(figures)
    return tuple(_restyle_dashes(grids[name], zero) for name in ("proactive", "requests", "review"))
