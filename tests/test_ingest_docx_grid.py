"""DOCX tables read with the grid worked out once per table give python-docx's own span-expanded grid.

Every test compares with python-docx's walk ([[cell text for cell in row.cells] for row in table.rows]):
merged cells across and down, rows starting late (w:gridBefore), nested tables, and malformed merges, where
the reading must fail exactly as python-docx fails.
"""

from __future__ import annotations

import copy

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from pipeline.ingest import docx as docx_reader


def python_docx_grid(table) -> list[list[str]]:
    return [[docx_reader._cell_text(cell) for cell in row.cells] for row in table.rows]


def merged_table():
    document = docx.Document()
    table = document.add_table(rows=5, cols=4)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"r{r}c{c}"
    table.cell(0, 0).merge(table.cell(2, 0)).text = "三行合并"  # down
    table.cell(0, 1).merge(table.cell(0, 3)).text = "横跨三列"  # across
    table.cell(3, 1).merge(table.cell(4, 2)).text = "两行两列"  # both
    nested = table.cell(4, 3).add_table(rows=1, cols=2)
    nested.cell(0, 0).text, nested.cell(0, 1).text = "内", "表"
    return document, table


def test_merged_and_nested_cells_give_python_docx_grid() -> None:
    _, table = merged_table()
    expected = python_docx_grid(table)
    assert docx_reader._grid_texts(table) == expected  # the fast walk itself, not its fallback
    assert expected[1][:4] == ["三行合并", "r1c1", "r1c2", "r1c3"]
    assert expected[4][1:3] == ["两行两列", "两行两列"]
    assert expected[0][1:4] == ["横跨三列"] * 3


def test_a_row_that_starts_late_keeps_python_docx_positions() -> None:
    _, table = merged_table()
    tr = table._tbl.tr_lst[3]
    tr.remove(tr.tc_lst[0])
    tr.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:gridBefore w:val="1"/></w:trPr>'))
    assert docx_reader._grid_texts(table) == python_docx_grid(table)


def continued_in_top_row():
    _, table = merged_table()
    tc = table._tbl.tr_lst[0].tc_lst[1]
    tc.get_or_add_tcPr().append(parse_xml(f'<w:vMerge {nsdecls("w")}/>'))
    return table


def continued_where_the_row_above_has_no_cell():
    _, table = merged_table()
    above = table._tbl.tr_lst[1]
    above.remove(above.tc_lst[-1])
    last = table._tbl.tr_lst[2].tc_lst[-1]
    last.get_or_add_tcPr().append(parse_xml(f'<w:vMerge {nsdecls("w")}/>'))
    return table


def bad_span():
    _, table = merged_table()
    tc = copy.deepcopy(table._tbl.tr_lst[2].tc_lst[1])
    tc.get_or_add_tcPr().append(parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="x"/>'))
    table._tbl.tr_lst[2].append(tc)
    return table


@pytest.mark.parametrize("make", [continued_in_top_row, continued_where_the_row_above_has_no_cell, bad_span])
def test_malformed_merges_fail_as_python_docx_fails(make) -> None:
    table = make()
    with pytest.raises(Exception) as expected:
        python_docx_grid(table)
    with pytest.raises(Exception) as got:
        docx_reader._table_rows(table)
    assert (type(got.value), str(got.value)) == (type(expected.value), str(expected.value))


def test_content_control_rows_are_read_as_python_docx_reads_them() -> None:
    _, table = merged_table()
    tr = table._tbl.tr_lst[1]
    control = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtContent/></w:sdt>')
    control[0].append(tr.tc_lst[-1])
    tr.append(control)
    assert control.find(qn("w:sdtContent")).find(qn("w:tc")) is not None
    assert docx_reader._table_rows(table) == python_docx_grid(table)
