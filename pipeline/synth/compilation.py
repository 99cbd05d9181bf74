"""Pages that compile several texts (篇1…篇N): one real annual report among essays, news digests, half-year
progress reports, rectification reports and templates full of placeholders. Only the annual report belongs in
the warehouse; the label lists every part with its kind."""

from __future__ import annotations

import random

from pipeline.synth.blocks import Heading, Para, Report

NON_REPORT_KINDS = ("essay", "news", "progress_report", "rectification_report", "template")
PAGE_TITLES = ["政府信息公开情况报告", "政府信息公开工作报告范文", "信息公开工作年度报告", "政务公开工作总结"]


def non_report(rng: random.Random, kind: str, year: int) -> list[str]:
    """Paragraphs of a text that is not an annual report, first line its title."""
    if kind == "essay":
        return ["浅谈新形势下政府信息公开工作的思考",
                "政府信息公开是建设法治政府、服务型政府的重要内容。近年来，各地围绕《条例》实施做了大量探索，但在公开深度、回应效果等方面仍有提升空间。",
                f"笔者调查了{rng.randint(5, 30)}个市级政府网站，发现政策解读栏目更新不及时的占{rng.randint(20, 60)}%。",
                "笔者认为，应当从制度、平台和队伍三个方面入手，推动政府信息公开工作提质增效。"]
    if kind == "news":
        return [f"我市召开{year}年政府信息公开工作推进会",
                f"近日，市政府召开政府信息公开工作推进会。会议通报了{year}年各单位政府信息公开情况：市教育局主动公开信息{rng.randint(100, 900)}条，"
                f"市公安局受理依申请公开{rng.randint(1, 40)}件，市民政局公开信息{rng.randint(50, 500)}条。",
                "会议要求，各单位要进一步提高认识，狠抓落实，确保各项工作任务落到实处。"]
    if kind == "progress_report":
        return [f"{year}年上半年政府信息公开工作情况",
                f"{year}年上半年，我办认真贯彻落实《条例》，主动公开政府信息{rng.randint(30, 400)}条，受理依申请公开{rng.randint(0, 9)}件。",
                "下半年，我们将继续加大公开力度，确保全年工作任务圆满完成。"]
    if kind == "rectification_report":
        return ["关于政府信息公开工作检查发现问题整改情况的报告",
                "根据上级通报的政府信息公开工作检查情况，我单位高度重视，立即组织整改。",
                f"针对栏目更新不及时的问题，已完成{rng.randint(3, 20)}个栏目的清理和更新；针对政策解读不足的问题，补充发布解读材料{rng.randint(2, 10)}篇。"]
    return ["xxxx年度政府信息公开工作年度报告",
            "本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告中所列数据的统计期限自xxxx年1月1日起至xxxx年12月31日止。",
            "一、概述。xxxx年，我单位主动公开政府信息xx条，其中机构职能类xx条，占x.x%；政策法规类xx条，占x.x%。",
            "二、依申请公开情况。全年受理政府信息公开申请xx件，均已按时答复。"]


def compile_page(rng: random.Random, report: Report, year: int) -> tuple[Report, list[dict]]:
    """A page of 3-6 parts with `report` at a random position; returns the page and the label's documents."""
    page_title = rng.choice(PAGE_TITLES)
    n_parts = rng.randint(3, 6)
    position = rng.randrange(n_parts)
    kinds = [rng.choice(NON_REPORT_KINDS) for _ in range(n_parts)]
    blocks: list = [Para(f"{year + rng.randint(2, 6)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"), Para(f"{page_title}(精选{n_parts}篇)")]
    documents: list[dict] = []
    for n in range(n_parts):
        blocks.append(Heading(f"{page_title} 篇{n + 1}"))
        if n == position:
            blocks.append(Para(report.title))
            blocks += report.blocks
            blocks += [Para(line) for line in report.signature]
            documents.append({"part": f"篇{n + 1}", "kind": "annual_report"})
        else:
            blocks += [Para(p) for p in non_report(rng, kinds[n], year)]
            documents.append({"part": f"篇{n + 1}", "kind": kinds[n], "notes": f"{kinds[n]}; not an annual report"})
    return Report(page_title, blocks), documents
