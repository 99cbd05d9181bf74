"""A synthetic corpus of annual reports that looks like the real ones, with a known truth for every value.

    python -m pipeline.synth.corpus OUT_DIR --reports 20000 [--seed 0] [--start 0] [--workers 2]

writes OUT_DIR/raw/<bucket>/<id>.<ext> (txt, html, md, docx, pdf) and OUT_DIR/labels/<id>.json in the label
format of ../shared/corpus/FORMAT.md, plus OUT_DIR/corpus.json (what was generated: formats, templates,
layouts, injected inconsistencies). Both eras and all three templates, varied agencies (real divisions at
every level), years 2008-2024, crawler headers and web debris, tables flattened in every layout, GB18030 files,
compilation pages, and a known set of injected inconsistencies (every arithmetic relation they break is in the
label). Report i is a pure function of (seed, i): `--start N` appends reports N.. to an existing corpus (the
benchmark's "1% new files"), and generation streams: nothing but counters is held across reports.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from pipeline.synth import compilation, compose, render
from pipeline.synth.agencies import SERIES_LENGTH, Agency, agency, report_slot
from pipeline.synth.truth import Truth, category_labels, inconsistencies, metric_labels

FILES_PER_BUCKET = 1000
CHUNK = 250  # reports per worker task


@dataclass(frozen=True)
class Mix:
    """Shares of the corpus (each a probability per report)."""

    pdf: float = 0.01  # PDF parsing costs far more than text; the benchmark reports PDFs on their own
    docx: float = 0.02
    md: float = 0.02
    html: float = 0.45  # the rest is plain text
    compilation: float = 0.01
    inconsistent: float = 0.10
    gb18030: float = 0.15
    traditional: float = 0.01
    tables_missing: float = 0.03
    narrative: float = 0.05


@dataclass(frozen=True)
class Plan:
    index: int
    file_id: str
    agency: Agency
    year: int
    fmt: str
    encoding: str
    choices: compose.Choices
    style: render.Style
    compilation: bool = False
    traditional: bool = False

    @property
    def relative_path(self) -> str:
        return f"{self.index // FILES_PER_BUCKET:04d}/{self.file_id}.{self.fmt}"


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def template_for(rng: random.Random, year: int, mix: Mix) -> str:
    if year <= 2018:
        return "narrative" if rng.random() < mix.narrative else "v2008"
    if year == 2019 or (year == 2020 and rng.random() < 0.8):
        return "v2019"
    return "v2021"


def plan_report(seed: int, index: int, mix: Mix = Mix()) -> Plan:
    """Every choice about report `index`, drawn from its own random stream."""
    rng = random.Random(f"plan:{seed}:{index}")
    number, position = report_slot(index)
    who = agency(seed, number)
    year = who.first_year + position
    template = template_for(rng, year, mix)
    roll = rng.random()
    fmt = "pdf" if roll < mix.pdf else "docx" if roll < mix.pdf + mix.docx else "md" if roll < mix.pdf + mix.docx + mix.md else None
    if fmt is None:
        fmt = "html" if rng.random() < mix.html / max(1e-9, 1 - mix.pdf - mix.docx - mix.md) else "txt"
    statistics = None
    if template == "v2008" and rng.random() < 0.6:
        statistics = "national" if year >= 2014 and rng.random() < 0.7 else "provincial"
    tables_missing = template in ("v2019", "v2021") and rng.random() < mix.tables_missing
    injection = None
    if template != "narrative" and not tables_missing and rng.random() < mix.inconsistent:
        menu = "v2019" if template in ("v2019", "v2021") else "v2008_table" if statistics else "v2008_prose"
        injection = rng.choice(compose.INJECTIONS[menu])
    choices = compose.Choices(
        template=template,
        statistics=statistics,
        cumulative=statistics == "provincial" and rng.random() < 0.6,
        zero=_pick(rng, {"0": 0.75, "无": 0.05, "—": 0.1, "/": 0.05, "": 0.05}) if template in ("v2019", "v2021") else "0",
        tables_missing=tables_missing,
        lose_characters=rng.random() < 0.05,
        injection=injection,
        title_style=rng.randrange(5),
        subtotals=template in ("v2019", "v2021") and rng.random() < 0.15,
        org_subtotal=template in ("v2019", "v2021") and rng.random() < 0.1,
    )
    layouts = {"pipe": 0.33, "pipe_sparse": 0.1, "cell_per_line": 0.22, "spaced": 0.12, "run_together": 0.05, "number_run": 0.08,
               "pdf_text": 0.1}
    if template not in ("v2019", "v2021"):
        layouts = {"pipe": 0.3, "pipe_sparse": 0.1, "cell_per_line": 0.35, "spaced": 0.15, "run_together": 0.1}
    text_like = fmt == "txt"
    style = render.Style(
        table_layout=_pick(rng, layouts) if text_like else fmt,
        crawler_header=text_like and rng.random() < 0.3,
        web_debris=(text_like and rng.random() < 0.4) or (fmt == "html" and rng.random() < 0.7),
        border_runs=text_like and rng.random() < 0.1,
        odd_spaces=fmt in ("txt", "html") and rng.random() < 0.2,
        one_line=text_like and rng.random() < 0.08,
        blank_lines=text_like and rng.random() < 0.1,
        published=f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(10, 28):02d}",
        source_id=index,
        office=who.office,
    )
    is_compilation = fmt in ("txt", "html") and rng.random() < mix.compilation
    encoding = "gb18030" if fmt in ("txt", "html") and rng.random() < mix.gb18030 else "utf-8"
    return Plan(
        index=index,
        file_id=f"syn{index:07d}",
        agency=who,
        year=year,
        fmt=fmt,
        encoding=encoding,
        choices=choices,
        style=style,
        compilation=is_compilation,
        traditional=fmt == "html" and not is_compilation and rng.random() < mix.traditional,
    )


def _report_label(plan: Plan, truth: Truth) -> dict[str, Any]:
    label: dict[str, Any] = {
        "agency": plan.agency.name,
        "region": plan.agency.region(),
        "admin_level": plan.agency.level,
        "year": plan.year,
        "template": plan.choices.template,
        "metrics": metric_labels(truth),
        "categories": category_labels(truth),
        "inconsistencies": inconsistencies(truth),
    }
    if truth.expected_flags:
        label["expected_flags"] = truth.expected_flags
    return label


def _notes(plan: Plan, truth: Truth, labelled: bool) -> str:
    notes = [f"synthetic {plan.choices.template} report as {plan.fmt} ({plan.encoding})", *plan.style.describe(), *truth.notes]
    if plan.choices.statistics:
        notes.append(f"{plan.choices.statistics} statistics table" + (" with 历年累计" if plan.choices.cumulative else ""))
    if plan.choices.subtotals or plan.choices.org_subtotal:
        notes.append("requests table with " + " and ".join(
            n for n, on in (("小计 rows", plan.choices.subtotals), ("a 法人或其他组织 subtotal column", plan.choices.org_subtotal)) if on))
    if plan.choices.zero != "0":
        notes.append(f"zero cells written as {plan.choices.zero or 'blank'!r}")
    if plan.choices.lose_characters:
        notes.append("年/月 lost from the 统计期限 sentence and the date")
    if plan.traditional:
        notes.append("traditional characters (mirror site)")
    if truth.injected and labelled:
        notes.append("injected inconsistency: " + ", ".join(truth.injected))
    elif truth.injected:
        # a raised total whose parts the text never lists in full breaks no relation the report states
        notes.append("injected change that breaks no stated relation: " + ", ".join(truth.injected))
    return "; ".join(notes)


def build(seed: int, plan: Plan) -> tuple[bytes, dict[str, Any]]:
    """The file's bytes and its label."""
    rng = random.Random(f"report:{seed}:{plan.index}")
    report, truth = compose.compose(rng, seed, plan.agency, plan.year, plan.choices)
    label: dict[str, Any] = {"id": plan.file_id, "source": {"note": f"synthetic report {plan.index} of seed {seed} (pipeline.synth.corpus)"}}
    if plan.compilation:
        page, documents = compilation.compile_page(rng, report, plan.year)
        for document in documents:
            if document["kind"] == "annual_report":
                document.update(_report_label(plan, truth))
        label["documents"] = documents
        report = page
    else:
        label.update(_report_label(plan, truth))
        if plan.style.crawler_header or plan.fmt == "html":
            label["published"] = plan.style.published
    documents = label.get("documents", [label])
    label["notes"] = _notes(plan, truth, any(d.get("inconsistencies") for d in documents))
    return _encode(plan, report, rng), label


def _encode(plan: Plan, report, rng: random.Random) -> bytes:
    if plan.fmt == "pdf":
        return render.to_pdf(report)
    if plan.fmt == "docx":
        return render.to_docx(report)
    if plan.fmt == "md":
        return render.to_markdown(report, rng).encode("utf-8")
    if plan.fmt == "html":
        text = render.to_html(report, plan.style, rng, charset="gbk" if plan.encoding == "gb18030" else "utf-8")
        if plan.traditional:
            text = _to_traditional(text)
    else:
        text = render.to_text(report, plan.style, rng)
    return text.encode(plan.encoding)


def _to_traditional(text: str) -> str:
    from opencc import OpenCC

    return OpenCC("s2t").convert(text)


# --- writing a corpus -------------------------------------------------------------------------------------


@dataclass
class CorpusStats:
    reports: int = 0
    bytes: int = 0
    counts: dict[str, Counter] = field(default_factory=dict)

    def add(self, name: str, value: Any, n: int = 1) -> None:
        self.counts.setdefault(name, Counter())[str(value)] += n

    def merge(self, other: CorpusStats) -> None:
        self.reports += other.reports
        self.bytes += other.bytes
        for name, counter in other.counts.items():
            self.counts.setdefault(name, Counter()).update(counter)

    def to_json(self) -> dict[str, Any]:
        return {"reports": self.reports, "bytes": self.bytes, "counts": {k: dict(sorted(v.items())) for k, v in sorted(self.counts.items())}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CorpusStats:
        return cls(data.get("reports", 0), data.get("bytes", 0), {k: Counter(v) for k, v in data.get("counts", {}).items()})


def write_report(out_dir: Path, seed: int, plan: Plan) -> tuple[int, dict[str, Any]]:
    data, label = build(seed, plan)
    path = out_dir / "raw" / plan.relative_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    label_path = out_dir / "labels" / f"{plan.file_id}.json"
    label_path.parent.mkdir(parents=True, exist_ok=True)
    label_path.write_text(json.dumps(label, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(data), label


def _count(stats: CorpusStats, plan: Plan, label: dict[str, Any]) -> None:
    stats.add("format", plan.fmt)
    stats.add("template", plan.choices.template)
    stats.add("year", plan.year)
    stats.add("level", plan.agency.level)
    stats.add("encoding", plan.encoding)
    stats.add("table_layout", plan.style.table_layout if plan.fmt == "txt" else plan.fmt)
    stats.add("kind", "compilation" if plan.compilation else "single")
    documents = label.get("documents", [label])
    found = [i for d in documents for i in d.get("inconsistencies", [])]
    stats.add("labelled_inconsistencies", "reports_with", 1 if found else 0)
    stats.add("labelled_inconsistencies", "total", len(found))
    for item in found:
        stats.add("inconsistency_kind", item["kind"])
    for name in label["notes"].split("injected inconsistency: ")[1:]:
        for injection in name.split(", "):
            stats.add("injection", injection.split(";")[0])
    stats.add("labelled_values", "total", sum(len(d.get("metrics", [])) for d in documents))


def generator_version() -> str:
    """A fingerprint of the generator's code and data: a corpus made by another version is a different corpus."""
    from pipeline.lake import code_fingerprint

    from pipeline.synth.agencies import AREA_CODES_CSV

    return code_fingerprint([Path(__file__).resolve().parent, AREA_CODES_CSV])


def generate_range(out_dir: Path, seed: int, start: int, stop: int, mix: Mix = Mix()) -> CorpusStats:
    """Write reports start..stop-1, one at a time."""
    stats = CorpusStats()
    for index in range(start, stop):
        plan = plan_report(seed, index, mix)
        size, label = write_report(out_dir, seed, plan)
        stats.reports += 1
        stats.bytes += size
        _count(stats, plan, label)
    return stats


def _generate_chunk(args: tuple[str, int, int, int, Mix]) -> CorpusStats:
    out_dir, seed, start, stop, mix = args
    return generate_range(Path(out_dir), seed, start, stop, mix)


def generate_corpus(out_dir: Path, reports: int, seed: int = 0, start: int = 0, workers: int = 1, mix: Mix = Mix()) -> CorpusStats:
    """Write reports start..start+reports-1 under out_dir (raw/ and labels/) and update out_dir/corpus.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    chunks = [(str(out_dir), seed, lo, min(lo + CHUNK, start + reports), mix) for lo in range(start, start + reports, CHUNK)]
    stats = CorpusStats()
    if workers > 1 and len(chunks) > 1:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            for part in pool.map(_generate_chunk, chunks):
                stats.merge(part)
    else:
        for chunk in chunks:
            stats.merge(_generate_chunk(chunk))
    summary_path = out_dir / "corpus.json"
    total = CorpusStats.from_json(json.loads(summary_path.read_text(encoding="utf-8"))) if summary_path.exists() else CorpusStats()
    total.merge(stats)
    summary = {"seed": seed, "series_length": SERIES_LENGTH, "mix": asdict(mix), "generator": generator_version(), **total.to_json()}
    summary_path.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.synth.corpus", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--reports", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="index of the first report (append to an existing corpus)")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    stats = generate_corpus(args.out_dir, args.reports, args.seed, args.start, args.workers)
    print(json.dumps(stats.to_json(), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["Mix", "Plan", "CorpusStats", "build", "generate_corpus", "generate_range", "plan_report", "replace"]
