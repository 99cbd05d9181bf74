"""Synthetic agencies publish histories a real agency could: one agency per name, no two reports for one year,
and figures that move from year to year without jumping tenfold and back."""

from __future__ import annotations

import random
from collections import defaultdict

from pipeline.synth import compose
from pipeline.synth.agencies import SERIES_LENGTH, agency
from pipeline.synth.corpus import plan_report

SEED = 5


def _one_agency(a) -> tuple[str, str, str]:
    """金昌市金川区人民政府 and 金川区人民政府 name one government (identity links them as one agency)."""
    return a.division_code, a.level, a.name.removeprefix(a.city) if a.city and a.county else a.name


def test_a_name_is_one_agency_and_it_reports_once_a_year():
    by_name = defaultdict(list)
    for number in range(3000):  # enough to exhaust the province governments' windows
        by_name[_one_agency(agency(SEED, number))].append(agency(SEED, number))
    assert any(a.city and a.county and a.name.startswith(a.city) and a.level == "county" for v in by_name.values() for a in v)
    shared = [agencies for agencies in by_name.values() if len(agencies) > 1]
    assert len(shared) > 50, "a corpus this size draws many names twice"
    for agencies in shared:
        assert len({(a.series, a.scale, a.level, a.division_code, a.phone, a.name) for a in agencies}) == 1
        years = sorted(a.first_year for a in agencies)
        assert all(b - a >= SERIES_LENGTH for a, b in zip(years, years[1:])), years


def test_agencies_are_the_same_whichever_number_is_asked_first():
    fresh_seed = 11
    late = agency(fresh_seed, 900)
    assert agency(fresh_seed, 900) == late
    assert [agency(fresh_seed, n) for n in range(5)] == [agency(fresh_seed, n) for n in range(5)]


def _proactive_totals(seed: int, number: int) -> list[float]:
    totals = []
    for position in range(SERIES_LENGTH):
        index = number * SERIES_LENGTH + position
        plan = plan_report(seed, index)
        _, truth = compose.compose(random.Random(f"report:{seed}:{index}"), seed, plan.agency, plan.year, plan.choices)
        totals.append(truth.values.get(("proactive.total", None, "year")) or truth.prose.get(("proactive.total", None, "year")))
    return [t for t in totals if t is not None]


def test_an_agencys_figures_move_moderately_from_year_to_year():
    jumps = []
    for number in range(150):
        totals = [t for t in _proactive_totals(SEED, number) if t >= 50]
        jumps += [max(a, b) / min(a, b) for a, b in zip(totals, totals[1:])]
    assert len(jumps) > 200
    assert sorted(jumps)[len(jumps) // 2] < 1.5, "a typical year changes a figure by well under half"
    assert max(jumps) < 10, "no year jumps an order of magnitude from the one before"



def test_an_agency_gives_the_phone_area_code_of_its_city():
    # real offices give their own phone for questions; identity places namesake counties by its area code
    from pipeline.identity.contact import area_code_places

    codes = ["010", *(f"02{d}" for d in range(10)), *(f"0{n}" for n in range(310, 1000))]
    listed = {place for code in codes for place in area_code_places(code)}
    agencies = [agency(SEED, number) for number in range(300)]
    with_listed_city = [a for a in agencies if (a.city or a.province) in listed]
    assert len(with_listed_city) > 200
    for a in with_listed_city:
        assert (a.city or a.province) in area_code_places(a.phone.split("-")[0]), (a.name, a.phone)
