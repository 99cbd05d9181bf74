"""The whole pipeline on the hand-checked corpus (../shared/corpus/raw), then the checks on what it loaded.

What the checks can see depends on what extraction read, so: nothing may be flagged that the labels do not
call inconsistent (whatever extraction missed), every labelled inconsistency whose figures were read must be
found, and 003's lost tables must be noted.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.config import Settings
from pipeline.run import run_all
from pipeline.warehouse.connect import connect

FLAGS = ("error", "warn")


@pytest.fixture(scope="module")
def loaded(shared_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    settings = Settings.build(shared_corpus / "raw", tmp_path_factory.mktemp("corpus") / "ogi.duckdb")
    run_all(settings, publish=False)
    with connect(settings.warehouse_path, read_only=True) as conn:
        return {
            "findings": conn.execute(
                "SELECT r.source_path, c.* FROM check_results AS c JOIN reports AS r USING (report_id)"
            ).df(),
            "values": conn.execute(
                "SELECT r.source_path, v.* FROM metric_values AS v JOIN reports AS r USING (report_id)"
            ).df(),
            "categories": conn.execute(
                "SELECT r.source_path, c.* FROM category_values AS c JOIN reports AS r USING (report_id)"
            ).df(),
        }


def _inconsistencies(label: dict, with_metrics: bool = True) -> list[dict]:
    """The labelled inconsistencies; with_metrics=False also those among figures no metric holds (g08-012's
    审批事项: 117 received, 171 closed, 办结率100%)."""
    documents = label.get("documents", [label])
    return [i for d in documents for i in d.get("inconsistencies", []) if i.get("metrics") or not with_metrics]


def _file_of(label_id: str, findings: pd.DataFrame) -> pd.Series:
    return findings.source_path.map(lambda path: Path(path).stem) == label_id


def _same(a: float, b: float) -> bool:
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def test_only_labelled_inconsistencies_are_flagged(loaded, corpus_labels):
    flags = loaded["findings"][loaded["findings"].severity.isin(FLAGS)]
    for label_id, label in corpus_labels.items():
        mine = flags[_file_of(label_id, flags)]
        labelled = _inconsistencies(label, with_metrics=False)
        wolves = [
            f for _, f in mine.iterrows()
            if not any((f.metric_id in i["metrics"] and _same(f.stated, i["stated"]))
                       or (_same(f.stated, i["stated"]) and _same(f.computed, i["computed"])) for i in labelled)
        ]
        assert not wolves, f"{label_id}: " + "; ".join(f"{f.check_name} {f.message}" for f in wolves)


def _list_was_read(loaded: dict, label_id: str, inconsistency: dict) -> bool:
    """Whether extraction read the stated total and a list of categories adding up to the labelled sum."""
    values, categories = loaded["values"], loaded["categories"]
    metric = inconsistency["metrics"][0]
    stated = values[_file_of(label_id, values) & (values.metric_id == metric)].value
    lists = categories[_file_of(label_id, categories) & (categories.parent_metric_id == metric)]
    sums = lists.groupby("list_no").value.sum()
    return any(_same(v, inconsistency["stated"]) for v in stated) and any(_same(s, inconsistency["computed"]) for s in sums)


def test_labelled_inconsistencies_whose_figures_were_read_are_found(loaded, corpus_labels):
    flags = loaded["findings"][loaded["findings"].severity.isin(FLAGS)]
    judged = 0
    for label_id, label in corpus_labels.items():
        for inconsistency in _inconsistencies(label):
            if not _list_was_read(loaded, label_id, inconsistency):
                continue
            judged += 1
            mine = flags[_file_of(label_id, flags)]
            assert any(
                f.metric_id in inconsistency["metrics"] and _same(f.stated, inconsistency["stated"]) and _same(f.computed, inconsistency["computed"])
                for _, f in mine.iterrows()
            ), f"{label_id}: {inconsistency['description']}"
    print(f"{judged} labelled inconsistencies had their figures extracted")


def test_a_rate_whose_part_exceeds_its_whole_is_found(loaded):
    """g08-012: 今年我局共受理审批事项117件，办结171件，办结率100% (no metric: the figures are approvals)."""
    flags = loaded["findings"][loaded["findings"].severity.isin(FLAGS)]
    mine = flags[_file_of("g08-012", flags)]
    assert [(f.check_name, f.stated, f.computed) for f in mine.itertuples()] == [("categories.rate", 117.0, 171.0)]


def test_lost_standard_tables_are_noted(loaded):
    findings = loaded["findings"]
    notes = findings[_file_of("003_a0a7e02bd9d121da", findings) & (findings.check_name == "completeness.standard_table")]
    assert {m.split("standard table ")[1][0] for m in notes.message} == {"二", "三", "四"}
    assert set(notes.severity) == {"info"}
