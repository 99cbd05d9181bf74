"""The arithmetic a standard table states about itself, used to choose between readings of run-together digits.

Table 三 prints its own rule (本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和): in every column
本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理. The catalog adds the sums: （七）总计 is the sum of
（一）…（六）, each group the sum of its numbered rows. Table 四: each 总计 is the sum of its four outcomes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from pipeline.catalog import load_catalog

# The flow rule printed in table 三's header: left-hand sides and right-hand sides.
REQUESTS_FLOW = (("requests.new_received", "requests.carried_over"), ("requests.processed_total", "requests.carried_forward"))

Values = Mapping[str, float | None]  # metric id -> value, for one column


def _value(metric_id: str, values: Values, children: Mapping[str, list[str]]) -> float | None:
    """The metric's value as printed, or as the sum of its printed parts when it is not printed itself."""
    if values.get(metric_id) is not None:
        return values[metric_id]
    parts = children.get(metric_id, [])
    if not parts:
        return None
    total = 0.0
    for part in parts:
        value = _value(part, values, children)
        if value is None:
            return None
        total += value
    return total


@lru_cache(maxsize=64)
def _children(metric_ids: frozenset[str]) -> dict[str, list[str]]:
    catalog = load_catalog()
    children: dict[str, list[str]] = {}
    for metric_id in sorted(metric_ids):
        parent = catalog[metric_id].parent_id
        if parent:
            children.setdefault(parent, []).append(metric_id)
    return children


def check(values: Values, template_metrics: frozenset[str]) -> tuple[int, int]:
    """(rules checked, rules broken) of the table's sum and flow rules in one column of figures."""
    children = _children(template_metrics)
    checked = broken = 0
    for parent, parts in children.items():
        stated = values.get(parent)
        if stated is None:
            continue
        part_values = [_value(part, values, children) for part in parts]
        if any(v is None for v in part_values):
            continue
        checked += 1
        broken += abs(stated - sum(part_values)) > 1e-6  # type: ignore[arg-type]
    left = [values.get(m) for m in REQUESTS_FLOW[0]]
    right = [_value(m, values, children) for m in REQUESTS_FLOW[1]]
    if all(v is not None for v in (*left, *right)):
        checked += 1
        broken += abs(sum(left) - sum(right)) > 1e-6  # type: ignore[arg-type]
    return checked, broken
