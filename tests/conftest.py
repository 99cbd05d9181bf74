"""Shared test fixtures: the project's paths and the labelled corpus in ../shared (skipped when absent)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RAW = PROJECT_ROOT / "data" / "raw"
SAMPLE_LABELS = PROJECT_ROOT / "tests" / "fixtures" / "sample_labels"
SHARED_CORPUS = Path(os.environ.get("OGI_SHARED_CORPUS", PROJECT_ROOT.parent / "shared" / "corpus"))


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """../shared/corpus (raw/ and labels/); tests using it skip when the repository is checked out alone."""
    if not (SHARED_CORPUS / "raw").is_dir():
        pytest.skip(f"labelled corpus not available at {SHARED_CORPUS}")
    return SHARED_CORPUS


@pytest.fixture(scope="session")
def corpus_labels(shared_corpus: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((shared_corpus / "labels").glob("*.json"))}
