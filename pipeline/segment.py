"""Chinese word segmentation: jieba's output, computed by rjieba.

jieba is the segmenter the project standardises on; rjieba is a Rust port whose cut() gives byte-identical
output about 27x faster with no dictionary-loading pause (../shared/notes/libraries.md), so it is what runs
on the hot path. tests/test_labels.py checks the two agree on the labels we segment.
"""

from __future__ import annotations

from functools import lru_cache

import rjieba


@lru_cache(maxsize=65536)
def cut(text: str) -> tuple[str, ...]:
    """The words of `text` as jieba.lcut(text) gives them (HMM on), cached: table labels repeat a lot."""
    return tuple(rjieba.cut(text))


def words(text: str) -> frozenset[str]:
    """The distinct non-blank words of `text`."""
    return frozenset(word for word in cut(text) if word.strip())
