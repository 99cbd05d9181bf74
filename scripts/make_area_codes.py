"""Writes pipeline/data/identity_area_codes.csv: each Chinese long-distance area code (区号) and the
prefecture-level places it serves, from libphonenumber's geographic data (the phonenumbers package).

Run it when phonenumbers has new data: `python scripts/make_area_codes.py`. The pipeline reads the CSV, so it
neither imports phonenumbers (1.7 s to load its Chinese geocoding data) nor depends on it at run time.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from phonenumbers import PhoneNumber
from phonenumbers.geocoder import description_for_valid_number

OUT = Path(__file__).resolve().parents[1] / "pipeline" / "data" / "identity_area_codes.csv"
PROVINCE_PREFIX = re.compile(r"^.+?(?:省|自治区)")
COUNTRY_ONLY = "中国"


def places(code: str) -> list[str]:
    found: dict[str, None] = {}
    for local in ("2345678", "88888888"):  # both local number lengths: the data is keyed by leading digits
        description = description_for_valid_number(PhoneNumber(country_code=86, national_number=int(code[1:] + local)), "zh")
        for place in PROVINCE_PREFIX.sub("", description).split("、"):
            if place and place != COUNTRY_ONLY:
                found[place] = None
    return list(found)


def main() -> None:
    codes = ["010", *(f"02{d}" for d in range(10)), *(f"0{n}" for n in range(310, 1000))]
    rows = [(code, "|".join(p)) for code in codes if (p := places(code))]
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["area_code", "places"])
        writer.writerows(rows)
    print(f"{len(rows)} area codes -> {OUT}")


if __name__ == "__main__":
    main()
