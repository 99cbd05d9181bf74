"""An agency's figures over the years: each quantity keeps a level typical of the agency, and a year moves it by
a modest factor, as real series do (a county's 主动公开 count is in the hundreds every year, a province
department's in the thousands; neither jumps tenfold and back without a reason).

A quantity's typical level is drawn once per agency (uniformly in the range a single year used to be drawn
from), the agency's activity drifts from year to year (a trend plus a small random walk, shared by its
figures), and each figure adds its own year-to-year noise. Everything is a pure function of (seed, agency
series, year, quantity name), so any report can still be generated alone.
"""

from __future__ import annotations

import math
import random
from functools import lru_cache

CENTRE_YEAR = 2016  # activity is 1 on average around here, so the ranges stay those of a single draw
FIRST_YEAR, LAST_YEAR = 2008, 2024
TREND = (-0.04, 0.10)  # yearly growth of an agency's activity (log scale)
WALK = 0.12  # year-to-year change of the activity, shared by all its figures (log scale, s.d.)
NOISE = 0.15  # a figure's own year-to-year change (log scale, s.d.)


@lru_cache(maxsize=4096)
def _activity(seed: int, series: int) -> tuple[float, ...]:
    """The agency's activity factor for every year FIRST_YEAR..LAST_YEAR."""
    rng = random.Random(f"activity:{seed}:{series}")
    trend = rng.uniform(*TREND)
    walk, logs = 0.0, []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        walk += rng.gauss(0, WALK)
        logs.append(trend * (year - CENTRE_YEAR) + walk)
    mean = sum(logs) / len(logs)
    return tuple(math.exp(v - mean) for v in logs)


class Series:
    """The figures of one agency (its series number) in one year."""

    def __init__(self, seed: int, series: int, year: int, scale: float):
        self.seed, self.series, self.year, self.scale = seed, series, year, scale
        self.activity = _activity(seed, series)[min(max(year, FIRST_YEAR), LAST_YEAR) - FIRST_YEAR]

    def level(self, name: str, top: float, low: float = 0.0) -> float:
        """The quantity's value this year, unscaled and unrounded: its typical level times this year's factor."""
        typical = low + random.Random(f"typical:{self.seed}:{self.series}:{name}").random() * (top - low)
        noise = random.Random(f"noise:{self.seed}:{self.series}:{name}:{self.year}").gauss(0, NOISE)
        return typical * self.activity * math.exp(noise)

    def count(self, name: str, top: int, low: int = 0, scaled: bool = True) -> int:
        """A count drawn where a single year used int(randint(low, top) * scale): the agency's own level instead."""
        return int(self.level(name, top + 1, low) * (self.scale if scaled else 1.0))

    def amount(self, name: str, top: float, digits: int) -> float:
        return round(self.level(name, top) * self.scale, digits)
