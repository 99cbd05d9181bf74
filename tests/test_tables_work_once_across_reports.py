"""Work that depends only on text that repeats from report to report is done once per distinct text: a
standard table's list of row labels is aligned to the template once, and a row label is searched for its
last numbering marker once. What is reused must not depend on where the report prints it: the same table
further down another report gives the same figures, with offsets into that report's own text."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pipeline.clean import clean_text
from pipeline.extract import alignment
from pipeline.extract.labels import MARKER
from pipeline.extract.standard_template import standard_rows
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Identity
from pipeline.tables.rows import last_match_start

FIXTURE = Path(__file__).parent / "fixtures" / "tables" / "v2021_pdf_markdown_fragments.md"
PREFIX = "本机关另行说明如下。\n附：2021年度政府信息公开工作年度报告（转载）\n\n"


def _extract(text: str):  # noqa: ANN202 - (Document, Extraction)
    document = Document(content_sha256="t", part=1, kind="annual_report", text=clean_text(text).text)
    return document, extract_tables(document, Identity(template="v2021"))


def _figures(document: Document, extraction) -> list[tuple]:  # noqa: ANN001
    for record in [*extraction.values, *extraction.blanks, *extraction.unmapped]:
        assert document.text[record.char_start : record.char_end] == record.snippet  # offsets into its own text
    return [(v.metric_id, v.applicant, v.value, v.snippet) for v in extraction.values]


def test_a_second_report_with_the_same_table_labels_is_not_aligned_again(monkeypatch):
    alignment._aligned.cache_clear()
    calls = []
    anchors = alignment._anchors
    monkeypatch.setattr(alignment, "_anchors", lambda pairs: calls.append(1) or anchors(pairs))
    first_doc, first = _extract(FIXTURE.read_text(encoding="utf-8"))
    aligned_once = len(calls)
    assert aligned_once and len(first.values) > 50  # tables 二, 三 and 四 were aligned and read
    second_doc, second = _extract(PREFIX + FIXTURE.read_text(encoding="utf-8"))
    assert len(calls) == aligned_once  # the same label lists: the first report's alignments are reused
    assert _figures(second_doc, second) == _figures(first_doc, first)
    shift = len(second_doc.text) - len(first_doc.text)
    assert shift > 0
    assert [v.char_start for v in second.values] == [v.char_start + shift for v in first.values]


def test_an_alignment_is_shared_and_cannot_be_changed():
    labels = ["（一）予以公开", "（二）部分公开", "（三）不予公开", "1.属于国家秘密"]
    template = standard_rows("requests", "v2021")
    shared = alignment.align(labels, template)
    assert alignment.align(tuple(labels), list(template)) is shared  # whatever sequences hold the same labels
    with pytest.raises(dataclasses.FrozenInstanceError):
        shared.slots = ()  # type: ignore[misc]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("（三）不予公开 1.属于国家秘密", "1.属于国家秘密"),
        ("四、结转下年度继续办理", "四、结转下年度继续办理"),
        ("其中：政府网站", None),
        ("第（一）项 2019.5", None),  # 第（一） cites an item, 2019.5 is a figure: no numbering marker
    ],
)
def test_last_marker_of_a_label(label, expected):
    start = last_match_start(MARKER, label)
    starts = [match.start() for match in MARKER.finditer(label)]
    assert start == (starts[-1] if starts else -1)
    assert (label[start:] if start >= 0 else None) == expected


def test_table_three_is_not_scored_under_layouts_that_cannot_beat_the_first(monkeypatch):
    """Table 三's rows each print one cell per column and add up under the standard layout: the total-first
    layout, as wide, sees the same readings and cannot hold on more rows, so it is not scored; the figures
    are those scoring every layout gives."""
    from pipeline.extract import requests_table

    text = FIXTURE.read_text(encoding="utf-8")
    fits = []
    fit = requests_table._fit
    monkeypatch.setattr(requests_table, "_fit", lambda *args: fits.append(args[1]) or fit(*args))
    document, early = _extract(text)
    assert len(fits) == 1 and [c.key for c in fits[0]][-1] == "total"  # the standard layout alone
    fits.clear()
    monkeypatch.setattr(requests_table, "_same_readings_after", lambda *args: False)
    _, scored_all = _extract(text)
    assert len(fits) == 2  # the total-first layout too, as wide as the standard one
    assert _figures(document, early) == _figures(document, scored_all)
    assert sum(v.metric_id.startswith("requests.") for v in early.values) > 50
