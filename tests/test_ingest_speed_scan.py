"""A scan with nothing changed does not open the files again: formats found by the same rules are reused."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pipeline import stages
from pipeline.config import Settings
from pipeline.ingest import discover, scan_raw_folder

REPORT = "某县2019年政府信息公开工作年度报告\n全年主动公开政府信息120条。\n"
PAGE = "<html><head><title>某区2020年报告</title></head><body><p>全年主动公开政府信息512条。</p></body></html>"


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    (folder / "2019").mkdir(parents=True)
    (folder / "2019" / "a.txt").write_text(REPORT, encoding="utf-8")
    (folder / "page.txt").write_text(PAGE, encoding="utf-8")  # an HTML page saved as .txt
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n")
    return folder


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch, raw: Path) -> list[str]:
    """Names of the raw files opened (the lake's own files are not counted)."""
    names: list[str] = []
    real_open = Path.open

    def counting_open(self: Path, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if self.is_relative_to(raw):
            names.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", counting_open)
    return names


def test_an_unchanged_folder_is_rescanned_without_opening_a_file(raw: Path, opened: list[str]) -> None:
    first, _ = scan_raw_folder(raw)
    assert {f.source_path: f.format for f in first} == {"2019/a.txt": "txt", "page.txt": "html", "scan.pdf": "pdf"}
    opened.clear()
    second, errors = scan_raw_folder(raw, {f.source_path: f for f in first}, known_formats_current=True)
    assert opened == [] and errors == []
    assert all(new is old for new, old in zip(second, first))


def test_a_changed_file_is_still_read_and_hashed(raw: Path, opened: list[str]) -> None:
    first, _ = scan_raw_folder(raw)
    (raw / "2019" / "a.txt").write_text(REPORT + "依申请公开3件。\n", encoding="utf-8")
    opened.clear()
    second, _ = scan_raw_folder(raw, {f.source_path: f for f in first}, known_formats_current=True)
    assert sorted(set(opened)) == ["a.txt"]
    changed = next(f for f in second if f.source_path == "2019/a.txt")
    assert changed.sha256 != first[0].sha256 and changed.size == len((REPORT + "依申请公开3件。\n").encode("utf-8"))


def test_formats_from_other_rules_are_sniffed_again_but_binary_names_are_not_opened(raw: Path, opened: list[str]) -> None:
    first, _ = scan_raw_folder(raw)
    # As an older scan that did not know HTML pages saved as .txt would have recorded it.
    stale = {f.source_path: dataclasses.replace(f, format="txt") if f.source_path == "page.txt" else f for f in first}
    opened.clear()
    second, _ = scan_raw_folder(raw, stale)
    assert {f.source_path: f.format for f in second}["page.txt"] == "html"
    assert "scan.pdf" not in opened  # its format comes from its name alone
    assert "a.txt" in opened  # a .txt may be anything: its first bytes are looked at


def test_run_scan_trusts_only_a_manifest_made_by_the_same_format_rules(raw: Path, tmp_path: Path, opened: list[str]) -> None:
    settings = Settings.build(raw_dir=raw, warehouse_path=tmp_path / "wh" / "ogi.duckdb", workers=1)
    first, _ = stages.run_scan(settings)
    assert stages.sniff_version_path(settings).read_text() == discover.SNIFF_VERSION
    opened.clear()
    second, _ = stages.run_scan(settings)
    assert opened == [] and second.equals(first)
    stages.sniff_version_path(settings).write_text("rules of another version")
    opened.clear()
    third, _ = stages.run_scan(settings)
    assert "a.txt" in opened and third.equals(first)
    assert stages.sniff_version_path(settings).read_text() == discover.SNIFF_VERSION


def test_describing_files_in_workers_gives_what_one_process_gives(raw: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import ThreadPoolExecutor

    (raw / "broken").symlink_to(raw / "missing.txt")  # an error row among the files, in walk order
    (raw / "gbk.txt").write_bytes(REPORT.encode("gb18030"))
    alone = scan_raw_folder(raw)
    monkeypatch.setattr(discover, "PARALLEL_DESCRIBE_MIN", 1)
    monkeypatch.setattr(discover, "DESCRIBE_CHUNK", 2)
    with ThreadPoolExecutor(2) as executor:
        assert scan_raw_folder(raw, executor=executor) == alone
        known = {f.source_path: f for f in alone[0]}
        assert scan_raw_folder(raw, known, known_formats_current=False, executor=executor) == alone
    assert len(alone[0]) == 4 and [e.source_path for e in alone[1]] == ["broken"]
