"""Reports for 2008-2018 (v2008): figures in prose, often a 统计表, category lists with shares.

Two statistics-table shapes occur: the older provincial one (指标名称 / 计量单位 / 本年度 / 历年累计, Fujian style)
and the national one of 2014-2018 (统计指标 / 单位 / 统计数, every v2008 metric of metrics.csv). Cumulative
figures are sums of the agency's yearly figures since 2008, so 历年累计 never decreases across its reports.
"""

from __future__ import annotations

import random

from pipeline.synth.blocks import Grid, row
from pipeline.synth.series import Series
from pipeline.synth.truth import Relation, Truth, key

FIRST_YEAR = 2008
CHANNELS = ("in_person", "fax", "online", "mail")
ANSWERS = ("already_public", "granted", "partial", "denied", "not_this_agency", "not_exist", "correction", "other_channel")
DENIED_REASONS = ("state_secret", "trade_secret", "privacy", "security_stability", "not_gov_info", "other_law")
OUTCOMES = ("upheld", "corrected", "other")

# (label, unit, metric id or None for a heading row) of the national table, 2014-2018.
NATIONAL_ROWS = [
    ("一、主动公开情况", "", None),
    ("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", "proactive.total"),
    ("其中：主动公开规范性文件数", "条", "proactive.normative_docs_public"),
    ("制发规范性文件总数", "件", "proactive.normative_docs_made"),
    ("（二）通过不同渠道和方式公开政府信息的情况", "", None),
    ("1.政府公报公开政府信息数", "条", "proactive.channel.gazette"),
    ("2.政府网站公开政府信息数", "条", "proactive.channel.website"),
    ("3.政务微博公开政府信息数", "条", "proactive.channel.weibo"),
    ("4.政务微信公开政府信息数", "条", "proactive.channel.wechat"),
    ("5.其他方式公开政府信息数", "条", "proactive.channel.other"),
    ("二、回应解读情况", "", None),
    ("（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次", "response.hot_topics"),
    ("（二）通过不同渠道和方式回应解读的情况", "", None),
    ("1.参加或举办新闻发布会总次数", "次", "response.press_conferences"),
    ("其中：主要负责同志参加新闻发布会次数", "次", "response.press_conferences_heads"),
    ("2.政府网站在线访谈次数", "次", "response.online_interviews"),
    ("其中：主要负责同志参加政府网站在线访谈次数", "次", "response.online_interviews_heads"),
    ("3.政策解读稿件发布数", "篇", "response.policy_interpretations"),
    ("4.微博微信回应事件数", "次", "response.weibo_wechat"),
    ("5.其他方式回应事件数", "次", "response.other"),
    ("三、依申请公开情况", "", None),
    ("（一）收到申请数", "件", "requests.received"),
    ("1.当面申请数", "件", "requests.received.in_person"),
    ("2.传真申请数", "件", "requests.received.fax"),
    ("3.网络申请数", "件", "requests.received.online"),
    ("4.信函申请数", "件", "requests.received.mail"),
    ("（二）申请办结数", "件", "requests.closed"),
    ("1.按时办结数", "件", "requests.closed.on_time"),
    ("2.延期办结数", "件", "requests.closed.extended"),
    ("（三）申请答复数", "件", "requests.answered"),
    ("1.属于已主动公开范围数", "件", "requests.answered.already_public"),
    ("2.同意公开答复数", "件", "requests.answered.granted"),
    ("3.同意部分公开答复数", "件", "requests.answered.partial"),
    ("4.不同意公开答复数", "件", "requests.answered.denied"),
    ("其中：涉及国家秘密", "件", "requests.answered.denied.state_secret"),
    ("涉及商业秘密", "件", "requests.answered.denied.trade_secret"),
    ("涉及个人隐私", "件", "requests.answered.denied.privacy"),
    ("危及国家安全、公共安全、经济安全和社会稳定", "件", "requests.answered.denied.security_stability"),
    ("不是《条例》所指政府信息", "件", "requests.answered.denied.not_gov_info"),
    ("法律法规规定的其他情形", "件", "requests.answered.denied.other_law"),
    ("5.不属于本行政机关公开数", "件", "requests.answered.not_this_agency"),
    ("6.申请信息不存在数", "件", "requests.answered.not_exist"),
    ("7.告知作出更改补充数", "件", "requests.answered.correction"),
    ("8.告知通过其他途径办理数", "件", "requests.answered.other_channel"),
    ("四、行政复议数量", "件", "review.total"),
    ("（一）维持具体行政行为数", "件", "review.upheld"),
    ("（二）被依法纠错数", "件", "review.corrected"),
    ("（三）其他情形数", "件", "review.other"),
    ("五、行政诉讼数量", "件", "litigation.total"),
    ("（一）维持具体行政行为或者驳回原告诉讼请求数", "件", "litigation.upheld"),
    ("（二）被依法纠错数", "件", "litigation.corrected"),
    ("（三）其他情形数", "件", "litigation.other"),
    ("六、举报投诉数量", "件", "complaints.total"),
    ("（一）维持具体行政行为数", "件", "complaints.upheld"),
    ("（二）被纠错数", "件", "complaints.corrected"),
    ("（三）其他情形数", "件", "complaints.other"),
    ("七、依申请公开信息收取的费用", "万元", "fees.amount"),
    ("八、机构建设和保障经费情况", "", None),
    ("（一）政府信息公开工作专门机构数", "个", "org.dedicated_units"),
    ("（二）设置政府信息公开查阅点数", "个", "org.reading_points"),
    ("（三）从事政府信息公开工作人员数", "人", "org.staff"),
    ("1.专职人员数（不包括政府公报及政府网站工作人员数）", "人", "org.staff.full_time"),
    ("2.兼职人员数", "人", "org.staff.part_time"),
    ("（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）", "万元", "org.budget"),
    ("九、政府信息公开会议和培训情况", "", None),
    ("（一）召开政府信息公开工作会议或专题会议数", "次", "org.meetings"),
    ("（二）举办各类培训班数", "次", "org.trainings"),
    ("（三）接受培训人员数", "人次", "org.trainees"),
]
# The older provincial table: 信函、传真 share a row, answers have four outcomes.
PROVINCIAL_ROWS = [
    ("主动公开信息数", "条", "proactive.total"),
    ("其中：1.政府网站公开数", "条", "proactive.channel.website"),
    ("2.政府公报公开数", "条", "proactive.channel.gazette"),
    ("受理政府信息公开申请总数", "条", "requests.received"),
    ("其中：1.当面申请数", "条", "requests.received.in_person"),
    ("2.网上申请数", "条", "requests.received.online"),
    ("3.信函、传真申请数", "条", "requests.received.mail"),
    ("对申请的答复总数", "条", "requests.answered"),
    ("其中：1.同意公开答复数", "条", "requests.answered.granted"),
    ("2.同意部分公开答复数", "条", "requests.answered.partial"),
    ("3.不予公开答复数", "条", "requests.answered.denied"),
    ("4.其他类型答复数", "条", "requests.answered.other"),
    ("接受行政申诉、举报数", "件", "complaints.total"),
    ("行政复议数", "件", "review.total"),
    ("行政诉讼数", "件", "litigation.total"),
]
NATIONAL_PARENTS = {
    "requests.received": [f"requests.received.{c}" for c in CHANNELS],
    "requests.closed": ["requests.closed.on_time", "requests.closed.extended"],
    "requests.answered": [f"requests.answered.{a}" for a in ANSWERS],
    "requests.answered.denied": [f"requests.answered.denied.{r}" for r in DENIED_REASONS],
    "review.total": [f"review.{o}" for o in OUTCOMES],
    "litigation.total": [f"litigation.{o}" for o in OUTCOMES],
    "complaints.total": [f"complaints.{o}" for o in OUTCOMES],
    "org.staff": ["org.staff.full_time", "org.staff.part_time"],
}
PROVINCIAL_PARENTS = {
    "requests.received": ["requests.received.in_person", "requests.received.online", "requests.received.mail"],
    "requests.answered": ["requests.answered.granted", "requests.answered.partial", "requests.answered.denied", "requests.answered.other"],
}
CATEGORY_NAMES = ["机构职能类", "政策法规类", "规划计划类", "行政许可类", "财政资金类", "重大建设项目类", "人事任免类", "工作动态类",
                  "公共服务类", "应急管理类", "民生保障类", "其他类"]


def _split(rng: random.Random, total: int, parts: int, weights: list[float] | None = None) -> list[int]:
    counts = [0] * parts
    for part in rng.choices(range(parts), weights or [1] * parts, k=total):
        counts[part] += 1
    return counts


def yearly_figures(seed: int, agency: int, year: int, scale: float) -> dict[str, float]:
    """One year's v2008 figures of an agency (its series number), consistent in every breakdown; the counts
    follow the agency's own level from year to year (pipeline.synth.series)."""
    rng = random.Random(f"v2008:{seed}:{agency}:{year}")
    series = Series(seed, agency, year, scale)
    s = series.count  # the agency's own level of a figure, this year
    f: dict[str, float] = {}
    total = s("proactive.total", 3000) + 1
    f["proactive.total"] = total
    f["proactive.normative_docs_made"] = s("proactive.normative_docs_made", 20)
    f["proactive.normative_docs_public"] = f["proactive.normative_docs_made"]
    f["proactive.channel.website"] = total - rng.randint(0, total // 10)
    f["proactive.channel.gazette"] = min(total // 20, int(series.level("proactive.channel.gazette_share", total / 20 + 1)))
    f["proactive.channel.weibo"] = s("proactive.channel.weibo", 200)
    f["proactive.channel.wechat"] = s("proactive.channel.wechat", 200)
    f["proactive.channel.other"] = s("proactive.channel.other", 100)
    for metric_id, top in (("response.hot_topics", 10), ("response.press_conferences", 12), ("response.online_interviews", 6),
                           ("response.policy_interpretations", 30), ("response.weibo_wechat", 20), ("response.other", 5)):
        f[metric_id] = s(metric_id, top)
    f["response.press_conferences_heads"] = rng.randint(0, int(f["response.press_conferences"]))
    f["response.online_interviews_heads"] = rng.randint(0, int(f["response.online_interviews"]))
    received = s("requests.received", 80)
    f["requests.received"] = received
    for channel, n in zip(CHANNELS, _split(rng, received, 4, [0.3, 0.05, 0.5, 0.15])):
        f[f"requests.received.{channel}"] = n
    f["requests.closed"] = received
    extended = rng.randint(0, received // 10) if received else 0
    f["requests.closed.on_time"], f["requests.closed.extended"] = received - extended, extended
    f["requests.answered"] = received
    for answer, n in zip(ANSWERS, _split(rng, received, len(ANSWERS), [0.2, 0.45, 0.08, 0.05, 0.08, 0.1, 0.02, 0.02])):
        f[f"requests.answered.{answer}"] = n
    for reason, n in zip(DENIED_REASONS, _split(rng, int(f["requests.answered.denied"]), len(DENIED_REASONS))):
        f[f"requests.answered.denied.{reason}"] = n
    # The provincial table folds the last four answers into 其他类型答复数.
    f["requests.answered.other"] = sum(f[f"requests.answered.{a}"] for a in ("already_public", "not_this_agency", "not_exist", "correction", "other_channel"))
    for group in ("review", "litigation", "complaints"):
        n = s(f"{group}.total", 2) if rng.random() < 0.3 else 0
        f[f"{group}.total"] = n
        for outcome, m in zip(OUTCOMES, _split(rng, n, 3, [0.6, 0.2, 0.2])):
            f[f"{group}.{outcome}"] = m
    f["fees.amount"] = 0 if rng.random() < 0.9 else round(rng.uniform(0.01, 2), 2)
    f["org.dedicated_units"] = rng.randint(0, 2)
    f["org.reading_points"] = rng.randint(0, 5)
    full, part = rng.randint(0, 4), rng.randint(1, 12)
    f["org.staff.full_time"], f["org.staff.part_time"], f["org.staff"] = full, part, full + part
    f["org.budget"] = round(rng.uniform(0, 20), 1)
    f["org.meetings"], f["org.trainings"] = rng.randint(0, 8), s("org.trainings", 6, scaled=False)
    f["org.trainees"] = int(f["org.trainings"]) * s("org.trainees_per_training", 60, 10, scaled=False)
    return f


def table_view(shape: str, figures: dict[str, float]) -> dict[str, float]:
    """The figures as a table of this shape states them: the provincial one folds 传真 into 信函、传真 and the
    last five answer kinds into 其他类型答复, so those parts read as zero to everything else."""
    if shape != "provincial":
        return figures
    view = dict(figures)
    view["requests.received.mail"] += view["requests.received.fax"]
    view["requests.received.fax"] = 0
    for answer in ("already_public", "not_this_agency", "not_exist", "correction", "other_channel"):
        view[f"requests.answered.{answer}"] = 0
    return view


def cumulative_figures(seed: int, agency: int, year: int, scale: float, shape: str, metric_ids: list[str]) -> dict[str, float]:
    """历年累计: the sum of the agency's yearly figures since 2008."""
    totals = dict.fromkeys(metric_ids, 0.0)
    for y in range(FIRST_YEAR, year + 1):
        figures = table_view(shape, yearly_figures(seed, agency, y, scale))
        for metric_id in metric_ids:
            totals[metric_id] += figures[metric_id]
    return {m: round(v, 2) for m, v in totals.items()}


def table_metric_ids(shape: str) -> list[str]:
    return [m for _, _, m in (NATIONAL_ROWS if shape == "national" else PROVINCIAL_ROWS) if m]


def statistics_relations(shape: str, cumulative: bool) -> list[Relation]:
    parents = NATIONAL_PARENTS if shape == "national" else PROVINCIAL_PARENTS
    periods = ["year", "cumulative"] if cumulative else ["year"]
    return [
        Relation("sum", (parent,), (key(parent, None, period),), tuple(key(c, None, period) for c in children),
                 f"{parent} ({period}) is not the sum of its parts in the statistics table")
        for parent, children in parents.items()
        for period in periods
    ]


def statistics_grid(shape: str, year: int, truth: Truth, cumulative: bool) -> Grid:
    """The 统计表 as the report prints it, from the values the truth holds."""
    specs = NATIONAL_ROWS if shape == "national" else PROVINCIAL_ROWS
    periods = ["year", "cumulative"] if cumulative else ["year"]
    if shape == "national":
        header = ["统计指标", "单位", "统计数"]
    else:
        header = ["指标名称", "计量单位", f"{year}年度"] + (["历年累计"] if cumulative else [])
    rows = [row(*header)]
    for label, unit, metric_id in specs:
        if metric_id is None:
            rows.append(row(label, "", *[""] * len(periods)))
        else:
            rows.append(row(label, unit, *(_cell(truth.values[key(metric_id, None, p)]) for p in periods)))
    return Grid(tuple(rows), kind="statistics")


def _cell(value: float) -> str:
    return f"{int(value)}" if float(value).is_integer() else f"{value:g}"


def categories(rng: random.Random, total: int) -> list[tuple[str, int]]:
    """A complete breakdown of `total` into 4-9 named categories."""
    names = rng.sample(CATEGORY_NAMES[:-1], rng.randint(3, 8)) + ["其他类"]
    weights = [rng.random() + 0.1 for _ in names]
    counts = [int(total * w / sum(weights)) for w in weights]
    counts[-1] += total - sum(counts)
    return [(n, c) for n, c in zip(names, counts) if c > 0]
