"""Small helpers that turn engine results into the metadata the Dagster UI shows."""

from __future__ import annotations

import dagster as dg
import pandas as pd
import pyarrow as pa

from pipeline.stages import StageReport
from pipeline.warehouse.schema import TableSpec


def markdown_table(frame: pd.DataFrame, limit: int = 10) -> dg.MetadataValue:
    if frame.empty:
        return dg.MetadataValue.md("_no rows_")
    shown = frame.head(limit).copy()
    for column in shown.columns:
        if shown[column].dtype == object:
            shown[column] = shown[column].map(lambda v: v[:60] + "…" if isinstance(v, str) and len(v) > 60 else v)
    return dg.MetadataValue.md(shown.to_markdown(index=False))


def counts_table(counts: dict[str, int], key: str, value: str = "count") -> dg.MetadataValue:
    return markdown_table(pd.DataFrame(list(counts.items()), columns=[key, value]), limit=50)


def column_schema(spec: TableSpec) -> dg.TableSchema:
    return dg.TableSchema(
        columns=[dg.TableColumn(name=c.name, type=c.type.split()[0].lower(), description=c.comment) for c in spec.columns]
    )


def arrow_column_schema(schema: pa.Schema, descriptions: dict[str, str] | None = None) -> dg.TableSchema:
    """The columns of a lake dataset, for the UI."""
    descriptions = descriptions or {}
    return dg.TableSchema(
        columns=[dg.TableColumn(name=f.name, type=str(f.type), description=descriptions.get(f.name)) for f in schema]
    )


def stage_metadata(report: StageReport) -> dict[str, int]:
    return {
        "dagster/row_count": report.total,
        "documents_processed": report.processed,
        "documents_from_cache": report.reused,
        "errors": report.errors,
    }


def preview(frame: pd.DataFrame, columns: list[str]) -> dg.MetadataValue:
    return markdown_table(frame[columns] if len(frame) else pd.DataFrame(columns=columns))
