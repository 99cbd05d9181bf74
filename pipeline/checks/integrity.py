"""Pipeline integrity: properties of the load itself that must hold before analysts see it.

After a delta load (a few reports' rows replaced, see warehouse.load.LoadChanges) applied to a load these checks
found sound, the checks that look at per-report rows read only the rows of the reports the delta changed
(NARROWED): every other row is the one the sound load held. unique_metric_values is the one that matters (it
groups all 1.38M value rows of 20,000 reports, ~0.1 s of CPU, for the ~1% a top-up inserted). Which loads were
found sound, by which code, is kept next to the lake (SOUND_FILE); after a full load, or when the previous load
was not found sound by this code, every row is checked.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

if TYPE_CHECKING:
    from pipeline.config import Settings

INTEGRITY_CHECKS = {
    "unique_metric_values": (
        "One value per report, metric, applicant and period.",
        # grouped first by a hash of the four keys (one integer, not four strings: 2.3x faster on 1.38M rows,
        # run on every reload), then by the keys among the rows whose hash repeats: the same rows, exactly
        """SELECT report_id, metric_id, applicant, period, count(*) AS copies FROM metric_values
           WHERE hash(report_id, metric_id, applicant, period) IN (
               SELECT hash(report_id, metric_id, applicant, period) AS key FROM metric_values
               GROUP BY key HAVING count(*) > 1)
           GROUP BY ALL HAVING count(*) > 1""",
    ),
    "unique_reports": (
        "One row per report id.",
        "SELECT report_id, count(*) AS copies FROM reports GROUP BY ALL HAVING count(*) > 1",
    ),
    "values_have_included_reports": (
        "Every value, category and unmapped row belongs to an included report.",
        """SELECT 'metric_values' AS source, v.report_id FROM metric_values AS v LEFT JOIN reports AS r USING (report_id)
           WHERE r.report_id IS NULL OR NOT r.included
           UNION ALL
           SELECT 'category_values', c.report_id FROM category_values AS c LEFT JOIN reports AS r USING (report_id)
           WHERE r.report_id IS NULL OR NOT r.included
           UNION ALL
           SELECT 'unmapped_values', u.report_id FROM unmapped_values AS u LEFT JOIN reports AS r USING (report_id)
           WHERE r.report_id IS NULL OR NOT r.included""",
    ),
    "metric_ids_in_catalog": (
        "Every metric id in the value tables is in the catalog.",
        """SELECT DISTINCT v.metric_id FROM metric_mentions AS v ANTI JOIN metrics AS m USING (metric_id)
           UNION SELECT DISTINCT c.parent_metric_id FROM category_values AS c ANTI JOIN metrics AS m ON m.metric_id = c.parent_metric_id
           WHERE c.parent_metric_id IS NOT NULL""",
    ),
    "valid_codes": (
        "Applicant, period, method, kind and template take only their documented values.",
        """SELECT 'applicant' AS field, applicant AS value FROM metric_values WHERE applicant NOT IN
               ('natural_person','commercial','research','social_welfare','legal_service','other_org','total')
           UNION ALL SELECT 'period', period FROM metric_values WHERE period NOT IN ('year','cumulative')
           UNION ALL SELECT 'method', method FROM metric_values WHERE method NOT IN ('table','prose')
           UNION ALL SELECT 'kind', kind FROM reports WHERE kind NOT IN
               ('annual_report','essay','news','progress_report','rectification_report','template','unknown')
           UNION ALL SELECT 'template', template FROM reports WHERE template NOT IN ('v2008','v2019','v2021','narrative')""",
    ),
}


# The relation of report ids a narrowed check reads (registered by `scope`).
SCOPE = "_integrity_scope"
# A check of per-report rows, over the rows of the reports in SCOPE only: the same columns as the whole check, and
# the same rows as it when every other report's rows are those of a load the whole check found sound.
NARROWED = {
    "unique_metric_values": f"""SELECT report_id, metric_id, applicant, period, count(*) AS copies FROM metric_values
           WHERE report_id IN (SELECT report_id FROM {SCOPE})
           GROUP BY ALL HAVING count(*) > 1""",
    # a kept value row may belong to a report the load now excludes (its inclusion is part of what a delta
    # compares, but the reports table is loaded whole): the excluded reports are looked at as well
    "values_have_included_reports": f"""WITH s AS (SELECT report_id FROM {SCOPE} UNION SELECT report_id FROM reports WHERE NOT included)
           SELECT 'metric_values' AS source, v.report_id FROM metric_values AS v LEFT JOIN reports AS r USING (report_id)
           WHERE v.report_id IN (SELECT report_id FROM s) AND (r.report_id IS NULL OR NOT r.included)
           UNION ALL
           SELECT 'category_values', c.report_id FROM category_values AS c LEFT JOIN reports AS r USING (report_id)
           WHERE c.report_id IN (SELECT report_id FROM s) AND (r.report_id IS NULL OR NOT r.included)
           UNION ALL
           SELECT 'unmapped_values', u.report_id FROM unmapped_values AS u LEFT JOIN reports AS r USING (report_id)
           WHERE u.report_id IN (SELECT report_id FROM s) AND (r.report_id IS NULL OR NOT r.included)""",
}
# The per-report tables NARROWED reads: a delta must have replaced the changed reports' rows in each of them.
NARROWED_TABLES = ("metric_values", "category_values", "unmapped_values")
SOUND_FILE = "_integrity_sound.json"
KEPT_LOADS = 2  # the last load found sound and the one before: a check re-run on its own still narrows


def integrity_sql(name: str, narrowed: bool = False) -> str:
    """The SQL of one check; narrowed: over the reports in SCOPE only, for a check that can be narrowed."""
    return NARROWED[name] if narrowed and name in NARROWED else INTEGRITY_CHECKS[name][1]


def integrity_problems(conn: duckdb.DuckDBPyConnection, name: str, narrowed: bool = False) -> pd.DataFrame:
    """The offending rows of one integrity check (empty when it holds); narrowed: see integrity_sql."""
    return conn.execute(integrity_sql(name, narrowed)).df()


@contextmanager
def scope(conn: duckdb.DuckDBPyConnection, report_ids: frozenset[str] | None) -> Iterator[None]:
    """SCOPE holds `report_ids` within the block (nothing to do for None: no check is narrowed)."""
    if report_ids is None:
        yield
        return
    conn.register(SCOPE, pd.DataFrame({"report_id": sorted(report_ids)}, dtype="object"))
    try:
        yield
    finally:
        conn.unregister(SCOPE)


def _code() -> str:
    from pipeline.warehouse.build import checks_code_version  # every file of pipeline/, this one included

    return checks_code_version()


def _sound_loads(settings: Settings) -> list[str]:
    try:
        record = json.loads((settings.lake_dir / SOUND_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(record, dict) or record.get("code") != _code() or not isinstance(record.get("loads"), list):
        return []
    return [load for load in record["loads"] if isinstance(load, str)]


def changed_since_sound(settings: Settings, loaded: str | None) -> frozenset[str] | None:
    """The reports whose rows the warehouse's load `loaded` changed, when it was a delta applied to a load every
    integrity check found sound (with this code); None when every row must be checked."""
    from pipeline.warehouse.build import last_load_changes

    changes = last_load_changes(settings)
    if not loaded or changes is None or changes.loaded != loaded or not set(NARROWED_TABLES) <= set(changes.tables):
        return None
    return changes.report_ids if changes.since in _sound_loads(settings) else None


def record_sound(settings: Settings, loaded: str) -> None:
    """Every integrity check holds on the load `loaded` (schema_info.loaded_at of the warehouse)."""
    loads = [loaded, *(load for load in _sound_loads(settings) if load != loaded)][:KEPT_LOADS]
    path = settings.lake_dir / SOUND_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps({"code": _code(), "loads": loads}), encoding="utf-8")
    os.replace(tmp, path)
