"""Cutting run-together digits: every reading is listed, none is guessed, a cut-short search reads nothing."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.tables.split import (
    dash_cell_counts,
    digit_cuts,
    split_groups_under_totals,
    split_readings,
    split_run_under_total,
)
from pipeline.tables.tokens import NUMBER, Token, tokenize


def run(digits: str) -> Token:
    return Token(NUMBER, digits, 100, 100 + len(digits), float(digits), glued=True)


def values(readings) -> list[tuple[float, ...]]:
    return sorted(tuple(cell.value for cell in reading) for reading in readings)


def reference_cuts(digits: str, parts: int) -> list[tuple[int, ...]]:
    """Brute force over cut positions: numbers without leading zeros."""
    found = []
    for cuts in itertools.combinations(range(1, len(digits)), parts - 1):
        pieces = [digits[a:b] for a, b in zip((0, *cuts), (*cuts, len(digits)))]
        if all(len(p) == 1 or p[0] != "0" for p in pieces):
            found.append(tuple(int(p) for p in pieces))
    return sorted(found)


def test_zeros_have_one_reading():
    assert values(split_readings([run("0000000")], 7)) == [(0.0,) * 7]
    assert list(digit_cuts("000", 3)) == [(1, 1, 1)]


def test_year_and_cumulative_run_has_every_reading():
    assert values(split_readings([run("4251516")], 2)) == [(4, 251516), (42, 51516), (425, 1516), (4251, 516), (42515, 16), (425151, 6)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789", min_size=1, max_size=9), st.integers(1, 5))
def test_cuts_match_brute_force(digits, parts):
    mine = sorted(tuple(int(digits[a:b]) for a, b in zip(itertools.accumulate((0, *w)), itertools.accumulate(w))) for w in digit_cuts(digits, parts))
    assert mine == reference_cuts(digits, parts)


def test_cells_carry_their_offsets():
    (reading,) = split_readings([run("000")], 3)
    assert [(c.start, c.end) for c in reading] == [(100, 101), (101, 102), (102, 103)]


def test_row_total_bounds_the_search_and_keeps_every_reading():
    def holds(r):
        return r[-1].value == sum(c.value for c in r[:-1])

    token = run("247421422619350")  # 247 42 14 2 26 19 | 350, and another reading that also sums
    under_total = values(split_run_under_total(token, 7, holds))
    assert (247, 42, 14, 2, 26, 19, 350) in under_total
    assert (2, 47, 42, 14, 226, 19, 350) in under_total
    brute = [r for r in reference_cuts(token.text, 7) if r[-1] == sum(r[:-1])]
    assert under_total == sorted(tuple(float(v) for v in r) for r in brute)


def test_review_run_is_cut_group_by_group():
    readings = split_groups_under_totals(run("520707700066669021"), 5, 3)
    assert (5, 2, 0, 70, 77, 0, 0, 0, 6, 6, 6, 6, 9, 0, 21) in values(readings)
    for reading in readings:
        for start in (0, 5, 10):
            group = [c.value for c in reading[start : start + 5]]
            assert group[-1] == sum(group[:-1])


def test_a_search_cut_short_reads_nothing():
    assert split_readings([run("12345678901234567890")], 10, limit=50) is None


def test_spaced_figures_are_whole_unless_loose():
    tokens = [t for t in tokenize("四、结转下年度继续办理 1000001") if t.kind == NUMBER]
    assert split_readings(tokens, 7) == []
    assert values(split_readings(tokens, 7, loose=True)) == [(1, 0, 0, 0, 0, 0, 1)]


def _requests_row_holds(reading) -> bool:
    """A requests-table row: the six applicant columns add up to the 总计 column (a blank cell is none)."""
    figures = [cell.value or 0 for cell in reading]
    return sum(figures[:-1]) == figures[-1]


def _readings(readings) -> list[tuple[float | None, ...]]:
    return sorted((tuple(cell.value for cell in reading) for reading in readings), key=repr)  # None among floats


def _value_tokens(text: str) -> list[Token]:
    return [token for token in tokenize(text) if token.kind != "label"]


def test_a_run_of_dashes_between_run_together_figures_may_be_one_blank_cell_per_dash():
    # A crawler that dropped the borders of "| 8 | — | — | 1 | — | 1 | 10 |": "——" is two cells here, and only
    # that reading keeps the row's sum; reading it as one cell had cut 110 into 1, 1, 0.
    row = _value_tokens("（二）部分公开（区分处理的，只计这一情形，不计其他情形）8——1—110")
    found = split_readings(row, 7, _requests_row_holds, loose=True)
    assert _readings(found) == [(8.0, None, None, 1.0, None, 1.0, 10.0)]
    assert [(cell.start, cell.end) for cell in found[0][1:3]] == [(row[1].start, row[1].start + 1), (row[1].start + 1, row[1].end)]
    carried = _value_tokens("二、上年结转政府信息公开申请数量3————25")
    assert _readings(split_readings(carried, 7, _requests_row_holds, loose=True)) == [(3.0, None, None, None, None, 2.0, 5.0)]


def test_a_run_of_dashes_may_still_be_one_cell_and_a_pipe_cell_always_is():
    # "——" printed as the blank mark of one cell (| 8 | —— | 2 | 10 |): only that reading keeps the sum.
    assert _readings(split_readings(_value_tokens("其他对外管理服务事项8——210"), 4, _requests_row_holds)) == [(8.0, None, 2.0, 10.0)]
    piped = [token for token in tokenize("| 其他 | 8 | —— | 1 | 9 |") if token.kind not in ("label", "break")]
    assert _readings(split_readings(piped, 4)) == [(8.0, None, 1.0, 9.0)]
    assert dash_cell_counts(piped[1]) is None
