"""Whole debris lines are found by a pattern with a lookahead on each line's first character (after its
spaces); the lookahead only turns away lines no alternative can match, so the matches are those of the plain
pattern, on real text and on random lines made of debris fragments."""

from __future__ import annotations

import random
import re
from pathlib import Path

from pipeline.ingest import debris
from pipeline.ingest.charmap import normalize_chars
from pipeline.ingest.decode import decode_bytes

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [*sorted((PROJECT_ROOT / "data" / "raw").rglob("*.txt")), *sorted((PROJECT_ROOT / "tests" / "fixtures" / "ingest").glob("*.txt"))]
# Pieces of the debris lines of web_debris.tsv and of the text around them, to build lines from at random.
FRAGMENTS = [
    "返回首页", "返回", "顶部", "回到顶部", "打印", "关闭", "窗口", "本页", "【", "】", "[", "]", " ", "  ", "收藏", "纠错",
    "我要纠错", "分享", "分享到:", "网站地图", "附件下载", "相关链接", "相关文章", "上一篇", "下一篇", "上一条", ":", "：",
    "扫一扫在手机打开", "当前页", "-", "—", "–", "―", "－", "3", "12", "第", "页", "共", "/", "，", "|", "=", "+", "*", "_",
    "字号", "字体", "大", "中", "小", "正文", "2024年", "一、", "主动公开",
]

# One line of each kind in web_debris.tsv (scope line), and lines that almost are.
DEBRIS_LINES = [
    "返回首页", "回到顶部", "【打印本页】 【关闭窗口】", "打印 关闭", "收藏", "我要纠错", "分享到:", "相关链接", "扫一扫在手机上打开当前页",
    "上一篇：关于2023年的报告", "下一条:无", "— 2 —", "- 13 -", "－4－", "第 2 页 共 6 页", "第12页", "第 3 页/共 9 页", "| --- | :-: |",
    "|", "----", "===", "***", "___", "字号:【大】【中】【小】", "字体 大 中 小", "第二章", "第 2 页 共", "-2024-", "|a|", "返回首页吗",
]


def plain_line_pattern() -> re.Pattern[str]:
    alternatives = "|".join(f"(?:{row['pattern'].strip()})" for row in debris._rows() if row["scope"].strip() == "line")
    return re.compile(rf"^ *(?:{alternatives}) *(?:\n|$)", re.M)


def random_texts(count: int) -> list[str]:
    rng = random.Random(7)


    def line() -> str:
        if rng.random() < 0.3:
            return " " * rng.randint(0, 2) + rng.choice(DEBRIS_LINES) + " " * rng.randint(0, 2)
        return "".join(rng.choices(FRAGMENTS, k=rng.randint(1, 4)))

    return ["\n".join(line() for _ in range(rng.randint(1, 12))) for _ in range(count)]


def test_line_debris_is_found_where_the_plain_pattern_finds_it() -> None:
    lines, _ = debris.patterns()
    plain = plain_line_pattern()
    texts = [normalize_chars(decode_bytes(path.read_bytes()).text) for path in SAMPLES] + random_texts(20_000)
    found = 0
    for text in texts:
        spans = [m.span() for m in lines.finditer(text)]
        assert spans == [m.span() for m in plain.finditer(text)], text
        found += len(spans)
    assert found > 1_000  # the random lines hold debris lines of every kind


def test_the_lookahead_knows_the_first_character_of_every_alternative() -> None:
    lines, _ = debris.patterns()
    assert "(?=[" in lines.pattern.pattern  # the lookahead is there: a pattern it could not be built for goes without
    for row in debris._rows():
        if row["scope"].strip() == "line":
            assert debris.first_chars(row["pattern"].strip()), row["pattern"]
