"""Table extraction on real corpus reports and on reports written for these tests, one per layout.

Every expected figure below was written by hand (fixtures/tables/*.expected.json) or labelled by hand
(../shared/corpus/labels), never produced by the extractor.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.clean import clean_text
from pipeline.extract.standard_template import standard_rows
from pipeline.extract.tables import extract_tables
from pipeline.ingest import read_file, scan_raw_folder
from pipeline.model import Document, Extraction, Identity

FIXTURES = Path(__file__).parent / "fixtures" / "tables"


def document(text: str) -> Document:
    return Document(content_sha256="test", part=1, kind="annual_report", text=clean_text(text).text)


def extract(text: str, template: str | None = None) -> tuple[Document, Extraction]:
    doc = document(text)
    return doc, extract_tables(doc, Identity(template=template))


def found(extraction: Extraction) -> dict[str, float]:
    out: dict[str, float] = {}
    for value in extraction.values:
        out.setdefault(f"{value.metric_id}|{value.applicant}|{value.period}", value.value)
    return out


def assert_provenance(doc: Document, extraction: Extraction) -> None:
    for record in [*extraction.values, *extraction.unmapped, *extraction.categories]:
        assert doc.text[record.char_start : record.char_end] == record.snippet
    assert all(value.method == "table" for value in extraction.values)


@pytest.mark.parametrize(
    ("name", "template"),
    [
        ("v2021_crawler_run_together.txt", "v2021"),  # crawler page: every cell run together
        ("v2021_pdf_markdown_fragments.md", "v2021"),  # PDF->Markdown: tables in fragments, labels detached
        ("v2019_pdf_text.txt", None),  # pdfplumber text: wrapped labels, vertical group labels, dashes
        ("v2008_national_pipe.txt", "v2008"),  # HTML table as pipe rows; labels repeated under sections
        ("v2008_cell_per_line.txt", "v2008"),  # one cell per line, 本年度 and 历年累计
    ],
)
def test_fixture_reports(name, template):
    doc, extraction = extract((FIXTURES / name).read_text(encoding="utf-8"), template)
    expected = json.loads((FIXTURES / f"{Path(name).stem}.expected.json").read_text(encoding="utf-8"))
    got = found(extraction)
    assert {k: got.get(k) for k in expected} == expected
    assert set(got) <= set(expected)
    assert_provenance(doc, extraction)


def test_rows_without_a_metric_are_kept_as_unmapped():
    _, extraction = extract((FIXTURES / "v2008_cell_per_line.txt").read_text(encoding="utf-8"), "v2008")
    kept = {(u.label, u.value, u.period) for u in extraction.unmapped}
    assert kept == {("政务公开栏更新期数", 12.0, "year"), ("政务公开栏更新期数", 96.0, "cumulative")}
    _, extraction = extract((FIXTURES / "v2008_national_pipe.txt").read_text(encoding="utf-8"), "v2008")
    assert [(u.label, u.unit, u.value) for u in extraction.unmapped] == [("网上政务服务事项办理数", "件", 3021.0)]


def test_category_tables():
    _, extraction = extract((FIXTURES / "v2008_category_tables.txt").read_text(encoding="utf-8"), "v2008")
    expected = json.loads((FIXTURES / "v2008_category_tables.expected.json").read_text(encoding="utf-8"))["categories"]
    got = [[c.parent_metric_id, c.label, c.value, c.share_pct, c.list_total] for c in extraction.categories]
    assert got == expected
    assert [c.list_no for c in extraction.categories] == [1] * 5 + [2] * 3
    assert all(c.list_kind == "complete" for c in extraction.categories)
    assert extraction.values == []


V2021_PIPE = """二、主动公开政府信息情况
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | — | — | — |
| 行政规范性文件 | 3 | / | 40 |
| 行政许可 | 120 | 120 | 120 |
| 行政处罚 | 15 | 15 | 15 |
| 行政强制 |  |  |  |
| 行政事业性收费 | 2.5 | 2.5 | 2.5 |
三、收到和处理政府信息公开申请情况
| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 法人或其他组织小计 | 总计 |
| 一、本年新收政府信息公开申请数量 | 9 | 2 | 0 | 0 | 1 | 0 | 3 | 12 |
| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 |
| （一）予以公开 | 5 | 1 | 0 | 0 | 1 | 0 | 2 | 7 |
| （三）不予公开 | 小计 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 |
| （三）不予公开 | 5.属于三类内部事务信息 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 |
| （七）总计 | 8 | 2 | 0 | 0 | 1 | 0 | 3 | 11 |
| 四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 2 |
四、政府信息公开行政复议、行政诉讼情况
| 1 | 0 | 0 | 0 | 1 | — | — | — | — | — | 0 | 0 | 0 | 0 | 0 |
五、存在的主要问题及改进情况
"""


def test_dashes_are_not_stated_and_the_subtotal_column_is_kept_unmapped():
    _, extraction = extract(V2021_PIPE, "v2021")
    got = found(extraction)
    assert "proactive.regulations.issued|total|year" not in got
    assert got["proactive.normative_docs.issued|total|year"] == 3
    assert "proactive.normative_docs.repealed|total|year" not in got
    assert got["proactive.licensing.decisions|total|year"] == 120  # one merged cell repeated by the ingestion
    assert "proactive.enforcement.decisions|total|year" not in got
    assert got["proactive.fees.amount|total|year"] == 2.5
    assert got["requests.new_received|legal_service|year"] == 1 and got["requests.new_received|total|year"] == 12
    assert got["requests.denied|natural_person|year"] == 1  # an agency's 小计 row
    assert got["requests.denied.internal_affairs|total|year"] == 1
    assert "litigation.direct.total|total|year" not in got and got["review.total|total|year"] == 1
    subtotals = [u for u in extraction.unmapped if u.label.endswith("法人或其他组织小计")]
    assert {(u.label.split()[0], u.value) for u in subtotals} >= {("一、本年新收政府信息公开申请数量", 3.0)}


def test_dashes_are_zero_where_the_report_says_so():
    _, extraction = extract(V2021_PIPE.replace("五、", "注：表中“—”表示0。\n五、"), "v2021")
    got = found(extraction)
    assert got["proactive.regulations.issued|total|year"] == 0
    assert got["litigation.direct.total|total|year"] == 0
    assert "proactive.enforcement.decisions|total|year" not in got  # empty cells are still not stated


def test_an_ambiguous_run_is_kept_as_unmapped_without_a_value():
    text = "二、主动公开政府信息情况 信息内容 本年制发件数 本年废止件数 现行有效件数 规章000行政规范性文件81225第二十条\n三、收到"
    _, extraction = extract(text, "v2021")
    got = found(extraction)
    assert got["proactive.regulations.in_force|total|year"] == 0
    assert not any(k.startswith("proactive.normative_docs") for k in got)  # 8|12|25, 81|2|25, 8|1|225 ...
    (kept,) = [u for u in extraction.unmapped if "行政规范性文件" in u.label]
    assert kept.value is None and "81225" in kept.snippet


def test_prose_confirms_a_run_the_table_cannot_cut():
    text = (
        "一、总体情况 集中公开现行有效行政规范性文件225件，本年度制发行政规范性文件8件。"
        "二、主动公开政府信息情况 信息内容 本年制发件数 本年废止件数 现行有效件数 规章000行政规范性文件81225第二十条\n三、收到"
    )
    got = found(extract(text, "v2021")[1])
    # of 8|1|225, 8|12|25, 81|2|25, 8|122|5 ... only 8|1|225 has both figures the sentences state
    assert [got[f"proactive.normative_docs.{c}|total|year"] for c in ("issued", "repealed", "in_force")] == [8, 1, 225]


def test_v2008_run_together_is_cut_by_the_tables_own_sums():
    text = "附件:统计表 指标名称计量单位2012年度历年累计主动公开信息数条3121980其中:1.网站公开条3001874" "2.政府公报公开条12106行政复议数条00"
    got = found(extract(text, "v2008")[1])
    assert got == {
        "proactive.total|total|year": 312, "proactive.total|total|cumulative": 1980,
        "proactive.channel.website|total|year": 300, "proactive.channel.website|total|cumulative": 1874,
        "proactive.channel.gazette|total|year": 12, "proactive.channel.gazette|total|cumulative": 106,
        "review.total|total|year": 0, "review.total|total|cumulative": 0,
    }


def test_no_table_no_values():
    doc, extraction = extract("2013年新增主动公开政府信息45条。未收到政府信息公开申请。兼职人员1人。", "v2008")
    assert extraction.values == [] and extraction.categories == []


# --- the labelled corpus --------------------------------------------------------------------------------


def corpus_document(shared_corpus: Path, name: str) -> Document:
    """The corpus file as the ingestion reads it (PDF tables come as pipe rows)."""
    raw_dir = shared_corpus / "raw"
    scanned = scan_raw_folder(raw_dir)
    files = scanned[0] if isinstance(scanned, tuple) else scanned
    (raw_file,) = [f for f in files if f.source_path == name]
    documents, _ = read_file(raw_dir, raw_file)
    return documents[0]


def labelled(label: dict) -> dict[str, float]:
    return {f"{m['metric_id']}|{m.get('applicant') or 'total'}|{m.get('period') or 'year'}": m["value"] for m in label["metrics"]}


@pytest.mark.parametrize(
    "name",
    ["g19-001.pdf", "g19-006.md", "g19-010.txt", "g08-001.txt", "g08-004.txt", "001_04dfc2abbda1a333.txt", "000_43c1841bfbcc1cf0.txt", "g08-012.txt"],
)
def test_corpus_values_are_right_and_nothing_is_invented(shared_corpus, corpus_labels, name):
    label = corpus_labels[Path(name).stem]
    doc = corpus_document(shared_corpus, name)
    extraction = extract_tables(doc, Identity(template=label["template"]))
    got = found(extraction)
    want = labelled(label)
    assert {k: v for k, v in got.items() if k in want and v != want[k]} == {}
    assert set(got) - set(want) == set()
    assert_provenance(doc, extraction)


# The labelled values each file's tables hold (the rest of its labels are stated in prose).
TABLE_VALUES = {
    "g19-001.pdf": 200,  # 二 10 + 三 25 rows x 7 + 四 15
    "g19-010.txt": 200,  # the crawler's run-together page
    "g19-006.md": 198,  # every labelled cell; 二 is split and its 规章/规范性文件 rows lost their 本年废止件数 cell
    "g08-001.txt": 32,
    "g08-004.txt": 32,
    "001_04dfc2abbda1a333.txt": 30,
}


@pytest.mark.parametrize("name", sorted(TABLE_VALUES))
def test_corpus_table_values_are_all_found(shared_corpus, corpus_labels, name):
    label = corpus_labels[Path(name).stem]
    got = found(extract_tables(corpus_document(shared_corpus, name), Identity(template=label["template"])))
    assert len(set(got) & set(labelled(label))) == TABLE_VALUES[name]


def test_corpus_fragmented_tables_give_every_request_and_review_cell(shared_corpus, corpus_labels):
    label = corpus_labels["g19-006"]
    got = found(extract_tables(corpus_document(shared_corpus, "g19-006.md"), Identity(template="v2021")))
    printed = {r.metric_ids[0] for r in standard_rows("requests", "v2021") if not r.optional}
    printed |= {m for r in standard_rows("review", "v2021") for m in r.metric_ids}
    table_keys = {k for k in labelled(label) if k.split("|")[0] in printed}
    assert table_keys <= set(got)


def test_corpus_unmapped_rows(shared_corpus, corpus_labels):
    extraction = extract_tables(corpus_document(shared_corpus, "g08-001.txt"), Identity(template="v2008"))
    assert {(u.label, u.value, u.period) for u in extraction.unmapped} == {
        ("3.电子邮件申请数", 0.0, "year"),
        ("3.电子邮件申请数", 0.0, "cumulative"),
    }


def test_corpus_category_table(shared_corpus, corpus_labels):
    extraction = extract_tables(corpus_document(shared_corpus, "000_43c1841bfbcc1cf0.txt"), Identity(template="v2008"))
    expected = [(c["parent"], c["label"], c["value"]) for c in corpus_labels["000_43c1841bfbcc1cf0"]["categories"]]
    assert [(c.parent_metric_id, c.label, c.value) for c in extraction.categories] == expected
    assert {c.list_total for c in extraction.categories} == {79.0}


TOTAL_FIRST = """三、收到和处理政府信息公开申请情况
| 申请人情况 | 总计 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |
| 一、本年新收政府信息公开申请数量 | 12 | 9 | 2 | 0 | 0 | 1 | 0 |
| 二、上年结转政府信息公开申请数量 | 1 | 1 | 0 | 0 | 0 | 0 | 0 |
| （一）予以公开 | 7 | 5 | 1 | 0 | 0 | 1 | 0 |
| （七）总计 | 11 | 8 | 2 | 0 | 0 | 1 | 0 |
| 四、结转下年度继续办理 | 2 | 2 | 0 | 0 | 0 | 0 | 0 |
四、政府信息公开行政复议、行政诉讼情况
"""


def test_columns_are_placed_by_the_rows_arithmetic_not_by_position():
    got = found(extract(TOTAL_FIRST, "v2021")[1])
    assert got["requests.new_received|total|year"] == 12
    assert got["requests.new_received|natural_person|year"] == 9
    assert got["requests.granted|legal_service|year"] == 1


def test_columns_no_layout_explains_are_not_read():
    scrambled = TOTAL_FIRST.replace("| 12 | 9 | 2 |", "| 9 | 12 | 2 |").replace("| 7 | 5 | 1 |", "| 5 | 7 | 1 |")
    scrambled = scrambled.replace("| 11 | 8 | 2 |", "| 8 | 11 | 2 |")
    doc, extraction = extract(scrambled, "v2021")
    assert not any(v.metric_id.startswith("requests.") for v in extraction.values)
    assert {u.value for u in extraction.unmapped} >= {9.0, 12.0, 5.0, 7.0}  # every figure is kept, unplaced


def test_a_merged_last_cell_is_one_cell_and_an_empty_first_cell_is_a_cell():
    text = (
        "二、主动公开政府信息情况\n| 信息内容 | 上一年项目数量 | 本年增/减 | 本年增/减 |\n"
        "| 行政事业性收费 |  | -1 | -1 |\n| 信息内容 | 采购项目数量 | 采购总金额 | 采购总金额 |\n"
        "| 政府集中采购 | 12 | 350.5 | 350.5 |\n三、收到和处理政府信息公开申请情况\n"
    )
    got = found(extract(text, "v2019")[1])
    assert "proactive.fees.items_prev_year|total|year" not in got
    assert got["proactive.fees.items_change|total|year"] == -1
    assert (got["proactive.procurement.projects|total|year"], got["proactive.procurement.amount|total|year"]) == (12, 350.5)


def test_a_table_flattened_onto_one_line_keeps_the_empty_cell_after_a_label_apart_from_the_row_boundary():
    # every row's "| |" boundary stands before its label; "| |" after the label is the row's own empty cell
    text = (
        "二、主动公开政府信息情况 | 第二十条第（八）项 | | 信息内容 | 上一年项目数量 | 本年增/减 | 本年增/减 | "
        "| 行政事业性收费 | 8 | -2 | -2 | | 第二十条第（九）项 | | 信息内容 | 采购项目数量 | 采购总金额 | 采购总金额 | "
        "| 政府集中采购 | | 218.2 | 218.2 | 三、收到和处理政府信息公开申请情况\n"
    )
    got = found(extract(text, "v2019")[1])
    assert "proactive.procurement.projects|total|year" not in got
    assert got["proactive.procurement.amount|total|year"] == 218.2
    assert (got["proactive.fees.items_prev_year|total|year"], got["proactive.fees.items_change|total|year"]) == (8, -2)


def test_rows_that_lost_their_blank_cells_are_not_read_as_a_narrower_layout():
    text = (
        "三、收到和处理政府信息公开申请情况\n申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他\n"
        "一、本年新收政府信息公开申请数量 177 14 3 5 10 9 218\n二、上年结转政府信息公开申请数量 2 2\n"
        "(一)予以公开 80 6 3 2 9 100\n(二)部分公开(区分处理的,只计这一情形,不计其他情形) 5 1 6\n"
        "1.属于国家秘密 1 1\n(七)总计 170 12 3 5 10 9 209\n四、结转下年度继续办理 9 2 11\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
    )
    got = found(extract(text, "v2021")[1])
    assert got["requests.new_received|total|year"] == 218 and got["requests.processed_total|other_org|year"] == 9
    assert not any(k.startswith(("requests.granted", "requests.carried_over", "requests.partially")) for k in got)


def test_prose_evidence_reads_thousands_and_ignores_one_digit_numbers():
    text = (
        "2018年,我县共主动公开政府信息1,676条,其中1月份发布较多。\n"
        "附表 指标名称计量单位2018年度历年累计主动公开信息数条16761676行政复议数条00行政诉讼数条00\n"
    )
    got = found(extract(text, "v2008")[1])
    assert (got["proactive.total|total|year"], got["proactive.total|total|cumulative"]) == (1676, 1676)


PDF_TABLE_TWO = (
    "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n"
    "{regulations}\n行政规范性文件 3 1 30\n第二十条第（五）项\n信息内容\n本年处理决定数量\n行政许可 56\n"
    "第二十条第（六）项\n信息内容\n本年处理决定数量\n行政处罚 77\n行政强制 4\n"
    "三、收到和处理政府信息公开申请情况\n"
)


def test_a_row_whose_blank_marks_stand_apart_from_its_figures_is_not_read_by_position():
    # PDF text put the row's 无 on a line of its own, before its figures: which column it was is lost
    doc, got = extract(PDF_TABLE_TWO.format(regulations="规章\n无\n1 54"), "v2021")
    values = found(got)
    assert not any(key.startswith("proactive.regulations.") for key in values)
    assert values["proactive.normative_docs.in_force|total|year"] == 30
    assert {u.value for u in got.unmapped if "规章" in u.label} >= {1, 54}  # kept, unplaced


def test_a_row_on_the_line_after_its_label_keeps_its_cells_order():
    values = found(extract(PDF_TABLE_TWO.format(regulations="规章\n无 1 54"), "v2021")[1])
    assert values["proactive.regulations.issued|total|year"] == 0  # 无, in the first column
    assert values["proactive.regulations.repealed|total|year"] == 1
    assert values["proactive.regulations.in_force|total|year"] == 54


def test_a_row_whose_blank_marks_stand_among_its_figures_on_one_line_is_read():
    values = found(extract(PDF_TABLE_TWO.format(regulations="规章 1 无 54"), "v2021")[1])
    assert values["proactive.regulations.issued|total|year"] == 1
    assert values["proactive.regulations.in_force|total|year"] == 54


STANDARD_FIXTURES = [
    *sorted(FIXTURES.glob("*.txt")),
    *sorted(FIXTURES.glob("*.md")),
    *sorted((Path(__file__).parent / "fixtures" / "ingest").glob("*.txt")),
]


@pytest.mark.parametrize("path", STANDARD_FIXTURES, ids=lambda path: path.name)
@pytest.mark.parametrize("hint", [None, "v2008", "narrative"])
def test_the_quick_test_for_no_standard_table_never_changes_what_is_found(path, hint, monkeypatch):
    from pipeline.extract import standard_tables

    text = document(path.read_text(encoding="utf-8")).text
    quick = standard_tables.extract_standard_tables(text, hint)
    monkeypatch.setattr(standard_tables, "_cannot_hold_standard_table", lambda text: False)
    assert repr(standard_tables.extract_standard_tables(text, hint)) == repr(quick)


def test_the_quick_test_skips_v2008_reports_and_keeps_standard_ones():
    from pipeline.extract.standard_tables import _cannot_hold_standard_table

    assert _cannot_hold_standard_table(document((FIXTURES / "v2008_national_pipe.txt").read_text(encoding="utf-8")).text)
    for name in ("v2019_pdf_text.txt", "v2021_crawler_run_together.txt", "v2021_pdf_markdown_fragments.md"):
        assert not _cannot_hold_standard_table(document((FIXTURES / name).read_text(encoding="utf-8")).text)


def test_the_quick_test_finds_words_core_reads_through_numbering_punctuation_and_spaces():
    from pipeline.extract.labels import core
    from pipeline.extract.standard_tables import _cannot_hold_standard_table

    for spelled, word in [
        ("未经复议\n直接起诉", "未经复议直接起诉"),
        ("结果(一)维持", "结果维持"),
        ("商业\u3000企业", "商业企业"),
        ("其它结果", "其他结果"),
        ("本年制发件数", "本年制发件数"),
    ]:
        assert word in core(spelled)
        assert not _cannot_hold_standard_table(f"全年无行政复议。{spelled}")
    assert _cannot_hold_standard_table("全年无行政复议,无行政诉讼。")
    assert not _cannot_hold_standard_table("全年无行政复议,无行政诉讼。\uf900")  # not NFKC-normalized: searched
