"""Table 二 as a PDF-to-Markdown converter prints it: split into pieces, the 规章 and 行政规范性文件 rows after
the 第二十条 items, and the empty 本年废止件数 cell dropped so those rows print two figures for three columns
("| 规章 | 22 | 235 |", as in the Shanghai report g19-006 of the labelled corpus).

Rows out of the template's order are placed by an exact row name; a two-figure row is read as 本年制发 | — |
现行有效 only when the report's own sentences state its first figure as that kind of document (not one
repealed or revised) and the stock is at least what the year issued. Otherwise its figures stay unmapped."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean import clean_text
from pipeline.extract import extract
from pipeline.extract.tables import extract_tables
from pipeline.identity import identify
from pipeline.ingest import read_file, scan_raw_folder
from pipeline.model import Document, Identity

ITEMS_FIRST = """二、主动公开政府信息情况
第二十条第（五）项
信息内容\t本年处理决定数量
行政许可\t12
第二十条第（六）项
信息内容\t本年处理决定数量
行政处罚\t30
行政强制\t0
第二十条第（八）项
信息内容\t本年收费金额（单位：万元）
行政事业性收费\t0
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
|---|---|---|---|
## 表二：主动公开政府信息情况
{regulations}
|---|---|---|
## 表二：主动公开政府信息情况
{normative}
|---|---|---|

三、收到和处理政府信息公开申请情况
"""
OPENING = "某市人民政府办公室2023年政府信息公开工作年度报告\n一、总体情况\n{prose}\n"


def _table_values(prose: str, regulations: str, normative: str) -> tuple[dict[str, float], list[float]]:
    raw = OPENING.format(prose=prose) + ITEMS_FIRST.format(regulations=regulations, normative=normative)
    text = clean_text(raw).text
    extraction = extract_tables(Document("t", 1, "annual_report", text), Identity(template="v2021"))
    values = {v.metric_id: v.value for v in extraction.values if v.metric_id.startswith("proactive.")}
    return values, sorted(u.value for u in extraction.unmapped if u.value is not None)


def test_rows_printed_after_the_items_are_placed_by_their_names() -> None:
    values, unmapped = _table_values("本年度我市持续推进政务公开。", "| 规章 | 3 | 1 | 120 |", "| 行政规范性文件 | 8 | 2 | 96 |")
    assert values == {
        "proactive.licensing.decisions": 12, "proactive.penalty.decisions": 30, "proactive.enforcement.decisions": 0,
        "proactive.fees.amount": 0,
        "proactive.regulations.issued": 3, "proactive.regulations.repealed": 1, "proactive.regulations.in_force": 120,
        "proactive.normative_docs.issued": 8, "proactive.normative_docs.repealed": 2,
        "proactive.normative_docs.in_force": 96,
    }  # fmt: skip
    assert unmapped == []


def test_two_figures_read_as_issued_and_in_force_when_the_prose_states_the_issued() -> None:
    prose = "全年主动公开市政府规章3件、市政府及市政府办公厅行政规范性文件8件、人事任免文件19件。"
    values, unmapped = _table_values(prose, "| 规章 | 3 | 120 |", "| 行政规范性文件 | 8 | 96 |")
    assert {k: v for k, v in values.items() if ".regulations." in k or ".normative_docs." in k} == {
        "proactive.regulations.issued": 3, "proactive.regulations.in_force": 120,
        "proactive.normative_docs.issued": 8, "proactive.normative_docs.in_force": 96,
    }  # fmt: skip
    assert unmapped == []


@pytest.mark.parametrize(
    "prose",
    [
        "本年度我市持续推进政务公开。",  # nothing says which cell is empty
        "全年废止市政府规章3件、行政规范性文件8件。",  # the figures are repeals, not issues
        "全年修订市政府规章3件，修订行政规范性文件8件。",
        "全年主动公开市政府规章8件、行政规范性文件3件。",  # each figure stated of the other row
    ],
)
def test_two_figures_stay_unmapped_without_the_prose_stating_the_issued(prose: str) -> None:
    values, unmapped = _table_values(prose, "| 规章 | 3 | 120 |", "| 行政规范性文件 | 8 | 96 |")
    assert not any(".regulations." in k or ".normative_docs." in k for k in values)
    assert unmapped == [3, 8, 96, 120]


def test_a_second_figure_below_the_first_is_no_stock() -> None:
    prose = "全年主动公开市政府规章3件、行政规范性文件8件。"
    values, unmapped = _table_values(prose, "| 规章 | 3 | 1 |", "| 行政规范性文件 | 8 | 2 |")
    assert not any(".regulations." in k or ".normative_docs." in k for k in values)
    assert unmapped == [1, 2, 3, 8]


def test_the_shanghai_report_of_the_labelled_corpus(shared_corpus: Path) -> None:
    raw = shared_corpus / "raw"
    files, _ = scan_raw_folder(raw, {})
    (source,) = [f for f in files if Path(f.source_path).stem == "g19-006"]
    (document,) = [d for d in read_file(raw, source)[0] if d.included]
    extraction = extract(document, identify(document))
    found = {v.metric_id: v.value for v in extraction.values if ".regulations." in v.metric_id or ".normative_docs." in v.metric_id}
    assert found == {
        "proactive.regulations.issued": 22, "proactive.regulations.in_force": 235,
        "proactive.normative_docs.issued": 34, "proactive.normative_docs.in_force": 189,
    }  # fmt: skip
