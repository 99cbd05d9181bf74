"""The checks on the hand-checked corpus (../shared/corpus): every labelled inconsistency is found, with the
labelled stated and computed values, and nothing else is flagged: not the clean reports, not the nested or
overlapping breakdowns. Values come from the labels (see fixtures/checks/labels.py), so this tests the checks,
not extraction; tests/test_checks_pipeline.py runs the whole pipeline on the same files."""

from __future__ import annotations

import pandas as pd
import pytest

from fixtures.checks.labels import LabelledReport, load, true_completeness_notes
from pipeline.checks import run_checks

FLAGS = ("error", "warn")


@pytest.fixture(scope="module")
def checked(corpus_labels: dict[str, dict]) -> tuple[list[LabelledReport], pd.DataFrame]:
    warehouse, reports = load(corpus_labels)
    return reports, run_checks(warehouse.load())


def _same(a: float, b: float) -> bool:
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def _flags(findings: pd.DataFrame, report: LabelledReport) -> pd.DataFrame:
    return findings[(findings.report_id == report.report_id) & findings.severity.isin(FLAGS)]


def test_every_labelled_inconsistency_is_found_with_its_figures(checked):
    reports, findings = checked
    labelled = [(r, i) for r in reports for i in r.inconsistencies]
    assert len(labelled) >= 3, "the corpus labels 001, g08-001 and g08-004"
    for report, inconsistency in labelled:
        flags = _flags(findings, report)
        hits = flags[flags.metric_id.isin(inconsistency["metrics"])
                     & flags.stated.map(lambda v: _same(v, inconsistency["stated"]))
                     & flags.computed.map(lambda v: _same(v, inconsistency["computed"]))]
        assert len(hits) == 1, f"{report.key}: {inconsistency['description']}\n{flags.to_string()}"


def test_lists_introduced_as_main_categories_are_warnings_not_errors(checked):
    reports, findings = checked
    for key in ("001_04dfc2abbda1a333", "g08-001"):
        report = next(r for r in reports if r.key == key)
        flags = _flags(findings, report)
        assert list(flags.check_name) == ["categories.total"] and list(flags.severity) == ["warn"], flags.to_string()
        assert "主要类别" in flags.message.iloc[0]


def test_reports_without_labelled_inconsistencies_are_not_flagged(checked):
    reports, findings = checked
    clean = [r for r in reports if not r.inconsistencies]
    assert {"000_43c1841bfbcc1cf0", "004_6a4f8e00cb25bdb1", "g19-001", "g19-006", "g19-010"} <= {r.key for r in clean}
    for report in clean:
        flags = _flags(findings, report)
        assert flags.empty, f"{report.key} is clean but flagged:\n{flags[['check_name', 'metric_id', 'stated', 'computed', 'message']].to_string()}"


def test_reports_with_inconsistencies_are_flagged_for_nothing_else(checked):
    reports, findings = checked
    for report in (r for r in reports if r.inconsistencies):
        assert len(_flags(findings, report)) == len(report.inconsistencies), _flags(findings, report).to_string()


def test_completeness_notes_are_exactly_the_true_ones(checked):
    reports, findings = checked
    notes = findings[findings.severity == "info"]
    for report in reports:
        mine = notes[notes.report_id == report.report_id]
        named = {
            name + (" " + message.split("standard table ")[1][0] if name == "completeness.standard_table" else "")
            for name, message in zip(mine.check_name, mine.message)
        }
        assert named == true_completeness_notes(report), report.key
    assert (notes.report_id == "003_a0a7e02bd9d121da").sum() == 3, "003's tables 二, 三 and 四 were lost in scraping"


def test_nested_depth_levels_are_loaded_but_not_summed(checked):
    """004: 可在线申办4008项(一级深度3489项、二级深度3323项、三级深度3264项) adds up to 10076 and is right."""
    reports, findings = checked
    assert not findings.message.str.contains("深度").any()
    assert not findings.stated.map(lambda v: _same(v, 4008) if pd.notna(v) else False).any()


def test_combined_litigation_prose_is_compared_with_the_table(checked, corpus_labels):
    """g19-001's prose 行政诉讼 46 件 is direct (26) + after-review (20): it agrees; with one part changed it does not."""
    _, findings = checked
    assert findings[findings.check_name.str.startswith("cross_section")].empty
    warehouse, _ = load(corpus_labels)
    for mention in warehouse.mentions:
        if mention["report_id"] == "g19-001" and mention["metric_id"] == "litigation.after_review.total":
            mention["value"] += 1
    changed = run_checks(warehouse.load())
    combined = changed[changed.check_name == "cross_section.combined"]
    assert combined[["report_id", "metric_id", "stated", "computed"]].values.tolist() == [["g19-001", "litigation.total", 46.0, 47.0]]
