"""normalize_document looks each character up once, in a table whose entries carry the always-safe mapping
and two flags (a character the caller removes first, an unambiguously traditional character): its results
are those of the separate functions, normalize_chars, is_traditional and code_points, on real and random text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipeline.clean import INVISIBLE_CHARS
from pipeline.codepoints import code_points
from pipeline.ingest.charmap import is_traditional, normalize_chars, normalize_document

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [
    *sorted((PROJECT_ROOT / "data" / "raw").rglob("*.txt")),
    *sorted((PROJECT_ROOT / "tests" / "fixtures" / "ingest").glob("*.txt")),
]
# Simplified and traditional characters (資訊 -> 资讯), the ambiguous 乾 (converted only in a traditional
# text), full-width and odd spaces, box drawing, characters beyond the BMP, a lone surrogate, invisible ones.
PIECES = ["公开", "资讯", "資訊", "這裡", "發展", "乾", "覆", "ＡＢ１", "\u3000", "\xa0", "│", "─", "−", "\U0001f101", "\ud800", "\u200b", "\x01", "\xad", "x", "\n"]


def texts() -> list[str]:
    found = [path.read_text(encoding="utf-8") for path in SAMPLES]
    rng = random.Random(11)
    found += ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 60))) for _ in range(3000)]
    return found


def expected(text: str, unless: str) -> tuple[str, bool, list[int]] | None:
    if any(char in unless for char in text):
        return None
    normalized = normalize_chars(text)
    return normalized, is_traditional(text), [ord(char) for char in normalized]


@pytest.mark.parametrize("unless", ["", INVISIBLE_CHARS])
def test_one_lookup_gives_the_mapping_the_traditional_test_and_the_removed_characters(unless: str) -> None:
    traditional = refused = 0
    for text in texts():
        result = normalize_document(text, unless=unless)
        wanted = expected(text, unless)
        if wanted is None:
            assert result is None, repr(text)
            refused += 1
            continue
        assert result is not None, repr(text)
        normalized, is_trad, codes = result
        assert (normalized, is_trad, codes.tolist()) == wanted, repr(text)
        assert codes.tolist() == code_points(normalized).tolist()
        traditional += is_trad
    assert traditional > 20  # random texts written in traditional characters took the traditional path
    assert (refused > 500) == bool(unless)


def test_the_traditional_fixture_is_normalised_as_traditional() -> None:
    text = (PROJECT_ROOT / "tests" / "fixtures" / "ingest" / "traditional.txt").read_text(encoding="utf-8")
    result = normalize_document(text, unless=INVISIBLE_CHARS)
    assert result is not None and result[1] is True
    assert result[0] == normalize_chars(text, True) != text
