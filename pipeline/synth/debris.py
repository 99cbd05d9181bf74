"""What scraping leaves around and inside a report: crawler header blocks, navigation and share-button debris,
table-border runs, odd spaces, lines run together."""

from __future__ import annotations

import random

NAV_LINES = ["返回首页", "当前位置：首页 > 政务公开 > 政府信息公开 > 政府信息公开年报", "当前位置 :首页 > 信息公开 > 年度报告 > |",
             "【字体：大 中 小】", "打印 关闭", "扫一扫在手机打开当前页", "分享到：", "【打印本页】 【关闭窗口】", "索引号：", "信息来源："]
FOOTER_LINES = ["扫一扫在手机打开当前页", "打印 关闭", "网站标识码：", "主办单位：{office}", "版权所有 ICP备05012345号",
                "公网安备 43010002000123号", "相关链接：", "上一篇：", "下一篇："]
SITES = ["gov.cn", "zwgk.gov.cn", "xxgk.gov.cn"]


def crawler_header(rng: random.Random, title: str, published: str | None, office: str, index: int) -> str:
    """The block a site-mirroring crawler writes before the body (标题/发布时间/…/==== 正文 ====)."""
    stamp = (published or "2019-01-10").replace("-", "")
    url = f"https://www.{rng.choice(['xx', 'zf', 'www'])}{index % 997}.{rng.choice(SITES)}/zwgk/zfxxgknb/{stamp[:6]}/t{stamp}_{index}.htm"
    return "\n".join(
        [
            f"标题: {title}",
            f"发布时间: {published or ''} 00:00",
            "文号: ",
            f"发布机构: {office if rng.random() < 0.5 else ''}",
            "栏目: 政府信息公开年报",
            f"原文链接: {url}",
            f"本地目录: zwgk/zfxxgknb/{stamp[:6]}/{index}_{title}",
            "页面链接与图片详见 links.tsv(同目录)",
            "==================== 正文 ====================",
        ]
    )


def nav_lines(rng: random.Random) -> list[str]:
    return rng.sample(NAV_LINES, rng.randint(2, 5))


def footer_lines(rng: random.Random, office: str) -> list[str]:
    return [line.format(office=office) for line in rng.sample(FOOTER_LINES, rng.randint(2, 5))]


def border_run(rng: random.Random) -> str:
    return "|" * rng.randint(3, 400)


def odd_spaces(rng: random.Random, text: str) -> str:
    """No-break and ideographic spaces where a page had indentation."""
    lead = rng.choice(["\u00a0\u00a0", "\u3000\u3000", " ", ""])
    return lead + text


def lose_date_characters(text: str) -> str:
    """年/月 lost from dates (2019年1月8日 -> 201918日), as scraping GBK pages with a broken font did."""
    import re

    return re.sub(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日", r"\1\2\3日", text)
