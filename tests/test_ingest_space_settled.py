"""The second space pass is skipped when it provably has nothing to do: its text is the first pass's own result
(no edit in between) and no number, line break and unit meet in it (blanks.spaced_text_is_settled)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipeline.clean import clean_text
from pipeline.ingest import blanks
from pipeline.ingest.charmap import normalize_chars
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.offsets import TrackedText, apply_edits

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "ingest"

# What the space rules look at: spaces, line breaks, digits (decimal, superscript, circled), the signs inside
# a number, units, date characters, CJK characters and brackets that may come before a number.
PIECES = [" ", " ", "  ", "\n", " \n", "\n ", "1", "2", "0", "²", "①", ".", ",", "件", "年", "月", "日", "%", "人", "章",
          "至", "-", "—", "(", "（", "：", "a", "规", "|", "，"]


def real_texts() -> list[str]:
    paths = sorted((PROJECT_ROOT / "data" / "raw").rglob("*.txt")) + sorted(FIXTURES.glob("*.txt"))
    return [normalize_chars(decode_bytes(path.read_bytes()).text) for path in paths]


def random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 30))) for _ in range(count)]


def test_a_text_called_settled_gets_no_edit_from_a_second_pass() -> None:
    settled = unsettled = 0
    for text in real_texts() + random_texts(60_000, 5):
        spaced = apply_edits(TrackedText(text), blanks.space_edits(text)).text
        second = blanks.space_edits(spaced)
        if blanks.spaced_text_is_settled(spaced):
            assert second == [], text
            settled += 1
        elif second:
            unsettled += 1  # a second pass with work: the first pass left a number, a break and a unit
    assert settled > 10_000 and unsettled > 20


def test_clean_text_equals_every_space_pass_run(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = real_texts() + random_texts(3_000, 9) + ["其中当面申请 5  \n件，网上申请12件", "规章 22 \n 件", "2024 年 \n 件 12 ,  3"]
    fast = [clean_text(text) for text in texts]
    monkeypatch.setattr(blanks, "spaced_text_is_settled", lambda spaced: False)
    assert fast == [clean_text(text) for text in texts]


def test_clean_text_skips_the_second_pass_of_a_settled_report(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "一、总体情况\n本年度 收到申请 12 件，  办结 10 件。\n二、其他\n"  # the first pass edits; nothing is left
    calls: list[str] = []
    space_edits = blanks.space_edits
    monkeypatch.setattr(blanks, "space_edits", lambda t: calls.append(t) or space_edits(t))
    assert clean_text(text).text == "一、总体情况\n本年度 收到申请12件, 办结10件。\n二、其他\n"
    assert len(calls) == 1
