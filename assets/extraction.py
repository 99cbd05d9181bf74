"""Extraction stage: who reported which year, then every figure the report states."""

from collections import Counter

import dagster as dg
import pandas as pd

from assets.ingest import cleaned_documents
from assets.metadata import arrow_column_schema, counts_table, markdown_table, preview, stage_metadata
from assets.resources import PipelineSettings
from pipeline import stages


@dg.asset(group_name="extraction", deps=[cleaned_documents], kinds={"parquet"})
def report_identity(context: dg.AssetExecutionContext, pipeline_settings: PipelineSettings) -> dg.MaterializeResult:
    """For every document: the reporting agency (full name), its province, city and county with the GB/T 2260
    division code valid that year, its level (province, city, county, township or department), the year the
    report covers, the template (v2008, v2019, v2021 or narrative) and the publication date."""
    settings = pipeline_settings.settings()
    keys = stages.current_document_keys(settings, stages.read_manifest(settings))
    report = stages.run_identity(settings, keys)
    shown = ["agency_name", "province", "city", "county", "admin_level", "year", "template"]
    store = stages.identity_store(settings)

    def identity_counts() -> dict:
        identities = store.read("identities", keys, columns=shown).to_pandas()  # not evidence, lineage
        first = identities.head(10)
        return {
            "by_template": dict(Counter(identities["template"].fillna("unknown"))),
            "without_agency": int(identities["agency_name"].isna().sum()),
            "without_year": int(identities["year"].isna().sum()),
            "preview": first.astype(object).where(first.notna(), None).to_dict("records"),
        }

    # kept with the stage index: a reload with nothing new reads no identities shard for these counts
    counts = stages.cached_answer(store, "identities", sorted(set(keys)), "summary", identity_counts)
    context.log.info(f"identity: {report}")
    return dg.MaterializeResult(
        metadata={
            **stage_metadata(report),
            "dagster/column_schema": arrow_column_schema(stages.IDENTITY_SCHEMA),
            "by_template": counts_table(counts["by_template"], "template", "documents"),
            "without_agency": counts["without_agency"],
            "without_year": counts["without_year"],
            "preview": preview(pd.DataFrame(counts["preview"], columns=shown), shown),
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
