"""How findings name what they are about: metrics with their official label and id, applicant columns, periods."""

from __future__ import annotations

import pandas as pd

from pipeline.catalog import load_catalog
from pipeline.checks import rulebook

APPLICANT_LABELS = "_check_applicant_labels"


def metric_label(metric_id: str) -> str:
    """'（一）予以公开 [requests.granted]': the label an analyst reads, the id a query needs."""
    return f"{load_catalog()[metric_id].label_zh} [{metric_id}]"


def column_note(applicant: str, period: str) -> str:
    """SQL for ' (自然人 column, 历年累计)' outside the plain 总计/year cell, '' otherwise; needs lookups()."""
    return (
        f"(CASE WHEN {applicant} = 'total' AND {period} = 'year' THEN '' ELSE ' (' || "
        f"concat_ws(', ', CASE WHEN {applicant} <> 'total' THEN coalesce((SELECT a.label_zh FROM {APPLICANT_LABELS} AS a "
        f"WHERE a.applicant = {applicant}), {applicant}) || ' column' END, "
        f"CASE WHEN {period} = 'cumulative' THEN '历年累计' END) || ')' END)"
    )


def lookups() -> dict[str, pd.DataFrame]:
    return {APPLICANT_LABELS: rulebook.applicant_labels()}
