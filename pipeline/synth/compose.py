"""One synthetic annual report: its content blocks and its truth, for an agency, a year and a set of choices.

`Choices` say what the report looks like (template, whether a 统计表 is appended, which figures the prose
states, how zeros are written, which inconsistency is injected); `compose` turns them into blocks and truth.
Injections change a stated value after the consistent figures are drawn and before anything is rendered,
so the text shows the inconsistency and `truth.inconsistencies` names every relation it breaks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from pipeline.catalog import load_catalog
from pipeline.synth import standard, v2008, wording
from pipeline.synth.agencies import Agency
from pipeline.synth.blocks import Grid, Heading, Para, Report
from pipeline.synth.series import Series
from pipeline.synth.truth import CategoryList, Relation, Truth, key

INJECTIONS = {
    "v2019": ["applicant_cell", "total_cell", "processed_total", "carried_forward", "review_total", "cross_section"],
    "v2008_table": ["table_received", "table_answered", "category_sum", "category_partial", "share", "cross_section"],
    "v2008_prose": ["prose_received", "category_sum", "category_partial", "share", "staff"],
}
SECTION_HEADINGS_V2019 = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                          "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


@dataclass(frozen=True)
class Choices:
    template: str  # v2008, v2019, v2021, narrative
    statistics: str | None = None  # v2008: national, provincial or None (no 统计表)
    cumulative: bool = False  # provincial 统计表 with a 历年累计 column
    zero: str = "0"  # how tables write zero: 0, 无, —, / or blank
    tables_missing: bool = False  # v2019/v2021 page whose tables were lost in scraping
    lose_characters: bool = False  # 年/月 dropped from the 统计期限 sentence and dates
    injection: str | None = None
    title_style: int = 0
    subtotals: bool = False  # v2019/v2021: the table prints （三）…（六） 小计 rows
    org_subtotal: bool = False  # v2019/v2021: the table prints a 法人或其他组织 subtotal column


def title(agency: Agency, year: int, style: int) -> str:
    styles = [f"{agency.name}{year}年政府信息公开工作年度报告", f"{agency.name}{year}年度政府信息公开工作年度报告",
              f"{year}年{agency.name}政府信息公开工作年度报告", f"{agency.name}关于{year}年政府信息公开工作年度报告",
              f"{agency.name}{year}年度政府信息公开工作报告"]
    return styles[style % len(styles)]


def _intro(rng: random.Random, agency: Agency, year: int, template: str, lose: bool) -> Para:
    head = (wording.INTRO_V2008 if template in ("v2008", "narrative") else wording.INTRO_V2019).format(office=agency.office, year=year)
    contact = wording.CONTACT.format(office=agency.office, address=agency.address, phone=agency.phone)
    return Para(head + wording.period_sentence(rng, year, lose) + contact)


def _signature(rng: random.Random, agency: Agency, year: int, lose: bool) -> list[str]:
    month, day = rng.randint(1, 3), rng.randint(5, 28)
    date = f"{year + 1}{month}{day}" if lose else wording.date_zh(rng, year + 1, month, day)
    return [agency.name, date]


def _n(rng: random.Random, value: float) -> str:
    return wording.number(rng, value)


# --- v2019 / v2021 -------------------------------------------------------------------------------------


def _inject_standard(rng: random.Random, truth: Truth, template: str, injection: str) -> None:
    results = [m for m, _, _ in standard.result_rows(template)]
    bump = rng.choice([1, 2, 3, 5, 10])
    if injection == "applicant_cell":
        k = key(rng.choice(results), rng.choice(standard.APPLICANTS[:2]))
    elif injection == "total_cell":
        k = key(rng.choice(results), "total")
    elif injection == "processed_total":
        k = key("requests.processed_total", "total")
    elif injection == "carried_forward":
        k = key("requests.carried_forward", rng.choice(standard.COLUMNS))
    elif injection == "review_total":
        k = key("review.total")
    else:
        return
    truth.values[k] = truth.values[k] + bump
    truth.injected.append(injection)


def compose_standard(rng: random.Random, seed: int, agency: Agency, year: int, choices: Choices) -> tuple[Report, Truth]:
    template = choices.template
    truth = Truth()
    series = Series(seed, agency.series, year, agency.scale)
    forward = standard.carried_forward(seed, agency.series, year, agency.scale)
    carried_over = standard.carried_forward(seed, agency.series, year - 1, agency.scale)
    requests = standard.requests_figures(rng, template, series, carried_over, forward)
    proactive_total = series.count("proactive.total", 4000, 50) + 1
    if template == "v2021":
        proactive = standard.proactive_v2021(series, standard.documents_in_force(seed, agency.series, year, agency.scale))
    else:
        proactive = standard.proactive_v2019(rng, series)
    review = standard.review_figures(rng, agency.scale)
    new_total, processed_total = sum(requests["requests.new_received"]), sum(requests["requests.processed_total"])

    prose_new = new_total
    if choices.injection == "cross_section" and not choices.tables_missing:
        # never by the carried-over total: 收到申请N件 = 新收 + 上年结转 is a legitimate reading (g19-010: 75 = 74 + 1)
        carried_total = sum(requests["requests.carried_over"])
        prose_new = new_total + rng.choice([bump for bump in (1, 2, 5, 10, 20) if bump != carried_total])
        truth.injected.append("cross_section")
    truth.state(key("proactive.total"), proactive_total)
    if choices.tables_missing:
        truth.state(key("requests.new_received", "total"), new_total)
        truth.state(key("requests.processed_total", "total"), processed_total)
        truth.expected_flags.append("the standard tables of sections 二, 三 and 四 are missing: the headings are present but the tables were lost")
        truth.notes.append("tables lost in scraping; only the prose figures remain")
    else:
        for metric_id, value in proactive.items():
            truth.state(key(metric_id), value)
        standard.state_requests(truth, requests)
        truth.relations.extend(standard.requests_relations(template))
        if choices.subtotals:  # stated before any injection, so a changed row also breaks its 小计
            truth.relations.extend(standard.state_subtotals(truth, template))
        truth.relations.extend(standard.state_review(truth, review))
        truth.prose[key("requests.new_received", "total")] = prose_new
        truth.prose[key("requests.processed_total", "total")] = processed_total
        if choices.injection and choices.injection != "cross_section":
            _inject_standard(rng, truth, template, choices.injection)
        _cross_section_relations(truth)

    blocks: list = [_intro(rng, agency, year, template, choices.lose_characters), Heading(SECTION_HEADINGS_V2019[0])]
    overview = [p.format(year=year, short=agency.short) for p in wording.OVERVIEW_V2019]
    blocks.append(Para(overview[0]))
    blocks.append(Para(f"（一）主动公开。全年共主动公开政府信息{_n(rng, proactive_total)}条，通过政府门户网站、政务新媒体等渠道及时发布。"))
    blocks.append(Para(f"（二）依申请公开。全年共收到政府信息公开申请{_n(rng, prose_new)}件，办结{_n(rng, processed_total)}件，均在法定期限内答复。"))
    blocks += [Para(p) for p in overview[1:]]
    blocks += [Para(p) for p in wording.extra_paragraphs(rng, agency.short)]
    grids = () if choices.tables_missing else standard.standard_tables(
        rng, truth, template, choices.zero, choices.subtotals, choices.org_subtotal
    )
    for k, value in truth.prose.items():
        truth.values.setdefault(k, value)  # a figure the table leaves as a dash is still stated by the prose
    for n, heading in enumerate(SECTION_HEADINGS_V2019[1:4]):
        blocks.append(Heading(heading))
        if grids:
            blocks.append(grids[n])
    blocks.append(Heading(SECTION_HEADINGS_V2019[4]))
    blocks += [Para(p) for p in wording.PROBLEMS]
    blocks.append(Heading(SECTION_HEADINGS_V2019[5]))
    blocks.append(Para(f"{agency.short}{year}年度未收取信息处理费。无其他需要报告的事项。"))
    report = Report(title(agency, year, choices.title_style), blocks, signature=_signature(rng, agency, year, choices.lose_characters))
    return report, truth


# --- v2008 -----------------------------------------------------------------------------------------------

ANSWER_WORDS = {
    "national": [("requests.answered.already_public", "属于已主动公开范围"), ("requests.answered.granted", "同意公开"),
                 ("requests.answered.partial", "同意部分公开"), ("requests.answered.denied", "不予公开"),
                 ("requests.answered.not_this_agency", "不属于本行政机关公开"), ("requests.answered.not_exist", "申请信息不存在"),
                 ("requests.answered.correction", "告知作出更改补充"), ("requests.answered.other_channel", "告知通过其他途径办理")],
    "provincial": [("requests.answered.granted", "同意公开"), ("requests.answered.partial", "同意部分公开"),
                   ("requests.answered.denied", "不予公开"), ("requests.answered.other", "其他类型答复")],
}
CHANNEL_WORDS = {
    "national": [("requests.received.in_person", "当面申请"), ("requests.received.fax", "传真申请"),
                 ("requests.received.online", "网络申请"), ("requests.received.mail", "信函申请")],
    "provincial": [("requests.received.in_person", "当面申请"), ("requests.received.online", "网上申请"),
                   ("requests.received.mail", "信函、传真申请")],
}


def _v2008_children(parent: str) -> list[str]:
    return [c.metric_id for c in load_catalog().children(parent) if c.applies_to("v2008")]


class ProseWriter:
    """Writes v2008 sentences and records what they state: in the truth when no table states it, else as a restatement."""

    def __init__(self, rng: random.Random, truth: Truth, table_ids: set[str], figures: dict[str, float]):
        self.rng = rng
        self.truth = truth
        self.table_ids = table_ids
        self.figures = figures

    def value(self, metric_id: str) -> str:
        value = self.figures[metric_id]
        k = key(metric_id)
        if metric_id in self.table_ids:
            self.truth.prose[k] = value
        else:
            self.truth.state(k, value)
        return wording.number(self.rng, value)

    def breakdown(self, parent: str, words: list[tuple[str, str]], unit: str) -> str:
        """"，其中A x件，B y件": the nonzero parts of `parent`, their sum the parent. A reader sees a complete list
        only when it names every part metrics.csv has (every channel, 其他形式 too): anything less reads as 其中
        highlights, whose shortfall says nothing (see truth._short_highlights)."""
        parts = [(m, w) for m, w in words if self.figures.get(m)]
        if not parts:
            return ""
        text = "，".join(f"{w}{self.value(m)}{unit}" for m, w in parts)
        if parent not in self.table_ids:  # the table's own relation covers a parent the table states
            self.truth.relations.append(Relation("sum", (parent,), (key(parent),), tuple(key(m) for m, _ in parts),
                                                 f"{parent} is not the sum of the parts the prose lists",
                                                 partial=len(parts) < len(_v2008_children(parent))))
        return "，其中" + text


def _category_paragraph(rng: random.Random, truth: Truth, total: int, injection: str | None) -> str:
    entries = v2008.categories(rng, total)
    partial = injection == "category_partial" and len(entries) > 3
    if partial:
        entries = entries[:-1]  # the list is "主要类别": the last category is left out
        truth.injected.append(injection)
    decimals = rng.choice([1, 1, 2, None])
    listing = CategoryList("proactive.total", key("proactive.total"), complete=not partial)
    for name, count in entries:
        share = round(100 * count / total, decimals) if decimals is not None else None
        listing.entries.append({"label": name, "value": count, "share_pct": share, "share_decimals": decimals or 1})
    bump = rng.choice([1, 2, 3, 5, 10])
    if injection == "category_sum":
        rng.choice(listing.entries)["value"] += bump
        truth.injected.append(injection)
    elif injection == "share" and decimals is not None:
        entry = rng.choice(listing.entries)
        wrong = entry["share_pct"] + rng.choice([-3, -2, 2, 3, 4.5])
        entry["share_pct"] = round(wrong if wrong >= 0 else wrong + 6, decimals)
        truth.injected.append(injection)
    truth.category_lists.append(listing)
    pieces = [
        f"{e['label']}{wording.number(rng, e['value'], allow_chinese=False)}条" + (f"，占{e['share_pct']:g}%" if e["share_pct"] is not None else "")
        for e in listing.entries
    ]
    intro = "其中主要类别有：" if partial else rng.choice(["按信息类别分：", "从公开内容看，", "具体包括："])
    return intro + "；".join(pieces) + "。"


APPROVAL_SHARE = 0.06 # v2008 reports that also tell how many approval cases their service window handled
APPROVAL_INJECTED = 0.25 # ...of which state figures that do not agree with their rate


def _approvals_paragraph(seed: int, agency: Agency, year: int, truth: Truth) -> str | None:
    """"全年共受理行政审批事项117件，办结117件，办结率100%": a whole, a part and its rate, counting no disclosure
    metric (g08-012 states such a sentence with 171 closed). Drawn from its own generator, so the rest of the
    corpus is what it was without these paragraphs."""
    rng = random.Random(f"approvals:{seed}:{agency.number}:{year}")
    if rng.random() >= APPROVAL_SHARE:
        return None
    whole = rng.randint(12, 900)
    part = whole if rng.random() < 0.6 else whole - rng.randint(1, max(1, whole // 20))
    decimals = rng.choice([0, 1, 1, 2])
    rate = round(100 * part / whole, decimals)
    if rng.random() < APPROVAL_INJECTED:
        if rng.random() < 0.5:
            digits = str(whole)
            swapped = int(digits[:-2] + digits[-1] + digits[-2])  # 117 typed as 171
            part = swapped if swapped > whole else whole + rng.randint(3, 60)
            truth.injected.append("rate_part_exceeds")
        else:
            part = whole - max(2, round(whole * rng.uniform(0.03, 0.2)))
            rate = 100
            decimals = 0
            truth.injected.append("rate_wrong")
    thing = rng.choice(["行政审批事项", "审批服务事项", "政务服务事项", "行政许可事项"])
    truth.rates.append({"whole": whole, "part": part, "rate_pct": rate, "decimals": decimals, "label": thing})
    rate_text = "100" if rate == 100 else f"{rate:.{decimals}f}"
    where = rng.choice(["在政务服务中心窗口", "通过网上办事大厅", ""])
    return f"{year}年，{agency.short}{where}共受理{thing}{whole}件，办结{part}件，办结率{rate_text}%。"


def _cross_section_relations(truth: Truth) -> None:
    """Every prose restatement of a table value is a cross-section relation: they must agree."""
    for k in truth.prose:
        if k in truth.values:
            truth.relations.append(Relation("cross_section", (k[0],), (k,), (k,),
                                            f"the prose and the table state different values for {k[0]}", stated_from_prose=True))


def compose_v2008(rng: random.Random, seed: int, agency: Agency, year: int, choices: Choices) -> tuple[Report, Truth]:
    truth = Truth()
    shape = choices.statistics or "national"
    figures = v2008.table_view(shape, v2008.yearly_figures(seed, agency.series, year, agency.scale))
    table_ids: set[str] = set(v2008.table_metric_ids(choices.statistics)) if choices.statistics else set()
    bump = rng.choice([1, 2, 3, 5, 10])
    injection = choices.injection
    prose_figures = dict(figures)
    if injection == "prose_received" and figures["requests.received"] > 0 and not table_ids:
        prose_figures["requests.received"] += bump
        truth.injected.append(injection)
    elif injection == "staff" and "org.staff" not in table_ids:
        prose_figures["org.staff"] += bump
        truth.injected.append(injection)
    elif injection == "cross_section" and "review.total" in table_ids:
        prose_figures["review.total"] += bump
        truth.injected.append(injection)

    cumulative = None
    if choices.statistics:
        if choices.cumulative:
            cumulative = v2008.cumulative_figures(seed, agency.series, year, agency.scale, shape, sorted(table_ids))
        for metric_id in table_ids:
            truth.state(key(metric_id), figures[metric_id])
            if cumulative is not None:
                truth.state(key(metric_id, None, "cumulative"), cumulative[metric_id])
        truth.relations.extend(v2008.statistics_relations(shape, cumulative is not None))
        target = {"table_received": "requests.received", "table_answered": "requests.answered"}.get(injection or "")
        if target and target in table_ids:
            truth.values[key(target)] += bump
            truth.injected.append(injection)

    prose = ProseWriter(rng, truth, table_ids, prose_figures)
    s = agency.short
    sections: list[tuple[str, list[str]]] = []
    proactive = f"{year}年，{s}共主动公开政府信息{prose.value('proactive.total')}条"
    if rng.random() < 0.5:
        proactive += f"，其中通过政府网站公开{prose.value('proactive.channel.website')}条，通过政府公报公开{prose.value('proactive.channel.gazette')}条"
    proactive_paras = [proactive + "。"]
    if rng.random() < 0.4 or injection in ("category_sum", "category_partial", "share"):
        proactive_paras.append(_category_paragraph(rng, truth, int(figures["proactive.total"]), injection))
    sections.append(("二、主动公开政府信息情况", proactive_paras))

    requests_paras = []
    if figures["requests.received"] == 0:
        prose.value("requests.received")
        requests_paras.append(f"{year}年，{s}未收到政府信息公开申请。")
    elif rng.random() < 0.8 or injection == "prose_received":
        text = f"{year}年，{s}共受理政府信息公开申请{prose.value('requests.received')}件"
        text += prose.breakdown("requests.received", CHANNEL_WORDS[shape], "件") + "。"
        if rng.random() < 0.6:
            text += f"对申请的答复总数为{prose.value('requests.answered')}件" + prose.breakdown("requests.answered", ANSWER_WORDS[shape], "件") + "。"
        requests_paras.append(text)
    sections.append(("三、依申请公开政府信息情况", requests_paras or [f"{s}依法规范办理政府信息公开申请。"]))

    if rng.random() < 0.6:
        fees = figures["fees.amount"]
        text = f"全年收取检索、复制、邮寄等费用{prose.value('fees.amount')}万元。" if fees else f"{year}年，{s}未收取任何费用。"
        if not fees:
            prose.value("fees.amount")
        sections.append(("四、政府信息公开收费及减免情况", [text]))
    if rng.random() < 0.7 or injection == "cross_section":
        if prose_figures["review.total"] == 0 and prose_figures["litigation.total"] == 0:
            text = "全年未发生因政府信息公开申请提起行政复议、行政诉讼的情况。"
            prose.value("review.total")
            prose.value("litigation.total")
        else:
            text = f"全年发生政府信息公开行政复议{prose.value('review.total')}件，行政诉讼{prose.value('litigation.total')}件。"
        sections.append(("五、因政府信息公开申请行政复议、提起行政诉讼的情况", [text]))
    sections.append(("六、政府信息公开工作存在的主要问题及改进措施", [p.format(unit=s[-1]) for p in wording.PROBLEMS_V2008]))
    if rng.random() < 0.4 or injection == "staff":
        staff = (f"{s}共有政府信息公开工作人员{prose.value('org.staff')}人，其中专职人员{prose.value('org.staff.full_time')}人，"
                 f"兼职人员{prose.value('org.staff.part_time')}人。")
        if "org.staff" not in table_ids:
            truth.relations.append(Relation("sum", ("org.staff",), (key("org.staff"),),
                                            (key("org.staff.full_time"), key("org.staff.part_time")), "staff is not full time + part time"))
        sections.append(("七、其他需要报告的事项", [staff]))
    _cross_section_relations(truth)

    blocks: list = [_intro(rng, agency, year, "v2008", choices.lose_characters), Heading("一、概述")]
    blocks += [Para(p.format(year=year, short=s)) for p in wording.OVERVIEW_V2008]
    blocks += [Para(p) for p in wording.extra_paragraphs(rng, s)]
    approvals = _approvals_paragraph(seed, agency, year, truth)
    if approvals:
        blocks.append(Para(approvals))
    for heading, paragraphs in sections:
        blocks.append(Heading(heading))
        blocks += [Para(p) for p in paragraphs if p]
    if choices.statistics:
        # Rendered from the truth after any injection, so a changed cell shows in the table.
        blocks.append(Heading(f"附表：{agency.name}{year}年政府信息公开情况统计表"))
        blocks.append(v2008.statistics_grid(shape, year, truth, cumulative is not None))
    report = Report(title(agency, year, choices.title_style), blocks, signature=_signature(rng, agency, year, choices.lose_characters))
    return report, truth


def compose_narrative(rng: random.Random, seed: int, agency: Agency, year: int, choices: Choices) -> tuple[Report, Truth]:
    """A short prose-only report with no section structure and no table (label template: narrative)."""
    truth = Truth()
    total = Series(seed, agency.series, year, agency.scale).count("proactive.total", 3000) + 1
    truth.state(key("proactive.total"), total)
    paragraphs = [
        f"根据《中华人民共和国政府信息公开条例》要求，现将{agency.name}{year}年政府信息公开工作情况报告如下。",
        f"{year}年，{agency.short}高度重视政府信息公开工作，把信息公开作为转变作风、服务群众的重要抓手，"
        f"全年主动公开政府信息{wording.number(rng, total)}条，涵盖工作动态、政策文件、办事指南等内容。",
        "在工作中，我们坚持以公开为常态、不公开为例外，及时回应社会关切，群众满意度不断提升。",
        "下一步，我们将继续完善工作机制，拓展公开渠道，推动政府信息公开工作不断深入。",
    ]
    report = Report(title(agency, year, choices.title_style), [Para(p) for p in paragraphs],
                    signature=_signature(rng, agency, year, choices.lose_characters))
    return report, truth


def compose(rng: random.Random, seed: int, agency: Agency, year: int, choices: Choices) -> tuple[Report, Truth]:
    if choices.template in ("v2019", "v2021"):
        return compose_standard(rng, seed, agency, year, choices)
    if choices.template == "narrative":
        return compose_narrative(rng, seed, agency, year, choices)
    return compose_v2008(rng, seed, agency, year, choices)
