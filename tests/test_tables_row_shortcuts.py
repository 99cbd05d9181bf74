"""Shortcuts the table readers take per row, held to the general computation on real and synthetic reports:
the region finder's cached label tests, a row's label end read off its last label, the empty cells before a
piped row's label dropped only when there are some, figures counted in C. Each test fails if its shortcut
gives another answer than what it replaced on any row of the reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.readings import PrintedRow, _fit_widths, _is_empty
from pipeline.extract.standard_sections import find_sections
from pipeline.tables.header import after_header
from pipeline.tables.regions import MAX_FIRST_LABEL, MAX_ROW_LABEL, _label_like, _NOT_A_LABEL, _row_label, _TWO_CJK
from pipeline.tables.rows import TextRow, build_rows, figure_count, holds_figure, rows_between
from pipeline.tables.tokens import NUMBER, tokenize
from tests.conftest import cleaned_report_texts

REPORTS = 40


@pytest.fixture(scope="module")
def report_rows(tmp_path_factory: pytest.TempPathFactory, shared_corpus: Path) -> list[list[TextRow]]:
    """The rows of every report, and the rows of each standard-table section rebuilt from them (the rows the
    standard readers read)."""
    texts = cleaned_report_texts(tmp_path_factory.mktemp("synthetic"), shared_corpus, seed=13, reports=REPORTS)
    found = []
    for text in texts:
        tokens = tokenize(text)
        rows = build_rows(tokens)
        found.append(rows)
        for section in find_sections(text).values():
            found.append(rows_between(tokens, rows, section.body, section.end))
    # rows that print empty cells before their label (a merged header cell, a page flattened onto one line)
    found.append(build_rows(tokenize("| 采购总金额 | | 政府集中采购 | 3 | 4 |\n| 规章 | | 5 | | 行政许可 | | 2 | 1 |\n")))
    return found


def _all(report_rows: list[list[TextRow]]) -> list[TextRow]:
    return [row for rows in report_rows for row in rows]


def test_row_labels_and_label_tests_equal_the_uncached_ones(report_rows: list[list[TextRow]]) -> None:
    """_row_label and _label_like read cached answers by label text: equal to computing them for each row."""
    rows = _all(report_rows)
    assert len(rows) > 1000
    for row in rows:
        label = "".join(after_header(row.label_after_sentence()[0]).split())
        assert _row_label(row) == label
        for limit in (MAX_FIRST_LABEL, MAX_ROW_LABEL, 5):
            expected = (
                len(label) <= limit
                and _TWO_CJK.search(label) is not None
                and not _NOT_A_LABEL.search(label)
                and not label.endswith((":", "："))
            )
            assert _label_like(label, limit) == expected


def test_a_rows_labels_are_in_text_order(report_rows: list[list[TextRow]]) -> None:
    """PrintedRow.of takes the end of the row's last label as the furthest label end, and _fit_widths looks
    only at the first cells for empty cells before the label: both need labels and values in text order."""
    rows = _all(report_rows)
    assert sum(len(row.labels) > 1 for row in rows) > 100  # rows with several label tokens are among them
    for row in rows:
        for tokens in (row.labels, row.values):
            assert [token.start for token in tokens] == sorted(token.start for token in tokens)
            assert all(before.end <= after.start for before, after in zip(tokens, tokens[1:]))
        if row.labels:
            printed = PrintedRow.of(row, "", row.labels[0].start)
            assert printed.label_end == max(token.end for token in row.labels)


def _fit_widths_as_first_written(tokens, width, piped, label_end):  # noqa: ANN001, ANN202
    """_fit_widths with its piped filter looking at every cell (the rest as it is)."""
    if piped:
        tokens = [t for t in tokens if not (t.end <= label_end and _is_empty(t))]
        while len(tokens) > width and _is_empty(tokens[-1]):
            tokens = tokens[:-1]
        if len(tokens) <= width:
            return [tokens]
        return _fit_widths(tokens, width, True, -1)  # no cell ends before -1: the rest of the function
    return _fit_widths(tokens, width, piped, label_end)


def test_fit_widths_equal_the_filter_over_every_cell(report_rows: list[list[TextRow]]) -> None:
    rows = [row for row in _all(report_rows) if row.values]
    filtered = 0
    for row in rows:
        printed = PrintedRow.of(row, "", row.labels[0].start if row.labels else row.start)
        if printed.piped and any(t.end <= printed.label_end and _is_empty(t) for t in printed.tokens):
            filtered += 1
        for width in range(1, 12):
            got = _fit_widths(printed.tokens, width, printed.piped, printed.label_end)
            assert got == _fit_widths_as_first_written(printed.tokens, width, printed.piped, printed.label_end)
    assert filtered > 0  # rows with empty cells before their label are among them


def test_figures_counted_in_c_equal_the_generators(report_rows: list[list[TextRow]]) -> None:
    for row in _all(report_rows):
        assert figure_count(row.values) == len([t for t in row.values if t.kind == NUMBER])
        assert holds_figure(row.values) == any(t.kind == NUMBER for t in row.values)
