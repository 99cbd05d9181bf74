"""The minus sign (U+2212) and the small hyphen-minus (U+FE63) that Word and PDF converters print read as the
ASCII hyphen-minus: a v2019 本年增/减 of "−3" is the figure -3, and a cell "−" a blank mark. Before, "−3" was
label text and the row lost a column (49 cells missed in 20 random v2019 tables so printed)."""

from __future__ import annotations

from pathlib import Path

from pipeline.clean import clean_text
from pipeline.extract.tables import extract_tables
from pipeline.ingest import read_file, scan_raw_folder
from pipeline.model import Document, Identity

TABLE_二 = "\n".join([
    "二、主动公开政府信息情况",
    "| 第二十条第（五）项 | 第二十条第（五）项 | 第二十条第（五）项 | 第二十条第（五）项 |",
    "| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |",
    "| 行政许可 | 25 | −3 | 5 |",
    "| 其他对外管理服务事项 | 0 | \ufe632 | − |",
    "三、收到和处理政府信息公开申请情况",
])


def test_the_minus_sign_is_folded_by_cleaning() -> None:
    assert clean_text("本年增/减 −3，\ufe632").text.strip() == "本年增/减 -3,-2"


def test_a_decrease_printed_with_the_minus_sign_is_read(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text("某县民政局2019年政府信息公开工作年度报告\n" + TABLE_二 + "\n", encoding="utf-8")
    files, _ = scan_raw_folder(tmp_path)
    (document,), errors = read_file(tmp_path, files[0])
    assert errors == []
    extraction = extract_tables(Document("t", 1, "annual_report", document.text), Identity(template="v2019"))
    values = {v.metric_id: v.value for v in extraction.values}
    assert values["proactive.licensing.items_change"] == -3
    assert values["proactive.other_services.items_change"] == -2
    assert "proactive.other_services.decisions" in {b.metric_id for b in extraction.blanks}
