"""Where the pipeline reads and writes comes from OGI_* environment variables with sane defaults."""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Settings


def test_defaults_are_the_project_folders(monkeypatch, tmp_path):
    for name in ("OGI_RAW_DIR", "OGI_WAREHOUSE", "OGI_WORKERS"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings.from_env(base=tmp_path)
    assert settings.raw_dir == (tmp_path / "data/raw").resolve()
    assert settings.warehouse_path == (tmp_path / "data/warehouse/ogi.duckdb").resolve()
    assert settings.analytics_path == (tmp_path / "data/warehouse/ogi_analytics.duckdb").resolve()
    assert settings.workers >= 1


def test_environment_overrides_and_derived_paths_follow_the_warehouse(monkeypatch, tmp_path):
    monkeypatch.setenv("OGI_RAW_DIR", "reports 2024")
    monkeypatch.setenv("OGI_WAREHOUSE", str(tmp_path / "other" / "gov.duckdb"))
    monkeypatch.setenv("OGI_WORKERS", "3")
    settings = Settings.from_env(base=tmp_path)
    assert settings.raw_dir == (tmp_path / "reports 2024").resolve()
    assert settings.analytics_path == tmp_path / "other" / "gov_analytics.duckdb"
    assert settings.lake_dir == tmp_path / "other" / "gov_lake"
    assert settings.workers == 3
    assert isinstance(settings.raw_dir, Path)
