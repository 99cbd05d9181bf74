"""A reload after a top-up gives exactly the warehouse a build from scratch gives.

The reload keeps what it can from the last load (per-report rows of unchanged reports, the report basis of
unchanged files, the duplicate search's index) and recomputes what depends on the whole corpus (duplicates,
agencies). Here the top-up changes old reports too: a copy of an old report at a path that sorts first becomes
the kept copy (the old one turns into its duplicate), and a rename statement gives an old report's agency the
successor's id.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import reports, stages
from pipeline.config import Settings
from pipeline.synth.corpus import Mix, generate_range
from pipeline.warehouse import build
from pipeline.warehouse import connect as connect_module
from tests.conftest import PROJECT_ROOT, SAMPLE_RAW, contract_tables

TEXT_AND_HTML = replace(Mix(), pdf=0.0, docx=0.0, md=0.0, html=0.5, compilation=0.1)
RENAME = PROJECT_ROOT / "tests" / "fixtures" / "identity" / "rename_statement.txt"
PREDECESSOR = (  # the agency the rename statement says was renamed, a year earlier
    "东莞市电子政务办公室2018年政府信息公开工作年度报告\n本报告由东莞市电子政务办公室编制。"
    "本报告所列数据统计期限为2018年1月1日至2018年12月31日。\n一、总体情况\n2018年，我办主动公开政府信息120条。\n"
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("incremental_corpus")
    generate_range(root, seed=9, start=0, stop=30, mix=TEXT_AND_HTML)
    generate_range(root / "spare", seed=9, start=30, stop=33, mix=TEXT_AND_HTML)
    shutil.copytree(SAMPLE_RAW, root / "raw" / "samples")
    (root / "raw" / "samples" / "dongguan_2018.txt").write_text(PREDECESSOR, encoding="utf-8")
    return root


def _load(settings: Settings, force: bool = False) -> None:
    manifest, _ = stages.run_scan(settings)
    stages.run_ingest(settings, manifest)
    keys = stages.current_document_keys(settings, manifest)
    stages.run_identity(settings, keys)
    stages.run_extract(settings, keys)
    build.build_warehouse(settings, force=force)


def _top_up(raw: Path, corpus: Path) -> str:
    """New reports, a copy of an old one that becomes the kept copy, a rename, a removed and a changed file;
    returns the copied report's original path."""
    for path in (corpus / "spare" / "raw").rglob("*.*"):
        shutil.copy(path, raw / path.name)
    old = sorted(p for p in raw.rglob("*.txt") if p.parent.name != "samples")
    original = old[0]
    (raw / "000").mkdir()  # the synthetic files are under 0000/
    shutil.copy(original, raw / "000" / original.name)  # same bytes, a path that sorts first: now the kept copy
    shutil.copy(RENAME, raw / "samples" / RENAME.name)
    old[1].unlink()
    with old[2].open("ab") as changed:  # bytes: the file may be GB18030
        changed.write(b"\n\n")
    return original.relative_to(raw).as_posix()


def _rows(settings: Settings, sql: str) -> list[tuple]:
    import duckdb

    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_a_reload_after_a_top_up_gives_the_tables_of_a_build_from_scratch(tmp_path: Path, corpus: Path, monkeypatch):
    incremental = Settings.build(raw_dir=tmp_path / "raw", warehouse_path=tmp_path / "inc" / "ogi.duckdb", workers=1)
    shutil.copytree(corpus / "raw", incremental.raw_dir)
    _load(incremental)
    agencies_before = dict(_rows(incremental, "SELECT source_path, agency_id FROM reports"))

    copied = _top_up(incremental.raw_dir, corpus)
    applied, joined = [], []
    original_load, original_basis = build.load_warehouse, build.report_basis
    monkeypatch.setattr(build, "load_warehouse", lambda conn, inputs, delta=None: applied.append(delta) or original_load(conn, inputs, delta))
    monkeypatch.setattr(build, "report_basis", lambda manifest, *args: joined.append(manifest.num_rows) or original_basis(manifest, *args))
    # as in a new process: which load the file holds is not known yet, and is read on the load's own connection
    monkeypatch.setattr(build, "_LOADED_AT", {})
    opened, original_connect = [], connect_module.duckdb.connect
    monkeypatch.setattr(connect_module.duckdb, "connect",
                        lambda *args, **kwargs: opened.append(kwargs.get("read_only", False)) or original_connect(*args, **kwargs))
    _load(incremental)
    monkeypatch.setattr(connect_module.duckdb, "connect", original_connect)
    assert applied[-1] is not None, "the top-up is loaded incrementally"
    assert opened == [False], "the warehouse is opened once, read-write, for the plan and the load"
    assert joined[-1] == 6, "only new and changed files are joined again: 3 new, the copy, the rename, the changed one"

    scratch = replace(incremental, warehouse_path=tmp_path / "scratch" / "ogi.duckdb")  # its own lake, nothing kept
    _load(scratch)
    assert contract_tables(incremental.warehouse_path) == contract_tables(scratch.warehouse_path)

    # the top-up changed old reports' rows, and the reload followed
    (reason,) = _rows(incremental, f"SELECT excluded_reason FROM reports WHERE source_path = '{copied}'")[0]
    assert reason and reason.startswith("duplicate_of:")
    after = dict(_rows(incremental, "SELECT source_path, agency_id FROM reports"))
    renamed = "samples/dongguan_2018.txt"
    assert after[renamed] != agencies_before[renamed]
    assert after[renamed] == after[f"samples/{RENAME.name}"]


def test_the_basis_is_joined_afresh_for_files_whose_identity_changed_and_whole_when_forced(tmp_path: Path, corpus: Path, monkeypatch):
    settings = Settings.build(raw_dir=tmp_path / "raw", warehouse_path=tmp_path / "wh" / "ogi.duckdb", workers=1)
    shutil.copytree(corpus / "raw", settings.raw_dir)
    _load(settings)
    joined = []
    original_basis = build.report_basis
    monkeypatch.setattr(build, "report_basis", lambda manifest, *args: joined.append(manifest.num_rows) or original_basis(manifest, *args))
    versions = dict(stages.stage_versions())
    monkeypatch.setattr(stages, "stage_versions", lambda: {**versions, "identity": versions["identity"] + "-new"})
    _load(settings)  # every document identified again: new identity shards, every basis row stale
    files = stages.read_manifest(settings).num_rows
    assert joined == [files]
    kept = contract_tables(settings.warehouse_path)
    _load(settings, force=True)
    assert joined == [files, files]
    assert contract_tables(settings.warehouse_path) == kept


def test_stale_basis_rows_are_those_of_files_whose_path_bytes_or_shards_changed():
    import pyarrow as pa

    basis = pa.table(
        {
            "source_path": ["a.txt", "b.txt", "b.txt", "c.txt", "d.txt"],
            "file_key": ["ka", "kb", "kb", "kc", "kd"],
            "doc_key": ["ka#0", "kb#0", "kb#1", "kc#0", "kd#0"],
            "ingest_shard": ["s1", "s1", "s1", "s2", "s2"],
            "identity_shard": ["i1", "i1", "i2", None, "i2"],
        }
    )
    kept = reports.basis_rows_current(
        basis,
        manifest=pa.table({"source_path": ["a.txt", "b.txt", "c.txt", "d.txt"], "file_key": ["ka", "kb", "kc", "kd-new"]}),
        ingest_index=pa.table({"key": ["ka", "kb", "kc", "kd"], "shard": ["s1", "s1", "s2", "s2"]}),
        identity_index=pa.table({"key": ["ka#0", "kb#0", "kb#1", "kd#0"], "shard": ["i1", "i1", "i3", "i2"]}),
    )
    # b.txt: one part identified again (its other part goes with it); d.txt: other bytes; c.txt: still no identity
    assert kept["source_path"].to_pylist() == ["a.txt", "c.txt"]
