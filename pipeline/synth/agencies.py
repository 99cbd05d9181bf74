"""Who publishes a synthetic report: real divisions, realistic agency names, levels and sizes.

A corpus is a set of agencies, each publishing a short series of consecutive annual reports (so figures that
carry over from one year to the next can be kept consistent). Everything is a pure function of the corpus
seed and the agency's number, so any report can be regenerated alone.

An agency's name is its identity, as in the warehouse (with or without its city in front: 金昌市金川区人民政府
is 金川区人民政府): when the draw for a number names an agency an earlier number already is, it is that agency, publishing another window of years that none of its reports covers yet
(with the same figures' series, so its history stays continuous); when no such window is left, the number
draws again. So no two different agencies share a name, and no agency publishes two reports for one year.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import count
from pathlib import Path

from pipeline.synth.divisions import counties

SERIES_LENGTH = 4  # consecutive yearly reports per agency
FIRST_YEAR, LAST_START_YEAR = 2008, 2021

# (level, weight, size scale): size scales request counts and the like.
LEVELS = [
    ("province", 2, 3.0),
    ("province_department", 10, 1.5),
    ("city", 8, 1.5),
    ("city_department", 25, 0.6),
    ("county", 20, 0.8),
    ("county_department", 25, 0.25),
    ("township", 10, 0.08),
]
STABLE_DEPARTMENTS = ["教育局", "公安局", "民政局", "财政局", "司法局", "人力资源和社会保障局", "住房和城乡建设局", "交通运输局",
                      "水利局", "商务局", "审计局", "统计局", "发展和改革局", "人民政府办公室"]
BEFORE_2019 = ["国土资源局", "环境保护局", "农业局", "工商行政管理局", "安全生产监督管理局", "文化广电新闻出版局", "卫生和计划生育局"]
FROM_2019 = ["自然资源局", "生态环境局", "农业农村局", "市场监督管理局", "应急管理局", "文化和旅游局", "卫生健康局", "医疗保障局",
             "退役军人事务局"]
PROVINCE_STABLE = ["教育厅", "公安厅", "民政厅", "财政厅", "司法厅", "人力资源和社会保障厅", "住房和城乡建设厅", "交通运输厅", "水利厅",
                   "商务厅", "审计厅", "发展和改革委员会", "统计局"]
PROVINCE_BEFORE_2019 = ["国土资源厅", "环境保护厅", "农业厅", "卫生和计划生育委员会"]
PROVINCE_FROM_2019 = ["自然资源厅", "生态环境厅", "农业农村厅", "卫生健康委员会", "市场监督管理局", "应急管理厅"]
TOWN_HEADS = "东西南北新安永和平太宁兴福龙凤石河金城清泉双白长高青"
TOWN_KINDS = ["镇", "镇", "乡", "街道办事处"]
STREETS = ["人民路", "解放路", "中山路", "建设路", "行政中心", "府前路"]


@dataclass(frozen=True)
class Agency:
    number: int
    name: str  # as the reports name it
    level: str  # province, city, county, township or department
    province: str
    city: str | None
    county: str | None
    division_code: str
    scale: float
    short: str  # how the report refers to itself: 我市, 我局...
    office: str  # who compiles the report
    first_year: int
    phone: str
    address: str
    series: int = field(default=-1)  # the number whose figures' series this agency continues (its first number)

    def __post_init__(self) -> None:
        if self.series < 0:
            object.__setattr__(self, "series", self.number)

    def region(self) -> dict[str, str | None]:
        """As the labels give it: a municipality is province level, so its districts have no city."""
        city = None if self.city == self.province else self.city
        return {"province": self.province, "city": city, "county": self.county}


def _department(rng: random.Random, first_year: int, province_level: bool) -> str:
    last_year = first_year + SERIES_LENGTH - 1
    if province_level:
        pool = PROVINCE_STABLE + (PROVINCE_BEFORE_2019 if last_year <= 2018 else PROVINCE_FROM_2019 if first_year >= 2019 else [])
    else:
        pool = STABLE_DEPARTMENTS + (BEFORE_2019 if last_year <= 2018 else FROM_2019 if first_year >= 2019 else [])
    return rng.choice(pool)


def _self_reference(name: str) -> str:
    for suffix, short in (("省人民政府", "我省"), ("区人民政府", "我区"), ("县人民政府", "我县"), ("市人民政府", "我市"),
                          ("州人民政府", "我州"), ("镇人民政府", "我镇"), ("乡人民政府", "我乡"), ("街道办事处", "我街道"),
                          ("办公室", "我办"), ("委员会", "我委"), ("厅", "我厅"), ("局", "我局")):
        if name.endswith(suffix):
            return short
    return "本机关"


AREA_CODES_CSV = Path(__file__).resolve().parents[1] / "data" / "identity_area_codes.csv"


@cache
def _area_codes() -> dict[str, str]:
    """City -> the first area code that serves it (北京市 -> 010, 枣庄市 -> 0632), from the table identity reads."""
    codes: dict[str, str] = {}
    with AREA_CODES_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for place in row["places"].split("|"):
                codes.setdefault(place, row["area_code"])
    return codes


def _phone(rng: random.Random, city: str | None, province: str) -> str:
    """A contact phone with the area code of the agency's city, as real offices give theirs (a made-up code
    where the table lists none); the same draws either way, so the rest of the corpus does not move."""
    made_up, local = rng.randint(10, 999), rng.randint(2000000, 89999999)
    code = _area_codes().get(city or province) or f"0{made_up}"
    return f"{code}-{local}"


def _draw(seed: int, number: int, attempt: int) -> Agency:
    rng = random.Random(f"agency:{seed}:{number}" + (f":{attempt}" if attempt else ""))
    division = rng.choice(counties())
    level, _, scale = rng.choices(LEVELS, weights=[w for _, w, _ in LEVELS])[0]
    if level == "city" and (division.city is None or division.city == division.province):
        level = "county"  # municipalities and province-governed counties have no prefecture government
    first_year = rng.randint(FIRST_YEAR, LAST_START_YEAR)
    province, city, county = division.province, division.city, division.county
    if level == "province":
        name, region, code, kind = f"{province}人民政府", (province, None, None), division.province_code, "province"
    elif level == "province_department":
        name = province + _department(rng, first_year, province_level=True)
        region, code, kind = (province, None, None), division.province_code, "department"
    elif level == "city":
        name, region, code, kind = f"{city}人民政府", (province, city, None), division.city_code, "city"
    elif level == "city_department" and city and city != province:
        name = city + _department(rng, first_year, province_level=False).replace("发展和改革局", "发展和改革委员会")
        region, code, kind = (province, city, None), division.city_code, "department"
    elif level == "township":
        town = rng.choice(TOWN_HEADS) + rng.choice(TOWN_HEADS) + rng.choice(TOWN_KINDS)
        name = county + (town if town.endswith("街道办事处") else town + "人民政府")
        region, code, kind = (province, city, county), division.county_code, "township"
    elif level == "county_department" or level == "city_department":
        name = county + _department(rng, first_year, province_level=False)
        region, code, kind = (province, city, county), division.county_code, "department"
    else:
        prefix = city if city and city != province and rng.random() < 0.3 else ""
        name, region, code, kind = f"{prefix}{county}人民政府", (province, city, county), division.county_code, "county"
    office = name.replace("人民政府", "人民政府办公室") if name.endswith("人民政府") else name + "办公室"
    if name.endswith("办公室"):
        office = name
    return Agency(
        number=number,
        name=name,
        level=kind,
        province=region[0],
        city=region[1],
        county=region[2],
        division_code=code,
        scale=scale * rng.uniform(0.5, 1.6),
        short=_self_reference(name),
        office=office,
        first_year=first_year,
        phone=_phone(rng, division.city, division.province),
        address=(region[2] or region[1] or region[0]) + rng.choice(STREETS) + f"{rng.randint(1, 300)}号",
    )


class _Registry:
    """The agencies of one seed in number order, and every window of years each name already publishes."""

    def __init__(self) -> None:
        self.agencies: list[Agency] = []
        self.by_name: dict[tuple[str, str, str], list[Agency]] = {}


_REGISTRIES: dict[int, _Registry] = {}


def _window(seed: int, number: int, earlier: list[Agency]) -> int | None:
    """A first year for another series of an agency that already publishes `earlier`: no year in common with
    them, and on the same side of the 2018 reform when its name belongs to one side (国土资源局, 自然资源局)."""
    first = earlier[0].first_year
    years = range(FIRST_YEAR, LAST_START_YEAR + 1)
    if first + SERIES_LENGTH - 1 <= 2018:
        years = range(FIRST_YEAR, 2018 - SERIES_LENGTH + 2)
    elif first >= 2019:
        years = range(2019, LAST_START_YEAR + 1)
    free = [y for y in years if all(abs(y - a.first_year) >= SERIES_LENGTH for a in earlier)]
    return random.Random(f"window:{seed}:{number}").choice(free) if free else None


def _identity(agency: Agency) -> tuple[str, str, str]:
    """What makes two names one agency: 金昌市金川区人民政府 and 金川区人民政府 are the same government."""
    name = agency.name.removeprefix(agency.city) if agency.city and agency.county else agency.name
    return agency.division_code, agency.level, name


def _settle(seed: int, number: int, registry: _Registry) -> Agency:
    for attempt in count():
        candidate = _draw(seed, number, attempt)
        earlier = registry.by_name.get(_identity(candidate))
        if not earlier:
            registry.by_name[_identity(candidate)] = [candidate]
            return candidate
        first_year = _window(seed, number, earlier)
        if first_year is not None:
            same = replace(earlier[0], number=number, first_year=first_year, series=earlier[0].series)
            earlier.append(same)
            return same
    raise AssertionError("unreachable")


def agency(seed: int, number: int) -> Agency:
    """Agency `number` of the corpus of `seed` (the agencies before it are drawn first, once per process)."""
    registry = _REGISTRIES.setdefault(seed, _Registry())
    while len(registry.agencies) <= number:
        registry.agencies.append(_settle(seed, len(registry.agencies), registry))
    return registry.agencies[number]


def report_slot(index: int) -> tuple[int, int]:
    """Report `index` of a corpus: (agency number, position in that agency's series)."""
    return divmod(index, SERIES_LENGTH)
