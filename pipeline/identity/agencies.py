"""Agency ids that stay the same across years and renames, and the agency tables of the warehouse."""

from __future__ import annotations

import hashlib

import pandas as pd


def agency_key(name: str) -> str:
    return "ag_" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def assign_agencies(reports: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Give every report with an agency name an agency_id; build agencies, agency_names and agency_lineage."""
    reports = reports.copy()
    reports["agency_id"] = [agency_key(n) if isinstance(n, str) and n else None for n in reports["agency_name"]]
    named = reports[reports["agency_id"].notna()].sort_values(["year", "report_id"], na_position="first")
    agencies = (
        named.groupby("agency_id", as_index=False)
        .last()[["agency_id", "agency_name", "province", "city", "county", "division_code", "admin_level"]]
    )
    names = named.groupby(["agency_id", "agency_name"], as_index=False).agg(first_year=("year", "min"), last_year=("year", "max"))
    lineage = pd.DataFrame(columns=["from_agency_name", "to_agency_name", "agency_id", "year", "relation", "report_id", "evidence"])
    return reports, agencies, names, lineage
