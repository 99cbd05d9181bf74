"""The standard-table reader takes a section's rows from the document's rows instead of building them again:
rows_between(tokens, rows, start, end) gives exactly the rows build_rows makes of the section's tokens alone
(tokens_between), and those rows are the document's own row objects except at the section's edges (its
heading, the label text after its table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.standard_sections import find_sections
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Identity
from pipeline.tables import rows as rows_module
from pipeline.tables.rows import TextRow, build_rows
from pipeline.tables.tokens import tokenize, tokens_between

FIXTURES = Path(__file__).parent / "fixtures" / "tables"
# v2019/v2021 reports in three layouts: PDF text (spaces between cells), run-together crawler text, pipe rows
STANDARD_REPORTS = ["v2019_pdf_text.txt", "v2021_crawler_run_together.txt", "v2021_pdf_markdown_fragments.md"]
CORPUS_REPORTS = ["g19-006.md", "g19-010.txt", "001_04dfc2abbda1a333.txt", "000_43c1841bfbcc1cf0.txt"]


def _shape(rows: list[TextRow]) -> list[tuple]:
    return [(tuple(row.labels), tuple(row.values), row.piped) for row in rows]


def _spans(text: str) -> list[tuple[int, int]]:
    """Each section of the report, and spans from every line start to a later one and into a line's middle
    (a heading can end anywhere on its line)."""
    spans = [(section.body, section.end) for section in find_sections(text).values()]
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    for index, start in enumerate(starts):
        for end in starts[index + 1 :: 7]:
            spans.append((start, end))
            spans.append((start + 3, min(end + 5, len(text))))
    return spans


def _check_spans(text: str) -> None:
    tokens = tokenize(text)
    document_rows = build_rows(tokens)
    for start, end in _spans(text):
        expected = build_rows(tokens_between(tokens, start, end))
        assert _shape(rows_module.rows_between(tokens, document_rows, start, end)) == _shape(expected), (start, end)


@pytest.mark.parametrize("name", STANDARD_REPORTS)
def test_rows_between_are_the_rows_of_the_span_alone(name):
    _check_spans((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", CORPUS_REPORTS)
def test_rows_between_on_corpus_reports(shared_corpus, name):
    from tests.test_extract_tables import corpus_document

    _check_spans(corpus_document(shared_corpus, name).text)


@pytest.mark.parametrize("name", STANDARD_REPORTS)
def test_a_sections_rows_are_the_documents_own_rows(name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    tokens = tokenize(text)
    document_rows = build_rows(tokens)
    own = {id(row) for row in document_rows}
    sections = find_sections(text)
    assert set(sections) == {"proactive", "requests", "review"}
    reused = rebuilt = 0
    for section in sections.values():
        rows = rows_module.rows_between(tokens, document_rows, section.body, section.end)
        section_rebuilt = sum(id(row) not in own for row in rows)
        assert section_rebuilt <= 2, (section.table, len(rows), section_rebuilt)  # the heading's, the last one's
        reused, rebuilt = reused + len(rows) - section_rebuilt, rebuilt + section_rebuilt
    assert reused > 2 * rebuilt


class _CountingSplit:
    """rows._with_glued_marks_split with the tokens it is given counted: build_rows hands it every token it
    builds rows from."""

    def __init__(self) -> None:
        self.tokens = 0
        self.split = rows_module._with_glued_marks_split

    def __call__(self, tokens):  # noqa: ANN001, ANN204
        self.tokens += len(tokens)
        return self.split(tokens)


@pytest.mark.parametrize("name", STANDARD_REPORTS)
def test_extraction_builds_rows_from_each_token_about_once(monkeypatch, name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    counting = _CountingSplit()
    monkeypatch.setattr(rows_module, "_with_glued_marks_split", counting)
    extraction = extract_tables(Document("d", 1, "annual_report", text), Identity(template="v2021"))
    assert any(value.metric_id.startswith("requests.") for value in extraction.values)
    # the document's rows once, plus the tokens at the sections' edges (headings, text after a table, a
    # one-row table 四) and table 三's header; building every section again took each token about twice
    assert counting.tokens <= len(tokenize(text)) * 1.5
