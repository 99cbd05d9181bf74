"""classify's shortcuts give the kinds the plain way gives: every signal searched with its regex, every
kind scored, then the first kind of KIND_ORDER over its threshold."""

from __future__ import annotations

import random
from itertools import islice
from pathlib import Path

import pytest

from pipeline import documents
from pipeline.clean import clean_text
from pipeline.documents import classify, find_title, literal_strings, signals

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEXT_FILES = sorted((PROJECT_ROOT / "data" / "raw").glob("*.txt")) + sorted((PROJECT_ROOT / "tests" / "fixtures" / "ingest").glob("*.txt"))

KIND_TEXTS = [
    "浅谈政府信息公开工作\n摘要：本文讨论……\n笔者认为\n参考文献\n[1] 张三.论公开[J].行政法学研究,2019.",
    "我市召开政务公开工作推进会\n本报讯（记者 王小明）近日，我市召开……",
    "2023年上半年政务公开工作情况\n上半年，我局主动公开政府信息120条。",
    "关于政府信息公开工作整改情况的报告\n整改落实情况如下：",
    "XX县2022年政府信息公开工作年度报告\n本年主动公开xx条，办理申请xx件，x.x%。",
    "XX县2022年政府信息公开工作年度报告\n一、总体情况\n主动公开政府信息120条。存在的主要问题。行政复议0件。",
    "一、总体情况\n依申请公开 5 件，行政复议 0 件，存在主要问题，改进措施。统计期限为2022年1月1日至12月31日。",
    "某某新闻\n近日，记者 李四 报道",
]


def plain_classify(text: str, title: str | None = None) -> str:
    """classify as it was written before its shortcuts."""
    placeholders = documents.QUANTITY_PLACEHOLDER.finditer(text)
    if next(islice(placeholders, documents.TEMPLATE_MIN_PLACEHOLDERS - 1, None), None) is not None:
        return "template"
    title = title if title is not None else (find_title(text) or "")
    title_at = text.find(title) if title else -1
    body_start = title_at + len(title) if title_at >= 0 else 0
    scopes = {"title": title, "head": text[body_start : body_start + documents.HEAD_CHARS], "body": text}
    scores: dict[str, int] = {}
    for signal in signals():
        if signal.pattern.search(scopes[signal.scope]):
            scores[signal.kind] = scores.get(signal.kind, 0) + signal.weight
    for kind in documents.KIND_ORDER:
        if scores.get(kind, 0) >= documents.KIND_THRESHOLDS.get(kind, documents.DEFAULT_THRESHOLD):
            return kind
    return "unknown"


def _texts() -> list[str]:
    texts = [clean_text(path.read_text(encoding="utf-8")).text for path in TEXT_FILES]
    return texts + [clean_text(text).text for text in KIND_TEXTS]


@pytest.mark.parametrize(
    "pattern, strings",
    [
        ("参考文献", ("参考文献",)),
        (r"\[J\]|\[M\]", ("[J]", "[M]")),
        ("存在的?主要问题|改进(?:情况|措施)", ("存在的主要问题", "存在主要问题", "改进情况", "改进措施")),
        (r"摘\s*要", None),  # a class with a repeat: the regex engine's
        ("^论", None),  # an anchor
        ("报告$", None),
        ("(?:本报)?", None),  # matches the empty string
        ("[一二]季度", None),
    ],
)
def test_literal_strings_are_what_the_pattern_matches(pattern: str, strings: tuple[str, ...] | None) -> None:
    assert literal_strings(pattern) == strings


def test_a_signal_searched_as_literals_finds_what_its_regex_finds() -> None:
    texts = _texts()
    literal_signals = [signal for signal in signals() if signal.literals is not None]
    assert len(literal_signals) >= 5  # most body signals are plain words
    for signal in literal_signals:
        for text in texts:
            for piece in (text, text[:300], text[len(text) // 2 :]):
                assert signal.found_in(piece) == bool(signal.pattern.search(piece)), (signal.pattern.pattern, piece[:60])


def test_classify_gives_the_kind_the_plain_scoring_gives() -> None:
    seen = set()
    for text in _texts():
        lines = text.split("\n")
        for variant, title in ((text, None), (text, ""), ("\n".join(lines[3:]), None), ("\n".join(reversed(lines)), None)):
            kind = classify(variant, title)
            assert kind == plain_classify(variant, title), variant[:80]
            seen.add(kind)
    assert {"annual_report", "essay", "news", "progress_report", "rectification_report", "template"} <= seen


def test_header_title_is_the_first_line_the_header_regex_finds() -> None:
    rng = random.Random(2)
    pieces = ["标题", "标", "题", ":", "：", " ", "\n", "XX县2022年政府信息公开工作年度报告", "发布时间", "\t", "a"]
    for _ in range(20000):
        head = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        plain = documents.HEADER_TITLE.search(head)
        found = documents._header_title(head)
        assert (found and (found.span(), found.group("title"))) == (plain and (plain.span(), plain.group("title"))), head


def test_find_title_reads_the_header_field_before_a_title_line() -> None:
    text = "来源：XX县人民政府\n标题：XX县2022年政府信息公开工作年度报告\nXX县2021年政府信息公开工作年度报告\n一、总体情况"
    assert find_title(text) == "XX县2022年政府信息公开工作年度报告"
    assert find_title(text.replace("标题：", "")) == "XX县2022年政府信息公开工作年度报告"  # the first title line
