"""Table 三 with every numbering lost (no 一、, （一）, 1.): the first row's label runs into the header note
("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况 自然人 … 其他 本年新收政府信息公开申请数量
713000074"), and that long label with its clause breaks was left out as a sentence: the row's 7 cells were lost.
Now the row's own label is the last words of the header that name a template row.

Figures: the Pingtan 2022 report (shared corpus g19-010), its table text with every numbering removed.
"""

from __future__ import annotations

import re

from pipeline.clean import clean_text
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Identity
from tests.test_extract_tables_unnumbered_rows import CLOSING, EXPECTED, OPENING, REPORT_TEXT, extract

HEADING = "三、收到和处理政府信息公开申请情况"


def _without_numbering(text: str) -> str:
    body = text[len(HEADING) :]
    body = re.sub(r"(?<=[\d ）)])\d\.(?=[\u4e00-\u9fff])", "", body)  # 1.属于国家秘密
    body = re.sub(r"[一二三四]、", "", body)  # 一、本年新收
    body = re.sub(r"（[一二三四五六七]）", "", body)  # （一）予以公开
    return HEADING + body


UNNUMBERED = _without_numbering(REPORT_TEXT)


def test_fixture_has_no_numbering() -> None:
    assert "一、" not in UNNUMBERED and "（一）" not in UNNUMBERED and "1.属于" not in UNNUMBERED
    assert "其他 本年新收政府信息公开申请数量 713000074" in UNNUMBERED


def test_every_cell_of_a_table_without_numbering() -> None:
    assert extract(UNNUMBERED) == EXPECTED


def test_first_row_spaced_into_the_header() -> None:
    """The same with the run-together cells spaced apart (a text export): the first row is still found."""
    spaced = UNNUMBERED.replace("本年新收政府信息公开申请数量 713000074", "本年新收政府信息公开申请数量 71 3 0 0 0 0 74")
    assert extract(spaced) == EXPECTED


def test_header_words_without_a_row_stay_header() -> None:
    """A figure after header words that name no row (a date in the note) is no row: nothing new is read."""
    dated = UNNUMBERED.replace("申请人情况", "统计时间2022年 申请人情况", 1)
    found = extract(dated)
    assert found == EXPECTED


def test_a_sentence_before_the_table_is_no_row() -> None:
    """A sentence with a figure between the heading and the table (its label names a row closely enough) stays
    prose: only a row right before the first row found is taken from the header."""
    body = REPORT_TEXT[len(HEADING) :]
    with_sentence = HEADING + "本年新收政府信息公开申请数量74件。\n" + body
    assert extract(with_sentence) == EXPECTED


def test_a_header_row_the_order_cannot_place_is_left_out() -> None:
    """Header words ending in a word that names a late row (其他, v2021's （六）3.其他) with a figure right before
    the numbered first row: the order places it nowhere, so it is not taken (before as now, nothing is read
    from it)."""
    marked = REPORT_TEXT.replace("法律服务机构 其他 一、", "法律服务机构 其他 2 一、", 1)
    assert "其他 2 一、本年新收" in marked
    assert extract(marked) == EXPECTED
    text = clean_text(OPENING + marked + CLOSING).text
    unmapped = extract_tables(Document("t", 1, "annual_report", text), Identity(template="v2021")).unmapped
    assert not any(u.label == "其他" for u in unmapped)
