"""Extraction stage: who reported which year, then every figure the report states."""

import dagster as dg
import pandas as pd

from assets.ingest import cleaned_documents
from assets.metadata import arrow_column_schema, counts_table, markdown_table, preview, stage_metadata
from assets.resources import PipelineSettings
from pipeline import stages
from pipeline.config import Settings

IDENTITY_SHOWN = ["agency_name", "province", "city", "county", "admin_level", "year", "template"]


def identity_summary(settings: Settings, keys: list[str]) -> dict:
    """The identity asset's counts and preview. Counted shard file by shard file and kept per file with the
    stage index (stages.summarize_dataset): a top-up reads its new shards and the preview's first file, not the
    ~80 files of every identity (reading them all was a tenth of a +1% reload's identity step)."""
    summary = stages.summarize_dataset(
        stages.identity_store(settings), "identities", keys, None, IDENTITY_SHOWN,
        also_by=["template"], missing_in=["template", "agency_name", "year"],
    )
    by_template = dict(summary.also["template"])
    if summary.missing["template"]:
        by_template["unknown"] = by_template.get("unknown", 0) + summary.missing["template"]
    return {
        "by_template": by_template,
        "without_agency": summary.missing["agency_name"],
        "without_year": summary.missing["year"],
        "preview": summary.preview.to_pylist(),
    }


@dg.asset(group_name="extraction", deps=[cleaned_documents], kinds={"parquet"})
def report_identity(context: dg.AssetExecutionContext, pipeline_settings: PipelineSettings) -> dg.MaterializeResult:
    """For every document: the reporting agency (full name), its province, city and county with the GB/T 2260
    division code valid that year, its level (province, city, county, township or department), the year the
    report covers, the template (v2008, v2019, v2021 or narrative) and the publication date."""
    settings = pipeline_settings.settings()
    keys = stages.current_document_keys(settings, stages.read_manifest(settings))
    report = stages.run_identity(settings, keys)
    counts = identity_summary(settings, keys)
    context.log.info(f"identity: {report}")
    return dg.MaterializeResult(
        metadata={
            **stage_metadata(report),
            "dagster/column_schema": arrow_column_schema(stages.IDENTITY_SCHEMA),
            "by_template": counts_table(counts["by_template"], "template", "documents"),
            "without_agency": counts["without_agency"],
            "without_year": counts["without_year"],
            "preview": preview(pd.DataFrame(counts["preview"], columns=IDENTITY_SHOWN), IDENTITY_SHOWN),
        }
    )


@dg.asset(group_name="extraction", deps=[report_identity], kinds={"parquet"})
def extracted_values(context: dg.AssetExecutionContext, pipeline_settings: PipelineSettings) -> dg.MaterializeResult:
    """Every figure each included report states for a catalog metric, from its tables and its prose, with the
    exact text it came from (snippet and offsets); category breakdowns; and table rows that match no metric,
    kept so that nothing a report states is lost."""
    settings = pipeline_settings.settings()
    keys = stages.current_document_keys(settings, stages.read_manifest(settings))
    report = stages.run_extract(settings, keys)
    mentions = stages.summarize_dataset(
        stages.extract_store(settings), "mentions", keys, group_by="method", preview_columns=["metric_id", "method", "value", "snippet"]
    )
    context.log.info(f"extract: {report}")
    return dg.MaterializeResult(
        metadata={
            **stage_metadata(report),
            "dagster/column_schema": arrow_column_schema(stages.MENTION_SCHEMA),
            "mentions": mentions.rows,
            "mentions_by_method": counts_table(mentions.counts, "method", "mentions"),
            "preview": markdown_table(mentions.preview.to_pandas()),
        }
    )
