"""Shortcuts that skip a regex run where it cannot match must decide what the regex decides.

- scope: a text without 年 holds no year (YEAR), so is_other_period / is_intention read no years there;
- binding: the filler between a topic and its number may be empty, so a topic right before its number is
  taken without running the filler regex.
"""

from __future__ import annotations

import random
from pathlib import Path

from pipeline.extract.phrasebook import load_phrasebook
from pipeline.extract.prose import bind_quantities
from pipeline.extract.prose_view import build_view
from pipeline.extract.scope import SINCE, YEAR, YEAR_MARK, is_intention, is_other_period
from tests.conftest import plain_text_reports

PIECES = [
    "2018年", "2019年", "2020年", "2017年底", "2019年以来", "2019年度", "上年", "本年", "全年", "第1季度", "力争", "计划",
    "我县将", "主动公开", "政府信息", "受理申请", "年", "月", "19", "20", "2019", "共", "件", ",", "。",
]


def _other_period_by_regex(clause_before: str, report_year: int | None) -> bool:
    """is_other_period as written before the shortcut: every clause's years read by the regex."""
    book = load_phrasebook()
    if book.cue("prior_year").search(clause_before) or book.cue("sub_period").search(clause_before):
        return True
    if report_year is None:
        return False
    return any(
        int(m.group(1)) != report_year and not SINCE.match(clause_before[m.end() :]) for m in YEAR.finditer(clause_before)
    )


def _intention_by_regex(sentence_before: str, clause_before: str, report_year: int | None) -> bool:
    if load_phrasebook().cue("intention").search(clause_before):
        return True
    return report_year is not None and any(int(m.group(1)) > report_year for m in YEAR.finditer(sentence_before))



def test_every_year_match_holds_the_mark() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12)))
        for match in YEAR.finditer(text):
            assert YEAR_MARK in match.group()
        assert is_other_period(text, 2019, load_phrasebook()) == _other_period_by_regex(text, 2019)
        assert is_intention(text, text[-8:], 2018, load_phrasebook()) == _intention_by_regex(text, text[-8:], 2018)


def test_scope_of_every_figure_in_real_reports_is_what_the_regexes_say(shared_corpus: Path) -> None:
    book = load_phrasebook()
    checked = 0
    for text in plain_text_reports(shared_corpus):
        view = build_view(text)
        for quantity in bind_quantities(view, book, "v2019", 2019):
            sentence_before = view.text[view.sentence_start(quantity.start) : quantity.start]
            clause_before = view.text[view.clause_start(quantity.start) : quantity.start]
            for year in (None, 2015, 2019, 2021):
                assert is_other_period(clause_before, year, book) == _other_period_by_regex(clause_before, year)
                assert is_intention(sentence_before, clause_before, year, book) == _intention_by_regex(
                    sentence_before, clause_before, year
                )
                checked += 1
    assert checked > 1000


def test_scope_reads_years_in_clauses_that_state_them() -> None:
    book = load_phrasebook()
    assert is_other_period("2018年", 2019, book)
    assert not is_other_period("2019年以来", 2019, book)
    assert not is_other_period("2018年以来", 2019, book)
    assert is_intention("2020年我县将", "", 2019, book)
    assert not is_intention("本年度", "", 2019, book)


def test_the_filler_between_a_topic_and_its_number_may_be_empty() -> None:
    """The premise of taking a topic right before its number without the regex (受理申请12件)."""
    filler = load_phrasebook().cue("filler")
    assert filler.fullmatch("") is not None
    text = "受理申请12件"
    assert filler.fullmatch(text, 4, 4) is not None


def test_a_topic_right_before_its_number_is_bound() -> None:
    view = build_view("本年度共受理政府信息公开申请12件,全年主动公开政府信息79条。")
    bound = {q.metric_id: q.value for q in bind_quantities(view, load_phrasebook(), "v2019", 2019) if q.stated}
    assert bound.get("proactive.total") == 79.0
