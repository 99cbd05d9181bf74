"""The shortcuts that make ingestion fast give the same results as the plain way, on real report text.

Each shortcut skips work that cannot change the result (a run of spaces no rule edits, a line whose numbers
are all prose, positions where no debris can start); each test runs the plain way beside it and compares.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import lxml.etree
import pytest

from pipeline import clean
from pipeline.clean import clean_text
from pipeline.ingest import blanks, debris, html, offsets, render
from pipeline.ingest.charmap import normalize_chars
from pipeline.ingest.decode import decode_bytes
from pipeline.tables import tokens
from pipeline.tables.tokens import Token, tokenize

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RAW = PROJECT_ROOT / "data" / "raw"

EDGE_LINES = [
    "2019年，我县主动公开政府信息120条，其中政策文件 35 件。",
    "统计期限自2019-01-01至2019-12-31，咨询电话0377-55883320，办公时间08:30。",
    "主动公开信息数 条 1,2345",  # a ,ddd group run into more digits
    "规章 22 件 规范性文件 3    件",  # four spaces before the unit: a figure
    "占比 12.5%",
    "第3季度 附件1 表2",
    "ISO9001认证 A12栋 12b",
    "（3） 3.政府网站 12、",
    "收到申请 ① 12 ② 3",
    "| 本年新收 | 12 | 0 | 3 |",
    "依申请公开 5 件 , 行政复议 0 件",
    "公开信息 35/ 依申请 7- 复议 2:",  # a / or - not followed by a digit: not a date, 35 and 7 are figures
]


def sample_texts() -> list[str]:
    return [decode_bytes(path.read_bytes()).text for path in sorted(SAMPLE_RAW.rglob("*.txt"))]


def test_space_edits_skips_only_runs_of_spaces_that_need_no_edit(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [normalize_chars(t) for t in sample_texts()] + [
        " 2025 年 1 月 1 日", "规章 22 件  行政复议 3\n 件", "一、总体情况 2022年", "201 8  11", "① 件 ² 条", "  \n  ", "a  b", "年 —— 12",
        "表\n 一、概述\n 2 件\n 条 ", " a", "a ", "a  ", "\n \n", "( 3 ) 2019 年", "%\U0001f101 件",
    ]
    fast = [blanks.space_edits(text) for text in texts]
    monkeypatch.setattr(blanks, "_SPACES_TO_EDIT", blanks.SPACES)  # hand every run of spaces to the rules
    assert fast == [blanks.space_edits(text) for text in texts]
    assert any(fast)


def test_a_space_pass_is_skipped_only_on_a_text_an_earlier_pass_found_nothing_in(monkeypatch: pytest.MonkeyPatch) -> None:
    wrapped = "\n".join(["这是一段被硬换行的文字，每一行的宽度都差不多，直到段落结束为止，" + str(i) for i in range(8)])
    # a pass that edits leaves work for the next one: 5 and 件 meet only once the line-end spaces are gone
    texts = sample_texts() + [wrapped, "其中当面申请 5  \n件，网上申请12件", "规章 22\n件 说明", "a  b\n\n 1 件"]
    fast = [clean_text(text) for text in texts]

    def every_pass(tracked: offsets.TrackedText, settled: str | None) -> tuple[offsets.TrackedText, None]:
        return offsets.apply_edits(tracked, blanks.space_edits(tracked.text)), None

    monkeypatch.setattr(clean, "_edit_spaces", every_pass)
    assert fast == [clean_text(text) for text in texts]


def test_a_line_of_prose_numbers_is_tokenized_as_the_slow_path_would(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = EDGE_LINES + [line for text in sample_texts() for line in clean_text(text).text.split("\n")]
    fast = [tokenize(line) for line in lines]
    monkeypatch.setattr(tokens, "_possible_figure", lambda: re.compile(""))  # every line the slow way
    _uncached_tokens(monkeypatch)
    assert fast == [tokenize(line) for line in lines]
    figures = [t.text for t in tokenize("\n".join(EDGE_LINES)) if t.kind == tokens.NUMBER]
    assert {"1,234", "5", "3", "12.5%", "35", "7"} <= set(figures)  # still read as figures (1,2345 is two runs)


def _uncached_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every line and cell tokenized afresh (not taken from the caches of lines and cells seen before)."""
    monkeypatch.setattr(tokens, "CACHED_LINE", -1)
    monkeypatch.setattr(tokens, "_cell_tokens", tokens._cell_tokens.__wrapped__)


def test_cached_lines_and_cells_give_the_tokens_a_fresh_read_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [clean_text(text).text for text in sample_texts()] + ["\n".join(EDGE_LINES)]
    texts += [text + "\n" + text for text in texts]  # every line and cell seen again, at other offsets
    tokens._line_tokens.clear()
    cached = [tokenize(text) for text in texts]
    assert tokens._line_tokens and tokens._cell_tokens.cache_info().hits
    _uncached_tokens(monkeypatch)
    assert cached == [tokenize(text) for text in texts]
    assert all(type(token) is Token for text_tokens in cached for token in text_tokens)


def test_tokens_built_by_the_fast_constructor_behave_as_the_dataclass() -> None:
    token = Token(tokens.NUMBER, "12", 3, 5, 12.0, cell=True, suffix="%")
    assert token == Token(tokens.NUMBER, "12", 3, 5, 12.0, True, False, "%")
    assert hash(token) == hash((tokens.NUMBER, "12", 3, 5, 12.0, True, False, "%"))
    assert repr(token) == "Token(kind='number', text='12', start=3, end=5, value=12.0, cell=True, glued=False, suffix='%')"
    assert (token.value, token.glued, Token(tokens.LABEL, "a", 0, 1).value) == (12.0, False, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        token.text = "13"


@pytest.mark.parametrize("index", [0, 1])
def test_debris_patterns_find_what_a_plain_scan_finds(index: int) -> None:
    pattern = debris.patterns()[index]
    assert isinstance(pattern, (debris.SkippingPattern, debris.FirstCharPattern))
    crafted = (
        "当前位置：首页 > 政务公开 > 年报\n返回首页\n  打印  关闭\n第 3 页 共 5 页\n— 2 —\n扫一扫在手机打开当前页\n"
        "正文 【打印本页】【关闭窗口】 字号:大 中 小\n---\n| | |\n上一篇\n全年主动公开政府信息120条。\n"
    )
    texts = [normalize_chars(t) for t in [*sample_texts(), crafted]]
    for text in texts:
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in pattern.pattern.finditer(text)]
    assert list(pattern.finditer(normalize_chars(crafted)))


def test_line_anchored_skipping_matches_only_at_line_starts() -> None:
    pattern = debris.skipping(re.compile(r"^ *(?:打印|关闭) *(?:\n|$)", re.M))
    text = "打印\n 关闭 \n正文 打印\n关闭"
    assert [m.group() for m in pattern.finditer(text)] == ["打印\n", " 关闭 \n", "关闭"]
    mixed = re.compile(r"^a|b", re.M)  # ^ in one alternative only: not anchored as a whole
    for text in ("ab\nba", "ba\n\nab", "bbb"):
        assert [m.span() for m in debris.skipping(mixed).finditer(text)] == [m.span() for m in mixed.finditer(text)]


def test_html_text_content_is_the_text_itertext_gives() -> None:
    pages = [path.read_bytes() for path in sorted(SAMPLE_RAW.rglob("*.html"))]
    pages.append("<p>a<!-- c -->b &amp; <b>c<i>d</i></b>tail</p><br>x<td>1&nbsp;2</td>".encode())
    for page in pages:
        root = lxml.etree.fromstring(decode_bytes(page).text, lxml.etree.HTMLParser())
        for element in root.iter():
            if isinstance(element.tag, str):
                assert html.text_content(element) == "".join(element.itertext())


BLANK_SAMPLES = ["", " ", "a", "规章", "(三)不予公开", " a  b ", "a|b", "| a |", "\t1\n2\r\f3", "a\u3000b\xa0c", "x\u2028y", "||", "a \x1c b", "pre  text"]


def test_cell_text_is_the_regex_it_replaces() -> None:
    blanks_and_pipes = re.compile(r"[\s|]+")
    spaces = [chr(code) for code in range(0x110000) if re.match(r"\s", chr(code))]
    assert spaces == [chr(code) for code in range(0x110000) if chr(code).isspace()]  # what str.split() splits at
    texts = BLANK_SAMPLES + [f"a{space}b{space}" for space in spaces]
    for text in texts:
        assert render.cell_text(text) == blanks_and_pipes.sub(" ", text).strip()
    assert render.cell_text(None) == ""


def test_html_blanks_are_collapsed_as_the_regex_does() -> None:
    texts = BLANK_SAMPLES + [f"a{blank}b" for blank in " \t\r\n\f\v\xa0\u3000"]
    for text in texts:
        assert html._collapse_blanks(text) == html.BLANKS.sub(" ", text)
