"""Bad input gives one clear ingest error per file, the rest is read, and no raw file is ever modified."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import os
import struct
import sys
import zipfile
from pathlib import Path

import pytest

from pipeline.config import Settings
from pipeline.ingest import read_file, scan_raw_folder
from pipeline.ingest.discover import describe
from pipeline.model import IngestError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "ingest"

_spec = importlib.util.spec_from_file_location("ingest_variants", FIXTURES / "variants.py")
variants = importlib.util.module_from_spec(_spec)
sys.modules["ingest_variants"] = variants
_spec.loader.exec_module(variants)

REPORT = (FIXTURES / "report_v2008.txt").read_text(encoding="utf-8")
BLOCKS = variants.parse(REPORT)


def errors_for(folder: Path, name: str, data: bytes | None = None) -> tuple[list, list[IngestError]]:
    path = folder / name
    if data is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return read_file(folder, describe(folder, path))


def only_error(folder: Path, name: str, data: bytes) -> IngestError:
    documents, errors = errors_for(folder, name, data)
    assert documents == []
    assert len(errors) == 1, errors
    assert errors[0].source_path == name
    return errors[0]


def docx_with_declared_size(declared: int) -> bytes:
    """A valid small DOCX whose zip directory claims word/document.xml expands to `declared` bytes."""
    data = bytearray(variants.to_docx(BLOCKS))
    name = b"word/document.xml"
    at = data.find(b"PK\x01\x02" + b"\x00" * 0)  # first central directory entry
    while at != -1:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length] == name:
            struct.pack_into("<I", data, at + 24, declared)  # uncompressed size in the central directory
            return bytes(data)
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError("no central directory entry for word/document.xml")


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("empty.txt", b"", "empty_file"),
        ("blank.html", b"  \r\n\t\n", "empty_file"),
        ("bom-only.txt", b"\xef\xbb\xbf\n", "empty_file"),
        ("binary.txt", bytes(range(256)) * 64, "binary_content"),
        ("image.pdf", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16, "corrupt_pdf"),
        ("random.docx", b"".join(hashlib.sha256(bytes([i])).digest() for i in range(128)), "corrupt_docx"),
        ("truncated.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R", "corrupt_pdf"),
        ("spreadsheet.xlsx", b"PK\x03\x04 not read", "unsupported_format"),
        ("archive.zip", b"PK\x03\x04 not read", "unsupported_format"),
        ("notes", b"no extension at all", "unsupported_format"),
    ],
)
def test_bad_files_give_one_clear_error(tmp_path: Path, name: str, data: bytes, code: str) -> None:
    error = only_error(tmp_path, name, data)
    assert error.error == code
    assert error.detail


def test_truncated_pdf_of_a_real_report_is_corrupt(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    pdf = variants.to_pdf(BLOCKS)
    assert only_error(tmp_path, "cut.pdf", pdf[: len(pdf) // 2]).error == "corrupt_pdf"


def test_password_protected_pdf(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    error = only_error(tmp_path, "locked.pdf", variants.encrypted_pdf("石桥市人民政府2012年政府信息公开工作年度报告"))
    assert error.error == "encrypted_pdf"


def test_pdf_without_a_text_layer(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.rect(100, 100, 200, 200, fill=1)  # a drawing, no text: what a scanned page looks like to a parser
    page.save()
    assert only_error(tmp_path, "scan.pdf", buffer.getvalue()).error == "no_text"


def test_docx_without_document_part(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    error = only_error(tmp_path, "hollow.docx", buffer.getvalue())
    assert (error.error, error.detail) == ("corrupt_docx", "the zip has no word/document.xml")


def test_docx_with_broken_xml(tmp_path: Path) -> None:
    good = io.BytesIO(variants.to_docx(BLOCKS))
    broken = io.BytesIO()
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for member in source.infolist():
            content = source.read(member)
            target.writestr(member, content[: len(content) // 2] if member.filename == "word/document.xml" else content)
    assert only_error(tmp_path, "broken.docx", broken.getvalue()).error == "corrupt_docx"


def test_docx_whose_zip_expands_to_gigabytes_is_refused_before_parsing(tmp_path: Path) -> None:
    error = only_error(tmp_path, "bomb.docx", docx_with_declared_size(4_000_000_000))
    assert error.error == "docx_too_large"
    assert error.detail.startswith("the zip expands to 4,000,")


def test_password_protected_office_file(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512
    assert only_error(tmp_path, "locked.docx", ole).error == "encrypted_docx"


def test_doc_without_libreoffice_names_the_missing_tool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools-here"))
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048
    error = only_error(tmp_path, "old report.doc", ole)
    assert error.error == "doc_converter_missing"
    assert "libreoffice-writer-nogui" in error.detail and "soffice" in error.detail


def test_fifty_megabyte_text_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = ("全年主动公开政府信息79条。" * 20 + "\n").encode("utf-8")
    with path.open("wb") as handle:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    documents, errors = read_file(tmp_path, describe(tmp_path, path))
    assert documents == []
    assert [e.error for e in errors] == ["file_too_large"]


def test_truncated_html_is_read_and_reported(tmp_path: Path) -> None:
    page = variants.to_html(BLOCKS)
    cut = page[: page.index("三、依申请公开政府信息情况".encode("utf-8"))]
    documents, errors = errors_for(tmp_path, "cut.html", cut)
    assert [e.error for e in errors] == ["truncated_html"]
    assert "全市共主动公开政府信息3156条" in documents[0].text


def test_text_with_a_few_bad_bytes_is_read_and_reported(tmp_path: Path) -> None:
    data = REPORT.encode("utf-8")
    data = data[:200] + b"\xff\xfe\xfd" + data[200:]
    documents, errors = errors_for(tmp_path, "damaged.txt", data)
    assert len(documents) == 1
    assert [e.error for e in errors] == ["decode_replaced"]


def test_file_that_disappears_or_changes_after_the_scan(tmp_path: Path) -> None:
    for name in ("gone.txt", "changed.txt", "now-a-folder.txt"):
        (tmp_path / name).write_text(REPORT, encoding="utf-8")
    files, _ = scan_raw_folder(tmp_path)
    (tmp_path / "gone.txt").unlink()
    (tmp_path / "changed.txt").write_text(REPORT + "补充说明。\n", encoding="utf-8")
    (tmp_path / "now-a-folder.txt").unlink()
    (tmp_path / "now-a-folder.txt").mkdir()
    codes = {}
    for raw_file in files:
        documents, errors = read_file(tmp_path, raw_file)
        assert documents == []
        codes[raw_file.source_path] = [e.error for e in errors]
    assert codes == {"gone.txt": ["unreadable"], "changed.txt": ["file_changed"], "now-a-folder.txt": ["unreadable"]}


def test_unlistable_folder_and_broken_link_are_scan_errors(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    files, errors = scan_raw_folder(tmp_path)
    assert [f.source_path for f in files] == ["good.txt"]
    assert [(e.source_path, e.error) for e in errors] == [("dangling.txt", "unreadable")]


def _hostile_folder(folder: Path) -> dict[str, str]:
    """Good reports next to every kind of bad file; returns the expected error per bad file."""
    (folder / "good").mkdir()
    (folder / "good" / "石桥市 2012年 年报.txt").write_bytes(REPORT.encode("gbk"))
    (folder / "good" / "report.html").write_bytes(variants.to_html(BLOCKS, "gbk"))
    (folder / "good" / "report.docx").write_bytes(variants.to_docx(BLOCKS))
    bad = {
        "bad/empty.txt": (b"", "empty_file"),
        "bad/binary.txt": (bytes(range(256)) * 64, "binary_content"),
        "bad/corrupt.pdf": (b"%PDF-1.4\nnot really", "corrupt_pdf"),
        "bad/corrupt.docx": (b"PK\x03\x04broken", "corrupt_docx"),
        "bad/bomb.docx": (docx_with_declared_size(4_000_000_000), "docx_too_large"),
        "bad/old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "doc_converter_missing"),
        "bad/table.xlsx": (b"PK\x03\x04", "unsupported_format"),
    }
    for name, (data, _) in bad.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return {name: code for name, (_, code) in bad.items()}


def test_a_run_over_hostile_files_completes_with_one_error_row_each(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb

    from pipeline.run import run_all

    monkeypatch.setenv("PATH", os.path.dirname(sys.executable))  # no LibreOffice, whatever the machine has
    raw = tmp_path / "raw"
    raw.mkdir()
    expected = _hostile_folder(raw)
    before = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in raw.rglob("*") if p.is_file()}
    settings = Settings.build(raw_dir=raw, warehouse_path=tmp_path / "wh" / "ogi.duckdb", workers=1)
    result = run_all(settings, publish=False)
    after = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in raw.rglob("*") if p.is_file()}
    assert after == before  # no raw file was modified, and none was added next to them
    assert result.files == len(expected) + 3
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        rows = conn.execute("select source_path, error from ingest_errors order by source_path").fetchall()
        reports = conn.execute("select source_path, included, excluded_reason from reports order by source_path").fetchall()
    assert dict(rows) == expected
    assert len(rows) == len(expected)
    assert [path for path, *_ in reports] == ["good/report.docx", "good/report.html", "good/石桥市 2012年 年报.txt"]
    assert sum(1 for _, included, _ in reports if included) == 1  # the same report three times is loaded once
    assert all(reason.startswith("duplicate_of:") for _, included, reason in reports if not included)
