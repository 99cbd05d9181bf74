"""A category table's rows have their figures counted once (category_tables._rows), for the rows' split and
for the width test both (a table with a row of more than two figures is no category list). The test that
way says what counting each row again said, on the regions of real and synthetic reports and on tables
made wide or narrow on purpose."""

from __future__ import annotations

from pathlib import Path

from pipeline.extract import category_tables
from pipeline.extract.category_tables import CATEGORY_HEADER_WORDS, _is_total, is_category_table
from pipeline.extract.labels import match_metric
from pipeline.tables.regions import TableRegion, find_regions
from pipeline.tables.rows import build_rows, figure_count
from pipeline.tables.tokens import tokenize
from tests.conftest import cleaned_report_texts


def _counted_per_row(region: TableRegion, template: str | None, text: str) -> bool:
    """is_category_table as first written: every row with figures counted again for the width test."""
    header, rows, _ = category_tables._rows(region, text)
    if len(rows) < 2 or any(figure_count(row.values) > 2 for row, _, _ in rows):
        return False
    says_breakdown = any(_is_total(label) for _, label, _ in rows) or any(w in header for w in CATEGORY_HEADER_WORDS)
    if not says_breakdown:
        return False
    entries = [label for _, label, _ in rows if not _is_total(label)]
    named_metrics = sum(match_metric(label, template) is not None for label in entries)
    return named_metrics * 2 < len(entries)


def _regions(text: str) -> list[TableRegion]:
    return find_regions(build_rows(tokenize(text)), text)


def test_the_width_test_says_what_counting_each_row_said(tmp_path: Path, shared_corpus: Path) -> None:
    texts = cleaned_report_texts(tmp_path, shared_corpus, seed=17, reports=40)
    regions = 0
    for text in texts:
        for region in _regions(text):
            for template in ("v2008", "v2019", None):
                assert is_category_table(region, template, text) == _counted_per_row(region, template, text)
            regions += 1
    assert regions > 20


CATEGORY_LIST = """信息类别 | 数量（条）
| 工作动态 | 46 |
| 通知公告 | 12 |
| 政策文件 | 9 |
| 合计 | 67 |
"""


def test_a_row_of_three_figures_makes_a_list_no_category_table() -> None:
    assert is_category_table(_regions(CATEGORY_LIST)[0], "v2008", CATEGORY_LIST)
    wide = CATEGORY_LIST.replace("| 12 |", "| 12 | 3 | 4 |")
    region = _regions(wide)[0]
    assert max(figure_count(row.values) for row in region.rows) == 3
    assert not is_category_table(region, "v2008", wide)
    assert not _counted_per_row(region, "v2008", wide)
