"""Dedupe without comparing every pair: same decisions as the pairwise definition, and a top-up that only looks
at new documents gives the same result as a pass over everything."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline import dedupe
from pipeline.ingest.fingerprint import SKETCH_SIZE, parse, similarity

AGENCIES = ["青山县人民政府", "青山县民政局", "白水市人民政府", "白水市人民政府办公室", "红河区教育局", "绿岛市财政局"]


def _fingerprint(exact: str, values: list[int]) -> str:
    return exact + ":" + "".join(f"{v:08x}" for v in sorted(set(values))[:SKETCH_SIZE])


def make_corpus(seed: int, originals: int = 160, copies: int = 140) -> pd.DataFrame:
    """Reports whose sketches mix rare values with boilerplate ones, and copies of some of them: perturbed
    around the similarity thresholds, with equal, related, missing or contradicting identities."""
    rng = np.random.default_rng(seed)
    boilerplate = rng.integers(0, 2**32, 60).tolist()
    rows = []
    for i in range(originals):
        own = rng.integers(0, 2**32, SKETCH_SIZE).tolist()
        common = rng.choice(boilerplate, int(rng.integers(0, 46)), replace=False).tolist()
        values = (common + own)[:SKETCH_SIZE] if rng.random() < 0.9 else own[: int(rng.integers(3, 40))]
        agency = None if rng.random() < 0.15 else str(rng.choice(AGENCIES))
        year = None if rng.random() < 0.15 else int(rng.integers(2015, 2019))
        exact = "" if rng.random() < 0.1 else f"{rng.integers(0, 2**62):016x}"
        rows.append({"source_path": f"o/{i:04d}.txt", "fingerprint": _fingerprint(exact, values), "agency_name": agency, "year": year})
    for i in range(copies):
        original = rows[int(rng.integers(0, originals))]
        exact, values = parse(original["fingerprint"])
        values = sorted(values)
        for _ in range(int(rng.integers(0, 16))):
            values[int(rng.integers(0, len(values)))] = int(rng.integers(0, 2**32))
        same = rng.random() < 0.25
        agency = {0: original["agency_name"], 1: None, 2: "白水市人民政府办公室", 3: "青山县"}[int(rng.integers(0, 4))]
        year = {0: original["year"], 1: None, 2: 2016}[int(rng.integers(0, 3))]
        suffix = str(rng.choice(["html", "pdf", "txt"]))
        fingerprint = _fingerprint(exact if same else f"{rng.integers(0, 2**62):016x}", values)
        rows.append({"source_path": f"c/{i:04d}.{suffix}", "fingerprint": fingerprint, "agency_name": agency, "year": year})
    base = {"part": 1, "included": True, "excluded_reason": None, "template": None}
    frame = pd.DataFrame([{**base, "report_id": f"r{i:04d}", **row} for i, row in enumerate(rows)])
    frame.loc[frame.sample(frac=0.05, random_state=seed).index, "included"] = False
    return frame


def reference(reports: pd.DataFrame) -> dict[str, str]:
    """duplicate_of per excluded report, comparing every pair with the definition of a copy."""
    reports = reports.sort_values(["source_path", "part"])
    candidates = reports[reports["included"] & reports["fingerprint"].notna()].to_dict("records")
    sketches = [parse(r["fingerprint"]) for r in candidates]
    counts = Counter(v for _, values in sketches for v in values)
    parent = list(range(len(candidates)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for a in range(len(candidates)):
        for b in range(a + 1, len(candidates)):
            (exact_a, values_a), (exact_b, values_b) = sketches[a], sketches[b]
            same_text = bool(exact_a) and exact_a == exact_b
            evidence = sum(1 for v in values_a & values_b if counts[v] <= dedupe.MAX_POSTING) >= dedupe.MIN_SHARED_SKETCH
            if same_text or (evidence and dedupe.are_copies(similarity(values_a, values_b), False, candidates[a], candidates[b])):
                parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for i in range(len(candidates)):
        groups.setdefault(find(i), []).append(i)
    decisions = {}
    for members in groups.values():
        keeper = min(members, key=lambda i: (dedupe._format_rank(candidates[i]["source_path"]), candidates[i]["source_path"]))
        for i in members:
            if i != keeper:
                decisions[candidates[i]["report_id"]] = "duplicate_of:" + candidates[keeper]["report_id"]
    return decisions


def decisions(marked: pd.DataFrame) -> dict[str, str]:
    duplicates = marked[marked["excluded_reason"].fillna("").str.startswith("duplicate_of:")]
    return dict(zip(duplicates["report_id"], duplicates["excluded_reason"]))


@pytest.fixture(autouse=True)
def small_boilerplate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dedupe, "MAX_POSTING", 12)  # in a corpus of 300, values in more than 12 are boilerplate


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("brute_force_probes", [0, 10**9])
def test_same_decisions_as_comparing_every_pair(seed: int, brute_force_probes: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dedupe, "_BRUTE_FORCE_PROBES", brute_force_probes)  # prefix filter, then brute force
    corpus = make_corpus(seed)
    expected = reference(corpus)
    assert len(expected) >= 20  # the corpus does hold copies, found by every route
    assert decisions(dedupe.mark_duplicates(corpus)) == expected


def test_vectorised_scores_equal_similarity() -> None:
    corpus = make_corpus(4)
    fingerprints = corpus["fingerprint"].tolist()
    pool = dedupe._pool(corpus["agency_name"].tolist(), corpus["year"].tolist(), fingerprints)
    rng = np.random.default_rng(0)
    first, second = rng.integers(0, len(corpus), 2000), rng.integers(0, len(corpus), 2000)
    scores = dedupe._scores(pool, first, second)
    sketches = [parse(f)[1] for f in fingerprints]
    assert scores.tolist() == [similarity(sketches[a], sketches[b]) for a, b in zip(first, second)]


def _count_new(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    seen: list[int] = []
    original = dedupe._candidates

    def counting(pool, new):
        seen.append(int(new.sum()))
        return original(pool, new)

    monkeypatch.setattr(dedupe, "_candidates", counting)
    return seen


def test_top_up_compares_only_new_documents_and_matches_a_full_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = make_corpus(5)
    index = tmp_path / "dedupe.parquet"
    rng = np.random.default_rng(1)
    earlier = corpus.drop(index=rng.choice(corpus.index, 12, replace=False)).copy()
    earlier.loc[earlier.index[:4], "year"] = 2030  # changed since: identity
    earlier.loc[earlier.index[4:6], "agency_name"] = "另一个局"
    earlier = pd.concat([earlier, make_corpus(6, originals=5, copies=0).assign(report_id=lambda f: "gone" + f["report_id"], source_path=lambda f: "gone/" + f["source_path"])])
    seen = _count_new(monkeypatch)
    assert decisions(dedupe.mark_duplicates(earlier, index)) == reference(earlier)
    candidates = int((corpus["included"] & corpus["fingerprint"].notna()).sum())
    assert seen[-1] == int((earlier["included"] & earlier["fingerprint"].notna()).sum())  # no index yet: everything
    marked = dedupe.mark_duplicates(corpus, index)
    assert decisions(marked) == reference(corpus)
    added = set(corpus["report_id"]) - set(earlier["report_id"])
    changed = set(earlier["report_id"][:6])
    included = set(corpus.loc[corpus["included"], "report_id"])
    assert seen[-1] == len((added | changed) & included) < candidates / 5
    dedupe.mark_duplicates(corpus, index)
    assert seen[-1] == 0  # nothing new: nothing compared
    assert pq.read_table(index).num_rows == candidates


def test_removing_the_kept_copy_keeps_the_other(tmp_path: Path) -> None:
    corpus = make_corpus(7)
    index = tmp_path / "dedupe.parquet"
    marked = decisions(dedupe.mark_duplicates(corpus, index))
    kept = next(iter(marked.values())).removeprefix("duplicate_of:")
    remaining = corpus[corpus["report_id"] != kept]
    assert decisions(dedupe.mark_duplicates(remaining, index)) == reference(remaining)
    assert kept not in {v.removeprefix("duplicate_of:") for v in decisions(dedupe.mark_duplicates(remaining, index)).values()}


def test_boilerplate_decided_on_the_current_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pair accepted earlier is refused once the values it shares have become boilerplate, and back."""
    rng = np.random.default_rng(3)
    shared = rng.integers(0, 2**32, SKETCH_SIZE).tolist()
    pair = [{"source_path": f"p/{i}.txt", "fingerprint": _fingerprint(f"{i:016x}", shared), "agency_name": "青山县人民政府", "year": 2018} for i in range(2)]
    fillers = [
        {"source_path": f"f/{i}.txt", "fingerprint": _fingerprint(f"f{i:015x}", shared[:30] + rng.integers(0, 2**32, 34).tolist()), "agency_name": None, "year": 2001}
        for i in range(12)
    ]
    base = {"part": 1, "included": True, "excluded_reason": None}
    frame = lambda rows: pd.DataFrame([{**base, "report_id": r["source_path"], **r} for r in rows])  # noqa: E731
    index = tmp_path / "dedupe.parquet"
    assert decisions(dedupe.mark_duplicates(frame(pair), index)) == {"p/1.txt": "duplicate_of:p/0.txt"}
    # 30 of the 64 shared values now sit in 14 documents (> MAX_POSTING): 34 left, still >= MIN_SHARED_SKETCH
    assert decisions(dedupe.mark_duplicates(frame(pair + fillers), index)) == {"p/1.txt": "duplicate_of:p/0.txt"}
    monkeypatch.setattr(dedupe, "MIN_SHARED_SKETCH", 40)
    assert decisions(dedupe.mark_duplicates(frame(pair + fillers), index)) == {}
    assert decisions(dedupe.mark_duplicates(frame(pair), index)) == {"p/1.txt": "duplicate_of:p/0.txt"}


def test_index_of_other_code_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = make_corpus(8)
    index = tmp_path / "dedupe.parquet"
    dedupe.mark_duplicates(corpus, index)
    monkeypatch.setattr(dedupe, "INDEX_VERSION", "other")
    seen = _count_new(monkeypatch)
    assert decisions(dedupe.mark_duplicates(corpus, index)) == reference(corpus)
    assert seen == [int((corpus["included"] & corpus["fingerprint"].notna()).sum())]
