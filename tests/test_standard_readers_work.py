"""The readers of tables 二 and 三 skip work whose answer cannot change what they read: table 三 asks whether
its rows lost blank cells only for a row no reading fits and looks for a row in its header only when the
header holds a figure, and table 二 finds a label's last row name once per distinct label (its row labels
repeat from report to report)."""

from __future__ import annotations

from pathlib import Path

from pipeline.extract import proactive_table, requests_table
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Identity

FIXTURES = Path(__file__).parent / "fixtures" / "tables"
REPORT = FIXTURES / "v2021_pdf_markdown_fragments.md"  # tables 二, 三 and 四 as pipe rows, every row readable


def _values(text: str) -> dict[tuple[str, str], float]:
    extraction = extract_tables(Document("d", 1, "annual_report", text), Identity(template="v2021"))
    return {(value.metric_id, value.applicant): value.value for value in extraction.values}


def test_table_three_reads_without_asking_whether_cells_vanished_when_every_row_reads(monkeypatch):
    asked = []
    original = requests_table.shows_vanished_cells
    monkeypatch.setattr(
        requests_table, "shows_vanished_cells", lambda row, width: asked.append(row) or original(row, width)
    )
    values = _values(REPORT.read_text(encoding="utf-8"))
    assert sum(metric.startswith("requests.") for metric, _ in values) >= 20
    assert asked == []


def test_table_two_finds_each_labels_last_row_name_once():
    text = REPORT.read_text(encoding="utf-8")
    first = _values(text)
    misses = proactive_table._last_item.cache_info().misses
    again = _values(text)
    assert again == first and any(metric.startswith("proactive.") for metric, _ in first)
    assert proactive_table._last_item.cache_info().misses == misses  # the second report's labels: all known


def test_table_three_tokenizes_its_header_only_when_it_may_hold_a_row(monkeypatch):
    """The header above table 三's first row is searched for a row run into it (…总计 本年新收…数量 713000074)
    only when it holds a figure: column names alone hold no row."""
    headers = []
    original = requests_table.tokenize
    monkeypatch.setattr(requests_table, "tokenize", lambda text: headers.append(text) or original(text))
    values = _values(REPORT.read_text(encoding="utf-8"))
    assert sum(metric.startswith("requests.") for metric, _ in values) >= 20
    assert headers == []
