"""The dedupe index keeps each document's parsed sketch: a top-up parses only the fingerprints of documents the
index does not hold unchanged (20,000 fingerprints are ~27 ms of CPU), and the pool it builds is the pool parsed
from every fingerprint."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pipeline import dedupe
from tests.test_dedupe_scale import decisions, make_corpus, reference


def _candidates(frame):
    kept = frame[frame["included"] & frame["fingerprint"].notna()].sort_values(["source_path", "part"])
    return (kept["report_id"].astype(str).tolist(), kept["agency_name"].tolist(), kept["year"].tolist(),
            kept["fingerprint"].astype(str).tolist())


def _assert_same_pool(a: dedupe._Pool, b: dedupe._Pool) -> None:
    assert a.exact == b.exact
    assert np.array_equal(a.values, b.values) and a.values.dtype == b.values.dtype
    assert np.array_equal(a.sizes, b.sizes)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The fingerprints each _sketch_matrix call parsed."""
    calls: list[list[str]] = []
    real = dedupe._sketch_matrix

    def spy(fingerprints):
        calls.append(list(fingerprints))
        return real(fingerprints)

    monkeypatch.setattr(dedupe, "_sketch_matrix", spy)
    return calls


def test_pool_from_the_index_equals_the_pool_parsed(tmp_path: Path):
    corpus = make_corpus(7)
    ids, agencies, years, fingerprints = _candidates(corpus)
    # short sketches (fewer values than SKETCH_SIZE, padded) and a value of 0 among them
    fingerprints[0] = fingerprints[0].partition(":")[0] + ":" + "00000000" + fingerprints[0].partition(":")[2][8:80]
    fingerprints[1] = ":" + "0000000a" * 3
    index = tmp_path / "dedupe.parquet"
    dedupe.find_copies(ids[10:], agencies[10:], years[10:], fingerprints[10:], index)
    fingerprints[20] = fingerprints[21]  # changed since the index: same report id, another fingerprint
    identities = dedupe._identities(agencies, years)
    known, held, _, rows = dedupe._read_index(index, dedupe._entry_keys(ids, fingerprints, *identities))
    assert held == len(ids) - 10
    assert known.sum() == len(ids) - 11 and not known[:10].any() and not known[20]
    _assert_same_pool(dedupe._pool(agencies, years, fingerprints, identities, (known, rows)),
                      dedupe._pool(agencies, years, fingerprints))


def test_a_top_up_parses_only_new_and_changed_fingerprints(tmp_path: Path, parsed: list[list[str]]):
    corpus = make_corpus(8)
    index = tmp_path / "dedupe.parquet"
    earlier = corpus.iloc[20:].copy()
    earlier.loc[earlier.index[:3], "year"] = 2030  # changed since: their keys differ
    dedupe.mark_duplicates(earlier, index)
    parsed.clear()
    assert decisions(dedupe.mark_duplicates(corpus, index)) == reference(corpus)
    ids, _, _, fingerprints = _candidates(corpus)
    stale = set(corpus["report_id"].iloc[:23]) & set(ids)
    assert sorted(f for call in parsed for f in call) == sorted(f for i, f in zip(ids, fingerprints) if i in stale)
    parsed.clear()
    assert decisions(dedupe.mark_duplicates(corpus, index)) == reference(corpus)
    assert parsed == []  # nothing new: nothing parsed
