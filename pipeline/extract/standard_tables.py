"""The v2019/v2021 standard tables 二, 三 and 四 of a report -> metric values and unmapped rows.

Each table is read from the text between its section heading and the next, whatever layout the ingestion
left it in. A table is taken when its labels place enough template rows; the identity stage's template is
only a tie-breaker, the table's own labels decide.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import repeat

from pipeline.catalog import load_catalog
from pipeline.extract.alignment import names_a_row
from pipeline.extract.proactive_table import read_proactive_table
from pipeline.extract.readings import PrintedRow, TableRead, printed_rows
from pipeline.extract.requests_table import read_requests_table
from pipeline.extract.review_table import read_review_table
from pipeline.extract.labels import core
from pipeline.extract.phrasebook import word_trie
from pipeline.extract.standard_locate import locate_by_labels
from pipeline.extract.standard_sections import find_sections
from pipeline.extract.standard_template import TEMPLATES, column_words, distinctive_words, standard_rows
from pipeline.model import APPLICANTS, MetricValue, UnmappedValue, metric_value, unmapped_value
from pipeline.tables.blanks import EMPTY, zero_marks
from pipeline.tables.rows import TextRow, build_rows, rows_between
from pipeline.tables.split import NOT_PRINTED, CellValue, is_splittable
from pipeline.tables.tokens import BLANK, NUMBER, Token, tokenize

DIGIT = re.compile(r"\d")
MIN_ROWS = {"proactive": 2, "requests": 3, "review": 1}


@dataclass
class StandardResult:
    values: list[MetricValue] = field(default_factory=list)
    blanks: list[MetricValue] = field(default_factory=list)  # cells holding a blank mark (value None)
    unmapped: list[UnmappedValue] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # text the standard tables took
    template: str | None = None


def extract_standard_tables(
    text: str, template_hint: str | None, tokens: list[Token] | None = None, text_rows: list[TextRow] | None = None
) -> StandardResult:
    """The standard tables of a document; `tokens` are the text's table tokens and `text_rows` the rows built
    from them, when already computed."""
    result = StandardResult()
    if template_hint not in ("v2019", "v2021") and _cannot_hold_standard_table(text):
        return result
    tokens = tokens if tokens is not None else tokenize(text)
    text_rows = text_rows if text_rows is not None else build_rows(tokens)
    sections = find_sections(text)
    zeros = cache(lambda: zero_marks(text))  # read only when a table has a blank cell
    template = template_hint if template_hint in ("v2019", "v2021") else None
    document_rows: list[PrintedRow] | None = None
    for table in _reading_order(sections):
        section = sections.get(table)
        if section is not None:
            rows = printed_rows(rows_between(tokens, text_rows, section.body, section.end), _names_row_of(table))
            span, start, end = (section.start, section.end), section.body, section.end
        else:
            if document_rows is None:
                document_rows = printed_rows(text_rows, _names_any_row)
            located = locate_by_labels(table, document_rows, text, result.spans)
            if located is None:
                continue
            rows, span = located
            start, end = span
        read = _read(table, rows, text, start, end, template)
        if read is not None:
            read = _without_scattered_rows(read, text, whole=table == "review")
        if read is None or not _is_standard(table, read, text[start:end], template_hint):
            if section is not None and template_hint in ("v2019", "v2021"):  # the section's rows are still kept
                result.spans.append(span)
                result.unmapped.extend(u for row in rows for u in unplaced_row(row, text))
            continue
        template = template or read.template
        result.template = result.template or read.template
        result.spans.append(span)
        _emit(read, text, zeros, result)
    return result


@cache
def _names_row_of(table: str) -> Callable[[str], bool]:
    """Whether a label names a row of this table in some template: an empty row under such a label is a row
    the report printed with nothing in it (its cells are blank cells), not a header."""
    templates = [standard_rows(table, template) for template in TEMPLATES]
    return lambda label: any(names_a_row(label, rows) for rows in templates)


def _names_any_row(label: str) -> bool:
    return any(_names_row_of(table)(label) for table in ("proactive", "requests", "review"))


def _reading_order(sections: dict) -> list[str]:
    """Tables with a heading first, then the others, 二 last: it is looked for before the tables found."""
    found = [t for t in ("proactive", "requests", "review") if t in sections]
    return found + [t for t in ("requests", "review", "proactive") if t not in sections]


def _is_standard(table: str, read: TableRead, region_text: str, template_hint: str | None) -> bool:
    """Enough of the template's rows, and (unless the report is known to be v2019/v2021) the table's own
    column headings or key rows: a v2008 table under a similar heading is not table 三 or 四."""
    if table != "review" and read.recognised_rows < MIN_ROWS[table]:
        return False
    if template_hint in ("v2019", "v2021") or table == "proactive":  # table 二 checks its headings itself
        return True
    region = core(region_text)
    return any(word in region for word in distinctive_words(table))


# What core() may delete from a label: non-word characters and the characters of a numbering marker (MARKER;
# its 、.．(（)） are non-word characters)
_DELETED_BY_CORE = r"[\W_\d一二三四五六七八九十]*"


@cache
def _telltale_words() -> re.Pattern[str]:
    """Finds, in a text, every place where core() of some part of it could read a word that a table 二, 三 or 四
    needs before it is taken in a report not known to be v2019/v2021: table 三's and 四's distinctive words
    (_is_standard) and the column headings only one template's table 二 prints (read_proactive_table's votes).

    core() only deletes characters (after NFKC and 其它 -> 其他), so a word in core(text[a:b]) is in the text
    itself with deletable characters between its characters, 它 where it reads 他. One search over the text,
    the words in a trie (one branch per shared prefix), instead of finding the sections and aligning every row."""
    words = set(distinctive_words("requests")) | set(distinctive_words("review"))
    for template in TEMPLATES:
        words |= column_words(template) - set().union(*(column_words(t) for t in TEMPLATES if t != template))
    trie = word_trie(words)

    def pattern(node: dict) -> str:
        if "" in node:
            return ""  # a word ends here: its longer words need not be looked for
        branches = []
        for ch, child in sorted(node.items()):
            head = "[它他]" if ch in "它他" else re.escape(ch)
            rest = pattern(child)
            branches.append(head + (_DELETED_BY_CORE + rest if rest else ""))
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return re.compile(pattern(trie))


def _cannot_hold_standard_table(text: str) -> bool:
    """True when no table 二, 三 or 四 can be taken from `text` in a report not known to be v2019/v2021 (most
    v2008 reports: their search for the tables cost a fifth of their extraction). The word test needs core()
    to read the text's own characters: NFKC changes nothing in a substring of an NFKC-normalized text."""
    return unicodedata.is_normalized("NFKC", text) and not _telltale_words().search(text)


def _read(table: str, rows: list[PrintedRow], text: str, start: int, end: int, template: str | None) -> TableRead | None:
    if table == "proactive":
        return read_proactive_table(rows, text[start:end], template, text, (start, end))
    if table == "requests":
        header = text[start : rows[0].start] if rows else ""
        return read_requests_table(rows, header, template)
    return read_review_table(rows, template or "v2021")


def scattered(row: PrintedRow, text: str) -> bool:
    """A row of figures and blank marks (无, /, —) whose cells are not all on one line nor each on its own:
    PDF text may put the marks on lines of their own before the figures' line ("一、本年新收…数量\n无\n无 54 5 2 1 62"),
    every mark before every figure. The marks' columns are lost then, so no cell of the row can be placed by
    its position."""
    if row.piped:
        return False  # each cell between its own borders: the marks kept their columns
    tokens = row.tokens
    # a figure of plain digits (most cells) has a digit without a regex search
    is_mark = [
        bool(t.text) and (t.kind == BLANK or t.kind == NUMBER and not t.text.isdecimal() and not DIGIT.search(t.text))
        for t in tokens
    ]
    if not any(is_mark) or all(is_mark) or is_mark != sorted(is_mark, reverse=True):
        return False  # no marks, nothing but marks, or a mark after a figure: the cells kept their order
    # a line break between the label and a row that is whole on the next line keeps the order (a header or a
    # wrapped label above "— 83 0 0 83"): only breaks among the cells themselves lose the marks' columns
    breaks = ["\n" in text[before.end : after.start] for before, after in zip(tokens, tokens[1:])]
    return any(breaks) and not all(breaks)


def _without_scattered_rows(read: TableRead, text: str, whole: bool) -> TableRead:
    """Rows read by position whose cells' positions are lost go unread (to unmapped); `whole`: one reading
    runs over all the table's rows (table 四), so one such row leaves the table unread."""
    bad = {id(row) for _, row, _ in read.cells if scattered(row, text)}
    if not bad:
        return read
    kept = [] if whole else [cell for cell in read.cells if id(cell[1]) not in bad]
    dropped_rows = list({id(row): row for _, row, _ in read.cells if whole or id(row) in bad}.values())
    return replace(read, cells=kept, unresolved=[*read.unresolved, *dropped_rows])


def _value(cell: CellValue, text: str, zeros: Callable[[], frozenset[str]]) -> float | None:
    if cell.value is not None:
        return cell.value
    mark = text[cell.start : cell.end].strip()
    return 0.0 if (mark or EMPTY) in zeros() else None


def _emit(read: TableRead, text: str, zeros: Callable[[], frozenset[str]], result: StandardResult) -> None:
    units = _metric_units()
    total_known = "total" in APPLICANTS
    values, blanks, unmapped = result.values, result.blanks, result.unmapped
    # (applicant, column label, known applicant) of each column: the same for every row
    columns = [(column.key, column.label, column.key in APPLICANTS) for column in read.columns]
    for standard_row, row, reading in read.cells:
        snippet = row.snippet(text)
        start, end = row.start, row.end
        if columns:  # one metric, a column per applicant
            metric_ids = repeat(standard_row.metric_ids[0])
            targets = columns
        else:  # a metric per column, every one the total
            metric_ids = standard_row.metric_ids
            targets = repeat(("total", "", total_known))
        for metric_id, (applicant, column_label, known), cell in zip(metric_ids, targets, reading):
            if cell is NOT_PRINTED:
                continue
            unit = units[metric_id]
            value = cell.value if cell.value is not None else _value(cell, text, zeros)  # most cells hold a figure
            if not known:
                unmapped.append(unmapped_value(f"{standard_row.label} {column_label}", None, value, snippet, start, end))
            else:
                # A blank mark (无, /, —, an empty cell) states no figure, but it says the row has nothing in
                # this column: kept without a value, which the sum checks count as an empty part.
                (values if value is not None else blanks).append(
                    metric_value(metric_id, value, "table", snippet, start, end, applicant, "year", unit)
                )
    for row in read.unresolved:
        unmapped.extend(unplaced_row(row, text))


@cache
def _metric_units() -> dict[str, str | None]:
    """Each metric's unit (None when the catalog gives none), built once: _emit looks one up for every cell."""
    return {metric.metric_id: metric.unit or None for metric in load_catalog().metrics}


def unplaced_row(row: PrintedRow, text: str, period: str = "year") -> list[UnmappedValue]:
    """A row no metric could take: each figure kept with the row's label; digits that may be several cells
    run together (glued to text, or a standard row's only figure) are kept once, with no value, so the raw
    text stays findable but no guessed figure is stored."""
    snippet = row.snippet(text)
    kept = []
    loose = len(row.figures) == 1  # a property that lists the figures: counted once, not once per figure
    for token in row.tokens:
        if token.kind != NUMBER:
            continue
        value = None if is_splittable(token, loose=loose) else token.value
        kept.append(unmapped_value(row.label or "", token.suffix or None, value, snippet, row.start, row.end, period))
    return kept or [unmapped_value(row.label or "", None, None, snippet, row.start, row.end, period)]
