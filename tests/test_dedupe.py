"""The same report saved twice is loaded once; the same text under another agency's name is not a copy."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd

from pipeline.clean import clean_text
from pipeline.dedupe import mark_duplicates
from pipeline.documents import content_fingerprint
from pipeline.ingest import read_file
from pipeline.ingest.discover import describe
from pipeline.ingest.fingerprint import parse, similarity

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "ingest"
SAMPLE_RAW = PROJECT_ROOT / "data" / "raw"

_spec = importlib.util.spec_from_file_location("ingest_variants", FIXTURES / "variants.py")
variants = importlib.util.module_from_spec(_spec)
sys.modules["ingest_variants"] = variants
_spec.loader.exec_module(variants)


def frame(rows: list[dict]) -> pd.DataFrame:
    base = {"part": 1, "included": True, "excluded_reason": None, "agency_name": None, "year": None, "template": None}
    return pd.DataFrame([{**base, "report_id": f"r{index}", **row} for index, row in enumerate(rows)])


def fingerprint_of(text: str) -> str:
    return content_fingerprint(clean_text(text).text)


def test_html_pdf_and_text_of_one_report_are_loaded_once(tmp_path: Path) -> None:
    blocks = variants.parse((FIXTURES / "report_v2019.txt").read_text(encoding="utf-8"))
    copies = {"mirror/report.txt": variants.to_text(blocks).encode("gbk"), "site/report.html": variants.to_html(blocks), "site/report.pdf": variants.to_pdf(blocks)}
    rows = []
    for name, data in copies.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        (document,), _ = read_file(tmp_path, describe(tmp_path, path))
        rows.append({"source_path": name, "fingerprint": content_fingerprint(document.text), "agency_name": "青山县人民政府", "year": 2019})
    marked = mark_duplicates(frame(rows)).set_index("source_path")
    assert marked.loc["site/report.html", "included"]
    kept_id = marked.loc["site/report.html", "report_id"]
    for name in ("mirror/report.txt", "site/report.pdf"):
        assert not marked.loc[name, "included"]
        assert marked.loc[name, "excluded_reason"] == f"duplicate_of:{kept_id}"


def test_same_text_published_by_another_agency_is_not_a_duplicate() -> None:
    text = next(SAMPLE_RAW.glob("001*")).read_text(encoding="utf-8")
    renamed = text.replace("建瓯市", "建阳区")
    rows = [
        {"source_path": "a.txt", "fingerprint": fingerprint_of(text), "agency_name": "建瓯市人民政府", "year": 2018},
        {"source_path": "b.txt", "fingerprint": fingerprint_of(renamed), "agency_name": "建阳区人民政府", "year": 2018},
    ]
    assert similarity(parse(rows[0]["fingerprint"])[1], parse(rows[1]["fingerprint"])[1]) > 0.8
    assert mark_duplicates(frame(rows))["included"].tolist() == [True, True]


def test_same_agency_other_year_is_not_a_duplicate() -> None:
    text = next(SAMPLE_RAW.glob("000*")).read_text(encoding="utf-8")
    rows = [
        {"source_path": "2018.txt", "fingerprint": fingerprint_of(text), "agency_name": "增城区政务办", "year": 2018},
        {"source_path": "2019.txt", "fingerprint": fingerprint_of(text.replace("2018年", "2019年")), "agency_name": "增城区政务办", "year": 2019},
    ]
    assert mark_duplicates(frame(rows))["included"].tolist() == [True, True]


def test_mirror_copy_with_page_debris_and_unknown_identity_is_a_duplicate() -> None:
    text = next(SAMPLE_RAW.glob("004*")).read_text(encoding="utf-8")
    mirror = "返回首页\n当前位置：首页 > 政务公开\n" + text + "\n打印 关闭\n扫一扫在手机打开当前页\n"
    rows = [
        {"source_path": "a/page.txt", "fingerprint": fingerprint_of(text)},
        {"source_path": "b/page.txt", "fingerprint": fingerprint_of(mirror)},
    ]
    marked = mark_duplicates(frame(rows))
    assert marked["included"].tolist() == [True, False]
    assert marked["excluded_reason"].tolist()[1] == "duplicate_of:r0"


def test_different_reports_and_excluded_documents_are_left_alone() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE_RAW.glob("*.txt"))]
    rows = [{"source_path": f"{i}.txt", "fingerprint": fingerprint_of(t)} for i, t in enumerate(texts)]
    rows.append({"source_path": "z.txt", "fingerprint": fingerprint_of(texts[0]), "included": False, "excluded_reason": "not an annual report: essay"})
    marked = mark_duplicates(frame(rows))
    assert marked["included"].tolist() == [True] * len(texts) + [False]
    assert marked["excluded_reason"].tolist()[-1] == "not an annual report: essay"


def test_fingerprint_ignores_layout_but_not_content() -> None:
    text = "某县2019年政府信息公开工作年度报告\n全年主动公开政府信息1286条,收到申请40件。\n" * 5
    reflowed = text.replace("\n", "").replace(",", ",\n")
    changed = text.replace("1286", "1287")
    same, other = parse(content_fingerprint(text)), parse(content_fingerprint(changed))
    assert parse(content_fingerprint(reflowed))[0] == same[0]
    assert other[0] != same[0]


def test_documents_with_almost_no_content_are_never_copies_by_identity_of_text() -> None:
    rows = [
        {"source_path": "a.html", "fingerprint": fingerprint_of("Page not found")},
        {"source_path": "b.html", "fingerprint": fingerprint_of("Page not found")},
    ]
    assert mark_duplicates(frame(rows))["included"].tolist() == [True, True]
