"""Identity's shortcuts find what the plain regex scans they replace find, on header blocks and titles."""

from __future__ import annotations

import random
import re

import pytest

from pipeline.identity import title, view
from pipeline.identity.view import FIELD_NAMES, FREQUENT_TRADITIONAL, HEADER_FIELD, header_fields, is_traditional

HEADER_BLOCKS = [
    "标题：XX县2022年政府信息公开工作年度报告\n发布机构：XX县财政局 生成日期：2020-01-15\n索引号:123",
    "来源: 县政府办  发布时间：2023-01-30\t浏览次数：12\n正文",
    "  发布日期：2021-02-01 来源:XX市人民政府发布时间:2021-02-02\n",  # a name glued to a value is in the value
    "主题分类 ：政务公开   \n文号:  \n日期：2020年1月5日",
    "信息来源：XX区  \t  时间：2022-03-01",
]


def _random_header(rng: random.Random) -> str:
    pieces = [*FIELD_NAMES.split("|"), ":", "：", " ", " ", "\t", "\n", "XX县财政局", "2020-01-15", "发布", "时", "间", "标"]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))


def _spans(matches) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:  # noqa: ANN001 - match iterators
    return [(match.span(), match.groups()) for match in matches]


def test_header_fields_finds_what_the_header_regex_finds() -> None:
    rng = random.Random(7)
    texts = HEADER_BLOCKS + [_random_header(rng) for _ in range(20000)]
    for text in texts:
        line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        for position in line_starts[:3]:
            assert _spans(header_fields(text, position)) == _spans(HEADER_FIELD.finditer(text, position)), (text, position)


def test_header_fields_reads_the_fields_of_a_crawler_header() -> None:
    found = {match.group(1): match.group(2) for match in header_fields(HEADER_BLOCKS[0])}
    assert found == {"标题": "XX县2022年政府信息公开工作年度报告", "发布机构": "XX县财政局", "生成日期": "2020-01-15", "索引号": "123"}


@pytest.mark.parametrize("extra", ["", "國", "國會", "國國", "为国家", "國家會議與", "開" * 5])
@pytest.mark.parametrize("body", ["", "中文内容，" * 100])  # short texts take the regex, long ones the table
def test_is_traditional_counts_distinct_frequent_traditional_characters(extra: str, body: str) -> None:
    for text in ("2022年政府信息公开工作年度报告" + extra + body, body + extra, body + extra[:1] + body + extra[1:]):
        plain = len(set(re.findall(f"[{FREQUENT_TRADITIONAL}]", text))) >= view.MIN_TRADITIONAL
        assert is_traditional(text) is plain, (extra, len(text))


def test_the_first_field_name_is_where_the_name_regex_starts() -> None:
    rng = random.Random(4)
    pieces = [*FIELD_NAMES.split("|"), ":", "：", " ", "\t", "\n", "XX县", "发", "时", "间", "日", "期", "源", "统计期限"]
    texts = HEADER_BLOCKS + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(20000)]
    for text in texts:
        match = view.FIELD_NAME_COLON.search(text)
        assert view.first_field_name(text) == (match.start() if match else None), text


def test_agency_texts_order_as_with_the_connector_regex() -> None:
    at_end = re.compile(rf"(?:{title.CONNECTORS.pattern})$")
    rng = random.Random(3)
    words = [*title.CONNECTOR_WORDS, "XX县", "人民政府", "关", "于", "印", "布", "编"]
    for _ in range(5000):
        pre = "".join(rng.choice(words) for _ in range(rng.randint(0, 5)))
        before = [part for part in title.CONNECTORS.split(pre) if part][-1:]
        after = ["XX县财政局"]
        expected = after + before if at_end.search(pre) else before + after
        assert title._agency_texts(pre, "XX县财政局") == tuple(expected), pre


def test_a_name_run_is_what_the_name_character_class_reads() -> None:
    name_char = re.compile(title.NAME_CHARS)
    rng = random.Random(5)
    alphabet = "县人民政府（）()〇○a1 \n，。X年"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 80)))
        end = rng.randint(0, len(text))
        start = end
        while start > 0 and end - start < title.MAX_PRE and name_char.match(text[start - 1]):
            start -= 1
        assert title._name_run_start(text, end) == start, text


def test_first_and_last_lines_are_those_of_the_whole_head_and_tail() -> None:
    rng = random.Random(11)
    pieces = ["XX县人民政府", "2023年1月5日", " ", "|", "\t", "\n", "\r\n", "\r", "\u2028", "\x0c", "一、总体情况。", "| 12 | 3 |"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 400)))
        for count in (1, 8, 10):
            fresh = view.report_view(text)
            assert fresh.first_head_lines(count) == fresh.head_lines[:count], text
            assert fresh.first_head_lines(count) == fresh.head_lines[:count]  # also once head_lines is read
            fresh = view.report_view(text)
            assert fresh.last_tail_lines(count) == fresh.tail_lines[-count:], text
