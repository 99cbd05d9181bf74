"""The arithmetic a standard table states about itself, used to choose between readings of run-together digits.

Table 三 prints its own rule (本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和): in every column
本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理. The catalog adds the sums: （七）总计 is the sum of
（一）…（六）, each group the sum of its numbered rows. Table 四: each 总计 is the sum of its four outcomes.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from pipeline.catalog import load_catalog

# The flow rule printed in table 三's header: left-hand sides and right-hand sides.
REQUESTS_FLOW = (("requests.new_received", "requests.carried_over"), ("requests.processed_total", "requests.carried_forward"))

Columns = Mapping[str, tuple[float | None, ...]]  # metric id -> its row's value in every column


@lru_cache(maxsize=64)
def _children(metric_ids: frozenset[str]) -> dict[str, list[str]]:
    catalog = load_catalog()
    children: dict[str, list[str]] = {}
    for metric_id in sorted(metric_ids):
        parent = catalog[metric_id].parent_id
        if parent:
            children.setdefault(parent, []).append(metric_id)
    return children


def check_columns(rows: Columns, template_metrics: frozenset[str], width: int) -> tuple[int, int]:
    """(rules checked, rules broken) of the table's sum and flow rules, over every column of the rows read.

    A metric not printed counts as the sum of its printed parts (（三）不予公开 has no row of its own)."""
    children = _children(template_metrics)
    memo: dict[str, tuple[float | None, ...] | None] = {}

    def column_values(metric_id: str) -> tuple[float | None, ...] | None:
        if metric_id in memo:
            return memo[metric_id]
        found = rows.get(metric_id)
        if found is None and children.get(metric_id):
            parts = [column_values(part) for part in children[metric_id]]
            if all(p is not None for p in parts):
                found = tuple(_sum(p[c] for p in parts) for c in range(width))  # type: ignore[index]
        memo[metric_id] = found
        return found

    checked = broken = 0
    rules = [(rows.get(parent), [column_values(part) for part in parts]) for parent, parts in children.items()]
    rules.append((_add(*(rows.get(m) for m in REQUESTS_FLOW[0]), width), [column_values(m) for m in REQUESTS_FLOW[1]]))
    for stated, parts in rules:
        if stated is None or any(p is None for p in parts):
            continue
        for c in range(width):
            total = _sum(p[c] for p in parts)  # type: ignore[index]
            if stated[c] is None or total is None:
                continue
            checked += 1
            broken += abs(stated[c] - total) > 1e-6
    return checked, broken


def _sum(values) -> float | None:
    total = 0.0
    for value in values:
        if value is None:
            return None
        total += value
    return total


def _add(a, b, width: int) -> tuple[float | None, ...] | None:
    if a is None or b is None:
        return None
    return tuple(_sum((a[c], b[c])) for c in range(width))


# Rows of table 二: the stock in force at the end of the year is at least what the year added net
# (现行有效 >= 本年制发 - 本年废止, as last year's stock is not negative), and what is public in all at
# least what was newly published this year (对外公开总数量 >= 本年新公开数量).
_ROW_RULES = {
    ("issued", "repealed", "in_force"): lambda issued, repealed, in_force: in_force >= issued - repealed,
    ("made", "published", "public_total"): lambda made, published, public_total: public_total >= published,
}


def row_holds(metric_ids: tuple[str, ...], values: tuple[float | None, ...]) -> bool:
    """Whether a row of table 二 read this way is possible (rows without a rule always are)."""
    rule = _ROW_RULES.get(tuple(metric_id.rsplit(".", 1)[-1] for metric_id in metric_ids))
    if rule is None or any(v is None for v in values):
        return True
    return bool(rule(*values))
