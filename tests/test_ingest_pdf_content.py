"""The fast PDF content reader (pipeline.ingest.pdfcontent) gives exactly what pdfminer's own reader gives.

Each test runs pdfminer's PDFContentParser or PDFPageInterpreter beside it and compares: token by token
on hand-written content covering every construct, page object by page object on real PDFs.
"""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import PSEOF

from pipeline.ingest import pdfcontent
from pipeline.ingest.pdfcontent import content_objects, page_layout

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "ingest"
SAMPLE_RAW = PROJECT_ROOT / "data" / "raw"


def streams(*parts: bytes) -> list[PDFStream]:
    made = []
    for number, data in enumerate(parts, start=1):
        stream = PDFStream({}, data)
        stream.set_objid(number, 0)
        made.append(stream)
    return made


def pdfminer_objects(parts: list[PDFStream]) -> list[Any]:
    found = []
    try:
        parser = PDFContentParser(parts)
    except PSEOF:
        return found
    while True:
        try:
            found.append(parser.nextobject()[1])
        except PSEOF:
            return found


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (1 and 1.0 differ; keywords and names are interned)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a is b or a == b


CONTENTS = [
    [b"q 1 0 0 1 46 775.8898 cm 0 0 0 rg BT /F2 14 Tf 20 TL 98.7018 0 Td (\\0002\\0000^tN\\034n) Tj T* ET Q"],
    [b"-3 +4 .5 -.25 5. 007 1.2.3 5-3 - + . +-5 --2 0g 12abc"],  # numbers, lone signs and dots, run-ons
    [b"(a\\(b\\)c) (nested (paren) s) (esc \\n\\r\\t\\b\\f\\\\ \\q) (oct \\7\\77\\377x\\1234\\08) (line\\\ncont)"],
    [b"(\xe4\xb8\xad\x00\xff) <48 65 6c6C6f> <ABC> <> /P <</K<AB>>> BDC <a1 b2 >"],  # raw bytes, hex strings, odd digit
    [b"/Name /N\xc3\xa9 /\xff\xfe /A.B-C_1 / /Span<</MCID 0/ActualText(x)>>BDC EMC"],
    [b"[(A) 120 (B) -30.5 (C)] TJ [ [1 2] [] ] d0 {1 2 add} true false null"],
    [b"% a comment\r\n1 0 0 1 0 0 cm %another\n' \" ) * ! T*\x00Q\x80"],
    [b"<</A 1/B [2 3]/C<</D/E>>>>", b"BDC"],
    [b"1 2 ", b"re f", b"", b" BT /F1 12 Tf"],  # operands and operators split over streams
    [b"BT /F1 12 Tf (x) Tj", b"ET"],  # a keyword or string ending its stream
    [b"0 0 m 10", b"10 l S"],  # a number ending one stream and another starting the next
    [b"[1 2", b" 3] 0 d"],  # an array spanning two streams
    [b""],
    [b"   \n\t "],
]


@pytest.mark.parametrize("parts", CONTENTS)
def test_content_objects_are_pdfminers(parts: list[bytes]) -> None:
    fast = content_objects(streams(*parts))
    reference = pdfminer_objects(streams(*parts))
    assert same(fast, reference), (fast, reference)


UNSUPPORTED = [
    [b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q"],  # inline image: pdfminer's parser reads its data itself
    [b"/A#20B gs"],  # #-escape in a name
    [b"(line\\\r\ncont) Tj"],  # pdfminer reads this one by where its 4 KB read buffer ends
    [b"(\\777) Tj"],  # pdfminer fails an assertion
    [b"(unclosed", b") Tj"],
    [b"<AB", b"CD> Tj"],
    [b"1 0 0 RG /", b"Name gs"],
    [b"<</A 1>", b"> BDC"],
    [b"<AB>", b"> Tj"],
    [b"[1 2 3 d"],
    [b"1 2 ] d"],
    [b"<</A>> BDC"],
]


@pytest.mark.parametrize("parts", UNSUPPORTED)
def test_content_the_fast_reader_might_read_differently_is_declined(parts: list[bytes]) -> None:
    with pytest.raises(pdfcontent._Unsupported):
        content_objects(streams(*parts))


def _variants_module() -> Any:
    spec = importlib.util.spec_from_file_location("ingest_variants", FIXTURES / "variants.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["ingest_variants"] = module
    spec.loader.exec_module(module)
    return module


def sample_pdfs(shared_corpus_dir: Path | None) -> list[bytes]:
    pytest.importorskip("reportlab")
    variants = _variants_module()
    from tests.test_ingest_formats import blocks_of_corpus_text

    pdfs = [variants.to_pdf(blocks_of_corpus_text(path.read_text(encoding="utf-8"))) for path in sorted(SAMPLE_RAW.glob("*.txt"))[:3]]
    if shared_corpus_dir is not None:
        pdfs.append((shared_corpus_dir / "raw" / "g19-001.pdf").read_bytes())
    return pdfs


def page_objects(data: bytes, fast: bool) -> list[dict[str, list[dict]]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = []
        for page in pdf.pages:
            if fast:
                page._layout = page_layout(page)
            pages.append(page.objects)
        return pages


def test_pages_read_with_the_fast_reader_hold_pdfminers_objects(request: pytest.FixtureRequest) -> None:
    corpus = None
    try:
        corpus = request.getfixturevalue("shared_corpus")
    except pytest.skip.Exception:
        pass
    for data in sample_pdfs(corpus):
        fast = page_objects(data, fast=True)
        assert fast == page_objects(data, fast=False)
        assert sum(len(page.get("char", [])) for page in fast) > 500


def test_declined_content_is_interpreted_by_pdfminer(monkeypatch: pytest.MonkeyPatch) -> None:
    (data,) = sample_pdfs(None)[:1]
    expected = page_objects(data, fast=False)
    declined = []

    def decline(parts: list[PDFStream]) -> list[Any]:
        declined.append(len(parts))
        raise pdfcontent._Unsupported("test")

    monkeypatch.setattr(pdfcontent, "content_objects", decline)
    assert page_objects(data, fast=True) == expected
    assert declined
