"""The content sketch, computed vectorised, is the sketch its definition gives.

The definition (pipeline/ingest/fingerprint.py): the core sequence is the text with everything but CJK
ideographs and ASCII digits removed (core_sequence, a regex substitution); the exact part is a SHA-256 of it;
the sketch is the SKETCH_SIZE smallest distinct shingle hashes, each as 8 hex digits. The fast path picks the
core out with numpy, takes the smallest hashes from a partition and formats them in one call.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from pipeline.ingest import fingerprint
from pipeline.ingest.decode import decode_bytes

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def reference_sketch(text: str) -> str:
    core = fingerprint.core_sequence(text)
    exact = hashlib.sha256(core.encode("utf-8")).hexdigest()[:16] if len(core) >= fingerprint.MIN_CORE else ""
    codes = np.frombuffer(core.encode("utf-32-le"), dtype=np.uint32)
    hashes = np.unique(fingerprint._shingle_hashes(codes))[: fingerprint.SKETCH_SIZE]
    return exact + ":" + "".join(f"{int(h):08x}" for h in hashes)


def texts() -> list[str]:
    samples = [decode_bytes(path.read_bytes()).text for path in sorted((PROJECT_ROOT / "data" / "raw").rglob("*.txt"))]
    return samples + [
        "",
        "abc def",  # no core at all
        "一二三",  # fewer characters than a shingle
        "12345六七八九十",
        "a" * 5 + "一" * 49,  # one character short of an exact identity
        "一" * 50,
        "重复" * 2000,  # two distinct shingles among thousands: the partition's shortcut does not hold
        "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(5000)),
        "\ud800前\udfff后一二三四五六七八九",  # lone surrogates are not core
        "０１２３ 123 ①②③ 〇一二三 \u3400\u9fff\ua000",  # full-width digits, circled numbers, edges of the range
    ]


def test_core_codes_are_the_core_sequence() -> None:
    for text in texts():
        assert fingerprint._core_codes(text).tobytes().decode("utf-32-le") == fingerprint.core_sequence(text)


def test_sketch_is_its_definition() -> None:
    for text in texts():
        assert fingerprint.sketch(text) == reference_sketch(text)


def test_bottom_k_takes_the_smallest_distinct_hashes_also_when_repeats_crowd_the_partition() -> None:
    rng = np.random.default_rng(7)
    for values in [rng.integers(0, 2**32, 5000, dtype=np.uint64), rng.integers(0, 90, 5000, dtype=np.uint64),
                   np.repeat(rng.integers(0, 2**32, 40, dtype=np.uint64), 50), np.arange(10, dtype=np.uint64)]:
        assert list(fingerprint._bottom_k(values)) == list(np.unique(values)[: fingerprint.SKETCH_SIZE])
