"""The same report saved twice (mirror sites, HTML and PDF of one report) is loaded once.

Two included documents are copies when their content sketches (pipeline.ingest.fingerprint) say the
texts are near-identical AND their identities do not contradict each other: the same report text
republished under another agency's name (平潭县 and 平潭综合实验区 published identical 2011 reports) is
two reports, not one. Copies form groups; each group keeps one document (the best-structured format,
then the first path) and the others are excluded as duplicate_of:<report_id of the kept one>.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import PurePosixPath

import pandas as pd

from pipeline.ingest.fingerprint import SKETCH_SIZE, parse, similarity

SIMILAR_WITH_IDENTITY = 0.8  # estimated Jaccard of shingles, when agency or year agree
SIMILAR_WITHOUT_IDENTITY = 0.95  # when neither agency nor year is known on both sides
MIN_SHARED_SKETCH = SKETCH_SIZE // 3  # sketch values two copies share, before their similarity is computed
MAX_POSTING = 500  # a sketch value shared by more documents than this is boilerplate, not evidence
FORMAT_PREFERENCE = (".html", ".htm", ".shtml", ".docx", ".pdf", ".doc", ".md", ".txt")
AGENCY_NOISE = re.compile(r"\s+")


def _format_rank(source_path: str) -> int:
    suffix = PurePosixPath(source_path).suffix.lower()
    return FORMAT_PREFERENCE.index(suffix) if suffix in FORMAT_PREFERENCE else len(FORMAT_PREFERENCE)


def _known(value: object) -> bool:
    return value is not None and not pd.isna(value)


def _agencies_agree(a: object, b: object) -> bool | None:
    if not (_known(a) and _known(b)):
        return None
    a, b = AGENCY_NOISE.sub("", str(a)), AGENCY_NOISE.sub("", str(b))
    return a in b or b in a


def _years_agree(a: object, b: object) -> bool | None:
    if not (_known(a) and _known(b)):
        return None
    return int(a) == int(b)


def are_copies(score: float, same_text: bool, first: dict, second: dict) -> bool:
    """Whether two documents are the same report, from their similarity and identities."""
    if same_text:
        return True
    agreement = [_agencies_agree(first.get("agency_name"), second.get("agency_name")), _years_agree(first.get("year"), second.get("year"))]
    if False in agreement:
        return False
    threshold = SIMILAR_WITH_IDENTITY if True in agreement else SIMILAR_WITHOUT_IDENTITY
    return score >= threshold


def _candidate_pairs(sketches: list[frozenset[int]]) -> set[tuple[int, int]]:
    postings: dict[int, list[int]] = defaultdict(list)
    for index, values in enumerate(sketches):
        for value in values:
            postings[value].append(index)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in postings.values():
        if len(members) > MAX_POSTING:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                shared[(a, b)] += 1
    return {pair for pair, count in shared.items() if count >= MIN_SHARED_SKETCH}


def _groups(rows: list[dict], sketches: list[tuple[str, frozenset[int]]]) -> list[list[int]]:
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_exact: dict[str, list[int]] = defaultdict(list)
    for index, (exact, _) in enumerate(sketches):
        if exact:
            by_exact[exact].append(index)
    pairs = _candidate_pairs([values for _, values in sketches])
    pairs |= {(group[0], other) for group in by_exact.values() for other in group[1:]}
    for a, b in sorted(pairs):
        same_text = bool(sketches[a][0]) and sketches[a][0] == sketches[b][0]
        score = similarity(sketches[a][1], sketches[b][1])
        if are_copies(score, same_text, rows[a], rows[b]):
            parent[find(a)] = find(b)
    clusters: dict[int, list[int]] = defaultdict(list)
    for index in range(len(rows)):
        clusters[find(index)].append(index)
    return [members for members in clusters.values() if len(members) > 1]


def mark_duplicates(reports: pd.DataFrame) -> pd.DataFrame:
    """Exclude every copy but one of each report saved more than once (see the module docstring)."""
    reports = reports.sort_values(["source_path", "part"]).copy()
    candidates = reports[reports["included"].astype(bool) & reports["fingerprint"].notna()]
    if len(candidates) < 2:
        return reports
    rows = candidates.to_dict("records")
    sketches = [parse(str(fingerprint)) for fingerprint in candidates["fingerprint"]]
    for members in _groups(rows, sketches):
        keeper = min(members, key=lambda i: (_format_rank(rows[i]["source_path"]), rows[i]["source_path"], rows[i]["part"]))
        for index in members:
            if index == keeper:
                continue
            label = candidates.index[index]
            reports.loc[label, "excluded_reason"] = "duplicate_of:" + rows[keeper]["report_id"]
            reports.loc[label, "included"] = False
    return reports
