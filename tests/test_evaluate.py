"""The scorer counts right, wrong, missed and extra values exactly, and finds labelled inconsistencies."""

from __future__ import annotations

import duckdb
import pytest

from pipeline.evaluate import evaluate, format_evaluation
from pipeline.warehouse.schema import TABLES


@pytest.fixture()
def warehouse():
    conn = duckdb.connect()
    for spec in TABLES:
        conn.execute(spec.ddl())
    conn.execute(
        "INSERT INTO reports (report_id, source_path, part, kind, included, agency_name, province, city, county, admin_level, year, template, content_sha256) VALUES "
        "('r1', 'sub/x1.txt', 1, 'annual_report', true, '建瓯市人民政府', '福建省', '南平市', '建瓯市', 'county', 2018, 'v2008', 'h1'),"
        "('r2', 'multi.txt', 1, 'annual_report', true, NULL, NULL, NULL, NULL, 'county', 2011, 'v2008', 'h2'),"
        "('r3', 'multi.txt', 2, 'essay', false, NULL, NULL, NULL, NULL, NULL, NULL, 'narrative', 'h2')"
    )
    conn.execute(
        "INSERT INTO metric_values VALUES "
        "('r1', 'proactive.total', 'total', 'year', 2589, '条', 'prose', 's', 0, 1),"
        "('r1', 'requests.received', 'total', 'year', 6, '件', 'table', 's', 0, 1),"
        "('r1', 'fees.amount', 'total', 'year', 0, '万元', 'prose', 's', 0, 1),"
        "('r2', 'requests.received', 'total', 'year', 2, '件', 'prose', 's', 0, 1)"
    )
    conn.execute(
        "INSERT INTO category_values VALUES ('r1', 'proactive.total', '政府机构职能', 506, 19.5, 's', 0, 1, 1, 'partial', NULL, NULL)"
    )
    conn.execute(
        "INSERT INTO check_results VALUES ('categories.total', 'warn', 'r1', NULL, 2018, 'proactive.total', NULL, 2589, 2535, 'm', 's')"
    )
    yield conn
    conn.close()


LABELS = {
    "x1": {
        "agency": "建瓯市人民政府",
        "region": {"province": "福建省", "city": "南平市", "county": "建瓯市"},
        "admin_level": "county",
        "year": 2018,
        "template": "v2008",
        "metrics": [
            {"metric_id": "proactive.total", "period": "year", "value": 2589},
            {"metric_id": "requests.received", "period": "year", "value": 5},
            {"metric_id": "review.total", "period": "year", "value": 0},
        ],
        "categories": [{"parent": "proactive.total", "label": "政府机构职能", "value": 506, "share_pct": 19.5}],
        "inconsistencies": [{"kind": "sum", "metrics": ["proactive.total"], "stated": 2589, "computed": 2535}],
    },
    "multi": {
        "documents": [
            {"part": "篇1", "kind": "annual_report", "agency": None, "region": None, "admin_level": "county", "year": 2011,
             "template": "v2008", "metrics": [{"metric_id": "requests.received", "period": "year", "value": 2}],
             "categories": [], "inconsistencies": []},
            {"part": "篇2", "kind": "essay"},
        ]
    },
    "absent": {"agency": "x", "metrics": [{"metric_id": "proactive.total", "period": "year", "value": 1}]},
}


def test_values_are_scored_right_wrong_missed_and_extra(warehouse):
    ev = evaluate(warehouse, LABELS)
    assert (ev.values.correct, ev.values.wrong, ev.values.missed, ev.values.extra) == (2, 1, 1, 1)
    assert ev.values.precision == pytest.approx(2 / 4)
    assert ev.values.recall == pytest.approx(2 / 4)
    assert ev.categories.correct == 1 and ev.categories.missed == 0


def test_identity_splits_and_findings_are_scored(warehouse):
    ev = evaluate(warehouse, LABELS)
    assert ev.identity["agency"]["right"] == 2 and ev.identity["agency"]["wrong"] == 0
    assert ev.identity["province"]["right"] == 2
    assert (ev.multi_document_files, ev.multi_document_split_right) == (1, 1)
    assert (ev.inconsistencies_labelled, ev.inconsistencies_found) == (1, 1)
    assert (ev.clean_reports, ev.clean_reports_flagged) == (1, 0)
    assert ev.files_missing == 1


def test_report_lists_every_miss(warehouse):
    text = format_evaluation(evaluate(warehouse, LABELS))
    assert "x1#1: wrong requests.received/total/year = 6, label says 5" in text
    assert "x1#1: missed review.total/total/year = 0" in text
    assert "x1#1: extra fees.amount/total/year = 0" in text
    assert "absent: no report loaded from this file" in text


def test_a_list_under_a_whole_that_is_no_metric_matches_by_its_entry(warehouse):
    warehouse.execute(
        "INSERT INTO category_values VALUES ('r1', NULL, '电话咨询', 3200, 65.31, 's', 0, 1, 2, 'complete', 4900, '咨询')"
    )
    labels = {"x1": {**LABELS["x1"], "categories": [
        {"parent": None, "label": "咨询（约4900人次）：电话咨询", "value": 3200, "share_pct": 65.31},
        {"parent": None, "label": "咨询（约4900人次）：网上咨询", "value": 100, "share_pct": 2.04},
    ]}}
    ev = evaluate(warehouse, labels)
    assert (ev.categories.correct, ev.categories.missed) == (1, 1)
