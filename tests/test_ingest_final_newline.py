"""The final newline edit is applied together with the blank-line edits, in one rebuild of the text and its
offset map (clean._final_newline_edit): the same text and map as the blank lines dropped, then the edges
stripped (clean._strip_edges)."""

from __future__ import annotations

import random
from pathlib import Path

from pipeline import clean
from pipeline.clean import clean_text
from pipeline.ingest import blanks, layout
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.offsets import TrackedText, apply_edits, map_offset

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [*sorted((PROJECT_ROOT / "data" / "raw").rglob("*.txt")), *sorted((PROJECT_ROOT / "tests" / "fixtures" / "ingest").glob("*.txt"))]
PIECES = ["\n", "\n", "\n\n", " ", "  \n", "\u3000", "报告", "一、总体情况", "| 项目 | 数量 |", "| 12 | 3 |", "a|b", "2024年"]


def tracked_texts() -> list[TrackedText]:
    """Texts with anchors (random deletions and insertions before), of every kind of edge and blank line."""
    rng = random.Random(7)
    texts = [decode_bytes(path.read_bytes()).text for path in SAMPLES]
    texts += ["".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 25))) for _ in range(6_000)]
    tracked = []
    for text in texts:
        item = TrackedText(text)
        cuts = sorted(rng.sample(range(len(text) + 1), min(len(text) + 1, rng.randrange(0, 6))))
        item = apply_edits(item, [(at, min(at + rng.randrange(0, 2), len(text)), rng.choice(["", "x", "\n"])) for at in cuts])
        tracked.append(item)
    return tracked


def test_one_rebuild_equals_blank_lines_then_edges() -> None:
    joined = 0
    for tracked in tracked_texts():
        text = tracked.text
        if not text or text.isspace():
            continue
        # both kinds of blank-line edits (the second is clean_text's for a text without |)
        for edits in (blanks.blank_line_edits(text, layout.is_pipe_row), blanks.blank_line_edits_without_rows(text)):
            one = apply_edits(tracked, edits + clean._final_newline_edit(text))
            two = clean._strip_edges(apply_edits(tracked, edits))
            assert (one.text, one.anchors) == (two.text, two.anchors), repr(text)
            joined += bool(edits and clean._final_newline_edit(text))
    assert joined > 1_000  # texts whose blank lines and final newline were both edited


def test_a_report_ends_with_one_newline_and_maps_back() -> None:
    source = "\n\n  一、总体情况\n\n\n本年度收到申请12件。\n\n| 项目 | 数量 |\n| 申请 | 12 |\n\n\n"
    cleaned = clean_text(source)
    assert cleaned.text == "一、总体情况\n本年度收到申请12件。\n\n| 项目 | 数量 |\n| 申请 | 12 |\n"
    last = cleaned.text.rindex("12")
    assert source[map_offset(cleaned.offset_map, last) :].startswith("12 |")
