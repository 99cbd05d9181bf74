"""The one Definitions object of the ogi_warehouse code location."""

from __future__ import annotations

import dagster as dg

from assets.automation import nightly_reload, raw_folder_changed, reload_warehouse
from assets.checks import family_checks, integrity_checks
from assets.extraction import extracted_values, report_identity
from assets.ingest import cleaned_documents, raw_documents
from assets.resources import PipelineSettings
from assets.warehouse import analytics_copy, quality_findings, warehouse_tables

defs = dg.Definitions(
    assets=[
        raw_documents,
        cleaned_documents,
        report_identity,
        extracted_values,
        warehouse_tables,
        quality_findings,
        analytics_copy,
    ],
    asset_checks=[integrity_checks, family_checks],
    jobs=[reload_warehouse],
    schedules=[nightly_reload],
    sensors=[raw_folder_changed],
    resources={"pipeline_settings": PipelineSettings()},
)
