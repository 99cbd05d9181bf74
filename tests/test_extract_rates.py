"""Rate statements read from report text: the whole, the part and the stated rate, with offsets into the
cleaned text, and nothing read where the sentence does not state them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract import extract
from pipeline.extract.rates import extract_rates
from pipeline.model import Document, Identity


def _one(text: str):
    statements = extract_rates(text)
    assert len(statements) == 1, statements
    statement = statements[0]
    assert text[statement.char_start:statement.char_end] == statement.snippet
    return statement


def test_g08_012_approvals_closed_more_than_received(shared_corpus: Path):
    text = (shared_corpus / "raw" / "g08-012.txt").read_text(encoding="utf-8")
    statement = _one(text)
    assert (statement.rate_name, statement.rate_pct) == ("办结率", 100.0)
    assert (statement.whole_label, statement.whole_value) == ("审批事项", 117.0)
    assert (statement.part_label, statement.part_value, statement.part_stated) == ("办结", 171.0, "count")
    assert statement.unit == "件" and not statement.carried_over
    assert statement.snippet == "受理审批事项117件，办结171件，办结率100%"


def test_requests_counted_closed_and_rated():
    statement = _one("2022年，我局共收到网上来信823件，办结795件，办结率达96.6%。")
    assert (statement.whole_value, statement.part_value, statement.rate_pct) == (823.0, 795.0, 96.6)
    assert statement.whole_label == "网上来信"


def test_all_of_the_whole_done_is_the_part():
    statement = _one("共受理依申请公开申请52件，已全部办结，办结率100%。")
    assert (statement.whole_value, statement.part_value, statement.part_stated) == (52.0, 52.0, "all")
    answered = _one("全年受理政府信息公开申请38件，均已按时答复，答复率98%。")
    assert (answered.part_label, answered.part_value, answered.part_stated) == ("答复", 38.0, "all")


def test_a_rate_without_its_part_is_kept_but_not_a_part():
    """办结率100% after 均在法定期限内予以答复: the 答复 is not the 办结 the rate counts."""
    statement = _one("2022年，全区收到政府信息公开申请75件，涉及自然人72件、商业企业3件，均在法定期限内予以答复，办结率100%。")
    assert (statement.whole_value, statement.part_value, statement.part_stated) == (75.0, None, "none")


def test_rates_of_a_subset_are_not_read():
    assert extract_rates("受理申请120件，按时办结118件，按时办结率98.3%。") == []
    assert extract_rates("承办件中的提前办结件79900件，提前办结率为96.4%。") == []
    assert extract_rates("共受理群众来信56件，回复及时率100%，群众满意率98%。") == []


def test_a_part_qualified_by_time_or_place_is_not_the_part():
    statement = _one("共受理申请40件，当场答复12件，答复率100%。")
    assert statement.part_value is None


def test_carried_over_cases_are_marked():
    statement = _one("共受理申请52件（含上年结转3件），办结55件，办结率100%。")
    assert statement.carried_over and statement.part_value == 55.0


def test_whole_and_part_in_other_units_are_not_a_statement():
    assert extract_rates("接待咨询受理300人次，办结12件，办结率100%。") == []


def test_the_whole_is_read_in_the_clause_run_of_the_part():
    statement = _one("受理行政复议申请3件；收到政府信息公开申请52件，已办结50件，办结率96.2%。")
    assert (statement.whole_value, statement.part_value) == (52.0, 50.0)


def test_offsets_point_into_text_with_spaces_and_full_width_digits():
    text = "二、依申请公开情况\n今年共受理申请 １，２３４ 件，\n办结 １，２００ 件，办结率 97.2％。其余正在办理。"
    statement = _one(text)
    assert (statement.whole_value, statement.part_value, statement.rate_pct) == (1234.0, 1200.0, 97.2)
    assert statement.snippet.startswith("受理申请") and statement.snippet.endswith("97.2％")


def test_counts_and_rates_in_chinese_numerals_are_read():
    """g08-012's sentence as reports also write it, in Chinese numerals (DOMAIN.md: 两, 一千二百): the same
    statement, 171 closed of 117 received, whatever the numerals."""
    statement = _one("今年我局共受理审批事项一百一十七件，办结一百七十一件，办结率百分之百。")
    assert (statement.whole_label, statement.whole_value) == ("审批事项", 117.0)
    assert (statement.part_value, statement.part_stated, statement.rate_pct) == (171.0, "count", 100.0)
    assert statement.snippet == "受理审批事项一百一十七件，办结一百七十一件，办结率百分之百"


def test_a_rate_in_words_and_counts_in_digits_mix():
    statement = _one("2022年，我局共收到网上来信823件，办结795件，办结率达百分之九十六点六。")
    assert (statement.whole_value, statement.part_value, statement.rate_pct) == (823.0, 795.0, 96.6)
    assert _percent_of("收到申请两件，办结两件，办结率为百分之一百。") == (2.0, 2.0, 100.0)
    assert _percent_of("收到申请12件，办结11件，答复率百分之九十二。") == (12.0, None, 92.0)  # 办结 is no 答复
    assert _percent_of("收到申请12件，答复11件，答复率百分之九十二。") == (12.0, 11.0, 92.0)


def test_numeral_characters_that_are_no_number_count_nothing():
    """十三五 is a plan's name, not a count; the count after it is the whole."""
    statement = _one("按照十三五规划要求，共受理审批事项十二件，办结十二件，办结率百分之百。")
    assert (statement.whole_value, statement.part_value) == (12.0, 12.0)


def _percent_of(text: str) -> tuple[float, float | None, float] | None:
    statements = extract_rates(text)
    if not statements:
        return None
    return statements[0].whole_value, statements[0].part_value, statements[0].rate_pct


def test_text_without_a_rate_has_no_statement():
    assert extract_rates("2013年，我局共受理政府信息公开申请13件，其中当面申请2件，网络申请1件。") == []


def test_extract_carries_the_rates_of_a_document():
    text = "一、概述\n今年我局共受理审批事项117件，办结171件，办结率100%。\n"
    document = Document(content_sha256="x", part=1, kind="annual_report", text=text)
    rates = extract(document, Identity(year=2013, template="narrative")).rates
    assert [(r.whole_value, r.part_value, r.rate_pct) for r in rates] == [(117.0, 171.0, 100.0)]
