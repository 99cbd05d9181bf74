"""The table readers' per-label caches and shortcuts answer as the general code does, on real and synthetic
reports: a row label's metric and unit (statistics tables), a category's name (category tables), a row's own
label (printed_rows) and a row read as whole cells (readings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract import statistics_tables
from pipeline.extract.category_tables import SERIAL, _entry_name
from pipeline.extract.labels import MARKER
from pipeline.extract.readings import label_after_sentence, row_label
from pipeline.extract.statistics_tables import _row_metric, read_statistics_table
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Identity
from pipeline.tables.header import starts_table, strip_unit
from pipeline.tables.regions import find_regions
from pipeline.tables.rows import TextRow, build_rows, last_match_start
from pipeline.tables.split import whole_cell, whole_cells
from pipeline.tables.tokens import tokenize
from tests.conftest import cleaned_report_texts

REPORTS = 60


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory, shared_corpus: Path) -> list[str]:
    return cleaned_report_texts(tmp_path_factory.mktemp("synthetic"), shared_corpus, seed=7, reports=REPORTS)


def _rows(texts: list[str]) -> list[TextRow]:
    return [row for text in texts for row in build_rows(tokenize(text))]


def test_row_label_shortcut_is_label_from_the_last_marker(texts: list[str]) -> None:
    """A row of one label token takes its label from the token's last numbering marker, as the general cut does."""
    checked = 0
    for row in _rows(texts):
        tail, tail_start = label_after_sentence(row)
        if not tail or last_match_start(MARKER, tail) < 0:
            continue
        probe = TextRow(labels=[t for t in row.labels if t.end > tail_start], values=row.values)
        label, start = probe.label_from(MARKER)
        assert row_label(row) == (label, max(start, tail_start)), row
        checked += len(row.labels) == 1
    assert checked > 200  # the shortcut was taken on many rows


def test_whole_cells_are_whole_cell_of_each_token(texts: list[str]) -> None:
    rows = [row for row in _rows(texts) if row.values]
    assert len(rows) > 500
    for row in rows:
        assert whole_cells(row.values) == tuple(map(whole_cell, row.values))


def test_entry_name_drops_a_serial_number_and_a_unit_cell() -> None:
    assert _entry_name("1 工作动态") == ("工作动态", 2)
    assert _entry_name("12  政策解读 条") == ("政策解读", 4)
    assert _entry_name("工作动态 条") == ("工作动态", 0)
    assert _entry_name("3") == ("3", 0)  # a serial number alone is the label, not a serial
    for label in ("1 工作动态 条", "工作动态", "2 规划计划"):
        serial = SERIAL.match(label)
        cut = serial.end() if serial and serial.end() < len(label) else 0
        assert _entry_name(label) == (strip_unit(label[cut:], False)[0], cut)


def test_row_metric_is_keyed_by_the_rows_parent() -> None:
    """被依法纠错数 names a different metric under 行政复议 than under 行政诉讼: the cache must keep them apart."""
    under_review = _row_metric("被依法纠错数", False, "v2008", "review.total")
    under_litigation = _row_metric("被依法纠错数", False, "v2008", "litigation.total")
    alone = _row_metric("被依法纠错数", False, "v2008", None)
    assert under_review[2] != under_litigation[2]
    assert under_review[2] and under_litigation[2]
    assert alone[2] is None  # ambiguous without its parent


def test_statistics_tables_read_the_same_with_a_warm_cache(texts: list[str]) -> None:
    """Every statistics table read with the label cache emptied, then again in reverse order with the cache
    holding every label of every other table: the same figures."""
    regions = [(region, text) for text in texts for region in find_regions(build_rows(tokenize(text)), text)]
    assert len(regions) > 20
    statistics_tables._row_metric.cache_clear()
    cold = []
    for region, text in regions:
        statistics_tables._row_metric.cache_clear()
        cold.append(read_statistics_table(region, text, None))
    warm = [read_statistics_table(region, text, None) for region, text in reversed(regions)]
    assert cold == warm[::-1]
    assert sum(len(read.values) for read in cold) > 100


def test_tables_read_the_same_twice(texts: list[str]) -> None:
    """Every cache warm from the first pass: the second pass reads every report's tables the same."""
    first = [extract_tables(Document("t", 1, "annual_report", text), Identity()) for text in texts]
    second = [extract_tables(Document("t", 1, "annual_report", text), Identity()) for text in texts]
    assert first == second


def test_header_test_per_label_is_starts_table(texts: list[str]) -> None:
    labels = [row.label_after_sentence()[0] for row in _rows(texts)]
    assert sum(starts_table(label) for label in labels) > 0  # some labels hold a table header
    for label in labels + labels[::-1]:
        assert starts_table(label) == starts_table.__wrapped__(label)


def test_numbering_per_label() -> None:
    assert statistics_tables._numbering("其中：1.网站公开数") == ("digit", True)
    assert statistics_tables._numbering("（二）依申请公开") == ("paren", False)
    assert statistics_tables._numbering("主动公开信息数") == (None, False)
