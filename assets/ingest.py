"""Ingest stage: the raw folder's files, then their cleaned documents."""

from collections import Counter

import dagster as dg
import pyarrow as pa

from assets.metadata import arrow_column_schema, counts_table, markdown_table
from assets.resources import PipelineSettings
from pipeline import stages
from pipeline.config import Settings


@dg.asset(group_name="ingest", kinds={"parquet"})
def raw_documents(context: dg.AssetExecutionContext, pipeline_settings: PipelineSettings) -> dg.MaterializeResult:
    """Every file in the raw folder (OGI_RAW_DIR, default data/raw), one row each: path, size, SHA-256, detected
    format and text encoding. Unchanged files (same size and modification time) keep their previous hash, so a
    nightly reload only reads what changed. Files that cannot be listed are recorded in ingest_errors."""
    settings = pipeline_settings.settings()
    manifest, errors = stages.run_scan(settings)
    frame = manifest.to_pandas()
    context.log.info(f"{len(frame)} files under {settings.raw_dir}")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": len(frame),
            "dagster/column_schema": arrow_column_schema(stages.MANIFEST_SCHEMA),
            "raw_dir": dg.MetadataValue.path(str(settings.raw_dir)),
            "files_by_format": counts_table(dict(Counter(frame["format"])) if len(frame) else {}, "format", "files"),
            "scan_errors": len(errors),
            "preview": markdown_table(frame[["source_path", "size", "format", "encoding"]] if len(frame) else frame),
        }
    )


def document_summary(settings: Settings, manifest: pa.Table) -> dict:
    """The documents asset's counts by kind and by exclusion reason, counted shard file by shard file and kept
    per file with the stage index (stages.summarize_dataset): a top-up reads only its new shards."""
    file_keys = manifest["file_key"].to_pylist()
    summary = stages.summarize_dataset(stages.ingest_store(settings), "documents", file_keys, "kind", [], limit=0,
                                       also_by=["excluded_reason"])
    return {"rows": summary.rows, "by_kind": summary.counts, "excluded": summary.also["excluded_reason"]}


@dg.asset(group_name="ingest", deps=[raw_documents], kinds={"parquet"})
def cleaned_documents(context: dg.AssetExecutionContext, pipeline_settings: PipelineSettings) -> dg.MaterializeResult:
    """The documents inside each raw file, decoded (any encoding; HTML, PDF, DOCX, text), cleaned (half-width
    digits, simplified characters, web debris removed) and classified: annual reports are included; essays,
    news, progress and rectification reports and templates are kept but excluded with the reason. Each file is
    processed once per content and pipeline version; the rest comes from the lake's cache."""
    settings = pipeline_settings.settings()
    manifest = stages.read_manifest(settings)
    report = stages.run_ingest(settings, manifest)
    counts = document_summary(settings, manifest)
    context.log.info(f"ingest: {report}")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": counts["rows"],
            "dagster/column_schema": arrow_column_schema(stages.DOCUMENT_SCHEMA),
            "files_processed": report.processed,
            "files_from_cache": report.reused,
            "ingest_errors": report.errors,
            "documents_by_kind": counts_table(counts["by_kind"], "kind", "documents"),
            "excluded_by_reason": counts_table(counts["excluded"], "reason", "documents"),
        }
    )
