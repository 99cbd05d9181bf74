"""The same report in every format and encoding gives the same cleaned text and the same tables."""

from __future__ import annotations

import codecs
import importlib.util
import io
import re
import sys
from pathlib import Path

import pytest

from pipeline.clean import clean_text
from pipeline.documents import split_documents
from pipeline.ingest import read_file, scan_raw_folder
from pipeline.ingest import discover
from pipeline.ingest.discover import describe
from pipeline.ingest.html import html_to_text
from pipeline.tables import recognize_tables

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "ingest"
SAMPLE_RAW = PROJECT_ROOT / "data" / "raw"

_spec = importlib.util.spec_from_file_location("ingest_variants", FIXTURES / "variants.py")
variants = importlib.util.module_from_spec(_spec)
sys.modules["ingest_variants"] = variants  # dataclasses look their module up there
_spec.loader.exec_module(variants)


def read_one(folder: Path, name: str, data: bytes):
    path = folder / name
    path.write_bytes(data)
    documents, errors = read_file(folder, describe(folder, path))
    assert errors == []
    assert len(documents) == 1
    return documents[0]


def pipe_grids(text: str) -> list[list[list[str]]]:
    """The pipe tables ingestion rendered into the text (blocks of `| a | b |` rows between blank lines)."""
    found = []
    for block in text.split("\n\n"):
        rows = [line for line in block.splitlines() if line.startswith("| ")]
        if rows and len(rows) == len(block.strip().splitlines()):
            found.append([[cell.strip() for cell in row.strip()[1:-1].split("|")] for row in rows])
    return found


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.replace("\xa0", " ").encode("gbk"),  # GBK has no no-break space; cleaning maps both to " "
        lambda t: t.encode("gb18030"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with BOM
        lambda t: t.encode("utf-16-le"),  # without BOM
        lambda t: t.encode("utf-16-be"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["gbk", "gb18030", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "crlf"],
)
@pytest.mark.parametrize("sample", ["000", "001", "002", "003", "004"])
def test_sample_corpus_text_in_every_encoding_reads_the_same(tmp_path: Path, sample: str, encode) -> None:
    source = next(SAMPLE_RAW.glob(f"{sample}*")).read_text(encoding="utf-8")
    expected = split_documents(clean_text(source), "0" * 64)
    path = tmp_path / "report.txt"
    path.write_bytes(encode(source))
    documents, errors = read_file(tmp_path, describe(tmp_path, path))
    assert errors == []
    assert [d.text for d in documents] == [d.text for d in expected]
    assert [d.kind for d in documents] == [d.kind for d in expected]


@pytest.mark.parametrize("fixture", ["report_v2019.txt", "report_v2008.txt"])
@pytest.mark.parametrize("fmt", ["gbk.txt", "utf16.txt", "utf8.html", "gbk.html", "docx", "pdf"])
def test_structured_report_reads_the_same_in_every_format(tmp_path: Path, fixture: str, fmt: str) -> None:
    blocks = variants.parse((FIXTURES / fixture).read_text(encoding="utf-8"))
    expected = clean_text(variants.to_text(blocks))
    writers = {
        "gbk.txt": lambda: variants.to_text(blocks).encode("gbk"),
        "utf16.txt": lambda: variants.to_text(blocks).encode("utf-16"),
        "utf8.html": lambda: variants.to_html(blocks, "utf-8"),
        "gbk.html": lambda: variants.to_html(blocks, "gbk"),
        "docx": lambda: variants.to_docx(blocks),
        "pdf": lambda: variants.to_pdf(blocks),
    }
    if fmt == "pdf":
        pytest.importorskip("reportlab")
    document = read_one(tmp_path, f"report.{fmt}", writers[fmt]())
    assert document.text == expected.text  # and so are the tables recognised in it
    assert len(pipe_grids(document.text)) == sum(1 for kind, _ in blocks if kind == "table")


def test_merged_cells_are_expanded_in_every_structured_format(tmp_path: Path) -> None:
    blocks = variants.parse((FIXTURES / "report_v2019.txt").read_text(encoding="utf-8"))
    for name, data in [("a.html", variants.to_html(blocks)), ("b.docx", variants.to_docx(blocks))]:
        requests = pipe_grids(read_one(tmp_path, name, data).text)[1]
        assert requests[1][3:8] == ["法人或其他组织"] * 5
        assert requests[2][:2] == [requests[0][0]] * 2
        assert [row[0] for row in requests[5:11]] == ["三、本年度办理结果"] * 6
        assert requests[3] == ["一、本年新收政府信息公开申请数量"] * 2 + ["35", "4", "0", "0", "1", "0", "40"]


def test_corpus_pdf_reads_tables_as_grids_and_page_text_outside_them(shared_corpus: Path) -> None:
    raw = shared_corpus / "raw"
    documents, errors = read_file(raw, describe(raw, raw / "g19-001.pdf"))
    assert errors == []
    (document,) = documents
    assert document.title == "淮安市人民政府2024年政府信息公开工作年度报告"
    assert "全市共受理政府信息公开申请3119件,答复3050件(含上年度结转申请34件" in document.text
    rows = [row for table in recognize_tables(document.text) for row in table.cell_texts()]
    assert ["规章", "1", "0", "11"] in rows
    assert ["三、本年度办理结果", "(一)予以公开", "(一)予以公开", "1288", "21", "0", "0", "50", "3", "1362"] in rows
    assert ["(七)总计", "(七)总计", "2932", "53", "0", "0", "61", "4", "3050"] == rows[rows.index(next(r for r in rows if "(七)总计" in r))][1:]
    assert ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"] in rows
    assert "- 3 -" not in document.text


def test_html_page_furniture_is_dropped_and_the_article_kept() -> None:
    page = """<html><head><meta charset="gb2312"><title>某县2019年政府信息公开工作年度报告_某县人民政府</title></head>
    <body><div id="nav"><a href="/">首页</a><a href="/a">机构</a><a href="/b">政务公开</a><a href="/c">服务</a></div>
    <table width="100%"><tr><td class="content">
      <h2>某县2019年政府信息公开工作年度报告</h2>
      <p>　　2019年，全县主动公开政府信息&nbsp;1286条。</p>
      <p>收到申请<b>40</b>件，均按时答复。<br>未收取费用。</p>
      <table border="1"><tr><th>类别</th><th>条数</th></tr><tr><td>政策文件</td><td>87</td></tr></table>
    </td></tr></table>
    <ul class="list"><li><a href="/1">相关文章一</a></li><li><a href="/2">相关文章二</a></li><li><a href="/3">相关文章三</a></li></ul>
    <div class="footer">版权所有：某县人民政府 ICP备案：X123</div><script>alert(1)</script></body></html>""".encode("gb18030")
    text, truncated = html_to_text(page)
    cleaned = clean_text(text)
    assert not truncated
    assert cleaned.text == (
        "某县2019年政府信息公开工作年度报告\n2019年,全县主动公开政府信息 1286条。\n收到申请40件,均按时答复。\n未收取费用。\n\n"
        "| 类别 | 条数 |\n| 政策文件 | 87 |\n"
    )


def test_html_title_is_kept_when_the_body_lacks_it() -> None:
    page = "<html><head><title>某局2020年政府信息公开工作年度报告</title></head><body><p>一、总体情况</p></body></html>"
    text, _ = html_to_text(page.encode("utf-8"))
    assert clean_text(text).text == "某局2020年政府信息公开工作年度报告\n一、总体情况\n"


def test_html_declaring_gb2312_but_saved_as_utf8_is_read_as_utf8() -> None:
    page = '<html><head><meta charset="gb2312"></head><body><p>全年主动公开政府信息79条。</p></body></html>'
    text, _ = html_to_text(page.encode("utf-8"))
    assert "全年主动公开政府信息79条。" in text


def test_scan_finds_nested_files_with_any_name_and_sniffs_formats(tmp_path: Path) -> None:
    blocks = variants.parse((FIXTURES / "report_v2008.txt").read_text(encoding="utf-8"))
    deep = tmp_path / "广东省" / "广州市" / "2019 年 报告"
    deep.mkdir(parents=True)
    (deep / "增城区 2018年 年报.txt").write_bytes(variants.to_text(blocks).encode("gbk"))
    (tmp_path / "page.aspx").write_bytes(variants.to_html(blocks))
    (tmp_path / "saved-as-text.txt").write_bytes(variants.to_docx(blocks))
    (tmp_path / ".hidden.txt").write_text("skip me")
    files, errors = scan_raw_folder(tmp_path)
    assert errors == []
    by_path = {f.source_path: f for f in files}
    assert set(by_path) == {"page.aspx", "saved-as-text.txt", "广东省/广州市/2019 年 报告/增城区 2018年 年报.txt"}
    assert by_path["page.aspx"].format == "html"
    assert by_path["saved-as-text.txt"].format == "docx"
    assert by_path["广东省/广州市/2019 年 报告/增城区 2018年 年报.txt"].encoding == "gb18030"
    texts = set()
    for raw_file in files:
        documents, read_errors = read_file(tmp_path, raw_file)
        assert read_errors == []
        texts.add(documents[0].text)
    assert len(texts) == 1  # the same report, whatever the name, folder or format


def test_docx_content_controls_and_nested_tables_are_read(tmp_path: Path) -> None:
    import copy

    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    document.add_paragraph("甲县2021年政府信息公开工作年度报告")
    wrapped = document.add_paragraph("全年主动公开政府信息321条。")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    wrapped._p.addprevious(sdt)
    content.append(copy.deepcopy(wrapped._p))
    sdt.append(content)
    wrapped._p.getparent().remove(wrapped._p)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "数量"
    table.cell(1, 0).text = "收到申请"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "网上", "12"
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_one(tmp_path, "controls.docx", buffer.getvalue()).text
    assert "全年主动公开政府信息321条。" in text
    assert "| 收到申请 | 网上 12 |" in text


def test_hidden_html_widgets_are_dropped_but_hidden_content_is_kept() -> None:
    page = """<html><body><p>某县2019年政府信息公开工作年度报告</p>
    <div style="display: none">请使用IE9以上浏览器</div>
    <div style="display:none"><table><tr><td>类别</td><td>条数</td></tr><tr><td>工作动态</td><td>46</td></tr></table></div>
    </body></html>"""
    text, _ = html_to_text(page.encode("utf-8"))
    cleaned = clean_text(text).text
    assert "浏览器" not in cleaned
    assert "| 工作动态 | 46 |" in cleaned


def test_big5_traditional_page_reads_as_simplified(tmp_path: Path) -> None:
    source = (FIXTURES / "traditional.txt").read_text(encoding="utf-8")
    document = read_one(tmp_path, "big5.txt", source.replace("１２３", "123").replace("２", "2").encode("big5"))
    assert document.title == "临江区人民政府2018年政府资讯公开工作年度报告"
    assert "全年主动公开政府资讯123条,受理依申请公开2件,均已按时答复。" in document.text


def test_pdf_running_headers_and_bare_page_numbers_are_dropped(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number in range(1, 5):
        pdf.setFont("STSong-Light", 10)
        pdf.drawString(72, 800, "临江区人民政府办公室")  # running header
        pdf.setFont("STSong-Light", 12)
        pdf.drawString(72, 700, f"第{number}部分内容:本部分主动公开政府信息{number * 10}条。")
        pdf.drawString(290, 40, str(number))  # bare page number
        pdf.showPage()
    pdf.save()
    text = read_one(tmp_path, "pages.pdf", buffer.getvalue()).text
    assert text.splitlines() == [f"第{n}部分内容:本部分主动公开政府信息{n * 10}条。" for n in range(1, 5)]


def test_aspnet_page_wrapped_in_a_form_keeps_its_article() -> None:
    page = """<html><body><form id="form1" method="post"><input type="hidden" name="__VIEWSTATE" value="xyz">
    <div class="main"><h1>某区2020年政府信息公开工作年度报告</h1><p>全年主动公开政府信息512条。</p></div>
    <select><option>友情链接</option></select></form></body></html>"""
    text, _ = html_to_text(page.encode("utf-8"))
    assert clean_text(text).text == "某区2020年政府信息公开工作年度报告\n全年主动公开政府信息512条。\n"


def test_rescan_reuses_hashes_of_unchanged_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("某县2019年政府信息公开工作年度报告\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("某县2020年政府信息公开工作年度报告\n", encoding="utf-8")
    first, _ = scan_raw_folder(tmp_path)
    (tmp_path / "b.txt").write_text("某县2020年政府信息公开工作年度报告(修订)\n", encoding="utf-8")
    hashed = []
    real_sha256 = discover._sha256
    monkeypatch.setattr(discover, "_sha256", lambda path: hashed.append(path.name) or real_sha256(path))
    second, _ = scan_raw_folder(tmp_path, {f.source_path: f for f in first})
    assert hashed == ["b.txt"]
    assert second[0] is first[0] and second[1].sha256 != first[1].sha256


def blocks_of_corpus_text(text: str) -> list:
    """A corpus report as blocks: every cleaned line a paragraph, pipe rows a table."""
    blocks: list = []
    for line in clean_text(text).text.splitlines():
        if line.count("|") >= 2:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(cells)
            else:
                blocks.append(("table", [cells]))
        elif line.strip():
            blocks.append(("p", line))
    return blocks


def without_paragraph_breaks(text: str) -> str:
    """The text with the breaks between prose lines removed (pipe rows keep theirs)."""
    return re.sub(r"(?<=[^|\n])\n(?=[^|\n])", "", text)


@pytest.mark.parametrize("sample", ["000", "001", "003", "004"])
def test_corpus_text_written_as_html_docx_and_pdf_reads_the_same(tmp_path: Path, sample: str) -> None:
    blocks = blocks_of_corpus_text(next(SAMPLE_RAW.glob(f"{sample}*")).read_text(encoding="utf-8"))
    expected = clean_text(variants.to_text(blocks))
    for name, data in [("page.html", variants.to_html(blocks, "gbk")), ("report.docx", variants.to_docx(blocks))]:
        document = read_one(tmp_path, name, data)
        assert document.text == expected.text  # and so are the tables recognised in it
    pytest.importorskip("reportlab")
    document = read_one(tmp_path, "report.pdf", variants.to_pdf(blocks))
    # A wrapped line that fills the page width and ends a sentence may or may not end its paragraph;
    # nothing on the page tells, so the PDF may break lines there. Every character and cell is the same.
    assert without_paragraph_breaks(document.text) == without_paragraph_breaks(expected.text)
    assert pipe_grids(document.text) == pipe_grids(expected.text)
