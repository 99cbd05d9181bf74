"""A finding's message lists a whole's parts in table order; two terms can share a position (a blank cell and the
sum of its rows stated for the same part), and the message must not depend on the order DuckDB happens to
deliver such tied rows in (threads, physical row order). A synthetic report with such ties is loaded, its
stated values are rewritten in reverse physical order, and the checks must write the same messages."""

from __future__ import annotations

import re

import pytest

from pipeline.checks import run_checks
from pipeline.config import Settings
from pipeline.run import run_all
from pipeline.synth.corpus import build, plan_report
from pipeline.warehouse.connect import connect

# Report 206 of seed 0: a v2021 table whose 不予公开, 不予处理 and 其他处理 rows are blank cells with their
# sub-rows' sums stated too, so part_exceeds_whole lists two terms per part.
SEED, INDEX = 0, 206
TERM = re.compile(r"(?:^|: | \+ )(（[一二三四五六七]）[^\[]+\[[^\]]+\]) ([0-9,.]+(?: \((?:blank cell|sum of its rows)\))?)")


def _messages(conn) -> list[str]:
    findings = run_checks(conn)
    return sorted(findings.message[findings.message.str.contains("(blank cell)", regex=False)])


@pytest.fixture(scope="module")
def messages(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[str]]:
    root = tmp_path_factory.mktemp("message_order")
    plan = plan_report(SEED, INDEX)
    data, _ = build(SEED, plan)
    path = root / "raw" / plan.relative_path
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    settings = Settings.build(root / "raw", root / "ogi.duckdb")
    run_all(settings, publish=False)
    with connect(settings.warehouse_path) as conn:
        conn.execute("SET threads = 1")
        as_loaded = _messages(conn)
        conn.execute("CREATE TEMP TABLE reversed AS SELECT * FROM metric_values ORDER BY rowid DESC")
        conn.execute("DELETE FROM metric_values")
        conn.execute("INSERT INTO metric_values SELECT * FROM reversed")
        return as_loaded, _messages(conn)


def test_the_report_has_parts_with_two_terms(messages):
    as_loaded, _ = messages
    assert as_loaded, "report 206 of seed 0 no longer gives a message with a blank cell"
    labels = [label for message in as_loaded for label, _ in TERM.findall(message)]
    assert len(labels) > len(set(labels))


def test_tied_terms_are_written_in_the_same_order_whatever_the_row_order(messages):
    as_loaded, reversed_rows = messages
    assert as_loaded == reversed_rows


def test_tied_terms_are_ordered_by_their_text(messages):
    for message in messages[0]:
        terms = TERM.findall(message)
        for (label, text), (next_label, next_text) in zip(terms, terms[1:]):
            if label == next_label:
                assert f"{label} {text}" < f"{next_label} {next_text}", message
