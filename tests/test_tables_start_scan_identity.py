"""regex_speed.start_scan finds a pattern's StartScan by the pattern's identity (a cache keyed by the pattern
hashed it on every call), and each pattern object gets its own."""

from __future__ import annotations

import re

from pipeline.extract.regex_speed import start_scan


def test_start_scan_is_kept_per_pattern_object() -> None:
    source = r"(?:无|没有)(?:收到|发生)"
    first, second = re.compile(source), re._compiler.compile(source, 0)  # equal patterns, two objects
    assert first == second and first is not second
    assert start_scan(first).pattern is first
    assert start_scan(second).pattern is second  # a cache keyed by the pattern would give first's scan
    assert start_scan(first) is start_scan(first)
    unknown = re.compile(r"\w+")  # no first characters to know
    assert start_scan(unknown) is None and start_scan(unknown) is None
