"""The counts the ingest and identity assets show: after a top-up they read only the new shard files (plus the
first files, for the identity preview) and still equal the counts of a full read of the dataset."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from assets.extraction import IDENTITY_SHOWN, identity_summary
from assets.ingest import document_summary
from pipeline import stages
from pipeline.config import Settings
from tests.conftest import add_spare_reports, text_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return text_corpus(tmp_path_factory.mktemp("summaries_corpus"), seed=11, reports=20, spare=3)


def _run_stages(settings: Settings) -> tuple:
    manifest, _ = stages.run_scan(settings)
    stages.run_ingest(settings, manifest)
    keys = stages.current_document_keys(settings, manifest)
    stages.run_identity(settings, keys)
    return manifest, keys


def _full_read(settings: Settings, manifest, keys: list[str]) -> tuple[dict, dict]:
    """The counts as the assets computed them before: every shard file read."""
    identities = stages.identity_store(settings).read("identities", keys, columns=IDENTITY_SHOWN).to_pandas()
    first = identities.head(10)
    identity = {
        "by_template": dict(Counter(identities["template"].fillna("unknown"))),
        "without_agency": int(identities["agency_name"].isna().sum()),
        "without_year": int(identities["year"].isna().sum()),
        "preview": first.astype(object).where(first.notna(), None).to_dict("records"),
    }
    file_keys = sorted(set(manifest["file_key"].to_pylist()))
    documents = stages.ingest_store(settings).read("documents", keys=file_keys, columns=["kind", "excluded_reason"]).to_pandas()
    document = {
        "rows": len(documents),
        "by_kind": dict(Counter(documents["kind"])),
        "excluded": dict(Counter(documents["excluded_reason"].dropna())),
    }
    return identity, document


def test_after_new_files_the_asset_counts_read_only_new_shards_and_equal_a_full_read(tmp_path: Path, corpus: Path, monkeypatch):
    raw = tmp_path / "raw"
    shutil.copytree(corpus / "raw", raw)
    settings = Settings.build(raw_dir=raw, warehouse_path=tmp_path / "w" / "ogi.duckdb", workers=1)
    manifest, keys = _run_stages(settings)
    identity_summary(settings, keys)
    document_summary(settings, manifest)
    identities, documents = stages.identity_store(settings), stages.ingest_store(settings)
    before = set(identities.shard_paths("identities")) | set(documents.shard_paths("documents"))

    add_spare_reports(corpus, raw)
    manifest, keys = _run_stages(settings)
    new_files = set(identities.shard_paths("identities")) | set(documents.shard_paths("documents"))
    new_files -= before
    preview_files, shown = set(), 0  # the first files, up to the preview's 10 rows
    for path, shard_keys in identities.current_files("identities", keys):
        if shown >= 10:
            break
        preview_files.add(path)
        shown += len(shard_keys)
    read: list[Path] = []
    original = stages.lake.read_rows

    def recording(path, *args, **kwargs):
        read.append(path)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(stages.lake, "read_rows", recording)
    identity = identity_summary(settings, keys)
    document = document_summary(settings, manifest)
    monkeypatch.setattr(stages.lake, "read_rows", original)

    assert new_files and set(read) <= new_files | preview_files
    full_identity, full_document = _full_read(settings, manifest, keys)
    assert identity == full_identity and document == full_document
    assert document["rows"] >= 23 and sum(identity["by_template"].values()) == len(keys)
