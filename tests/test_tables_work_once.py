"""Work the table readers share is done once per document: a row's label after its last sentence end is
worked out once however many readers ask (region finder, header split, category and statistics readers),
and the answer is the one label_after(SENTENCE_END) gives."""

from __future__ import annotations

from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Identity
from pipeline.tables import rows as rows_module
from pipeline.tables.rows import SENTENCE_END, TextRow, build_rows
from pipeline.tables.tokens import tokenize

# A v2008 statistics table as a crawler prints it (one row per line, the header run into the table's title),
# with a sentence before the first row's label; no section heading, so no rows are built for a section.
STATISTICS_TABLE = """本年度主动公开政府信息情况如下。指标名称 计量单位 本年 累计
主动公开政府信息数 条 125 980
其中：1.政府网站公开数 条 118 900
2.政府公报公开数 条 7 80
收到政府信息公开申请数 件 12 40
办结数 件 12 40
"""


def test_label_after_sentence_is_label_after_the_last_sentence_end():
    for row in build_rows(tokenize(STATISTICS_TABLE)):
        assert row.label_after_sentence() == row.label_after(SENTENCE_END)
    first = next(row for row in build_rows(tokenize(STATISTICS_TABLE)) if row.values)
    label, start = first.label_after_sentence()
    assert label.startswith("指标名称") and STATISTICS_TABLE[start:].startswith("指标名称")


class _CountingSearch:
    """SENTENCE_END with its searches counted: every way to a row's label after its last sentence end
    searches the label for one (the joined label, or token by token)."""

    def __init__(self) -> None:
        self.searches = 0

    def search(self, text: str):  # noqa: ANN201 - re.Match | None
        self.searches += 1
        return SENTENCE_END.search(text)

    def finditer(self, text: str):  # noqa: ANN201 - an iterator of re.Match
        self.searches += 1
        return SENTENCE_END.finditer(text)


def test_each_row_label_is_worked_out_once_per_document(monkeypatch):
    counting = _CountingSearch()
    monkeypatch.setattr(rows_module, "SENTENCE_END", counting)
    for row in build_rows(tokenize(STATISTICS_TABLE)):
        row.label_after_sentence()
    once_per_row = counting.searches  # what working out every row's label once takes
    counting.searches = 0
    document = Document("d", 1, "annual_report", STATISTICS_TABLE)
    extraction = extract_tables(document, Identity(template="v2008"))
    assert {(v.metric_id, v.period): v.value for v in extraction.values if v.metric_id == "proactive.total"} == {
        ("proactive.total", "year"): 125, ("proactive.total", "cumulative"): 980
    }
    # the region finder, the header split, the category test and the statistics reader all ask the rows
    assert 0 < counting.searches <= once_per_row


def test_a_table_that_does_not_say_it_is_a_breakdown_is_no_category_table_without_matching_labels(monkeypatch):
    from pipeline.extract import category_tables
    from pipeline.tables.regions import find_regions

    asked: list[str] = []

    def match_metric(label: str, template: str | None = None, parent_hint: str | None = None):  # noqa: ANN202
        asked.append(label)

    monkeypatch.setattr(category_tables, "match_metric", match_metric)
    rows = build_rows(tokenize(STATISTICS_TABLE))
    (region,) = find_regions(rows, STATISTICS_TABLE)
    # no 合计/总计 row and no 类别/条数 header: not a breakdown, whatever its labels name
    assert not category_tables.is_category_table(region, "v2008", STATISTICS_TABLE)
    assert asked == []
    breakdown = STATISTICS_TABLE + "合计 条 132 1060\n"
    (region,) = find_regions(build_rows(tokenize(breakdown)), breakdown)
    assert category_tables.is_category_table(region, "v2008", breakdown)  # the stub names no metric
    assert asked
