"""Legacy .doc files go through LibreOffice when it is installed; its absence or failure is a clear error.

LibreOffice is not installed on the development machine, so a stand-in `soffice` on PATH does what
LibreOffice does to the file system: it writes a lock file next to its input and the converted .docx
into --outdir. The raw folder must stay untouched.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from pipeline.ingest import limits, read_file
from pipeline.ingest.discover import describe

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
_spec = importlib.util.spec_from_file_location("ingest_variants", FIXTURES / "variants.py")
variants = importlib.util.module_from_spec(_spec)
sys.modules["ingest_variants"] = variants
_spec.loader.exec_module(variants)

OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048
FAKE_SOFFICE = """#!{python}
import os, shutil, sys, time
args = sys.argv[1:]
source = args[-1]
outdir = args[args.index("--outdir") + 1]
open(os.path.join(os.path.dirname(source), ".~lock." + os.path.basename(source) + "#"), "w").close()
mode = os.environ["FAKE_SOFFICE_MODE"]
if mode == "fail":
    sys.stderr.write("Error: source file could not be loaded")
    sys.exit(1)
if mode == "hang":
    time.sleep(30)
os.makedirs(outdir, exist_ok=True)
stem = os.path.splitext(os.path.basename(source))[0]
shutil.copyfile(os.environ["FAKE_SOFFICE_DOCX"], os.path.join(outdir, stem + ".docx"))
"""


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    tools = tmp_path / "tools"
    tools.mkdir()
    script = tools / "soffice"
    script.write_text(FAKE_SOFFICE.format(python=sys.executable), encoding="utf-8")
    script.chmod(0o755)
    converted = tmp_path / "converted.docx"
    converted.write_bytes(variants.to_docx(variants.parse((FIXTURES / "report_v2008.txt").read_text(encoding="utf-8"))))
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("FAKE_SOFFICE_DOCX", str(converted))
    return tools


def raw_with_doc(tmp_path: Path) -> tuple[Path, Path]:
    raw = tmp_path / "raw"
    raw.mkdir()
    path = raw / "2012年 年报.doc"
    path.write_bytes(OLE_DOC)
    return raw, path


def test_doc_is_converted_in_a_private_folder(tmp_path: Path, fake_soffice: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "ok")
    raw, path = raw_with_doc(tmp_path)
    documents, errors = read_file(raw, describe(raw, path))
    assert errors == []
    assert documents[0].title == "石桥市人民政府2012年政府信息公开工作年度报告"
    assert "| 主动公开政府信息数 | 条 | 3156 |" in documents[0].text
    assert sorted(p.name for p in raw.iterdir()) == ["2012年 年报.doc"]  # no lock file next to the raw file
    assert path.read_bytes() == OLE_DOC


def test_failed_conversion_is_reported(tmp_path: Path, fake_soffice: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "fail")
    raw, path = raw_with_doc(tmp_path)
    documents, errors = read_file(raw, describe(raw, path))
    assert documents == []
    assert [(e.error, e.detail) for e in errors] == [("doc_conversion_failed", "LibreOffice exit code 1: Error: source file could not be loaded")]


def test_hanging_conversion_is_stopped(tmp_path: Path, fake_soffice: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "hang")
    monkeypatch.setattr("pipeline.ingest.doc.DOC_CONVERT_TIMEOUT_SECONDS", 1)
    raw, path = raw_with_doc(tmp_path)
    documents, errors = read_file(raw, describe(raw, path))
    assert documents == [] and [e.error for e in errors] == ["doc_conversion_failed"]
    assert limits.DOC_CONVERT_TIMEOUT_SECONDS > 1  # the real limit is untouched
