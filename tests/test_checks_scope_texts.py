"""The recheck of a few agencies reads report texts through a view of the scope's rows, not a copy: the rules
that read a breakdown's sentence (reading.py) see exactly the scope's texts, and find what a full check finds."""

from __future__ import annotations

import pytest

from pipeline.checks import run_checks
from pipeline.checks.incremental import VIEWED_TABLES, find_for, scoped_database
from pipeline.warehouse.connect import connect
from tests.conftest import warehouse_of
from tests.test_checks_unread_figures import REPORTS

# a clean report whose list lost an entry to a line break (not flagged only because its text is read) and a
# really wrong one: one agency each
SCOPE_FILES = ("wrapped_category.txt", "category_wrong.txt")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory):
    return warehouse_of(REPORTS, tmp_path_factory.mktemp("scope_texts"))


def _rows(frame) -> list[tuple]:
    return sorted(frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None), key=repr)


def test_the_scope_sees_the_texts_of_its_reports_only(warehouse):
    assert VIEWED_TABLES == ("report_texts",)
    with connect(warehouse) as conn:
        ids = {r for (r,) in conn.execute("SELECT report_id FROM reports WHERE source_path LIKE '%category%'").fetchall()}
        assert len(ids) == 2
        with scoped_database(conn, frozenset(ids)):
            seen = conn.execute("SELECT report_id, text FROM report_texts").fetchall()
        texts = conn.execute("SELECT report_id, text FROM report_texts WHERE report_id IN (SELECT unnest(?))", [sorted(ids)]).fetchall()
    assert sorted(seen) == sorted(texts) and len(seen) == 2


def test_a_recheck_of_the_scope_finds_what_a_full_check_finds(warehouse):
    with connect(warehouse) as conn:
        paths = ", ".join(f"'{p}'" for p in SCOPE_FILES)
        ids = frozenset(r for (r,) in conn.execute(
            f"SELECT report_id FROM reports WHERE regexp_extract(source_path, '[^/]+$') IN ({paths})").fetchall())
        assert len(ids) == 2
        full = run_checks(conn)
        scoped = find_for(conn, ids)
        sources = dict(conn.execute("SELECT report_id, regexp_extract(source_path, '[^/]+$') FROM reports").fetchall())
    expected = full[full["report_id"].isin(ids)]
    assert _rows(scoped) == _rows(expected)
    flagged = {sources[r] for r in scoped.loc[scoped["severity"].isin(["error", "warn"]), "report_id"]}
    assert flagged == {"category_wrong.txt"}  # the wrapped list is read in its text and not judged
