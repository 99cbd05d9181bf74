"""Agency ids across the corpus, and the agencies, agency_names and agency_lineage tables.

Each report carries an agency_key (pipeline.identity.keys: the same body gets the same key in every
report). Renames and mergers that reports state join keys into one agency; the agency's id is the key of
its latest successor, so the successor's id never depends on whether its predecessor's reports (which
usually state the change) are in the folder, and no id depends on file order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

import pandas as pd

# identity.keys' mark between an agency's bare key and its telephone area code (kept in step by
# tests/test_agencies.py): imported from there, the load would pay for the whole identity package's import
# (0.27 s of regular expressions and tables) that only per-document identification needs.
AREA_CODE_MARK = "@"

AGENCY_COLUMNS = ["agency_id", "agency_name", "province", "city", "county", "division_code", "admin_level"]
NAME_COLUMNS = ["agency_id", "agency_name", "first_year", "last_year"]
LINEAGE_COLUMNS = ["from_agency_name", "to_agency_name", "agency_id", "year", "relation", "report_id", "evidence"]


def name_key(name: str) -> str:
    """A key for a bare name (rows from before identity stored agency_key)."""
    return "ag_" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def _lineage_rows(reports: pd.DataFrame) -> list[dict]:
    """The statements of every report that states one, by report id. Columns are walked as lists: iterating an
    Arrow-backed pandas column costs microseconds per value, and few reports state anything."""
    if "lineage" not in reports:
        return []
    pairs = zip(reports["report_id"].tolist(), reports["lineage"].tolist())
    stating = [(rid, payload) for rid, payload in pairs if isinstance(payload, str) and payload]
    rows = []
    for report_id, payload in sorted(stating, key=lambda pair: pair[0]):
        for statement in json.loads(payload):
            rows.append({**statement, "report_id": report_id})
    return rows


def body_keys(keys: Iterable[str]) -> dict[str, str]:
    """Each report's key -> the key of the body it stands for.

    A body no place was found for carries the area code of its phone in its key (keys.with_area_code): two
    unplaced 市中区司法局, one on 0531 and one on 0632, are two bodies, each with a key of its own that no other
    report changes. A report of that name that gives no phone joins the one body if the corpus holds one, and
    stays apart if it holds several: a wrong join mixes two bodies' histories, a split only cuts one in two.
    """
    keys = set(keys)
    coded_by_bare: dict[str, list[str]] = {}
    for key in sorted(keys):
        if AREA_CODE_MARK in key:
            coded_by_bare.setdefault(key.split(AREA_CODE_MARK, 1)[0], []).append(key)
    # a coded key's body has an id like any other (ag_ and 12 hex digits), made from the whole coded key
    bodies = {key: name_key(key) for coded in coded_by_bare.values() for key in coded}
    for key in keys - bodies.keys():
        coded = coded_by_bare.get(key, [])
        bodies[key] = bodies[coded[0]] if len(coded) == 1 else key
    return bodies


def successor_ids(links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """For keys joined by (from, to) links: each key -> the id of its group (the key nothing succeeds).

    A group whose links leave no single last successor (a cycle, or one body split into two) takes its
    smallest key, so the result never depends on the order links arrive in.
    """
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    links = sorted(set(links))
    for source, target in links:
        parent[root(source)] = root(target)
    groups: dict[str, set[str]] = {}
    for key in list(parent):
        groups.setdefault(root(key), set()).add(key)
    sources = {source for source, _ in links}
    ids = {}
    for members in groups.values():
        last = sorted(member for member in members if member not in sources)
        group_id = last[0] if len(last) == 1 else min(members)
        ids.update(dict.fromkeys(members, group_id))
    return ids


def assign_agencies(reports: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Give every report with a known agency an agency_id; build agencies, agency_names and agency_lineage."""
    reports = reports.copy()
    names = reports["agency_name"].tolist() if "agency_name" in reports else [None] * len(reports)
    stored = reports["agency_key"].tolist() if "agency_key" in reports else [None] * len(reports)
    keys = [
        (key if isinstance(key, str) and key else name_key(name)) if isinstance(name, str) and name else None
        for name, key in zip(names, stored)
    ]
    statements = [s for s in _lineage_rows(reports) if s.get("from_key") and s.get("to_key")]
    bodies = body_keys([*filter(None, keys), *(s[side] for s in statements for side in ("from_key", "to_key"))])
    keys = [bodies[key] if key else None for key in keys]
    for statement in statements:
        statement["from_key"], statement["to_key"] = bodies[statement["from_key"]], bodies[statement["to_key"]]
    ids = successor_ids((s["from_key"], s["to_key"]) for s in statements)
    reports["agency_id"] = [ids.get(key, key) if key else None for key in keys]

    # only the columns the agency tables read: sorting takes every column along (a third of the time)
    columns = list(dict.fromkeys([*AGENCY_COLUMNS, "year", "report_id"]))
    named = reports.loc[reports["agency_id"].notna(), columns].sort_values(["year", "report_id"], na_position="first")
    if named.empty:
        agencies = pd.DataFrame(columns=AGENCY_COLUMNS)
        agency_names = pd.DataFrame(columns=NAME_COLUMNS)
    else:
        # the latest report (by year) speaks for the agency's current name and place
        agencies = named.drop_duplicates("agency_id", keep="last")[AGENCY_COLUMNS].sort_values("agency_id").reset_index(drop=True)
        agency_names = (
            named.groupby(["agency_id", "agency_name"], as_index=False)
            .agg(first_year=("year", "min"), last_year=("year", "max"))[NAME_COLUMNS]
            .reset_index(drop=True)
        )
        agency_names[["first_year", "last_year"]] = agency_names[["first_year", "last_year"]].astype("Int32")
    lineage = _lineage_table(statements, ids)
    return reports, agencies, agency_names, lineage


def _lineage_table(statements: list[dict], ids: dict[str, str]) -> pd.DataFrame:
    seen: set[tuple[str, str, str]] = set()
    rows = []
    for statement in statements:
        identity = (statement["from_agency_name"], statement["to_agency_name"], statement["relation"])
        if identity in seen:
            continue  # the same change stated again (a duplicate page, a later report recalling it)
        seen.add(identity)
        rows.append({**{c: statement.get(c) for c in LINEAGE_COLUMNS}, "agency_id": ids.get(statement["to_key"])})
    frame = pd.DataFrame(rows, columns=LINEAGE_COLUMNS)
    frame["year"] = frame["year"].astype("Int32")
    return frame
