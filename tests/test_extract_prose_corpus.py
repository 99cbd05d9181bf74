"""Prose extraction on the labelled corpus (../shared/corpus): every prose value agrees with the label,
the figures only the prose states are found, and the prose category lists match the labelled ones.

Identity is taken from the label so that these tests judge the prose rules alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate import _same_category
from pipeline.extract.prose import extract_prose
from pipeline.ingest import read_file, scan_raw_folder
from pipeline.model import Document, Identity

# Figures the labels have from prose (the notes say which); (metric, period, value).
PROSE_ONLY = {
    "000_43c1841bfbcc1cf0": {
        ("proactive.total", "year", 79), ("response.hot_topics", "year", 27), ("requests.received", "year", 0),
        ("fees.amount", "year", 0), ("review.total", "year", 0), ("litigation.total", "year", 0),
    },
    "001_04dfc2abbda1a333": {
        ("proactive.total", "year", 2589), ("proactive.total", "cumulative", 46269), ("org.staff", "year", 43),
        ("requests.received", "year", 5), ("requests.received.online", "year", 5),
        ("requests.received", "cumulative", 3581), ("requests.received.in_person", "cumulative", 3567),
        ("requests.answered.granted", "year", 1), ("requests.answered.partial", "year", 1),
        ("requests.answered.other", "year", 3), ("review.total", "cumulative", 0), ("litigation.total", "year", 0),
        ("complaints.total", "year", 0),
    },
    "002_114523c4cbb0a4c5": {
        ("requests.received", "year", 2), ("requests.answered.partial", "year", 2), ("fees.amount", "year", 0),
        ("review.total", "year", 0), ("litigation.total", "year", 0),
    },
    "003_a0a7e02bd9d121da": {("requests.processed_total", "year", 32), ("response.policy_interpretations", "year", 1268)},
    "004_6a4f8e00cb25bdb1": {
        ("requests.received", "year", 6), ("requests.received.online", "year", 5),
        ("proactive.channel.website", "year", 16109), ("response.press_conferences", "year", 23),
        ("fees.amount", "year", 0), ("review.total", "year", 0), ("litigation.total", "year", 0),
    },
    "g08-001": {("proactive.total", "year", 425), ("requests.received", "year", 0), ("review.total", "year", 0)},
    "g08-012": {
        ("proactive.total", "year", 45), ("requests.received", "year", 0), ("review.total", "year", 0),
        ("org.staff.full_time", "year", 0), ("org.staff.part_time", "year", 1),
    },
    "g19-001": {
        ("review.total", "year", 351), ("review.upheld", "year", 72), ("review.corrected", "year", 64),
        ("review.other", "year", 178), ("review.pending", "year", 37), ("litigation.total", "year", 46),
        ("litigation.upheld", "year", 25), ("litigation.corrected", "year", 5), ("litigation.other", "year", 9),
        ("requests.processed_total", "year", 3050), ("requests.carried_over", "year", 34),
        ("requests.carried_forward", "year", 103),
    },
    "g19-006": {
        ("requests.denied", "year", 20), ("requests.unable", "year", 564), ("requests.not_processed", "year", 80),
        ("requests.other", "year", 319), ("requests.processed_total", "year", 1191), ("requests.carried_over", "year", 189),
    },
    "g19-010": {("proactive.total", "year", 14571), ("litigation.total", "year", 1), ("review.total", "year", 2)},
}
TABLE_CATEGORY_FILES = {"000_43c1841bfbcc1cf0"}  # its categories are a table, read by the table extractor


def _labelled_reports(corpus: Path, label: dict) -> list[tuple[Document, dict]]:
    raw = next((p for p in (corpus / "raw").iterdir() if p.stem == label["id"]), None)
    if raw is None:
        return []
    files, _ = scan_raw_folder(corpus / "raw")
    raw_file = next(f for f in files if f.source_path == raw.name)
    documents, _ = read_file(corpus / "raw", raw_file)
    parts = label.get("documents") or [label]
    if len(parts) != len(documents):
        annual = [d for d in documents if d.included]
        wanted = [p for p in parts if p.get("kind", "annual_report") == "annual_report"]
        return list(zip(annual, wanted)) if len(annual) == len(wanted) else []
    return [(d, p) for d, p in zip(documents, parts) if p.get("kind", "annual_report") == "annual_report"]


@pytest.fixture(scope="module")
def corpus_prose(shared_corpus: Path, corpus_labels: dict[str, dict]) -> dict[str, list[tuple[object, dict]]]:
    out = {}
    for file_id, label in corpus_labels.items():
        label = {**label, "id": file_id}
        out[file_id] = [
            (extract_prose(doc, Identity(template=part.get("template"), year=part.get("year"))), part)
            for doc, part in _labelled_reports(shared_corpus, label)
        ]
    return out


def test_every_prose_value_agrees_with_the_label(corpus_prose: dict) -> None:
    wrong = []
    for file_id, reports in corpus_prose.items():
        for extraction, part in reports:
            labelled = {(m["metric_id"], m.get("period", "year")): m["value"] for m in part.get("metrics", []) if m.get("applicant", "total") == "total"}
            for value in extraction.values:
                if value.evidence_only:
                    continue  # a statement kept for the cross-section check, never a value (test_checks_rules)
                key = (value.metric_id, value.period)
                if key not in labelled or float(labelled[key]) != value.value:
                    wrong.append(f"{file_id}: {key} = {value.value:g} (label: {labelled.get(key)}) from {value.snippet!r}")
    assert wrong == []


@pytest.mark.parametrize("file_id", sorted(PROSE_ONLY))
def test_figures_stated_only_in_prose_are_found(corpus_prose: dict, file_id: str) -> None:
    if not corpus_prose.get(file_id):
        pytest.skip(f"{file_id} not readable by the current ingestion")
    found = {(v.metric_id, v.period, v.value) for extraction, _ in corpus_prose[file_id] for v in extraction.values}
    assert PROSE_ONLY[file_id] - found == set()


def test_prose_category_lists_match_the_labels(corpus_prose: dict) -> None:
    problems = []
    for file_id, reports in corpus_prose.items():
        if file_id in TABLE_CATEGORY_FILES:
            continue
        for extraction, part in reports:
            # a list under a whole that is no metric is labelled "whole：entry" (咨询（约4900人次）：现场咨询)
            found = [(c.parent_metric_id, c.label, c.value) for c in extraction.categories]
            missing = []
            for c in part.get("categories", []):
                match = next((f for f in found if f[0] == c["parent"] and f[2] == float(c["value"]) and _same_category(f[1], c["label"])), None)
                if match is None:
                    missing.append((c["parent"], c["label"], c["value"]))
                else:
                    found.remove(match)
            if missing or found:
                problems.append(f"{file_id}: missing {missing}, extra {found}")
    assert problems == []
