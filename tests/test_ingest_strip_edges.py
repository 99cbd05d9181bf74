"""The last cleaning step gives a text one final newline; a text that already ends with exactly one is left
as it is instead of being rebuilt by a no-op edit: same text, same offset map as the edit would give."""

from __future__ import annotations

import random
from pathlib import Path

from pipeline import clean
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.offsets import Edit, TrackedText, apply_edits

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [*sorted((PROJECT_ROOT / "data" / "raw").rglob("*.txt")), *sorted((PROJECT_ROOT / "tests" / "fixtures" / "ingest").glob("*.txt"))]


def every_edit(tracked: TrackedText) -> TrackedText:
    """_strip_edges as it was: both edges edited whenever there is a body, a no-op edit included."""
    text = tracked.text
    lead = len(text) - len(text.lstrip("\n"))
    body_end = len(text.rstrip("\n"))
    edits: list[Edit] = [(0, lead, "")] if lead else []
    if body_end > lead:
        edits.append((body_end, len(text), "\n"))
    return apply_edits(tracked, edits)


def tracked_texts() -> list[TrackedText]:
    """Real texts with anchors (random deletions and insertions, some at the very end), and every kind of edge."""
    rng = random.Random(3)
    found = []
    for path in SAMPLES:
        text = decode_bytes(path.read_bytes()).text.strip("\n")
        for lead, tail in [("", "\n"), ("", ""), ("\n\n", "\n"), ("", "\n\n\n"), ("\n", "")]:
            tracked = TrackedText(lead + text + tail)
            for _ in range(3):
                size = len(tracked.text)
                cuts = sorted(rng.sample(range(size), 6)) + [size - 1, size] if size > 8 else []
                edits = [(cuts[i], cuts[i + 1], rng.choice(["", "x", "\n"])) for i in range(0, len(cuts) - 1, 2)]
                tracked = apply_edits(tracked, edits)
                tracked = apply_edits(tracked, [(len(tracked.text), len(tracked.text), tail)])
            found.append(tracked)
    return found


def test_strip_edges_gives_the_text_and_map_of_the_edit_it_skips() -> None:
    texts = tracked_texts()
    assert sum(t.text.endswith("\n") and not t.text.endswith("\n\n") for t in texts) > 10
    for tracked in texts:
        assert clean._strip_edges(tracked) == every_edit(tracked)
