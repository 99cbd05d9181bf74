"""The prose view's shortcut scan finds every whitespace run the view may change: it skips only the single line
breaks after a sentence end, which the view would keep as they are anyway."""

from __future__ import annotations

from pathlib import Path

from pipeline.extract.prose_view import CHANGEABLE_SPACE_RUN, SENTENCE_END_MARKS, SPACE_RUN, _space_replacement

TEXT = "一、概述\n2009年,我局共主动公开政府信息441条。\n三、依申请公开\n共受理申请3件!\n\n其中网上申请2\n件。 \n答复 3 件?\n"


def _runs_and_skips(text: str) -> list[tuple[int, int]]:
    every = [m.span() for m in SPACE_RUN.finditer(text)]
    changeable = [m.span() for m in CHANGEABLE_SPACE_RUN.finditer(text)]
    skipped = [span for span in every if span not in changeable]
    assert set(changeable) <= set(every)
    for start, end in skipped:
        assert text[start:end] == "\n" and text[start - 1] in SENTENCE_END_MARKS
        assert _space_replacement(text, start, end, lambda: None, lambda: []) == "\n"
    return skipped


def test_only_a_single_line_break_after_a_sentence_end_is_skipped() -> None:
    skipped = _runs_and_skips(TEXT)
    assert [TEXT[s - 1 : s] for s, _ in skipped] == ["。", "?"]  # not the "!\n\n" or the "。 \n"


def test_the_shortcut_holds_on_real_reports(shared_corpus: Path) -> None:
    for path in sorted((shared_corpus / "raw").glob("*.txt")):
        _runs_and_skips(path.read_text(encoding="utf-8"))
