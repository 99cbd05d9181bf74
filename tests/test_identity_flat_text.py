"""ReportView.flat_text (the whole text without whitespace) reuses the flat head when the head is the whole
text: it must equal flattening the text, for short reports and long ones, and template detection on it must
read phrases a line break cut in two as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.identity.template import detect_template
from pipeline.identity.view import HEAD_CHARS, flatten, report_view
from pipeline.model import Document

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def _texts() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(RAW.glob("*.txt"))]
    # each report whole, cut to just the head's length, just past it, and to a short report's length
    return [piece for text in texts for piece in (text, text[:HEAD_CHARS], text[: HEAD_CHARS + 1], text[:1200])]


def test_flat_text_is_the_text_without_whitespace() -> None:
    texts = _texts()
    assert any(len(text) > HEAD_CHARS for text in texts) and any(len(text) <= HEAD_CHARS for text in texts)
    for text in texts:
        view = report_view(text)
        assert view.flat_text == flatten(view.text)


@pytest.mark.parametrize("cut", ["\n", " \n  ", "\u3000"])
def test_a_marker_cut_by_a_line_break_in_a_short_report_is_read_from_the_flat_text(cut: str) -> None:
    text = (
        "某县人民政府2020年政府信息公开工作年度报告\n一、总体情况\n二、主动公开政府信息情况\n"
        f"本年制发{cut}件数 3\n本年废止{cut}件数 1\n现行有效件{cut}数 12\n三、其他\n"
    )
    view = report_view(text)
    assert len(view.text) <= HEAD_CHARS
    document = Document(content_sha256="", part=1, kind="annual_report", text=text)
    template, evidence = detect_template(document, view, 2020)
    assert (template, evidence) == ("v2021", "3 rows of the v2021 tables against 0")
