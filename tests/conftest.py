"""Shared test fixtures: the project's paths and the labelled corpus in ../shared (skipped when absent)."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RAW = PROJECT_ROOT / "data" / "raw"
SAMPLE_LABELS = PROJECT_ROOT / "tests" / "fixtures" / "sample_labels"
SHARED_CORPUS = Path(os.environ.get("OGI_SHARED_CORPUS", PROJECT_ROOT.parent / "shared" / "corpus"))


def text_corpus(root: Path, seed: int, reports: int, spare: int) -> Path:
    """Synthetic text/HTML reports under root (raw/ and labels/) and `spare` more under root/spare to add later."""
    from pipeline.synth.corpus import Mix, generate_range

    text_only = replace(Mix(), pdf=0.0, docx=0.0, md=0.0)
    generate_range(root, seed=seed, start=0, stop=reports, mix=text_only)
    generate_range(root / "spare", seed=seed, start=reports, stop=reports + spare, mix=text_only)
    return root


def cleaned_report_texts(root: Path, shared_corpus: Path, seed: int, reports: int) -> list[str]:
    """The cleaned texts of the included documents of `reports` synthetic text/HTML reports (generated under root)
    and of the real corpus's text/HTML files."""
    from pipeline.ingest import read_file, scan_raw_folder
    from pipeline.synth.corpus import Mix, generate_range

    generate_range(root, seed=seed, start=0, stop=reports, mix=replace(Mix(), pdf=0.0, docx=0.0))
    found = []
    for raw in (root / "raw", shared_corpus / "raw"):
        files, _ = scan_raw_folder(raw)
        for file in sorted(files, key=lambda f: f.source_path):
            if file.source_path.endswith((".pdf", ".docx")):
                continue
            documents, _ = read_file(raw, file)
            found.extend(document.text for document in documents if document.included)
    return found


def plain_text_reports(shared_corpus: Path) -> list[str]:
    """The raw texts of the real corpus's .txt/.md reports and of the sample's .txt reports, in name order."""
    raw = shared_corpus / "raw"
    texts = [path.read_text(encoding="utf-8") for path in sorted([*raw.glob("*.txt"), *raw.glob("*.md")])]
    texts += [path.read_text(encoding="utf-8") for path in sorted(SAMPLE_RAW.glob("*.txt"))]
    assert texts
    return texts


def add_spare_reports(corpus: Path, raw_dir: Path) -> None:
    """Copy the text_corpus's spare reports into raw_dir, in their own folders."""
    spare = corpus / "spare" / "raw"
    for path in spare.rglob("*.*"):
        target = raw_dir / path.relative_to(spare)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)


def contract_tables(warehouse: Path) -> dict[str, list[str]]:
    """Every contract table's rows (sorted, load time left out), for comparing two warehouses."""
    import duckdb

    from pipeline.warehouse.schema import TABLES

    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return {
            spec.name: sorted(map(repr, conn.execute(
                f"SELECT * EXCLUDE (loaded_at) FROM {spec.name}" if spec.name == "schema_info" else f"SELECT * FROM {spec.name}"
            ).fetchall()))
            for spec in TABLES
        }


def warehouse_of(reports: dict[str, str], root: Path) -> Path:
    """The warehouse the whole pipeline builds from these report texts (file name -> text), written under `root`."""
    from pipeline.config import Settings
    from pipeline.run import run_all

    raw = root / "raw"
    raw.mkdir()
    for name, text in reports.items():
        (raw / name).write_text(text, encoding="utf-8")
    settings = Settings.build(raw, root / "ogi.duckdb")
    run_all(settings, publish=False)
    return settings.warehouse_path


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """../shared/corpus (raw/ and labels/); tests using it skip when the repository is checked out alone."""
    if not (SHARED_CORPUS / "raw").is_dir():
        pytest.skip(f"labelled corpus not available at {SHARED_CORPUS}")
    return SHARED_CORPUS


@pytest.fixture(scope="session")
def corpus_labels(shared_corpus: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((shared_corpus / "labels").glob("*.json"))}


# Two annual reports of data/raw that the top-up tests hold back, then add as a delta
HELD_BACK = ("003_a0a7e02bd9d121da.txt", "004_6a4f8e00cb25bdb1.txt")


@pytest.fixture
def held_back_corpus(tmp_path: Path):
    """(folder of the held-back reports, Settings of a copy of data/raw without them), workers=1."""
    from pipeline.config import Settings

    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_RAW, raw)
    held = tmp_path / "held"
    held.mkdir()
    for name in HELD_BACK:
        (raw / name).rename(held / name)
    return held, Settings.build(raw_dir=raw, warehouse_path=tmp_path / "w" / "ogi.duckdb", workers=1)


def database_rows(path: Path) -> dict[str, list[tuple]]:
    """Every table of a DuckDB file, its rows sorted."""
    import duckdb

    with duckdb.connect(str(path), read_only=True) as conn:
        tables = [r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


@pytest.fixture
def digest_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, frozenset[str] | None]]:
    """(database, report ids) of each digest the analytics publish computed (None: every row)."""
    from pipeline.warehouse import publish

    calls: list[tuple[str, frozenset[str] | None]] = []
    real = publish._digests

    def spy(conn, database, only_reports=None, in_tables=frozenset()):
        calls.append((database, only_reports))
        return real(conn, database, only_reports, in_tables)

    monkeypatch.setattr(publish, "_digests", spy)
    return calls
