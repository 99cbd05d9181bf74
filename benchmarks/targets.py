"""The issue's targets and how each figure is judged against them."""

from __future__ import annotations

from dataclasses import dataclass

TEXT_PER_CORE = 300.0  # clean+extract text/HTML reports per second per core
FLOOR_RATIO = 5.0  # clean+extract time over the floor (read + decode + one regex pass)
FULL_RUN_SECONDS = 180.0  # 20,000 reports end to end on 2 cores
FULL_RUN_REPORTS = 20_000
NO_CHANGE_SECONDS = 10.0
TOP_UP_SHARE = 0.10  # reload after adding 1% of files, as a share of the full run
PEAK_BYTES = 1.5 * 1024**3  # at 100,000 reports
PEAK_REPORTS = 100_000


@dataclass(frozen=True)
class Verdict:
    name: str
    figure: str
    target: str
    met: bool | None  # None: the run cannot judge it (e.g. the target is stated for another corpus size)

    def line(self) -> str:
        status = {True: "MET", False: "NOT MET", None: "n/a"}[self.met]
        return f"{self.name:<44} {self.figure:<34} {self.target:<36} {status}"


def full_run_budget(reports: int, cores: int) -> float:
    """180 s for 20,000 reports on 2 cores, pro rata for other sizes and core counts."""
    return FULL_RUN_SECONDS * (reports / FULL_RUN_REPORTS) * (2 / max(cores, 1))
