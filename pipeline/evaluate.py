"""Score a loaded warehouse against hand-checked label files (format: ../shared/corpus/FORMAT.md).

Figures: value precision and recall, category precision and recall, identity accuracy per field, labelled
inconsistencies found, clean reports falsely flagged, multi-document files split correctly. Every miss is
listed so anyone can see what to fix.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

IDENTITY_FIELDS = ("agency", "province", "city", "county", "admin_level", "year", "template")
FLAG_SEVERITIES = ("error", "warn")


@dataclass
class Score:
    correct: int = 0
    wrong: int = 0
    missed: int = 0
    extra: int = 0

    @property
    def precision(self) -> float:
        found = self.correct + self.wrong + self.extra
        return self.correct / found if found else 1.0

    @property
    def recall(self) -> float:
        labelled = self.correct + self.wrong + self.missed
        return self.correct / labelled if labelled else 1.0


@dataclass
class Evaluation:
    values: Score = field(default_factory=Score)
    categories: Score = field(default_factory=Score)
    identity: dict[str, Counter] = field(default_factory=lambda: {f: Counter() for f in IDENTITY_FIELDS})
    inconsistencies_labelled: int = 0
    inconsistencies_found: int = 0
    clean_reports: int = 0
    clean_reports_flagged: int = 0
    multi_document_files: int = 0
    multi_document_split_right: int = 0
    files_labelled: int = 0
    files_missing: int = 0
    misses: list[str] = field(default_factory=list)


@dataclass
class LabelledReport:
    file_id: str
    part: int
    kind: str
    label: dict[str, Any]


def _norm_text(text: str | None) -> str:
    return re.sub(r"[\s\u3000（）()·、,，]", "", text or "")


def _same_number(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def _same_category(stated: str, labelled: str) -> bool:
    """Labels of lists under a non-metric whole name it first ("咨询（约4900人次）：现场咨询"); the entry is the tail."""
    stated, labelled = _norm_text(stated), _norm_text(labelled)
    if stated == labelled:
        return True
    tail = _norm_text(re.split(r"[:：]", labelled)[-1])
    return bool(tail) and (stated == tail or stated.endswith(tail) or tail.endswith(stated) and len(stated) >= 2)


def load_labels(labels_dir: Path) -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(labels_dir.glob("*.json"))}


def labelled_documents(file_id: str, label: dict[str, Any]) -> list[LabelledReport]:
    if "documents" in label:
        return [LabelledReport(file_id, n, d.get("kind", "annual_report"), d) for n, d in enumerate(label["documents"], 1)]
    return [LabelledReport(file_id, 1, "annual_report", label)]


def _reports_by_file(conn: duckdb.DuckDBPyConnection) -> dict[str, list[dict[str, Any]]]:
    rows = conn.execute(
        "SELECT report_id, source_path, part, kind, included, agency_name, province, city, county, admin_level, "
        "year, template FROM reports ORDER BY source_path, part"
    ).fetchall()
    columns = ["report_id", "source_path", "part", "kind", "included", "agency_name", "province", "city", "county", "admin_level", "year", "template"]
    by_file: dict[str, list[dict[str, Any]]] = {}
    for values in rows:
        row = dict(zip(columns, values))
        by_file.setdefault(Path(row["source_path"]).stem, []).append(row)
    return by_file


def _value_key(m: dict[str, Any]) -> tuple[str, str, str]:
    return (m["metric_id"], m.get("applicant") or "total", m.get("period") or "year")


def _score_values(conn, ev: Evaluation, doc: LabelledReport, report_id: str, where: str) -> None:
    stated = {
        (r[0], r[1], r[2]): r[3]
        for r in conn.execute(
            "SELECT metric_id, applicant, period, value FROM metric_values WHERE report_id = ?", [report_id]
        ).fetchall()
    }
    labelled = {_value_key(m): m["value"] for m in doc.label.get("metrics", [])}
    for key, value in labelled.items():
        if key not in stated:
            ev.values.missed += 1
            ev.misses.append(f"{where}: missed {'/'.join(key)} = {value}")
        elif _same_number(stated[key], value):
            ev.values.correct += 1
        else:
            ev.values.wrong += 1
            ev.misses.append(f"{where}: wrong {'/'.join(key)} = {stated[key]:g}, label says {value}")
    for key in stated.keys() - labelled.keys():
        ev.values.extra += 1
        ev.misses.append(f"{where}: extra {'/'.join(key)} = {stated[key]:g} (not in the label)")


def _score_categories(conn, ev: Evaluation, doc: LabelledReport, report_id: str, where: str) -> None:
    stated = conn.execute(
        "SELECT parent_metric_id, label, value FROM category_values WHERE report_id = ?", [report_id]
    ).fetchall()
    remaining = list(stated)
    for cat in doc.label.get("categories", []):
        match = next((s for s in remaining if s[0] == cat["parent"] and _same_category(s[1], cat["label"])), None)
        if match is None:
            ev.categories.missed += 1
            ev.misses.append(f"{where}: missed category {cat['parent']}/{cat['label']} = {cat['value']}")
            continue
        remaining.remove(match)
        if _same_number(match[2], cat["value"]):
            ev.categories.correct += 1
        else:
            ev.categories.wrong += 1
            ev.misses.append(f"{where}: wrong category {cat['label']} = {match[2]}, label says {cat['value']}")
    for parent, label, value in remaining:
        ev.categories.extra += 1
        ev.misses.append(f"{where}: extra category {parent}/{label} = {value}")


def _score_identity(ev: Evaluation, doc: LabelledReport, report: dict[str, Any], where: str) -> None:
    label = doc.label
    region = label.get("region") or {}
    expected = {
        "agency": label.get("agency"),
        "province": region.get("province"),
        "city": region.get("city"),
        "county": region.get("county"),
        "admin_level": label.get("admin_level"),
        "year": label.get("year"),
        "template": label.get("template"),
    }
    got = {
        "agency": report["agency_name"],
        "province": report["province"],
        "city": report["city"],
        "county": report["county"],
        "admin_level": report["admin_level"],
        "year": report["year"],
        "template": report["template"],
    }
    for name in IDENTITY_FIELDS:
        want, have = expected[name], got[name]
        same = _norm_text(str(want)) == _norm_text(str(have)) if want is not None else have is None
        ev.identity[name]["right" if same else "wrong"] += 1
        if not same:
            ev.misses.append(f"{where}: {name} is {have!r}, label says {want!r}")


def _score_findings(conn, ev: Evaluation, doc: LabelledReport, report_id: str, where: str) -> None:
    findings = conn.execute(
        "SELECT check_name, severity, metric_id, stated, computed FROM check_results WHERE report_id = ?", [report_id]
    ).fetchall()
    labelled = doc.label.get("inconsistencies", [])
    for inc in labelled:
        ev.inconsistencies_labelled += 1
        hit = any(
            (_same_number(f[3], inc.get("stated")) and _same_number(f[4], inc.get("computed")))
            or (f[2] in inc.get("metrics", []) and _same_number(f[3], inc.get("stated")))
            for f in findings
        )
        if hit:
            ev.inconsistencies_found += 1
        else:
            ev.misses.append(f"{where}: inconsistency not found: {inc.get('kind')} {inc.get('metrics')} stated {inc.get('stated')} computed {inc.get('computed')}")
    if not labelled:
        ev.clean_reports += 1
        flagged = [f for f in findings if f[1] in FLAG_SEVERITIES]
        if flagged:
            ev.clean_reports_flagged += 1
            ev.misses.append(f"{where}: clean report flagged: " + "; ".join(f"{f[0]} {f[2]} {f[3]} vs {f[4]}" for f in flagged[:5]))


def evaluate(conn: duckdb.DuckDBPyConnection, labels: dict[str, dict[str, Any]]) -> Evaluation:
    ev = Evaluation()
    reports = _reports_by_file(conn)
    for file_id, label in labels.items():
        ev.files_labelled += 1
        found = reports.get(file_id)
        documents = labelled_documents(file_id, label)
        if not found:
            ev.files_missing += 1
            ev.misses.append(f"{file_id}: no report loaded from this file")
            continue
        if len(documents) > 1:
            ev.multi_document_files += 1
            kinds_right = [r["kind"] for r in found] == [d.kind for d in documents]
            if kinds_right:
                ev.multi_document_split_right += 1
            else:
                ev.misses.append(f"{file_id}: split into {[r['kind'] for r in found]}, label has {[d.kind for d in documents]}")
        for doc in documents:
            if doc.kind != "annual_report":
                continue
            report = found[doc.part - 1] if len(documents) > 1 and doc.part <= len(found) else (found[0] if len(found) == 1 else None)
            where = f"{file_id}#{doc.part}"
            if report is None or not report["included"]:
                ev.misses.append(f"{where}: annual report not loaded")
                ev.values.missed += len(doc.label.get("metrics", []))
                continue
            _score_values(conn, ev, doc, report["report_id"], where)
            _score_categories(conn, ev, doc, report["report_id"], where)
            _score_identity(ev, doc, report, where)
            _score_findings(conn, ev, doc, report["report_id"], where)
    return ev


def format_evaluation(ev: Evaluation, show_misses: bool = True) -> str:
    lines = [
        f"files labelled: {ev.files_labelled} (no report loaded: {ev.files_missing})",
        f"value precision: {ev.values.precision:.3f} ({ev.values.correct} right, {ev.values.wrong} wrong, {ev.values.extra} not in labels)",
        f"value recall: {ev.values.recall:.3f} ({ev.values.correct} of {ev.values.correct + ev.values.wrong + ev.values.missed} labelled)",
        f"category precision: {ev.categories.precision:.3f}",
        f"category recall: {ev.categories.recall:.3f} ({ev.categories.correct} of {ev.categories.correct + ev.categories.wrong + ev.categories.missed})",
    ]
    for name, counts in ev.identity.items():
        total = counts["right"] + counts["wrong"]
        lines.append(f"identity {name} accuracy: {counts['right'] / total if total else 1:.3f} ({counts['right']} of {total})")
    lines += [
        f"inconsistencies found: {ev.inconsistencies_found} of {ev.inconsistencies_labelled}",
        f"clean reports falsely flagged: {ev.clean_reports_flagged} of {ev.clean_reports}",
        f"multi-document files split correctly: {ev.multi_document_split_right} of {ev.multi_document_files}",
    ]
    if show_misses and ev.misses:
        lines.append(f"misses ({len(ev.misses)}):")
        lines += [f"  {m}" for m in ev.misses]
    return "\n".join(lines)
