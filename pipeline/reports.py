"""Corpus-level assembly of the reports table: documents of current files, their identity, duplicates, agencies.

Per-document stages know one document at a time; deciding that a document duplicates another one, or that
two names are the same agency, needs the whole corpus, so it happens here, in two steps:

- `report_basis`: one row per (file, part) with its manifest, document and identity columns, each row a function
  of the lake rows it was joined from alone (the warehouse build keeps it between loads, see
  build.assemble_reports, and joins only the files whose lake rows changed);
- `finish_reports`: duplicates and agencies, decided afresh over the whole basis on every load.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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


# One row per (file, part): what the reports table, the duplicate search and the agency assignment read of the
# manifest, the document and its identity, and the lake shards those came from (for reuse between loads).
BASIS_SCHEMA = pa.schema(
    [
        ("source_path", pa.string()),
        ("part", pa.int32()),
        ("report_id", pa.string()),
        ("content_sha256", pa.string()),
        ("file_key", pa.string()),
        ("doc_key", pa.string()),
        ("part_label", pa.string()),
        ("kind", pa.string()),
        ("excluded_reason", pa.string()),
        ("title", pa.string()),
        ("fingerprint", pa.string()),
        ("agency_name", pa.string()),
        ("province", pa.string()),
        ("city", pa.string()),
        ("county", pa.string()),
        ("division_code", pa.string()),
        ("admin_level", pa.string()),
        ("year", pa.int32()),
        ("template", pa.string()),
        ("published_date", pa.string()),
        ("agency_key", pa.string()),
        ("lineage", pa.large_string()),
        ("ingest_shard", pa.string()),
        ("identity_shard", pa.string()),
    ]
)
DOCUMENT_COLUMNS = ["key", "doc_key", "part", "part_label", "kind", "excluded_reason", "title", "fingerprint"]
IDENTITY_READ = ["key", *IDENTITY_COLUMNS, "agency_key", "lineage"]  # not evidence: no table shows it


def report_basis(
    manifest: pa.Table, documents: pa.Table, identities: pa.Table, ingest_shard: dict[str, str], identity_shard: dict[str, str]
) -> pa.Table:
    """BASIS_SCHEMA rows of the manifest's files: manifest (source_path, sha256, file_key) joined to their
    documents (DOCUMENT_COLUMNS, `key` the file key) and those to their identities (IDENTITY_READ, `key` the
    document key; a document without one keeps nulls). ingest_shard: file key -> shard; identity_shard: document
    key -> shard. Sorted by source_path, part."""
    files = manifest.select(["source_path", "sha256", "file_key"]).rename_columns(["source_path", "content_sha256", "file_key"])
    docs = files.join(documents.select(DOCUMENT_COLUMNS), keys="file_key", right_keys="key", join_type="inner")
    docs = docs.join(identities.select(IDENTITY_READ), keys="doc_key", right_keys="key", join_type="left outer")
    docs = docs.sort_by([("source_path", "ascending"), ("part", "ascending")])
    paths, parts = docs["source_path"].to_pylist(), docs["part"].to_pylist()
    file_keys, doc_keys = docs["file_key"].to_pylist(), docs["doc_key"].to_pylist()
    extra = {
        "report_id": pa.array([report_id(p, n) for p, n in zip(paths, parts)], pa.string()),
        "ingest_shard": pa.array([ingest_shard.get(k) for k in file_keys], pa.string()),
        "identity_shard": pa.array([identity_shard.get(k) for k in doc_keys], pa.string()),
    }
    return pa.table([extra[f.name] if f.name in extra else docs[f.name].cast(f.type) for f in BASIS_SCHEMA], schema=BASIS_SCHEMA)


def sort_basis(basis: pa.Table) -> pa.Table:
    return basis.sort_by([("source_path", "ascending"), ("part", "ascending")])


def finish_reports(basis: pa.Table, dedupe_index: Path | None = None) -> ReportTables:
    """One row per (file, part) of the basis, with duplicates marked and agency ids, and the agency tables.

    dedupe_index: where pipeline.dedupe keeps the documents it compared, so the next build only compares new ones.
    """
    # imported here: a reload that loads nothing never needs them
    from pipeline.agencies import assign_agencies
    from pipeline.dedupe import mark_duplicates

    docs = sort_basis(basis).drop_columns(["ingest_shard", "identity_shard"]).to_pandas()
    docs["included"] = (docs["kind"] == "annual_report") & docs["excluded_reason"].isna()
    docs = mark_duplicates(docs, dedupe_index)
    docs, agencies, names, lineage = assign_agencies(docs)
    docs["year"] = docs["year"].astype("Int32")
    docs["part"] = docs["part"].astype("int32")
    docs["published_date"] = pd.to_datetime(docs["published_date"], errors="coerce").dt.date
    reports = docs[REPORT_COLUMNS + ["doc_key"]].sort_values(["source_path", "part"]).reset_index(drop=True)
    return ReportTables(reports, agencies, names, lineage)


def basis_rows_current(
    basis: pa.Table, file_key_of_path: dict[str, str], ingest_shard: dict[str, str], identity_shard: dict[str, str]
) -> pa.Table:
    """The rows of a kept basis that are still what report_basis would give: rows of files whose path still holds
    the same bytes and whose document and identity rows still come from the same lake shards (shard files never
    change once written). A file keeps all its rows or none."""
    stale: set[str] = set()
    for path, key, doc, ingest, identity in zip(
        basis["source_path"].to_pylist(), basis["file_key"].to_pylist(), basis["doc_key"].to_pylist(),
        basis["ingest_shard"].to_pylist(), basis["identity_shard"].to_pylist(),
    ):  # fmt: skip
        if file_key_of_path.get(path) != key or ingest_shard.get(key) != ingest or identity_shard.get(doc) != identity:
            stale.add(path)
    return basis.filter(pc.invert(pc.is_in(basis["source_path"], value_set=pa.array(sorted(stale), pa.string()))))
