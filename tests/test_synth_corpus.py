"""The synthetic corpus generator: deterministic, streaming, and its labels are the truth of what it wrote."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.catalog import load_catalog
from pipeline.synth import compose
from pipeline.synth.corpus import Mix, build, generate_corpus, plan_report
from pipeline.synth.wording import chinese_numeral

SEED = 7
APPLICANTS = {"natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"}
KINDS = {"sum", "share", "flow", "cross_section"}


def _find(predicate, limit: int = 3000, mix: Mix = Mix()):
    for index in range(limit):
        plan = plan_report(SEED, index, mix)
        if predicate(plan):
            return plan
    raise AssertionError("no report of that kind in the first indices")


def _reports(label: dict) -> list[dict]:
    return [d for d in label.get("documents", [label]) if d.get("kind", "annual_report") == "annual_report"]


def test_a_report_is_a_pure_function_of_seed_and_index():
    plan = plan_report(SEED, 42)
    assert build(SEED, plan) == build(SEED, plan_report(SEED, 42))
    assert build(SEED, plan)[0] != build(SEED + 1, plan_report(SEED + 1, 42))[0]


def test_labels_follow_the_corpus_format():
    catalog = load_catalog()
    for index in range(120):
        _, label = build(SEED, plan_report(SEED, index))
        assert label["id"] == f"syn{index:07d}"
        for report in _reports(label):
            assert report["template"] in {"v2008", "v2019", "v2021", "narrative"}
            assert report["admin_level"] in {"province", "city", "county", "township", "department"}
            assert 2008 <= report["year"] <= 2024
            assert report["agency"] and report["region"]["province"]
            keys = [(m["metric_id"], m.get("applicant"), m["period"]) for m in report["metrics"]]
            assert len(keys) == len(set(keys)), "one value per metric, applicant and period"
            for metric in report["metrics"]:
                assert metric["metric_id"] in catalog
                assert catalog[metric["metric_id"]].applies_to(report["template"]) or report["template"] == "narrative"
                assert metric.get("applicant", "total") in APPLICANTS
                assert metric["period"] in {"year", "cumulative"}
            for finding in report["inconsistencies"]:
                assert finding["kind"] in KINDS and finding["stated"] != finding["computed"]


# An injection that may break nothing the report states: a raised prose total whose channels the text does
# not list in full (or not at all) is still consistent with everything printed.
MAY_BREAK_NOTHING = {"prose_received"}


def test_only_injected_reports_are_inconsistent_and_every_injection_is_labelled():
    injected = clean = 0
    for index in range(400):
        _, label = build(SEED, plan_report(SEED, index))
        notes = label["notes"]
        found = [i for r in _reports(label) for i in r["inconsistencies"]]
        was_injected = "injected inconsistency: " in notes or "injected change that breaks no stated relation: " in notes
        assert not found or was_injected, notes
        if was_injected and not found:
            unlabelled = notes.split("injected change that breaks no stated relation: ")[1].split("; ")[0]
            assert set(unlabelled.split(", ")) <= MAY_BREAK_NOTHING, notes
        injected += bool(found)
        clean += not was_injected
    assert injected > 10 and clean > 300


def _pipe_rows(text: str) -> dict[str, list[str]]:
    rows = {}
    for line in text.splitlines():
        if line.startswith("| "):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            numbers = [c for c in cells if re.fullmatch(r"-?\d+(\.\d+)?", c)]
            labels = [c for c in cells if c and c not in numbers]
            if labels:
                rows[labels[-1]] = numbers
    return rows


def test_the_requests_table_shows_exactly_the_labelled_values_including_an_injected_cell():
    mix = replace(Mix(), inconsistent=1.0, html=0.0, pdf=0.0, docx=0.0, md=0.0, compilation=0.0, gb18030=0.0)
    plan = _find(lambda p: p.choices.template == "v2021" and p.choices.injection in ("applicant_cell", "total_cell"), mix=mix)
    plan = replace(plan, style=replace(plan.style, table_layout="pipe", one_line=False), choices=replace(plan.choices, zero="0"))
    data, label = build(SEED, plan)
    rows = _pipe_rows(data.decode("utf-8"))
    values = {(m["metric_id"], m.get("applicant")): m["value"] for m in label["metrics"]}
    columns = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
    for label_text, metric_id in (("（一）予以公开", "requests.granted"), ("（七）总计", "requests.processed_total"),
                                  ("1.属于国家秘密", "requests.denied.state_secret"), ("四、结转下年度继续办理", "requests.carried_forward")):
        assert [float(x) for x in rows[label_text]] == [values[(metric_id, c)] for c in columns]
    assert any(i["kind"] == "sum" for i in label["inconsistencies"])


def _numbers_in(text: str) -> set[float]:
    text = text.translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    found = {float(x) for x in re.findall(r"\d+(?:\.\d+)?", text)}
    found |= {float(n) for n in range(100) if chinese_numeral(n) in text}
    return found


def test_every_value_a_prose_only_report_is_labelled_with_appears_in_its_text():
    mix = replace(Mix(), html=0.0, pdf=0.0, docx=0.0, md=0.0, compilation=0.0, gb18030=0.0)
    checked = 0
    for index in range(300):
        plan = plan_report(SEED, index, mix)
        if plan.choices.template != "v2008" or plan.choices.statistics:
            continue
        data, label = build(SEED, plan)
        numbers = _numbers_in(data.decode("utf-8"))
        for metric in label["metrics"]:
            in_words = metric["value"] == 0 and re.search("未(收到|发生|收取)", data.decode("utf-8"))  # 未发生… states a zero
            assert in_words or metric["value"] in numbers, (metric, plan.file_id)
        checked += 1
    assert checked > 10


def test_consecutive_reports_of_an_agency_carry_over_consistently():
    """This year's 上年结转 is last year's 结转下年度, and 现行有效件数 moves by 制发 - 废止 (no cross-year false alarms)."""
    by_agency: dict[str, dict[int, dict]] = {}
    for index in range(0, 600):
        plan = plan_report(SEED, index)
        if plan.choices.template not in ("v2019", "v2021") or plan.choices.tables_missing or plan.compilation:
            continue
        _, label = build(SEED, plan)
        values = {(m["metric_id"], m.get("applicant")): m["value"] for m in label["metrics"]}
        by_agency.setdefault(plan.agency.name + str(plan.agency.number), {})[plan.year] = (plan.choices.template, values)
    pairs = 0
    for years in by_agency.values():
        for year, (template, values) in years.items():
            if year - 1 not in years:
                continue
            previous_template, previous = years[year - 1]
            forward, carried = previous.get(("requests.carried_forward", "total")), values.get(("requests.carried_over", "total"))
            if forward is not None and carried is not None:
                assert carried == forward
                pairs += 1
            if template == previous_template == "v2021":
                for kind in ("regulations", "normative_docs"):
                    stock = [previous.get((f"proactive.{kind}.in_force", None)), values.get((f"proactive.{kind}.issued", None)),
                             values.get((f"proactive.{kind}.repealed", None)), values.get((f"proactive.{kind}.in_force", None))]
                    if None not in stock:
                        assert stock[0] + stock[1] - stock[2] == stock[3]
    assert pairs > 5


def test_cumulative_figures_never_decrease_across_an_agencys_reports():
    seen: dict[int, dict[int, float]] = {}
    for index in range(800):
        plan = plan_report(SEED, index)
        if not plan.choices.cumulative:
            continue
        _, label = build(SEED, plan)
        for report in _reports(label):
            cumulative = {m["metric_id"]: m["value"] for m in report["metrics"] if m["period"] == "cumulative"}
            seen.setdefault(plan.agency.number, {})[plan.year] = cumulative.get("proactive.total")
    compared = 0
    for years in seen.values():
        ordered = [v for _, v in sorted(years.items()) if v is not None]
        compared += len(ordered) > 1
        assert ordered == sorted(ordered)
    assert compared > 0


def test_compilation_pages_label_every_part_and_exactly_one_annual_report():
    mix = replace(Mix(), compilation=1.0, pdf=0.0, docx=0.0, md=0.0)
    plan = _find(lambda p: p.compilation, mix=mix)
    data, label = build(SEED, plan)
    parts = label["documents"]
    assert [d["part"] for d in parts] == [f"篇{n}" for n in range(1, len(parts) + 1)]
    assert [d["kind"] for d in parts].count("annual_report") == 1
    text = data.decode(plan.encoding)
    assert all(f"篇{n}" in text for n in range(1, len(parts) + 1))


def test_pdf_and_docx_reports_carry_their_table_values():
    import docx
    import pdfplumber

    mix = replace(Mix(), pdf=0.5, docx=0.5)
    for fmt in ("pdf", "docx"):
        plan = _find(lambda p, f=fmt: p.fmt == f and p.choices.template in ("v2019", "v2021") and not p.choices.tables_missing, mix=mix)
        data, label = build(SEED, plan)
        if fmt == "pdf":
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                text = "".join(page.extract_text() or "" for page in pdf.pages)
        else:
            document = docx.Document(io.BytesIO(data))
            text = "".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
            text += "".join(p.text for p in document.paragraphs)
        compact = re.sub(r"\s", "", text)
        assert re.sub(r"\s", "", label["agency"]) in compact
        assert "本年新收政府信息公开申请数量" in compact
        total = next(m["value"] for m in label["metrics"] if m["metric_id"] == "requests.new_received" and m.get("applicant") == "total")
        assert str(int(total)) in compact


def test_generate_corpus_writes_files_labels_and_a_summary_and_appends(tmp_path: Path):
    stats = generate_corpus(tmp_path, 30, seed=SEED)
    assert stats.reports == 30
    raw = sorted(p for p in (tmp_path / "raw").rglob("*") if p.is_file())
    labels = sorted((tmp_path / "labels").glob("*.json"))
    assert len(raw) == len(labels) == 30
    assert {p.stem for p in raw} == {p.stem for p in labels}
    generate_corpus(tmp_path, 5, seed=SEED, start=30)
    summary = json.loads((tmp_path / "corpus.json").read_text(encoding="utf-8"))
    assert summary["reports"] == 35 and sum(summary["counts"]["format"].values()) == 35
    assert len(list((tmp_path / "labels").glob("*.json"))) == 35


@pytest.mark.parametrize("menu", sorted(compose.INJECTIONS))
def test_every_kind_of_injection_is_detectable_in_the_labels(menu: str):
    mix = replace(Mix(), inconsistent=1.0, tables_missing=0.0)
    seen = set()
    for index in range(1500):
        plan = plan_report(SEED, index, mix)
        if plan.choices.injection not in compose.INJECTIONS[menu] or plan.choices.injection in seen:
            continue
        template = plan.choices.template
        if (menu == "v2019") != (template in ("v2019", "v2021")) or (menu == "v2008_table") != bool(plan.choices.statistics):
            continue
        _, label = build(SEED, plan)
        if "injected inconsistency" in label["notes"]:
            assert [i for r in _reports(label) for i in r["inconsistencies"]]
            seen.add(plan.choices.injection)
    assert seen == set(compose.INJECTIONS[menu])


def test_subtotal_rows_and_columns_print_the_truth_and_an_injected_row_breaks_its_subtotal():
    mix = replace(Mix(), inconsistent=1.0, html=0.0, pdf=0.0, docx=0.0, md=0.0, compilation=0.0, gb18030=0.0, tables_missing=0.0)
    plan = _find(lambda p: p.choices.template == "v2021" and p.choices.injection == "applicant_cell", mix=mix)
    plan = replace(plan, style=replace(plan.style, table_layout="pipe", one_line=False),
                   choices=replace(plan.choices, zero="0", subtotals=True, org_subtotal=True))
    data, label = build(SEED, plan)
    values = {(m["metric_id"], m.get("applicant")): m["value"] for m in label["metrics"]}
    subtotal_line = next(line for line in data.decode("utf-8").splitlines() if "（三）不予公开 | 小计" in line)
    cells = [c.strip() for c in subtotal_line.strip().strip("|").split("|")][-8:]
    columns = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org"]
    organisations = sum(values[("requests.denied", c)] for c in columns[1:])
    expected = [*(values[("requests.denied", c)] for c in columns), organisations, values[("requests.denied", "total")]]
    assert [float(c) for c in cells] == expected
    injected_row = next(i["metrics"][0] for i in label["inconsistencies"] if i["kind"] == "sum")
    assert injected_row.startswith("requests.")


@pytest.mark.parametrize(("zero", "stated"), [("无", True), ("—", False), ("", False)])
def test_zero_cells_are_stated_only_when_the_table_writes_0_or_无(zero: str, stated: bool):
    mix = replace(Mix(), inconsistent=0.0, html=0.0, pdf=0.0, docx=0.0, md=0.0, compilation=0.0, gb18030=0.0, tables_missing=0.0)
    plan = _find(lambda p: p.choices.template == "v2019", mix=mix)
    plan = replace(plan, style=replace(plan.style, table_layout="pipe", one_line=False), choices=replace(plan.choices, zero=zero))
    _, label = build(SEED, plan)
    reference = build(SEED, replace(plan, choices=replace(plan.choices, zero="0")))[1]
    zeros = {(m["metric_id"], m.get("applicant")) for m in reference["metrics"] if m["value"] == 0}
    present = {(m["metric_id"], m.get("applicant")) for m in label["metrics"]}
    assert zeros and (zeros <= present) == stated
