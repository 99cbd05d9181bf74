"""Tables drawn with box-drawing characters (│ ┼ ─, text exports of Word tables and some crawled pages) read
as the pipe tables they are: the same values as the report printed with | and |---| rows."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.extract import extract
from pipeline.identity import identify
from pipeline.ingest import read_file, scan_raw_folder

RULE_ROW = re.compile(r"^\|(?:-+\|)+$")


def as_box_drawing(text: str) -> str:
    """Every |---| rule row as ├───┼───┤ and every other | as │."""
    lines = []
    for line in text.split("\n"):
        if RULE_ROW.match(line.strip()):
            cells = line.strip().strip("|").split("|")
            lines.append("├" + "┼".join("─" * len(cell) for cell in cells) + "┤")
        else:
            lines.append(line.replace("|", "│"))
    return "\n".join(lines)


def values_of(folder: Path) -> list[tuple]:
    files, _ = scan_raw_folder(folder, {})
    documents = [d for f in files for d in read_file(folder, f)[0] if d.kind == "annual_report"]
    assert len(documents) == 1
    extraction = extract(documents[0], identify(documents[0]))
    return sorted((v.metric_id, v.applicant, v.period, v.value) for v in extraction.values)


def test_a_standard_report_drawn_in_box_characters_gives_the_values_of_its_pipe_tables(shared_corpus: Path, tmp_path: Path) -> None:
    text = (shared_corpus / "raw" / "g19-006.md").read_text(encoding="utf-8")
    box = as_box_drawing(text)
    assert "│" in box and "┼" in box and "|" not in box
    for name, body in (("pipes", text), ("box", box)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "report.txt").write_text(body, encoding="utf-8")
    piped = values_of(tmp_path / "pipes")
    assert len(piped) > 150
    assert values_of(tmp_path / "box") == piped
