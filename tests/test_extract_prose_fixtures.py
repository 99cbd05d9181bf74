"""Whole reports written in the style of other provinces (tests/fixtures/prose/*.txt), each with the values
and categories it states (the .json beside it). Runs without ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract.prose import extract_prose
from pipeline.model import Document, Identity

FIXTURES = Path(__file__).parent / "fixtures" / "prose"
REPORTS = sorted(p.stem for p in FIXTURES.glob("*.txt"))


def _run(name: str):
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    document = Document(content_sha256=name, part=1, kind="annual_report", text=text)
    extraction = extract_prose(document, Identity(template=expected["template"], year=expected["year"]))
    return text, expected, extraction


@pytest.mark.parametrize("name", REPORTS)
def test_values_stated_in_the_report(name: str) -> None:
    _, expected, extraction = _run(name)
    found = {(v.metric_id, v.period, v.value) for v in extraction.values if not v.evidence_only}
    assert found == {tuple(m) for m in expected["metrics"]}
    # statements whose wording leaves open what they count (v2019+ 收到申请N件): evidence, never values
    evidence = {(v.metric_id, v.period, v.value) for v in extraction.values if v.evidence_only}
    assert evidence == {tuple(m) for m in expected.get("evidence", [])}


@pytest.mark.parametrize("name", REPORTS)
def test_categories_stated_in_the_report(name: str) -> None:
    _, expected, extraction = _run(name)
    found = [(c.parent_metric_id, c.label, c.value, c.share_pct) for c in extraction.categories]
    assert found == [tuple(c) for c in expected["categories"]]


@pytest.mark.parametrize("name", REPORTS)
def test_snippets_are_the_text_at_their_offsets(name: str) -> None:
    text, _, extraction = _run(name)
    for record in [*extraction.values, *extraction.categories]:
        assert text[record.char_start : record.char_end] == record.snippet
