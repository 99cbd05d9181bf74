"""Reflow's wrap width counts the widths near it by bisection in the sorted list; that count is the one of the
plain test abs(w - width) <= max(4, WRAP_TOLERANCE * width), on random widths around every possible width."""

from __future__ import annotations

import random

from pipeline.ingest import layout


def plain_wrap_width(widths: list[int]) -> int | None:
    widths = sorted(w for w in widths if w >= layout.WRAP_MIN_WIDTH)
    if len(widths) < layout.WRAP_MIN_LINES:
        return None
    width = widths[(len(widths) * 3) // 4]
    if width > layout.WRAP_MAX_WIDTH:
        return None
    near = sum(1 for w in widths if abs(w - width) <= max(4, layout.WRAP_TOLERANCE * width))
    if near < layout.WRAP_MIN_LINES or near < layout.WRAP_SHARE * len(widths):
        return None
    return width


def test_wrap_width_is_the_plain_tests() -> None:
    rng = random.Random(5)
    found = 0
    for _ in range(20000):
        centre = rng.randint(20, 220)
        spread = rng.choice([0, 2, 4, 6, 10, 20, 40])
        widths = [max(0, centre + rng.randint(-spread, spread)) for _ in range(rng.randint(0, 30))]
        widths += [rng.randint(0, 250) for _ in range(rng.randint(0, 10))]
        expected = plain_wrap_width(widths)
        assert layout._wrap_width(widths) == expected, widths
        found += expected is not None
    assert found > 1000  # wrapped and unwrapped both met


def test_widths_at_the_edge_of_the_tolerance() -> None:
    for width in range(30, 201):
        reach = max(4, layout.WRAP_TOLERANCE * width)
        for edge in (int(reach), int(reach) + 1):
            widths = [width] * 5 + [width + edge] * 4 + [width - edge] * 4
            assert layout._wrap_width(widths) == plain_wrap_width(widths)
