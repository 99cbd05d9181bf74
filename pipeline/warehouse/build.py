"""Assemble the warehouse inputs from the lake (current files only) and load them."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from pipeline import stages
from pipeline.catalog import load_catalog
from pipeline.config import Settings
from pipeline.lake import StageStore, read_table
from pipeline.reports import ReportTables, build_reports
from pipeline.warehouse.connect import connect
from pipeline.warehouse.load import LakeDataset, WarehouseInputs, load_warehouse
from pipeline.warehouse.schema import INGEST_ERRORS

DOCUMENT_META = ["key", "doc_key", "part", "part_label", "kind", "excluded_reason", "title", "fingerprint"]


def _dataset(store: StageStore, name: str) -> LakeDataset:
    return LakeDataset(store.current_shard_files(name), store.index_path, store.version)


def _errors(settings: Settings, manifest: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """Scan, ingest, identity and extract errors, each attributed to every current file it concerns."""
    frames = [read_table(stages.scan_errors_path(settings), stages.ERROR_SCHEMA).to_pandas()]
    file_errors = stages.ingest_store(settings).read("errors").to_pandas()
    if len(file_errors):
        frames.append(file_errors.drop(columns="source_path").merge(manifest[["file_key", "source_path"]], left_on="key", right_on="file_key"))
    doc_paths = reports[["doc_key", "source_path"]]
    for store in (stages.identity_store(settings), stages.extract_store(settings)):
        doc_errors = store.read("errors").to_pandas()
        if len(doc_errors):
            frames.append(doc_errors.drop(columns="source_path").merge(doc_paths, left_on="key", right_on="doc_key"))
    frames = [f[INGEST_ERRORS.column_names] for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=INGEST_ERRORS.column_names)
    return pd.concat(frames, ignore_index=True).drop_duplicates().sort_values(["source_path", "stage"])


def assemble_reports(settings: Settings) -> tuple[pa.Table, ReportTables]:
    manifest = stages.read_manifest(settings)
    documents = stages.ingest_store(settings).read("documents", columns=DOCUMENT_META).to_pandas()
    documents = documents.rename(columns={"key": "file_key"})
    identities = stages.identity_store(settings).read("identities").to_pandas().drop(columns=["evidence"])
    return manifest, build_reports(manifest.to_pandas(), documents, identities)


def build_warehouse(settings: Settings) -> dict[str, int]:
    """Load every contract table from the lake into the warehouse file; returns row counts."""
    manifest, tables = assemble_reports(settings)
    extract = stages.extract_store(settings)
    inputs = WarehouseInputs(
        raw_dir=str(settings.raw_dir),
        raw_files=manifest.select(["source_path", "size", "sha256", "format", "encoding"]),
        reports=tables.reports,
        agencies=tables.agencies,
        agency_names=tables.agency_names,
        agency_lineage=tables.agency_lineage,
        ingest_errors=_errors(settings, manifest.to_pandas(), tables.reports),
        mentions=_dataset(extract, "mentions"),
        categories=_dataset(extract, "categories"),
        unmapped=_dataset(extract, "unmapped"),
        documents=_dataset(stages.ingest_store(settings), "documents"),
        catalog=load_catalog(),
    )
    with connect(settings.warehouse_path) as conn:
        return load_warehouse(conn, inputs)
