"""Small category tables (类别 | 发布条数, with a 合计 row) -> category values of the metric they break down.

A table is a category table when its rows name categories rather than metrics and it says it is a
breakdown: a 合计/总计 row, or a 类别/条数 header. The metric broken down is read from the words just before
the table or in its header (主动公开 → proactive.total), per pipeline/data/category_parents.csv.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from pipeline.catalog import load_catalog
from pipeline.extract.labels import core, match_metric
from pipeline.tables.header import split_first_row, strip_unit
from pipeline.model import CategoryValue
from pipeline.tables.regions import TableRegion
from pipeline.tables.rows import TextRow, figure_count
from pipeline.tables.tokens import NUMBER
from pipeline.tables.vocabulary import table_words

CONTEXT_CHARS = 300
DEFAULT_PARENT = "proactive.total"  # the breakdown reports give by far the most often
CATEGORY_HEADER_WORDS = ("类别", "分类", "类型", "条数")
SERIAL = re.compile(r"\d{1,2}\s+(?=\D)")


@dataclass(frozen=True)
class _ParentWord:
    keyword: str
    templates: frozenset[str]
    parent_metric_id: str


@cache
def _parent_words() -> tuple[_ParentWord, ...]:
    text = resources.files("pipeline.data").joinpath("category_parents.csv").read_text(encoding="utf-8")
    catalog = load_catalog()
    words = []
    for row in csv.DictReader(text.splitlines()):
        parent = row["parent_metric_id"].strip()
        if parent not in catalog:
            raise ValueError(f"category_parents.csv names a metric missing from metrics.csv: {parent}")
        templates = frozenset(t.strip() for t in row["templates"].split("|") if t.strip())
        words.append(_ParentWord(row["keyword"].strip(), templates, parent))
    return tuple(words)


def _rows(region: TableRegion, text: str) -> tuple[str, list[tuple[TextRow, str, int]], int]:
    """(header, (row, entry name, name start) of each row with figures, the most figures a row holds): the
    rows' figures counted once, for the rows' split and the width test both."""
    header: list[str] = []
    rows = []
    figure_counts = [figure_count(row.values) for row in region.rows]
    figured = [row for row, figures in zip(region.rows, figure_counts) if figures]
    one_label_cell = len(figured) > 1 and all(len(row.labels) == 1 for row in figured[1:])
    for row, figures in zip(region.rows, figure_counts):
        if not figures:
            if not rows:
                header.append(row.label_after_sentence()[0])
            continue
        if not rows:
            head, label, start = _first_row(row, text, one_label_cell)
            header.append(head)
        else:
            label, start = row.label_after_sentence()
        name, serial = _entry_name(label)
        rows.append((row, name, start + serial))
    return " ".join(header), rows, max(figure_counts, default=0)


def _first_row(row: TextRow, text: str, one_label_cell: bool = False) -> tuple[str, str, int]:
    """(header, label, label start) of a table's first row. The header ends at its last known word (类别, 条数);
    a header cell after it that the vocabulary does not know (信息类别 | 数量（条）, 公开类别 | 公开数量) is on the
    header's line, above the row's own: the label is what stands on the line of the row's first figure. Printed
    one cell per line, the label is the row's last line when every other row's label is one line
    (`one_label_cell`): the lines between the last known header word and it are header cells."""
    head, label, start = split_first_row(row)
    if not head or not row.values:
        return head, label, start  # no header word: lines above may be a wrapped label, not a header
    line_start = text.rfind("\n", 0, row.values[0].start) + 1
    if line_start <= start:
        return head, label, start
    own = [t for t in row.labels if t.start >= line_start]
    if not own:
        # one cell per line: the label is on a line of its own, unknown header cells on the lines before it
        cells = [t for t in row.labels if t.end > start]
        last = cells[-1] if cells else None
        if one_label_cell and last is not None and last.start > start and "\n" in text[start : last.start]:
            return f"{head} {text[start : last.start].strip()}", last.text, last.start
        return head, label, start
    return f"{head} {text[start:line_start].strip()}", " ".join(t.text for t in own), own[0].start


@lru_cache(maxsize=8192)  # a category table's labels repeat from report to report
def _entry_name(label: str) -> tuple[str, int]:
    """(the category's name, how many characters of a serial number before it were cut): | 1 | 工作动态 | 46 |:
    a serial number column is no part of the name, and | 工作动态 | 5 | 条 |: nor is the unit column."""
    serial = SERIAL.match(label)
    cut = 0 if serial is None or serial.end() == len(label) else serial.end()
    return strip_unit(label[cut:], False)[0], cut


def _is_total(label: str) -> bool:
    return core(label) in table_words().totals


def is_category_table(region: TableRegion, template: str | None, text: str) -> bool:
    header, rows, widest = _rows(region, text)
    if len(rows) < 2 or widest > 2:
        return False
    says_breakdown = any(_is_total(label) for _, label, _ in rows) or any(w in header for w in CATEGORY_HEADER_WORDS)
    if not says_breakdown:
        return False  # most tables: no label need be matched to the catalog's metrics
    entries = [label for _, label, _ in rows if not _is_total(label)]
    named_metrics = sum(match_metric(label, template) is not None for label in entries)
    return named_metrics * 2 < len(entries)


def _parent(text: str, region: TableRegion, header: str, template: str | None) -> str:
    context = text[max(0, region.start - CONTEXT_CHARS) : region.start] + header
    best, best_at = DEFAULT_PARENT, -1
    for word in _parent_words():
        if "any" not in word.templates and template not in word.templates and template is not None:
            continue
        at = context.rfind(word.keyword)
        if at > best_at:
            best, best_at = word.parent_metric_id, at
    return best


def read_category_table(region: TableRegion, text: str, template: str | None, list_no: int) -> list[CategoryValue]:
    header, rows, _ = _rows(region, text)
    parent = _parent(text, region, header, template)
    total = None
    entries = []
    for row, label, start in rows:
        figures = [t for t in row.values if t.kind == NUMBER]
        counts = [t for t in figures if t.suffix != "%"]
        shares = [t for t in figures if t.suffix == "%"] or ([figures[1]] if len(figures) == 2 and "占比" in header else [])
        value = counts[0].value if counts else None
        if _is_total(label):
            total = value
            continue
        share = shares[0].value if shares else None
        entries.append((label.strip(), value, share, text[start : row.end], start, row.end))
    return [
        CategoryValue(parent, label, value, share, snippet, s, e, list_no, "complete", total)
        for label, value, share, snippet, s, e in entries
    ]
