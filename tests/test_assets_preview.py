"""assets.warehouse.latest_requests: the UI's preview of agency_year_requests, read from the latest years only,
is the first rows of the whole view."""

from __future__ import annotations

import random

import duckdb
import pytest

from assets.warehouse import latest_requests
from pipeline.catalog import load_catalog
from pipeline.warehouse.schema import TABLES
from pipeline.warehouse.views import agency_year_views

WHOLE_VIEW = (
    "SELECT agency_name, year, template, requests_new_received, requests_processed_total "
    "FROM agency_year_requests ORDER BY year DESC NULLS LAST, agency_name LIMIT ?"
)


@pytest.fixture(scope="module")
def warehouse():
    """Agencies reporting over 2015-2024, some twice a year (the view keeps the one stating more values), some
    years unknown, some reports without an agency (named after the report, so that the order has no ties), some
    excluded."""
    conn = duckdb.connect()
    for spec in TABLES:
        conn.execute(spec.ddl())
    for statement in agency_year_views(load_catalog()):
        conn.execute(statement)
    rng = random.Random(7)
    reports, values = [], []
    for n in range(400):
        agency = rng.choice([None, *(f"ag{a}" for a in range(60))])
        year = rng.choice([None, *range(2015, 2025)])
        report_id = f"r{n:04d}"
        reports.append((report_id, f"f{n}.txt", 0, agency, f"机构{agency or report_id}", year, rng.random() > 0.1))
        for metric in rng.sample(["requests.new_received", "requests.processed_total", "proactive.total"], rng.randint(0, 3)):
            values.append((report_id, metric, "total", "year", float(rng.randint(0, 500))))
    conn.executemany(
        "INSERT INTO reports (report_id, source_path, part, agency_id, agency_name, year, included, kind, template, content_sha256) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 'annual_report', 'v2021', 'x')",
        reports,
    )
    conn.executemany(
        "INSERT INTO metric_values (report_id, metric_id, applicant, period, value, unit, method) VALUES (?, ?, ?, ?, ?, '件', 'table')",
        values,
    )
    yield conn
    conn.close()


@pytest.mark.parametrize("rows", [1, 10, 37, 300, 1000])
def test_the_preview_is_the_first_rows_of_the_whole_view(warehouse, rows):
    expected = warehouse.execute(WHOLE_VIEW, [rows]).df()
    preview = latest_requests(warehouse, rows)
    assert preview.equals(expected), (preview, expected)
