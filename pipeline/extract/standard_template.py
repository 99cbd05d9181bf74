"""The v2019 and v2021 standard tables as data: rows, columns and section headings.

Read from pipeline/data/standard_tables.csv (the rows of tables 二, 三 and 四, in printed order, with the
metric id of every cell), standard_sections.csv (the section headings that delimit them) and
applicant_columns.csv (the column layouts of table 三, including agencies' 法人或其他组织 subtotal column).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pipeline.catalog import load_catalog
from pipeline.extract.labels import core, leading_marker

TEMPLATES = ("v2021", "v2019")
TABLES = ("proactive", "requests", "review")


@dataclass(frozen=True, eq=False)  # one object per row of the data file: compared and hashed by identity
class StandardRow:
    table: str
    templates: frozenset[str]
    position: int
    item: str  # the 第二十条 item a row of table 二 sits under (第二十条第（一）项)
    label: str
    names: tuple[str, ...]  # cores of the printed label and its aliases
    marker: str | None  # the row's own numbering ("1", "(三)", "一")
    optional: bool  # printed by some agencies only (a group subtotal)
    metric_ids: tuple[str, ...]  # one per value column, in printed order


@dataclass(frozen=True)
class ApplicantColumn:
    key: str  # an applicant of model.APPLICANTS, or org_subtotal
    label: str


@dataclass(frozen=True)
class SectionHeading:
    table: str  # proactive, requests, review, or end (the section after the tables)
    numeral: str
    label: str  # the heading as the template prints it
    names: tuple[str, ...]  # cores of the heading and its variants


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("pipeline.data").joinpath(name).read_text(encoding="utf-8")
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(text.splitlines())]


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


@cache
def _all_rows() -> tuple[StandardRow, ...]:
    catalog = load_catalog()
    rows = []
    for raw in _read("standard_tables.csv"):
        metric_ids = _split(raw["metric_ids"])
        unknown = [m for m in metric_ids if m not in catalog]
        if unknown:
            raise ValueError(f"standard_tables.csv names metrics missing from metrics.csv: {unknown}")
        names = [raw["row_label"], *_split(raw["aliases"])]
        if len(metric_ids) == 1 and raw["table"] == "requests":
            names.extend(catalog[metric_ids[0]].aliases)
        rows.append(
            StandardRow(
                table=raw["table"],
                templates=frozenset(_split(raw["templates"])),
                position=int(raw["position"]),
                item=raw["item"],
                label=raw["row_label"],
                names=tuple(dict.fromkeys(core(name) for name in names if core(name))),
                marker=leading_marker(raw["row_label"]),
                optional=raw["optional"] == "optional",
                metric_ids=metric_ids,
            )
        )
    return tuple(rows)


@cache
def standard_rows(table: str, template: str) -> tuple[StandardRow, ...]:
    """The rows of one standard table in one template, in printed order."""
    rows = [row for row in _all_rows() if row.table == table and template in row.templates]
    return tuple(sorted(rows, key=lambda row: row.position))


@cache
def column_layouts() -> dict[str, tuple[ApplicantColumn, ...]]:
    """Column layouts of table 三 by name, the standard one first."""
    layouts: dict[str, list[tuple[int, ApplicantColumn]]] = {}
    for raw in _read("applicant_columns.csv"):
        column = ApplicantColumn(raw["column"], raw["label_zh"])
        layouts.setdefault(raw["layout"], []).append((int(raw["position"]), column))
    return {name: tuple(c for _, c in sorted(columns, key=lambda p: p[0])) for name, columns in layouts.items()}


@cache
def section_headings() -> tuple[SectionHeading, ...]:
    return tuple(
        SectionHeading(raw["table"], raw["numeral"], _split(raw["heading"])[0], tuple(core(n) for n in _split(raw["heading"])))
        for raw in _read("standard_sections.csv")
    )


@cache
def column_words(template: str) -> frozenset[str]:
    """The column headings of table 二 in a template (本年制发件数 ...), read off the metric labels."""
    catalog = load_catalog()
    found = set()
    for row in standard_rows("proactive", template):
        for metric_id in row.metric_ids:
            label = catalog[metric_id].label_zh
            found.add(core(label.split(" ", 1)[1] if " " in label else label))
    return frozenset(found)


@cache
def standard_metric_ids() -> frozenset[str]:
    """Metrics only the standard tables state: read from those tables, never from another table's row."""
    catalog = load_catalog()
    ids = {metric_id for row in _all_rows() for metric_id in row.metric_ids}
    return frozenset(m for m in ids if catalog[m].template != "any")


@cache
def distinctive_words(table: str) -> frozenset[str]:
    """Words only table 三 or 四 prints (its applicant columns, its first and last rows; 直接起诉 ...), read
    off the data: a table under a similar heading without any of them is not that table."""
    catalog = load_catalog()
    if table == "requests":
        rows = standard_rows("requests", "v2021")
        words = {core(rows[0].label), core(rows[1].label), core(rows[-1].label)}
        words |= {core(column.label) for column in column_layouts()["standard"][:-1] if len(core(column.label)) >= 3}
        return frozenset(words)
    if table == "review":
        words = set()
        for row in standard_rows("review", "v2021"):
            for metric_id in row.metric_ids:
                words.update(core(part) for part in catalog[metric_id].label_zh.split()[1:] if len(core(part)) >= 4)
        return frozenset(words)
    return frozenset()
