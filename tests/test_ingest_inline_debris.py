"""Inline debris is matched only where one of its starts is: the positions of its first characters, found by a
numpy lookup over the text's code points, with | (which starts only a run of pipes, |||) looked for as such a
run, since most | are a table's cell borders. The matches are those of the plain pattern's finditer, on real
text and on random text made of debris fragments, pipe runs of every length and table rows."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from pipeline.ingest import debris
from pipeline.ingest.charmap import normalize_chars, normalize_document
from pipeline.ingest.decode import decode_bytes

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [
    *sorted((PROJECT_ROOT / "data" / "raw").rglob("*.txt")),
    *sorted((PROJECT_ROOT / "tests" / "fixtures" / "ingest").glob("*.txt")),
]
FRAGMENTS = [
    "当前位置", "当前", "位置", "：", ":", " > ", "首页", "政务公开", "您现在的位置", "您的位置", "分享到", "微信", "朋友圈", "微博",
    "QQ空间", "扫一扫在手机打开当前页", "【打印本页】", "【关闭窗口】", "[打印]", "打印 关闭", " 打印 关闭 ", "字号", "字体", "大 中 小",
    "【 字号:大 中 小】", "全真版 文字版", "文件下载 相关链接", "相关链接:-->", "-->", "<!--", "浏览次数:", "点击数：12次", "访问量 : 3",
    "【我要纠错】", "【 收藏 】", "|", "||", "|||", "||||", "|||||||", "| 12 | 0 |", " | ", "文", "分", "全", "点", "-", "--", "2024年",
    "主动公开政府信息120条。", "\n", "\n\n", " ", "部分公开", "全文", "点击", "阅读次数:7", "所在位置:首页>年报",
]


def random_texts(count: int) -> list[str]:
    rng = random.Random(11)
    return [normalize_chars("".join(rng.choices(FRAGMENTS, k=rng.randint(1, 40)))) for _ in range(count)]


def real_texts() -> list[str]:
    return [normalize_chars(decode_bytes(path.read_bytes()).text.replace("\r\n", "\n")) for path in SAMPLES]


def test_inline_debris_is_the_first_char_pattern() -> None:
    _, inline = debris.patterns()
    assert isinstance(inline, debris.FirstCharPattern)  # else the numpy search is off and the speed-up lost
    assert inline._runs == [(ord("|"), 3)]


@pytest.mark.parametrize("source", ["real", "random"])
def test_inline_debris_matches_are_the_plain_patterns(source: str) -> None:
    _, inline = debris.patterns()
    texts = real_texts() if source == "real" else random_texts(6000)
    found = 0
    for text in texts:
        fast = [match.span() for match in inline.finditer(text)]
        assert fast == [match.span() for match in inline.pattern.finditer(text)], text
        assert fast == [match.span() for match in inline.finditer(text, debris.code_points(text))]
        found += len(fast)
    assert found  # the texts hold debris


def test_the_code_points_normalisation_hands_over_are_the_normalised_texts() -> None:
    for text in [*real_texts(), "臺灣的資訊與網路發展，這裡說說開發與運營。" * 3, "a\U0001f101｜｜｜b\ud800", "\u200bx"]:
        normalized = normalize_document(text)
        assert normalized is not None
        assert normalized[0] == normalize_chars(text)
        assert normalized[2].tolist() == [ord(ch) for ch in normalized[0]]


def test_runs_are_found_at_every_start_of_the_shortest_run() -> None:
    pattern = debris.FirstCharPattern(re.compile(r"a\|\|+|\|{3,}b?|[xy]z"), {"a||", "|||", "x", "y"})
    assert pattern._runs == [(ord("|"), 3)]
    for text in ["||||b", "| | ||| a|||", "xz|||||yz", "||", "a||||b||| |||b", ""]:
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in re.finditer(pattern.pattern, text)]


@pytest.mark.parametrize(
    ("pattern", "starts"),
    [
        (r"(?=[当分])(?:当前位置|分享到 *[:：]?)", {"当前位置", "分享到"}),
        (r"\|{3,}", {"|||"}),
        (r"(?<= )打印 +关闭(?= |$)", {"打印 "}),
        (r"[【\[]打印", {"【", "["}),
        (r"-->|<!--", {"-->", "<!--"}),
        (r"(?:字号|字体) *[:：]", {"字"}),  # the parser takes the common 字 out of the alternatives
        (r"a*b", None),
        (r".x", None),
    ],
)
def test_literal_starts(pattern: str, starts: set[str] | None) -> None:
    assert debris.literal_starts(pattern) == starts
