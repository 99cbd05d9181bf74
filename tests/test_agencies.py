"""Agency ids across the corpus: the same body keeps one id across years, renames, file order and folders."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from pipeline.identity import identify
from pipeline.agencies import assign_agencies, successor_ids
from pipeline.model import Document

FIXTURES = Path(__file__).parent / "fixtures" / "identity"


def report_row(report_id: str, text: str) -> dict:
    identity = identify(Document(content_sha256=report_id, part=1, kind="annual_report", text=text))
    row = {key: value for key, value in vars(identity).items() if key != "evidence"}
    return {"report_id": report_id, **row}


OFFICE_2018 = (
    "广州市增城区人民政府政务管理办公室2018年政府信息公开工作年度报告\n"
    "根据我区2019年2月机构改革变动,撤销增城区人民政府政务服务管理办公室,重新组建增城区政务服务数据管理局。"
)
BUREAU_2019 = "广州市增城区政务服务数据管理局2019年政府信息公开工作年度报告\n本报告所列数据统计期限为2019年1月1日至2019年12月31日。"
BUREAU_2020 = "增城区政务服务数据管理局2020年政府信息公开工作年度报告\n本报告所列数据统计期限为2020年1月1日至2020年12月31日。"
CITY_2012 = (FIXTURES / "zengcheng_2012.txt").read_text(encoding="utf-8")
CITY_2015 = (FIXTURES / "zengcheng_2015.txt").read_text(encoding="utf-8")
UNKNOWN = "一、概述\n按照有关要求，认真做好政府信息公开工作。"


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows)


def ids(reports: pd.DataFrame) -> dict[str, str | None]:
    return {r: (i if isinstance(i, str) else None) for r, i in zip(reports["report_id"], reports["agency_id"])}


def test_rename_stated_in_a_report_joins_old_and_new_names() -> None:
    rows = [report_row("a", OFFICE_2018), report_row("b", BUREAU_2019), report_row("c", BUREAU_2020)]
    reports, agencies, names, lineage = assign_agencies(frame(rows))
    found = ids(reports)
    assert found["a"] == found["b"] == found["c"]
    assert len(agencies) == 1 and agencies.iloc[0]["agency_name"] == "增城区政务服务数据管理局"  # the latest name
    assert set(names["agency_name"]) == {"广州市增城区人民政府政务管理办公室", "广州市增城区政务服务数据管理局", "增城区政务服务数据管理局"}
    assert lineage[["from_agency_name", "to_agency_name", "relation", "report_id"]].values.tolist() == [
        ["广州市增城区人民政府政务管理办公室", "增城区政务服务数据管理局", "reformed_as", "a"]
    ]
    assert lineage.iloc[0]["agency_id"] == found["b"]


def test_successor_id_does_not_depend_on_the_predecessor_being_in_the_folder() -> None:
    with_office = ids(assign_agencies(frame([report_row("a", OFFICE_2018), report_row("b", BUREAU_2019)]))[0])
    without_office = ids(assign_agencies(frame([report_row("b", BUREAU_2019)]))[0])
    assert with_office["b"] == without_office["b"]


def test_ids_do_not_depend_on_row_order() -> None:
    rows = [report_row(str(n), text) for n, text in enumerate([OFFICE_2018, BUREAU_2019, CITY_2012, CITY_2015, UNKNOWN])]
    forward = ids(assign_agencies(frame(rows))[0])
    backward = ids(assign_agencies(frame(rows[::-1]))[0])
    assert forward == backward


def test_division_renamed_between_years_keeps_its_agency() -> None:
    reports, agencies, names, _ = assign_agencies(frame([report_row("old", CITY_2012), report_row("new", CITY_2015)]))
    found = ids(reports)
    assert found["old"] == found["new"]
    assert names.sort_values("first_year")[["agency_name", "first_year"]].values.tolist() == [
        ["增城市人民政府", 2012],
        ["广州市增城区人民政府", 2015],
    ]
    assert agencies.iloc[0]["division_code"] == "440118"


def test_unknown_agency_gets_no_id_but_stays_in_reports() -> None:
    reports, agencies, _, _ = assign_agencies(frame([report_row("x", UNKNOWN), report_row("b", BUREAU_2019)]))
    assert ids(reports)["x"] is None and len(reports) == 2 and len(agencies) == 1


def test_successor_ids_follow_chains_mergers_and_break_cycles_deterministically() -> None:
    assert successor_ids([("a", "b"), ("b", "c")]) == {"a": "c", "b": "c", "c": "c"}
    assert successor_ids([("a", "c"), ("b", "c")]) == {"a": "c", "b": "c", "c": "c"}
    assert successor_ids([("b", "a"), ("a", "b")]) == successor_ids([("a", "b"), ("b", "a")]) == {"a": "a", "b": "a"}


def test_reports_without_stored_keys_fall_back_to_names() -> None:
    rows = [{"report_id": "r", "agency_name": "某局", "year": 2019, "province": None, "city": None, "county": None, "division_code": None, "admin_level": "department"}]
    reports, agencies, _, lineage = assign_agencies(frame(rows))
    assert reports.iloc[0]["agency_id"].startswith("ag_") and len(agencies) == 1 and lineage.empty


def test_lineage_column_round_trips_as_json() -> None:
    row = report_row("a", OFFICE_2018)
    assert json.loads(row["lineage"])[0]["to_agency_name"] == "增城区政务服务数据管理局"


def test_one_office_under_its_full_and_short_names_is_one_agency() -> None:
    texts = ["佛山市人民政府办公室", "佛山市政府办公室", "佛山市政府办"]
    rows = [report_row(str(n), f"{name}{2016 + n}年政府信息公开工作年度报告\n一、概述") for n, name in enumerate(texts)]
    reports, agencies, names, _ = assign_agencies(frame(rows))
    assert len(set(reports["agency_id"])) == 1 and len(agencies) == 1
    assert set(names["agency_name"]) == {"佛山市人民政府办公室"}  # all normalised to the full name


def test_abbreviated_department_names_share_the_full_names_agency() -> None:
    rows = [
        report_row("a", "平潭县地方税务局2012年政府信息公开工作年度报告\n一、概述"),
        report_row("b", "平潭县地税局2013年政府信息公开工作年度报告\n一、概述"),
    ]
    found = ids(assign_agencies(frame(rows))[0])
    assert found["a"] == found["b"]
