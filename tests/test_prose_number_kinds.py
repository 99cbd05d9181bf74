"""find_numbers cuts fewer small strings out of the text (each slice of CJK text is a new string) and builds its
spans without the named tuple's Python-level __new__: what it finds must be what the plain version finds."""

from __future__ import annotations

import random
from pathlib import Path

from pipeline.extract import numbers
from pipeline.extract.numbers import (
    APPROX_AFTER,
    APPROX_AFTER_FIRST,
    APPROX_BEFORE,
    APPROX_BEFORE_LAST,
    DASHES,
    DATE_AFTER,
    DOC_OPENER_CHARS,
    CODE_CHARS,
    PHONE_BEFORE,
    PHONE_LAST_CHARS,
    NumberSpan,
    find_numbers,
    is_approximate,
)
from pipeline.extract.prose_view import build_view
from tests.conftest import plain_text_reports

PIECES = [
    *"第〔[【-—–－~至到、.号年月日时点季度周约近超逾余多来左右上下以许可电话传真:： \t\n@/",
    "2019", "12", "1,234", "3.5", "一", "十二", "两", "二〇一八", "万", "亿", "元", "万元", "件", "条", "人次", "%",
    "(件)", "左右", "以上", "以下", "超过", "大约", "不到", "将近", "许可", "电话", "传真:", "Tel", "一起", "十三五",
]


def _kind_before(text: str, start: int, end: int, unit: str | None, chinese: bool) -> str:
    """_kind as written before: each test cuts its own characters out of the text."""
    previous = text[start - 1] if start else ""
    if previous == "第":
        return "ordinal"
    if previous in CODE_CHARS:
        return "code"
    if previous in DOC_OPENER_CHARS or (unit is None and text.startswith("号", end)):
        return "doc_number"
    if unit is not None:
        return "percent" if unit in ("%", "‰") else "quantity"
    follow = text[end : end + 3]
    joined = follow[:1] in DASHES or previous in DASHES
    if (joined and end - start >= 7) or (
        (previous in PHONE_LAST_CHARS or previous.isspace()) and PHONE_BEFORE.search(text, max(0, start - 12), start)
    ):
        return "phone"
    if DATE_AFTER.match(follow):
        return "date"
    if joined or follow[:1] in ("~", "至", "到") and follow[1:2].isdigit():
        return "range"
    if follow[:1] in ("、", ".") and not follow[1:2].isdigit() and not chinese:
        return "list_marker"
    return "bare"


def _approximate_before(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 2) : start]
    if (before[-1:] in APPROX_BEFORE_LAST or before[:1] in APPROX_BEFORE_LAST) and APPROX_BEFORE.search(text, max(0, start - 3), start):
        return True
    return text[end : end + 1] in APPROX_AFTER_FIRST and bool(APPROX_AFTER.match(text, end, end + 3))


def _random_texts(count: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40))) for _ in range(count)]


def _corpus_views(shared_corpus: Path) -> list[str]:
    return [build_view(text).text for text in plain_text_reports(shared_corpus)]


def test_kinds_and_hedges_are_those_of_the_plain_tests(shared_corpus: Path) -> None:
    checked = 0
    for text in _random_texts(3000) + _corpus_views(shared_corpus):
        for match in numbers.NUMBER.finditer(text):
            start, end = match.span()
            raw, unit = match.group("num"), match.group("unit")
            chinese = not raw[0].isdigit()
            for number_end in (start + len(raw), end):
                for unit_read in (unit, None):
                    assert numbers._kind(text, start, number_end, unit_read, chinese) == _kind_before(
                        text, start, number_end, unit_read, chinese
                    ), (text, start)
            assert is_approximate(text, start, end) == _approximate_before(text, start, end), (text, start)
            checked += 1
    assert checked > 5000


def test_spans_are_named_tuples_equal_to_those_built_by_name() -> None:
    spans = find_numbers("约30件,2019年,第3季度,电话:12345678,其中1,234条以上,十二件")
    assert spans
    for span in spans:
        assert type(span) is NumberSpan
        assert span == NumberSpan(*span) and span.text == span[2]
    assert [(s.text, s.kind, s.approximate) for s in spans[:2]] == [("30件", "quantity", True), ("2019", "date", False)]


def test_hedges_at_the_start_of_the_text() -> None:
    assert is_approximate("约3件", 1, 3)
    assert is_approximate("超过3件", 2, 4)
    assert not is_approximate("3件", 0, 2)
    assert is_approximate("3件左右", 0, 2)


def test_arabic_numbers_read_with_or_without_separators() -> None:
    assert numbers.parse_arabic("1,234") == 1234.0
    assert numbers.parse_arabic("1，234.5") == 1234.5
    assert numbers.parse_arabic("2019") == 2019.0
    assert numbers.parse_arabic("３.５") == 3.5
    assert numbers.parse_arabic("12a") is None
