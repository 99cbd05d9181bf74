"""Corpus-level assembly of the reports table: documents of current files, their identity, duplicates, agencies.

Per-document stages know one document at a time; deciding that a document duplicates another one, or that
two names are the same agency, needs the whole corpus, so it happens here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.dedupe import mark_duplicates
from pipeline.identity.agencies import assign_agencies

REPORT_COLUMNS = [
    "report_id",
    "source_path",
    "part",
    "part_label",
    "kind",
    "included",
    "excluded_reason",
    "agency_id",
    "agency_name",
    "province",
    "city",
    "county",
    "division_code",
    "admin_level",
    "year",
    "template",
    "published_date",
    "title",
    "content_sha256",
]
IDENTITY_COLUMNS = ["agency_name", "province", "city", "county", "division_code", "admin_level", "year", "template", "published_date"]


@dataclass
class ReportTables:
    reports: pd.DataFrame  # REPORT_COLUMNS plus doc_key (the lake key of the document, for joins)
    agencies: pd.DataFrame
    agency_names: pd.DataFrame
    agency_lineage: pd.DataFrame


def report_id(source_path: str, part: int) -> str:
    return hashlib.sha256(f"{source_path}#{part}".encode("utf-8")).hexdigest()[:16]


def build_reports(
    manifest: pd.DataFrame, documents: pd.DataFrame, identities: pd.DataFrame, dedupe_index: Path | None = None
) -> ReportTables:
    """One row per (file, part) of the current raw folder, with identity, duplicates and agency ids.

    manifest: source_path, sha256, file_key; documents: file_key, doc_key, part, part_label, kind,
    excluded_reason, title, fingerprint; identities: key plus the Identity fields. dedupe_index: where
    pipeline.dedupe keeps the documents it compared, so the next build only compares new ones.
    """
    docs = manifest[["source_path", "sha256", "file_key"]].merge(documents, on="file_key", how="inner")
    docs = docs.rename(columns={"sha256": "content_sha256"})
    docs["report_id"] = [report_id(p, n) for p, n in zip(docs["source_path"], docs["part"])]
    docs = docs.merge(identities.rename(columns={"key": "doc_key"}), on="doc_key", how="left")
    for column in IDENTITY_COLUMNS:
        if column not in docs:
            docs[column] = None
    docs["included"] = (docs["kind"] == "annual_report") & docs["excluded_reason"].isna()
    docs = mark_duplicates(docs, dedupe_index)
    docs, agencies, names, lineage = assign_agencies(docs)
    docs["year"] = docs["year"].astype("Int32")
    docs["part"] = docs["part"].astype("int32")
    docs["published_date"] = pd.to_datetime(docs["published_date"], errors="coerce").dt.date
    reports = docs[REPORT_COLUMNS + ["doc_key"]].sort_values(["source_path", "part"]).reset_index(drop=True)
    return ReportTables(reports, agencies, names, lineage)
