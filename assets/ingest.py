"""Ingest stage: the raw folder's files, then their cleaned documents."""

from collections import Counter

import dagster as dg

from assets.metadata import arrow_column_schema, counts_table, markdown_table
from assets.resources import PipelineSettings
from pipeline import stages


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


@dg.asset(group_name="ingest", deps=[raw_documents], kinds={"parquet"})
def cleaned_documents(context: dg.AssetExecutionContext, pipeline_settings: PipelineSettings) -> dg.MaterializeResult:
    """The documents inside each raw file, decoded (any encoding; HTML, PDF, DOCX, text), cleaned (half-width
    digits, simplified characters, web debris removed) and classified: annual reports are included; essays,
    news, progress and rectification reports and templates are kept but excluded with the reason. Each file is
    processed once per content and pipeline version; the rest comes from the lake's cache."""
    settings = pipeline_settings.settings()
    manifest = stages.read_manifest(settings)
    report = stages.run_ingest(settings, manifest)
    store = stages.ingest_store(settings)
    file_keys = sorted(set(manifest["file_key"].to_pylist()))

    def document_counts() -> dict:
        documents = store.read("documents", keys=file_keys, columns=["kind", "excluded_reason"]).to_pandas()
        excluded = documents["excluded_reason"].dropna()
        return {"rows": len(documents), "by_kind": dict(Counter(documents["kind"])), "excluded": dict(Counter(excluded))}

    # kept with the stage index: a reload with nothing new reads no documents shard for these counts
    counts = stages.cached_answer(store, "documents", file_keys, "kinds", document_counts)
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
