"""The metric catalog: canonical metric ids, labels, aliases, units and sum parents (pipeline/data/metrics.csv).

Everything that needs to know what a metric is reads it from here: extraction (labels and aliases),
the warehouse (year-by-agency columns), and the checks (parent/child sums).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

METRICS_CSV = "metrics.csv"


@dataclass(frozen=True)
class Metric:
    metric_id: str
    template: str  # any, v2008, v2019, v2021, v2019+
    section: str
    label_zh: str
    aliases: tuple[str, ...]
    unit: str
    parent_id: str | None
    has_applicant_breakdown: bool

    @property
    def names(self) -> tuple[str, ...]:
        """The official label followed by every alias."""
        return (self.label_zh, *self.aliases)

    def applies_to(self, template: str | None) -> bool:
        if template is None or self.template == "any":
            return True
        if self.template == "v2019+":
            return template in ("v2019", "v2021")
        return self.template == template


@dataclass(frozen=True)
class Catalog:
    metrics: tuple[Metric, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {m.metric_id: m for m in self.metrics})

    def __contains__(self, metric_id: object) -> bool:
        return metric_id in self._by_id  # type: ignore[attr-defined]

    def __getitem__(self, metric_id: str) -> Metric:
        return self._by_id[metric_id]  # type: ignore[attr-defined]

    def ids(self) -> list[str]:
        return [m.metric_id for m in self.metrics]

    def children(self, parent_id: str) -> list[Metric]:
        return [m for m in self.metrics if m.parent_id == parent_id]

    def parents(self) -> list[Metric]:
        """Metrics that metrics.csv gives children for (the sum checks' left-hand sides)."""
        parent_ids = {m.parent_id for m in self.metrics if m.parent_id}
        return [m for m in self.metrics if m.metric_id in parent_ids]

    def in_sections(self, *sections: str) -> list[Metric]:
        return [m for m in self.metrics if m.section in sections]


def _parse_row(row: dict[str, str]) -> Metric:
    aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
    return Metric(
        metric_id=row["metric_id"].strip(),
        template=row["template"].strip(),
        section=row["section"].strip(),
        label_zh=row["label_zh"].strip(),
        aliases=aliases,
        unit=row["unit"].strip(),
        parent_id=row["parent_id"].strip() or None,
        has_applicant_breakdown=row["breakdown"].strip() == "applicant",
    )


@cache
def load_catalog() -> Catalog:
    text = resources.files("pipeline.data").joinpath(METRICS_CSV).read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return Catalog(tuple(_parse_row(row) for row in rows))
