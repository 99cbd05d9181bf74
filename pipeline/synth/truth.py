"""The known truth of a synthetic report: every value it states, its categories, and the arithmetic it claims.

A generator records each value the report states under its key (metric id, applicant column, period) and each
relation the report's own structure implies (a 总计 cell is the sum of its row, （七）总计 is the sum of the result
rows, 本年新收 + 上年结转 = 总计 + 结转下年度, a category list adds up to its total...). After an inconsistency is
injected into a value, `inconsistencies` lists every relation that no longer holds: exactly what a quality check
should report, in the label format of ../shared/corpus/FORMAT.md.

Conventions for the stated/computed pair: sum -> the stated total vs the sum of its stated parts; flow -> 本年新收 +
上年结转 vs （七）总计 + 结转下年度继续办理; share -> the stated share vs 100 * count / total (rounded as stated);
cross_section -> the value the prose states vs the value the table states; a stated rate (受理117件，办结171件，办结率
100%) -> flow: the whole vs a part above it, else share: the stated rate vs 100 * part / whole (rounded to 2 decimals)
when printing the rate can neither round nor cut it to what is stated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pipeline.checks import rulebook

Key = tuple[str, str | None, str]  # metric_id, applicant column (None outside the requests table), period
TOLERANCE = 1e-6


def key(metric_id: str, applicant: str | None = None, period: str = "year") -> Key:
    return (metric_id, applicant, period)


@dataclass(frozen=True)
class Relation:
    kind: str  # sum, flow, cross_section
    metrics: tuple[str, ...]
    stated: tuple[Key, ...]  # summed: the side the report states as a total
    computed: tuple[Key, ...]  # summed: the side a check computes from parts
    description: str
    stated_from_prose: bool = False  # cross_section: the stated side is the prose's value, not the table's
    partial: bool = False  # sum: the parts are a 其中 list that does not name every part (see _short_highlights)


@dataclass
class CategoryList:
    parent: str  # metric id the categories break down
    total: Key | None  # the stated total the list should add up to (None: no total stated)
    entries: list[dict[str, Any]] = field(default_factory=list)  # label, value, share_pct, share_decimals
    complete: bool = True  # False when introduced as 主要类别 and deliberately short of the total


@dataclass
class Truth:
    values: dict[Key, float] = field(default_factory=dict)  # what the report's tables or prose state
    prose: dict[Key, float] = field(default_factory=dict)  # prose restatements of table values (cross-section)
    relations: list[Relation] = field(default_factory=list)
    category_lists: list[CategoryList] = field(default_factory=list)
    injected: list[str] = field(default_factory=list)  # names of the injections applied
    notes: list[str] = field(default_factory=list)
    expected_flags: list[str] = field(default_factory=list)
    blank: set[Key] = field(default_factory=set)  # table cells printed as a dash or left empty
    rates: list[dict[str, Any]] = field(default_factory=list)  # whole, part, rate_pct, label: figures no metric holds

    def state(self, k: Key, value: float) -> float:
        self.values[k] = value
        return value

    def unstate(self, keys: set[Key]) -> None:
        """Values rendered as a dash or a blank cell are not stated (FORMAT.md): drop them from the truth. The
        cells stay known as blank: a balance counts them as empty terms, as a sum does its parts."""
        for k in keys:
            self.values.pop(k, None)
        self.blank |= keys


def _total(truth: Truth, keys: tuple[Key, ...], from_prose: bool = False, blank_is_empty: bool = False) -> float | None:
    source = truth.prose if from_prose else truth.values
    present = [source[k] for k in keys if k in source]
    if not present and blank_is_empty and keys and all(k in truth.blank for k in keys):
        return 0.0
    return sum(present) if present else None


def _short_highlights(stated: float, computed: float, n_parts: int) -> bool:
    """A 其中 or 主要类别 list naming some of the parts (收到申请13件，其中当面申请2件，网络申请1件) that falls short of its total
    reads as a selection, not a breakdown, unless it covers most of it: nothing in the text says it is wrong. Only
    a list that exceeds its total, or names two parts or more covering at least partial_list_min_coverage of it
    (checks_settings.csv: the domain rule for every partial list) contradicts its total."""
    return computed < stated and (n_parts < 2 or computed < rulebook.settings().partial_list_min_coverage * stated)


def _relation_findings(truth: Truth) -> list[dict[str, Any]]:
    found = []
    for relation in truth.relations:
        # A balance's terms (本年新收 + 上年结转) may be blank cells, empty terms; a sum's stated whole may not.
        balance = relation.kind == "flow"
        if relation.stated_from_prose:
            if not all(k in truth.prose for k in relation.stated):
                continue
        elif not all(k in truth.values or (balance and k in truth.blank) for k in relation.stated):
            continue
        stated = _total(truth, relation.stated, relation.stated_from_prose, blank_is_empty=balance)
        computed = _total(truth, relation.computed, blank_is_empty=balance)
        if stated is None or computed is None or abs(stated - computed) <= TOLERANCE:
            continue
        if relation.partial and _short_highlights(stated, computed, len(relation.computed)):
            continue
        found.append(
            {
                "kind": relation.kind,
                "metrics": list(relation.metrics),
                "stated": _number(stated),
                "computed": _number(computed),
                "description": relation.description,
            }
        )
    return found


def _category_findings(truth: Truth) -> list[dict[str, Any]]:
    found = []
    for listing in truth.category_lists:
        total = truth.values.get(listing.total) if listing.total else None
        if total is None:
            continue
        counted = [e["value"] for e in listing.entries if e.get("value") is not None]
        short = not listing.complete and _short_highlights(total, sum(counted), len(counted))
        if counted and abs(sum(counted) - total) > TOLERANCE and not short:
            found.append(
                {
                    "kind": "sum",
                    "metrics": [listing.parent],
                    "stated": _number(total),
                    "computed": _number(sum(counted)),
                    "description": "the listed categories do not add up to the stated total"
                    + (" (the list is introduced as 主要类别)" if not listing.complete else ""),
                }
            )
        for entry in listing.entries:
            share, value = entry.get("share_pct"), entry.get("value")
            if share is None or value is None or not total:
                continue
            # as printed ({share:g}): 9.00% of a list with two decimals reads "9%", a share to the unit
            decimals = min(entry.get("share_decimals", 1), len(f"{share:g}".partition(".")[2]))
            expected = _half_up(100 * value / total, decimals)
            if abs(share - 100 * value / total) > 0.5 * 10 ** -decimals + TOLERANCE:
                found.append(
                    {
                        "kind": "share",
                        "metrics": [listing.parent],
                        "stated": share,
                        "computed": expected,
                        "description": f"{entry['label']}: {value:g} of {total:g} is {expected}%, not the stated {share}%",
                    }
                )
    return found


def _rate_findings(truth: Truth) -> list[dict[str, Any]]:
    found = []
    for rate in truth.rates:
        whole, part, stated = rate["whole"], rate["part"], rate["rate_pct"]
        if part > whole:
            found.append({"kind": "flow", "metrics": [], "stated": _number(whole), "computed": _number(part),
                          "description": f"{rate['label']}: {part:g} done of {whole:g} received, while the rate is stated as {stated:g}%"})
            continue
        exact = 100 * part / whole
        unit = 10 ** -rate.get("decimals", 0)
        if abs(stated - exact) <= 0.5 * unit + TOLERANCE or 0 <= exact - stated < unit:
            continue  # rounded, or cut to its last digit
        computed = _half_up(exact, 2)
        found.append({"kind": "share", "metrics": [], "stated": _number(stated), "computed": _number(computed),
                      "description": f"{rate['label']}: {part:g} of {whole:g} is {computed:g}%, not the stated {stated:g}%"})
    return found


def _half_up(value: float, decimals: int) -> float:
    """Rounded as a person (and SQL's round) does: 298 of 320 is 93.125% -> 93.13, where Python's round gives 93.12."""
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def inconsistencies(truth: Truth) -> list[dict[str, Any]]:
    """Every relation the report's figures break, in the label format."""
    return _relation_findings(truth) + _category_findings(truth) + _rate_findings(truth)


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 6)


def metric_labels(truth: Truth) -> list[dict[str, Any]]:
    out = []
    for (metric_id, applicant, period), value in truth.values.items():
        entry: dict[str, Any] = {"metric_id": metric_id}
        if applicant is not None:
            entry["applicant"] = applicant
        entry["period"] = period
        entry["value"] = _number(value)
        out.append(entry)
    return out


def category_labels(truth: Truth) -> list[dict[str, Any]]:
    return [
        {"parent": listing.parent, "label": e["label"], "value": e.get("value"), "share_pct": e.get("share_pct")}
        for listing in truth.category_lists
        for e in listing.entries
    ]
