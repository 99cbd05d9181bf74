"""List items written figure first: "其中12件同意公开,3件同意部分公开", "其中2件维持,1件被撤销".

Before, a figure named by the words after it was read only with 属于 or an after-phrase (另有103件顺延到下年度),
so such a list gave its total alone. Now the rest of the item's clause may name it (after 为/是/系/被), but only
inside a list: outside one ("对于公民个人提出的2件政府信息公开申请,均已依法答复") the figure frames a statement
and states no count. A value named after its figure has a snippet that ends with the name.
"""

from __future__ import annotations

import pytest

from pipeline.extract.prose import extract_prose
from pipeline.model import Document, Identity


def read(text: str, template: str = "v2008") -> list:
    document = Document(content_sha256="test", part=1, kind="annual_report", text=text)
    year = 2016 if template == "v2008" else 2021
    return [v for v in extract_prose(document, Identity(template=template, year=year)).values if not v.evidence_only]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年共受理政府信息公开申请20件,其中12件同意公开,3件同意部分公开,5件不予公开。",
         {("requests.received", 20), ("requests.answered.granted", 12), ("requests.answered.partial", 3),
          ("requests.answered.denied", 5)}),
        ("全年共受理政府信息公开申请20件,其中3件为信息不存在。", {("requests.received", 20), ("requests.answered.not_exist", 3)}),
        ("本年度共发生行政复议案件3件,其中2件维持,1件撤销。", {("review.total", 3), ("review.upheld", 2), ("review.corrected", 1)}),
        # figure-first parts add up as the others do
        ("本年度发生行政诉讼案件3件,其中1件维持原具体行政行为,1件被撤销,1件确认违法。",
         {("litigation.total", 3), ("litigation.upheld", 1), ("litigation.corrected", 2)}),
    ],
)
def test_items_named_after_their_figure(text: str, expected: set) -> None:
    assert {(v.metric_id, v.value) for v in read(text)} == expected


@pytest.mark.parametrize(
    "text",
    [
        "对于公民个人提出的2件政府信息公开申请,区人民政府办公室均在法定期限内作出答复。",
        "经审查,2件维持,其余正在办理。",  # no list figure before it
    ],
)
def test_outside_a_list_a_figure_named_after_it_states_nothing(text: str) -> None:
    assert [v for v in read(text) if v.value != 0] == []


def test_the_snippet_ends_with_the_name() -> None:
    text = "全年共受理政府信息公开申请20件,其中12件同意公开,8件同意部分公开。"
    snippets = {v.metric_id: v.snippet for v in read(text)}
    assert snippets["requests.answered.granted"] == "其中12件同意公开"
    assert snippets["requests.answered.partial"] == "8件同意部分公开"
    for value in read(text):
        assert text[value.char_start : value.char_end] == value.snippet


def test_a_phrase_after_its_figure_is_in_its_snippet() -> None:
    text = "全年共受理政府信息公开申请3119件,答复3050件(含上年度结转申请34件,另有103件顺延到下年度答复)。"
    (forward,) = [v for v in read(text, "v2021") if v.metric_id == "requests.carried_forward"]
    assert forward.value == 103 and forward.snippet == "另有103件顺延到下年度"


def test_the_topic_starting_at_a_position_is_the_longest_one_there() -> None:
    # TopicIndex keeps the longest topic per start in a dict: it must answer as a scan of every span does
    import random

    from pipeline.extract.prose import TopicIndex

    rng = random.Random(7)
    for _ in range(200):
        spans = list({(a, a + rng.randint(1, 6)) for a in (rng.randint(0, 30) for _ in range(rng.randint(0, 25)))})
        index = TopicIndex(list(spans))
        for position in range(0, 32):
            found = [s for s in spans if s[0] == position]
            assert index.starting_at(position) == (max(found, key=lambda s: s[1]) if found else None)
