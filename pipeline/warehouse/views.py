"""Year-by-agency views, generated from the metric catalog so that a new metric is a data change."""

from __future__ import annotations

from pipeline.catalog import Catalog
from pipeline.warehouse.schema import AGENCY_YEAR_VIEWS, REPORTS

IDENTITY_COLUMNS = (
    ("agency_id", "Stable agency identifier; NULL when the report does not say who it is (then one row per report)."),
    ("agency_name", "Agency name as the chosen report gives it."),
    ("province", "Province-level division."),
    ("city", "Prefecture-level division."),
    ("county", "County-level division."),
    ("division_code", "GB/T 2260 code of the most specific division."),
    ("admin_level", "province, city, county, township or department."),
    ("year", "Year the report covers."),
    ("template", "v2008, v2019, v2021 or narrative."),
    ("report_id", "The report the row's figures come from."),
)


def metric_column(metric_id: str) -> str:
    """requests.denied.state_secret -> requests_denied_state_secret"""
    return metric_id.replace(".", "_")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def chosen_reports_view() -> list[str]:
    return [
        """CREATE OR REPLACE VIEW agency_year_reports AS
SELECT * EXCLUDE (choice) FROM (
    SELECT r.*, row_number() OVER (
        PARTITION BY coalesce(r.agency_id, r.report_id), r.year
        ORDER BY coalesce(n.values_stated, 0) DESC, r.report_id
    ) AS choice
    FROM reports AS r
    LEFT JOIN (SELECT report_id, count(*) AS values_stated FROM metric_values GROUP BY report_id) AS n USING (report_id)
    WHERE r.included
)
WHERE choice = 1""",
        "COMMENT ON VIEW agency_year_reports IS "
        + _quote(
            "The one included report per agency and year that the agency_year_* views read "
            "(the one stating most values when an agency published more than one)."
        ),
        *(f"COMMENT ON COLUMN agency_year_reports.{c.name} IS {_quote(c.comment)}" for c in REPORTS.columns),
    ]


def agency_year_views(catalog: Catalog) -> list[str]:
    """CREATE VIEW and COMMENT statements for every agency_year_* view."""
    statements = chosen_reports_view()
    for view, (comment, sections) in AGENCY_YEAR_VIEWS.items():
        metrics = catalog.in_sections(*sections)
        pivots = ",\n    ".join(
            f"max(v.value) FILTER (WHERE v.metric_id = {_quote(m.metric_id)}) AS {metric_column(m.metric_id)}"
            for m in metrics
        )
        identity = ", ".join(f"c.{name}" for name, _ in IDENTITY_COLUMNS)
        statements.append(
            f"""CREATE OR REPLACE VIEW {view} AS
SELECT {identity},
    {pivots}
FROM agency_year_reports AS c
LEFT JOIN metric_values AS v
    ON v.report_id = c.report_id AND v.period = 'year' AND v.applicant = 'total'
GROUP BY ALL"""
        )
        statements.append(f"COMMENT ON VIEW {view} IS {_quote(comment + ' Columns are metric ids with dots as underscores; values are this year, 总计 column.')}")
        for name, text in IDENTITY_COLUMNS:
            statements.append(f"COMMENT ON COLUMN {view}.{name} IS {_quote(text)}")
        for m in metrics:
            statements.append(
                f"COMMENT ON COLUMN {view}.{metric_column(m.metric_id)} IS {_quote(f'{m.label_zh} ({m.metric_id}, {m.unit})')}"
            )
    return statements
