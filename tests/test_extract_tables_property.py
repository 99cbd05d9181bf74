"""Property: random valid standard tables, rendered in every layout inside a whole report, come back cell for
cell through clean_text and extract_tables — and nothing comes back that the tables do not say.

Run-together digits are the one layout where a cell can be lost on purpose: a row is only required back
when its own arithmetic leaves one way to cut its digits, checked here by brute force.
"""

from __future__ import annotations

import itertools
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.clean import clean_text
from pipeline.extract.standard_template import standard_rows
from pipeline.extract.tables import extract_tables
from pipeline.ingest.html import html_to_text
from pipeline.model import Document, Identity
from pipeline.synth.tables import LAYOUTS, StandardTables, random_standard_tables, render_report

APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")


def page_text(page: str, layout: str) -> str:
    if layout != "html":
        return page
    converted = html_to_text(page.encode("utf-8"))  # the ingestion's HTML -> pipe rows contract
    return converted[0] if isinstance(converted, tuple) else converted


def extracted(tables: StandardTables, layout: str, rng: random.Random, hint: str | None) -> dict:
    text = clean_text(page_text(render_report(tables, layout, rng), layout)).text
    extraction = extract_tables(Document("t", 1, "annual_report", text), Identity(template=hint))
    found: dict = {}
    for value in extraction.values:
        found.setdefault((value.metric_id, value.applicant, value.period), value.value)
    return found


def cuts(digits: str, parts: int):
    for positions in itertools.combinations(range(1, len(digits)), parts - 1):
        pieces = [digits[a:b] for a, b in zip((0, *positions), (*positions, len(digits)))]
        if all(len(p) == 1 or p[0] != "0" for p in pieces):
            yield [int(p) for p in pieces]


def digits_of(values) -> str:
    return "".join(str(int(v)) for v in values)


MAX_BRUTE_FORCE_DIGITS = 13  # longer runs have too many cuts to list here; they are not required back


def row_is_determined(values: list[float], org_subtotal: bool) -> bool:
    """Brute force: the printed run has one cut that satisfies the row's own sums."""
    printed = [*values[:-1], sum(values[1:6]), values[-1]] if org_subtotal else values
    if len(digits_of(printed)) > MAX_BRUTE_FORCE_DIGITS:
        return False

    def holds(cells: list[int]) -> bool:
        if org_subtotal:
            return cells[6] == sum(cells[1:6]) and cells[7] == cells[0] + cells[6]
        return cells[-1] == sum(cells[:-1])

    return sum(holds(c) for c in cuts(digits_of(printed), len(printed))) == 1


def required_back(tables: StandardTables, layout: str) -> set:
    truth = tables.truth()
    if layout != "run_together":
        return set(truth)
    required = set()
    for row in standard_rows("proactive", tables.template):
        values = [tables.proactive[m] for m in row.metric_ids]
        if any(v < 0 or not float(v).is_integer() for v in values):
            continue  # a sign or a decimal point inside a run: no brute force reference here
        if sum(1 for _ in cuts(digits_of(values), len(values))) == 1:
            required |= {(m, "total", "year") for m in row.metric_ids}
    for metric_id, values in tables.requests.items():
        if any(k[0] == metric_id for k in truth) and row_is_determined(values, tables.org_subtotal):
            required |= {(metric_id, a, "year") for a in APPLICANTS}
    if len(digits_of(tables.review.values())) == len(tables.review):  # every review cell one digit
        required |= {(m, "total", "year") for m in tables.review}
    return required


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), layout=st.sampled_from(LAYOUTS))
def test_every_cell_comes_back_and_nothing_else(seed, layout):
    rng = random.Random(seed)
    template = rng.choice(["v2019", "v2021"])
    delimited = layout not in ("run_together", "number_run")
    tables = random_standard_tables(
        rng, template, group_subtotals=rng.random() < 0.3, org_subtotal=rng.random() < 0.3, blanks=0.3 if delimited else 0.0
    )
    hint = rng.choice([template, None])
    found = extracted(tables, layout, rng, hint)
    truth = tables.truth()
    assert {k: v for k, v in found.items() if k not in truth} == {}
    assert {k: (v, truth[k]) for k, v in found.items() if abs(v - truth[k]) > 1e-9} == {}
    assert required_back(tables, layout) - set(found) == set()


def test_every_layout_at_least_once():
    for layout in LAYOUTS:
        rng = random.Random(7)
        tables = random_standard_tables(rng, "v2021")
        found = extracted(tables, layout, rng, "v2021")
        assert required_back(tables, layout) <= set(found), layout
        assert all(found[k] == v for k, v in tables.truth().items() if k in found), layout


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), layout=st.sampled_from(["pipe", "html", "cell_per_line", "spaced", "pdf_text"]))
def test_tables_without_their_section_headings_are_found_by_their_labels(seed, layout):
    rng = random.Random(seed)
    template = rng.choice(["v2019", "v2021"])
    tables = random_standard_tables(rng, template, org_subtotal=rng.random() < 0.3)
    page = render_report(tables, layout, rng)
    for heading in ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"):
        page = page.replace(heading, "")
    text = clean_text(page_text(page, layout)).text
    extraction = extract_tables(Document("t", 1, "annual_report", text), Identity(template=rng.choice([template, None])))
    found = {(v.metric_id, v.applicant, v.period): v.value for v in extraction.values}
    assert found == tables.truth()
