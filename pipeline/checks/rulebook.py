"""The domain knowledge the checks apply, read from pipeline/data/checks_*.csv (and the metric catalog).

Which breakdowns are not partitions, which metrics may be negative, which identities hold within a report and
across years, and the tolerances: all of it is data, so a new rule of the domain is a CSV row, not code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

from pipeline.catalog import load_catalog
from pipeline.model import APPLICANTS, TEMPLATES

# Templates a report may carry in the warehouse; 'unknown' stands for NULL (every metric may apply).
REPORT_TEMPLATES = (*TEMPLATES, "unknown")
APPLICANT_COLUMNS = tuple(a for a in APPLICANTS if a != "total")


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("pipeline.data").joinpath(name).read_text(encoding="utf-8")
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(text.splitlines())]


def _ids(field: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in field.split("|") if part.strip())


@dataclass(frozen=True)
class CheckSettings:
    partial_list_min_coverage: float
    history_ratio: float
    history_min_other_years: int
    history_min_difference: float
    history_max_spread: float
    history_min_typical: float
    share_half_units: float
    batch_reports: int
    memory_limit_mb: int
    table_breakdown_templates: tuple[str, ...]
    rows_total_templates: tuple[str, ...]


@dataclass(frozen=True)
class Balance:
    """inflows = outflows for every applicant column of a report (the requests flow)."""

    rule: str
    identity_zh: str
    inflows: tuple[str, ...]
    outflows: tuple[str, ...]
    stated_metric: str


@dataclass(frozen=True)
class StockFlow:
    stock: str
    inflow: str
    outflow: str


@dataclass(frozen=True)
class StandardTable:
    numeral: str
    title_zh: str
    sections: tuple[str, ...]


@cache
def settings() -> CheckSettings:
    raw = {row["name"]: row["value"] for row in _rows("checks_settings.csv")}
    lists = ("table_breakdown_templates", "rows_total_templates")
    values = {name: float(value) for name, value in raw.items() if name not in lists}
    return CheckSettings(
        partial_list_min_coverage=values["partial_list_min_coverage"],
        history_ratio=values["history_ratio"],
        history_min_other_years=int(values["history_min_other_years"]),
        history_min_difference=values["history_min_difference"],
        history_max_spread=values["history_max_spread"],
        history_min_typical=values["history_min_typical"],
        share_half_units=values["share_half_units"],
        batch_reports=int(values["batch_reports"]),
        memory_limit_mb=int(values["memory_limit_mb"]),
        table_breakdown_templates=_ids(raw["table_breakdown_templates"]),
        rows_total_templates=_ids(raw["rows_total_templates"]),
    )


@cache
def non_additive_patterns() -> pd.DataFrame:
    """kind, pattern: category labels that mark a list as overlapping or nested rather than a partition."""
    rows = _rows("checks_non_additive.csv")
    for row in rows:
        re.compile(row["pattern"])  # fail at load, not inside a query, on a bad pattern
    return pd.DataFrame([(r["kind"], r["pattern"]) for r in rows], columns=["kind", "pattern"])


@cache
def signed_metrics() -> frozenset[str]:
    return frozenset(row["metric_id"] for row in _rows("checks_signed_metrics.csv"))


@cache
def balances() -> tuple[Balance, ...]:
    return tuple(
        Balance(r["rule"], r["identity_zh"], _ids(r["inflows"]), _ids(r["outflows"]), r["stated_metric"]) for r in _rows("checks_balances.csv")
    )


@cache
def continuity() -> pd.DataFrame:
    """metric_id, previous_year_metric_id: this year's figure equals last year's other figure."""
    return pd.DataFrame(
        [(r["metric_id"], r["previous_year_metric_id"]) for r in _rows("checks_continuity.csv")],
        columns=["metric_id", "previous_year_metric_id"],
    )


@cache
def stock_flows() -> tuple[StockFlow, ...]:
    return tuple(StockFlow(r["stock_metric"], r["inflow_metric"], r["outflow_metric"]) for r in _rows("checks_stock_flow.csv"))


@cache
def equivalents() -> pd.DataFrame:
    """metric_id, part_id: a combined figure that equals the sum of its parts when all of them are stated."""
    pairs = [(r["metric_id"], part) for r in _rows("checks_equivalents.csv") for part in _ids(r["parts"])]
    return pd.DataFrame(pairs, columns=["metric_id", "part_id"])


@cache
def evidence_sums() -> pd.DataFrame:
    """metric_id, also_id: an evidence-only statement of the metric may count the metric plus also_id."""
    return pd.DataFrame([(r["metric_id"], r["also_counts"]) for r in _rows("checks_evidence.csv")], columns=["metric_id", "also_id"])


@cache
def standard_tables() -> tuple[StandardTable, ...]:
    return tuple(StandardTable(r["numeral"], r["title_zh"], _ids(r["sections"])) for r in _rows("checks_standard_tables.csv"))


@cache
def applicant_labels() -> pd.DataFrame:
    return pd.DataFrame([(r["applicant"], r["label_zh"]) for r in _rows("checks_applicant_labels.csv")], columns=["applicant", "label_zh"])


@cache
def prose_units() -> tuple[tuple[str, ...], ...]:
    """The units prose may state a count in, one tuple per metric unit (prose_units.csv, the extraction's own
    vocabulary): what makes a number in a sentence a count."""
    return tuple(_ids(r["accepted"]) for r in _rows("prose_units.csv"))


@cache
def column_label(column: str) -> str:
    """How table 三 names a column key of applicant_columns.csv (org_subtotal -> 法人或其他组织小计): the label
    extraction gives the cells of a column that is no applicant when it keeps them in unmapped_values."""
    return next(r["label_zh"] for r in _rows("applicant_columns.csv") if r["column"] == column)


def _catalog_check() -> None:
    """Every metric id the check data names must be in the catalog (a typo would silently disable a rule)."""
    catalog = load_catalog()
    named = set(signed_metrics()) | set(continuity().stack()) | set(equivalents().stack()) | set(evidence_sums().stack())
    named |= {m for b in balances() for m in (*b.inflows, *b.outflows, b.stated_metric)}
    named |= {m for s in stock_flows() for m in (s.stock, s.inflow, s.outflow)}
    unknown = sorted(m for m in named if m not in catalog)
    if unknown:
        raise ValueError(f"check data names metric ids that are not in metrics.csv: {unknown}")


def validate() -> None:
    """Load every check data file and cross-check it against the catalog; raises on a mistake."""
    settings()
    non_additive_patterns()
    standard_tables()
    applicant_labels()
    _catalog_check()
