"""The same report saved twice (mirror sites, HTML and PDF of one report) is loaded once."""

from __future__ import annotations

import pandas as pd


def mark_duplicates(reports: pd.DataFrame) -> pd.DataFrame:
    """The same report saved twice is loaded once: later copies are excluded as duplicate_of the first."""
    reports = reports.sort_values(["source_path", "part"]).copy()
    candidates = reports[reports["included"] & reports["fingerprint"].notna()]
    first_id = candidates.groupby("fingerprint")["report_id"].transform("first")
    duplicates = candidates.index[candidates["report_id"] != first_id]
    reports.loc[duplicates, "excluded_reason"] = ["duplicate_of:" + first for first in first_id[duplicates]]
    reports.loc[duplicates, "included"] = False
    return reports
