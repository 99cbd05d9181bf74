"""A sketch of a document's content that survives re-formatting, for finding the same report saved twice.

The same report saved as HTML and as PDF, or mirrored by another site, differs in page debris, line
breaks, punctuation and table layout, but hardly in its sequence of Chinese characters and digits. The
fingerprint is a bottom-k sketch of the character shingles of that sequence: the K smallest shingle
hashes. Two sketches estimate the Jaccard similarity of the shingle sets (Broder 1997), so near-identical
copies are found without comparing whole texts.

Format: "<exact>:<k hashes>" where exact is a hash of the whole core sequence (equal for exact copies;
empty for documents with almost no content) and each hash is 8 hex digits.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

SHINGLE = 6  # characters; long enough that shared boilerplate phrases do not dominate
SKETCH_SIZE = 64
MIN_CORE = 50  # characters of core content below which a document has no exact identity
CORE = re.compile(r"[^\u4e00-\u9fff0-9]+")
_MULTIPLIERS = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1, 0xD3A2646C], dtype=np.uint64)


def core_sequence(text: str) -> str:
    """The Chinese characters and digits of a text, in order: what every copy of a report shares."""
    return CORE.sub("", text)


def _core_codes(text: str) -> np.ndarray:
    """The code points of core_sequence(text), picked out vectorised: the regex substitution over the whole
    text cost more than the rest of the sketch. Lone surrogates pass through encoding and are dropped here
    like every other character outside the core."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return codes[((codes >= 0x4E00) & (codes <= 0x9FFF)) | ((codes >= 0x30) & (codes <= 0x39))]


def _shingle_hashes(core_codes: np.ndarray) -> np.ndarray:
    codes = core_codes.astype(np.uint64)
    count = len(codes) - SHINGLE + 1
    if count <= 0:
        return codes  # very short texts: the characters themselves
    mixed = codes[:count] * _MULTIPLIERS[0]
    for offset in range(1, SHINGLE):
        mixed *= np.uint64(0x100000001B3)
        mixed += codes[offset : offset + count] * _MULTIPLIERS[offset]
    mixed ^= mixed >> np.uint64(29)
    mixed *= np.uint64(0xBF58476D1CE4E5B9)
    mixed ^= mixed >> np.uint64(32)
    return mixed & np.uint64(0xFFFFFFFF)


def _distinct_sorted(values: np.ndarray) -> np.ndarray:
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered


def _bottom_k(hashes: np.ndarray) -> np.ndarray:
    """The SKETCH_SIZE smallest distinct hashes, ascending. The 2k smallest values (a partition, not a sort of
    every shingle) hold them unless repeats leave fewer than k distinct values among those."""
    if len(hashes) > 4 * SKETCH_SIZE:
        smallest = _distinct_sorted(np.partition(hashes, 2 * SKETCH_SIZE - 1)[: 2 * SKETCH_SIZE])
        if len(smallest) >= SKETCH_SIZE:
            return smallest[:SKETCH_SIZE]
    return _distinct_sorted(hashes)[:SKETCH_SIZE]


def sketch(text: str) -> str:
    codes = _core_codes(text)
    # Too little content to tell two documents apart (an English page, a stub): no exact identity.
    core = codes.tobytes().decode("utf-32-le")
    exact = hashlib.sha256(core.encode("utf-8")).hexdigest()[:16] if len(codes) >= MIN_CORE else ""
    return exact + ":" + _bottom_k(_shingle_hashes(codes)).astype(">u4").tobytes().hex()


def parse(fingerprint: str) -> tuple[str, frozenset[int]]:
    exact, _, hashes = fingerprint.partition(":")
    return exact, frozenset(int(hashes[i : i + 8], 16) for i in range(0, len(hashes), 8))


def similarity(a: frozenset[int], b: frozenset[int]) -> float:
    """Estimated Jaccard similarity of the two documents' shingle sets, from their bottom-k sketches."""
    if not a or not b:
        return 0.0
    k = min(SKETCH_SIZE, len(a | b))
    union_bottom = sorted(a | b)[:k]
    shared = sum(1 for h in union_bottom if h in a and h in b)
    return shared / k
