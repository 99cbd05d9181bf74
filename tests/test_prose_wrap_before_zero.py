"""A number a hard wrap cut right before a 0 is one number.

PDF text (and Markdown made from a PDF) wraps lines at a fixed width; cleaning rejoins the wrapped lines but
leaves a break between two digits, which may as well separate two cells. The prose view rejoins such a number
where the text shows its wrap width; a short report shows none. But no number is written with a leading zero:
when the rest of the number starts with 0 and another digit (工作动态类1 / 00条), the break cut one number.
"""

from __future__ import annotations

from pipeline.extract.prose import extract_prose
from pipeline.extract.prose_view import build_view
from pipeline.model import Document, Identity

# A v2008 report from a PDF after cleaning (synthetic seed 7, report 394: the page's wrap cut 100条)
PDF_REPORT = """二、主动公开政府信息情况
2010年,我局共主动公开政府信息597条,其中通过政府网站公开572条,通过政府公报公开24条。
具体包括:人事任免类47条,占7.9%;行政许可类41条,占3.9%;重大建设项目类96条,占16.1%;工作动态类1
00条,占16.8%;财政资金类91条,占15.2%;应急管理类78条,占13.1%;规划计划类64条,占10.7%;公共服务类49条,占8.2%;其他类31条,占5.2%。
三、依申请公开政府信息情况
2010年,我局共受理政府信息公开申请11件,其中当面申请5件,传真申请1件,网络申请3件,信函申请2件。
"""


def test_the_view_rejoins_a_number_cut_before_a_zero() -> None:
    view = build_view(PDF_REPORT).text
    assert "工作动态类100条,占16.8%" in view


def test_the_category_is_read_whole() -> None:
    document = Document(content_sha256="pdf", part=1, kind="annual_report", text=PDF_REPORT)
    extraction = extract_prose(document, Identity(template="v2008", year=2010))
    categories = {(c.label, c.value) for c in extraction.categories}
    assert ("工作动态类", 100) in categories
    assert ("其他类", 31) in categories


def test_a_break_before_a_lone_zero_or_between_cells_is_kept() -> None:
    # 0件 is a figure of its own; "3 0" side by side are table cells, not a sentence
    view = build_view("合计 1\n0件。\n共 3 0\n05件\n").text
    assert "合计10件" not in view
    assert "3 005件" not in view and "3005件" not in view
