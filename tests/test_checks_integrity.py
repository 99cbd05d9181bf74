"""Pipeline integrity checks (blocking in Dagster): silent on a sound load, and each one catches its own fault."""

from __future__ import annotations

import pytest

from fixtures.checks.standard import standard_report
from fixtures.checks.warehouse import Warehouse
from pipeline.checks import INTEGRITY_CHECKS, integrity_problems


def _sound() -> Warehouse:
    w = Warehouse()
    w.report("a", template="v2021")
    w.values("a", standard_report("v2021", 1))
    w.category("a", "proactive.total", "工作动态", 46, list_total=79)
    w.report("essay", included=False, agency_id=None, agency_name=None, year=None, template="narrative")
    return w


def test_a_sound_load_has_no_integrity_problem():
    conn = _sound().load()
    for name in INTEGRITY_CHECKS:
        assert integrity_problems(conn, name).empty, name


FAULTS = {
    "unique_metric_values": "INSERT INTO metric_values SELECT * FROM metric_values LIMIT 1",
    "unique_reports": "INSERT INTO reports SELECT * FROM reports WHERE report_id = 'a'",
    "values_have_included_reports": "UPDATE metric_values SET report_id = 'essay' WHERE metric_id = 'review.total'",
    "metric_ids_in_catalog": "UPDATE metric_mentions SET metric_id = 'review.totall' WHERE metric_id = 'review.total'",
    "valid_codes": "UPDATE metric_values SET applicant = 'natural person' WHERE applicant = 'natural_person'",
}


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_each_integrity_check_catches_its_fault(name):
    conn = _sound().load()
    conn.execute(FAULTS[name])
    assert len(integrity_problems(conn, name)) >= 1
