"""The v2019/v2021 standard tables 二, 三 and 四 of a report -> metric values and unmapped rows.

Each table is read from the text between its section heading and the next, whatever layout the ingestion
left it in. A table is taken when its labels place enough template rows; the identity stage's template is
only a tie-breaker, the table's own labels decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.catalog import load_catalog
from pipeline.extract.proactive_table import read_proactive_table
from pipeline.extract.readings import PrintedRow, TableRead, printed_rows
from pipeline.extract.requests_table import read_requests_table
from pipeline.extract.review_table import read_review_table
from pipeline.extract.standard_sections import find_sections
from pipeline.model import APPLICANTS, MetricValue, UnmappedValue
from pipeline.tables.blanks import EMPTY, zero_marks
from pipeline.tables.rows import build_rows
from pipeline.tables.split import CellValue, is_splittable
from pipeline.tables.tokens import NUMBER, Token, tokenize, tokens_between

MIN_ROWS = {"proactive": 2, "requests": 3, "review": 1}


@dataclass
class StandardResult:
    values: list[MetricValue] = field(default_factory=list)
    unmapped: list[UnmappedValue] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # text the standard tables took
    template: str | None = None


def extract_standard_tables(text: str, template_hint: str | None, tokens: list[Token] | None = None) -> StandardResult:
    """The standard tables of a document; `tokens` are the text's table tokens when already computed."""
    result = StandardResult()
    sections = find_sections(text)
    zeros = zero_marks(text) if sections else frozenset()
    template = template_hint if template_hint in ("v2019", "v2021") else None
    for table in ("proactive", "requests", "review"):
        section = sections.get(table)
        if section is None:
            continue
        section_tokens = tokens_between(tokens, section.body, section.end) if tokens is not None else tokenize(text, section.body, section.end)
        rows = printed_rows(build_rows(section_tokens))
        read = _read(table, rows, text, section.body, section.end, template)
        if read is None or (table != "review" and read.recognised_rows < MIN_ROWS[table]):
            if template_hint in ("v2019", "v2021"):  # the section is this table's even if unreadable: keep its rows
                result.spans.append((section.start, section.end))
                result.unmapped.extend(u for row in rows for u in unplaced_row(row, text))
            continue
        template = template or read.template
        result.template = result.template or read.template
        result.spans.append((section.start, section.end))
        _emit(read, text, zeros, result)
    return result


def _read(table: str, rows: list[PrintedRow], text: str, start: int, end: int, template: str | None) -> TableRead | None:
    if table == "proactive":
        return read_proactive_table(rows, text[start:end], template, text, (start, end))
    if table == "requests":
        header = text[start : rows[0].start] if rows else ""
        return read_requests_table(rows, header, template)
    return read_review_table(rows, template or "v2021")


def _value(cell: CellValue, text: str, zeros: frozenset[str]) -> float | None:
    if cell.value is not None:
        return cell.value
    mark = text[cell.start : cell.end].strip()
    return 0.0 if (mark or EMPTY) in zeros else None


def _emit(read: TableRead, text: str, zeros: frozenset[str], result: StandardResult) -> None:
    catalog = load_catalog()
    for standard_row, row, reading in read.cells:
        snippet = row.snippet(text)
        if read.columns:
            targets = [(standard_row.metric_ids[0], column.key, column.label) for column in read.columns]
        else:
            targets = [(metric_id, "total", "") for metric_id in standard_row.metric_ids]
        for (metric_id, applicant, column_label), cell in zip(targets, reading):
            value = _value(cell, text, zeros)
            if applicant not in APPLICANTS:
                result.unmapped.append(
                    UnmappedValue(f"{standard_row.label} {column_label}", None, value, snippet, row.start, row.end)
                )
            elif value is not None:
                unit = catalog[metric_id].unit or None
                result.values.append(
                    MetricValue(metric_id, value, "table", snippet, row.start, row.end, applicant, "year", unit)
                )
    for row in read.unresolved:
        result.unmapped.extend(unplaced_row(row, text))


def unplaced_row(row: PrintedRow, text: str, period: str = "year") -> list[UnmappedValue]:
    """A row no metric could take: each figure kept with the row's label; digits that may be several cells
    run together (glued to text, or a standard row's only figure) are kept once, with no value, so the raw
    text stays findable but no guessed figure is stored."""
    snippet = row.snippet(text)
    kept = []
    for token in row.tokens:
        if token.kind != NUMBER:
            continue
        value = None if is_splittable(token, loose=len(row.figures) == 1) else token.value
        kept.append(UnmappedValue(row.label or "", token.suffix or None, value, snippet, row.start, row.end, period))
    return kept or [UnmappedValue(row.label or "", None, None, snippet, row.start, row.end, period)]
