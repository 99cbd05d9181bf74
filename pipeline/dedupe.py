"""The same report saved twice (mirror sites, HTML and PDF of one report) is loaded once.

Two included documents are copies when their content sketches (pipeline.ingest.fingerprint) say the
texts are near-identical AND their identities do not contradict each other: the same report text
republished under another agency's name (平潭县 and 平潭综合实验区 published identical 2011 reports) is
two reports, not one. Copies form groups; each group keeps one document (the best-structured format,
then the first path) and the others are excluded as duplicate_of:<report_id of the kept one>.

Two texts count as near-identical when their estimated similarity passes the threshold (0.8 when agency or
year agree, 0.95 when neither is known on both sides) AND they share MIN_SHARED_SKETCH sketch values that are
not boilerplate (held by at most MAX_POSTING documents of the corpus); identical texts always are.

The pairs passing the first part (`are_copies`, a function of the two documents alone) are found without
comparing every pair, and kept between loads; the boilerplate test, which depends on the whole corpus, is
applied to them afresh on every call:

* Candidates come from identity blocking, exact because contradicting identities are never copies:
  documents whose agencies are both known are compared only with documents of a related name (equal, or one
  containing the other) of the same year or without one; a document without an agency with the documents
  of its year (and those without one) by a vectorised count of shared sketch values; a document with
  neither agency nor year (a copy only at 0.95) the same way, or through a prefix filter when there are many
  (Chaudhuri et al. 2006: two sets sharing t values share one among their first |A|-t+1 in any global
  order; rarest value first). Sketches sharing too few values to reach the threshold are dropped before the
  exact similarity, computed vectorised (same result as fingerprint.similarity).
* With an index file (`mark_duplicates(..., index_path)`), the documents of the last call and the similar
  pairs among them are kept; the next call compares only new or changed documents with all others, so
  adding 1% of files costs about 1% of the comparisons of a full pass. The index is keyed by content (report
  id, fingerprint, agency, year) and by this module's code, so a stale or missing index is only slower,
  never wrong.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import ahocorasick
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.ingest import fingerprint
from pipeline.ingest.fingerprint import SKETCH_SIZE

SIMILAR_WITH_IDENTITY = 0.8  # estimated Jaccard of shingles, when agency or year agree
SIMILAR_WITHOUT_IDENTITY = 0.95  # when neither agency nor year is known on both sides
MIN_SHARED_SKETCH = SKETCH_SIZE // 3  # sketch values two near-identical texts share that are not boilerplate
MAX_POSTING = 500  # a sketch value shared by more documents than this is boilerplate, not evidence
FORMAT_PREFERENCE = (".html", ".htm", ".shtml", ".docx", ".pdf", ".doc", ".md", ".txt")
AGENCY_NOISE = re.compile(r"\s+")
_NONE = 1 << 32  # sketch padding, above every 32-bit sketch value
_BRUTE_FORCE_PROBES = 32  # documents without identity up to which a scan of every sketch beats the prefix index
_CHUNK = 16_384  # rows per vectorised step
INDEX_VERSION = hashlib.sha256(Path(__file__).read_bytes() + Path(fingerprint.__file__).read_bytes()).hexdigest()[:16]


def _format_rank(source_path: str) -> int:
    # PurePosixPath(source_path).suffix without building a path (a tenth of the time): the last dot of the last
    # component, unless it starts or ends the name
    name = source_path.rstrip("/").rpartition("/")[2]
    dot = name.rfind(".")
    suffix = name[dot:].lower() if 0 < dot < len(name) - 1 else ""
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


def _min_overlap(size: np.ndarray | int, threshold: float) -> np.ndarray | int:
    """A lower bound on the sketch values a document of `size` values shares with any copy at `threshold`.

    similarity = shared / k with k = min(SKETCH_SIZE, |A ∪ B|) >= |A|, so shared >= threshold * |A|; the
    floor (minus a rounding margin) keeps the bound on the safe side.
    """
    return np.maximum(np.floor(np.asarray(size) * threshold - 1e-6).astype(np.int64), 1)


# --- the documents, as arrays -----------------------------------------------------------------------------

def _sketch_matrix(fingerprints: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Exact hashes, the sketch values (one sorted row per document, padded with _NONE) and their counts."""
    width = 8 * SKETCH_SIZE
    exact = [fingerprint.partition(":")[0] for fingerprint in fingerprints]
    values = np.full((len(fingerprints), SKETCH_SIZE), _NONE, dtype=np.uint64)
    for start in range(0, len(fingerprints), _CHUNK):  # a few MB of text at a time
        hexes = [f[len(e) + 1 :] for f, e in zip(fingerprints[start : start + _CHUNK], exact[start : start + _CHUNK])]
        full = np.array([len(h) == width for h in hexes], dtype=bool)
        if full.any():
            joined = bytes.fromhex("".join(h for h, f in zip(hexes, full) if f))
            values[start + np.flatnonzero(full)] = np.frombuffer(joined, dtype=">u4").reshape(-1, SKETCH_SIZE)
        for index in np.flatnonzero(~full).tolist():  # short documents: fewer values than SKETCH_SIZE
            hashes = hexes[index]
            row = sorted({int(hashes[i : i + 8], 16) for i in range(0, len(hashes) - 7, 8)})[:SKETCH_SIZE]
            values[start + index, : len(row)] = row
    values.sort(axis=1)
    # a value repeated within one fingerprint counts once, like parse()'s frozenset
    repeated = np.zeros(values.shape, dtype=bool)
    repeated[:, 1:] = values[:, 1:] == values[:, :-1]
    if repeated.any():
        values[repeated] = _NONE
        values.sort(axis=1)
    sizes = (values < _NONE).sum(axis=1).astype(np.int64)
    return exact, values, sizes


@dataclass
class _Pool:
    """Every candidate document: identity and sketch as arrays, and the values are_copies reads."""

    agency_names: list[object]  # as given, for are_copies
    year_values: list[object]
    exact: list[str]
    values: np.ndarray  # n x SKETCH_SIZE, sorted, padded with _NONE
    sizes: np.ndarray
    years: np.ndarray  # int64, -1 when unknown
    agencies: np.ndarray  # object: the name without whitespace; None when unknown

    def __len__(self) -> int:
        return len(self.exact)

    def row(self, index: int) -> dict:
        return {"agency_name": self.agency_names[index], "year": self.year_values[index]}

    def sketch(self, index: int) -> np.ndarray:
        return self.values[index, : self.sizes[index]]

    def document_counts(self, wanted: np.ndarray) -> np.ndarray:
        """For each of the sorted distinct `wanted` values: the documents whose sketch holds it."""
        counts = np.zeros(len(wanted), dtype=np.int64)
        if not len(wanted):
            return counts
        for start in range(0, len(self.values), _CHUNK):
            values = self.values[start : start + _CHUNK]
            found = np.minimum(np.searchsorted(wanted, values), len(wanted) - 1)
            counts += np.bincount(found[wanted[found] == values], minlength=len(wanted))
        return counts


def _normalised_agencies(agency_names: list[object]) -> np.ndarray:
    """Each name without whitespace, None when unknown: the regex runs once per distinct name, not per document."""
    codes, names = pd.factorize(pd.Series(agency_names, dtype=object), use_na_sentinel=True)
    cleaned = np.array([AGENCY_NOISE.sub("", str(name)) for name in names] + [None], dtype=object)
    return cleaned[codes]  # code -1 (missing) takes the last slot


def _identities(agency_names: list[object], year_values: list[object]) -> tuple[np.ndarray, np.ndarray]:
    """The pool's years (int64, -1 when unknown) and normalised agencies."""
    numeric = pd.to_numeric(pd.Series(year_values, dtype=object), errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    years = np.where(np.isnan(numeric), -1, np.nan_to_num(numeric, nan=-1)).astype(np.int64)
    return years, _normalised_agencies(agency_names)


def _pool(agency_names: list[object], year_values: list[object], fingerprints: list[str],
          identities: tuple[np.ndarray, np.ndarray] | None = None, known: tuple[np.ndarray, np.ndarray] | None = None) -> _Pool:
    """identities: _identities of the same documents, if computed already. known: (mask, sketch rows) of documents
    whose _sketch_matrix row is known (an index of the same code read it for these very fingerprints); only the
    other fingerprints are parsed (each row depends on its own fingerprint alone)."""
    years, agencies = identities if identities is not None else _identities(agency_names, year_values)
    if known is None or not known[0].any():
        exact, values, sizes = _sketch_matrix(fingerprints)
    else:
        mask, rows = known
        todo = np.flatnonzero(~mask)
        exact = [fingerprint.partition(":")[0] for fingerprint in fingerprints]
        values = np.empty((len(fingerprints), SKETCH_SIZE), dtype=np.uint64)
        values[mask] = rows
        if len(todo):
            values[todo] = _sketch_matrix([fingerprints[i] for i in todo.tolist()])[1]
        sizes = (values < _NONE).sum(axis=1).astype(np.int64)
    return _Pool(agency_names, year_values, exact, values, sizes, years, agencies)


# --- candidates -------------------------------------------------------------------------------------------


def _close(pool: _Pool, probes: list[int], targets: np.ndarray, threshold: float) -> list[np.ndarray]:
    """For each probe: the targets whose sketches may be `threshold`-similar to its own (never misses one).

    The probes' values are numbered once; each chunk of targets is mapped to those numbers, and a probe's
    overlap with every target of the chunk is a lookup in a table of its marked values.
    """
    found: list[list[np.ndarray]] = [[] for _ in probes]
    rows = pool.values[probes]
    distinct = np.unique(rows[rows < _NONE])
    if not len(distinct) or not len(targets):
        return [targets[:0] for _ in probes]
    own = [np.searchsorted(distinct, row[: pool.sizes[p]]) for p, row in zip(probes, rows)]
    marked = np.zeros(len(distinct) + 1, dtype=bool)  # the last slot: values no probe has
    for start in range(0, len(targets), _CHUNK):
        chunk = targets[start : start + _CHUNK]
        values = pool.values[chunk]
        ids = np.minimum(np.searchsorted(distinct, values), len(distinct) - 1)
        ids[distinct[ids] != values] = len(distinct)
        sizes = pool.sizes[chunk]
        for index, probe in enumerate(probes):
            if not len(own[index]):
                continue
            marked[own[index]] = True
            shared = marked[ids].sum(axis=1)
            marked[own[index]] = False
            need = _min_overlap(np.maximum(sizes, pool.sizes[probe]), threshold)
            found[index].append(chunk[(shared >= need) & (chunk != probe)])
    return [np.concatenate(f) if f else targets[:0] for f in found]


def _contained(haystacks: set[str], needles: set[str]) -> dict[str, set[str]]:
    """For each haystack: the needles it contains (Aho-Corasick, one pass per haystack)."""
    found: dict[str, set[str]] = defaultdict(set)
    if not needles or not haystacks:
        return found
    automaton = ahocorasick.Automaton()
    for needle in needles:
        automaton.add_word(needle, needle)
    automaton.make_automaton()
    for haystack in haystacks:
        for _, needle in automaton.iter(haystack):
            found[haystack].add(needle)
    return found


def _related_names(names: set[str], probes: set[str]) -> dict[str, set[str]]:
    """For each probe name: the names equal to it, contained in it, or containing it."""
    related: dict[str, set[str]] = defaultdict(set)
    for name, parts in _contained(names, probes).items():
        for probe in parts:
            related[probe].add(name)
    for probe, parts in _contained(probes, names).items():
        related[probe].update(parts)
    return related


def _prefix_candidates(pool: _Pool, probes: list[int], threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (probe, other) sharing a value among both documents' first |A| - t + 1 values, rarest first."""
    distinct, counts = np.unique(
        np.concatenate([v[v < _NONE].astype(np.uint32) for v in (pool.values[i : i + _CHUNK] for i in range(0, len(pool), _CHUNK))]),
        return_counts=True,
    )
    distinct = distinct.astype(np.uint64)
    length = pool.sizes - _min_overlap(pool.sizes, threshold) + 1
    last = np.iinfo(np.int64).max
    doc_parts, token_parts = [], []
    for start in range(0, len(pool), _CHUNK):  # by chunks of documents: a few MB of temporaries at a time
        values = pool.values[start : start + _CHUNK]
        valid = values < _NONE
        order = np.full(values.shape, last, dtype=np.int64)
        order[valid] = counts[np.searchsorted(distinct, values[valid])].astype(np.int64) << 32 | values[valid].astype(np.int64)
        order.sort(axis=1)
        in_prefix = (np.arange(SKETCH_SIZE)[None, :] < length[start : start + _CHUNK, None]) & (order != last)
        doc_parts.append(start + np.nonzero(in_prefix)[0])
        token_parts.append(order[in_prefix] & 0xFFFFFFFF)
    docs, tokens = np.concatenate(doc_parts), np.concatenate(token_parts)
    wanted = np.isin(tokens, tokens[np.isin(docs, probes)])
    by_token: dict[int, list[int]] = defaultdict(list)
    for token, doc in zip(tokens[wanted].tolist(), docs[wanted].tolist()):
        by_token[token].append(doc)
    probe_set = set(probes)
    firsts, seconds = [], []
    for members in by_token.values():
        for a in members:
            if a in probe_set:
                firsts.extend([a] * len(members))
                seconds.extend(members)
    return np.array(firsts, dtype=np.int64), np.array(seconds, dtype=np.int64)


class _Pairs:
    """Candidate pairs, collected as lists of positions and as arrays."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.firsts: list[int] = []
        self.seconds: list[int] = []
        self.arrays: list[tuple[np.ndarray, np.ndarray]] = []

    def add(self, a: int, b: list[int] | np.ndarray) -> None:
        if isinstance(b, np.ndarray):
            self.arrays.append((np.full(len(b), a, dtype=np.int64), b.astype(np.int64)))
        else:
            self.firsts.extend([a] * len(b))
            self.seconds.extend(b)

    def add_arrays(self, a: np.ndarray, b: np.ndarray) -> None:
        self.arrays.append((np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)))

    def unique(self) -> np.ndarray:
        """Distinct pairs as rows (smaller position first), without self-pairs."""
        firsts = [np.array(self.firsts, dtype=np.int64)] + [a for a, _ in self.arrays]
        seconds = [np.array(self.seconds, dtype=np.int64)] + [b for _, b in self.arrays]
        a, b = np.concatenate(firsts), np.concatenate(seconds)
        codes = np.unique(np.minimum(a, b) * self.size + np.maximum(a, b))
        pairs = np.stack([codes // self.size, codes % self.size], axis=1)
        return pairs[pairs[:, 0] != pairs[:, 1]]


def _candidates(pool: _Pool, new: np.ndarray) -> np.ndarray:
    """Pairs (rows a < b), one of them new, that may be copies: every such pair that are_copies accepts."""
    identical, pairs = _Pairs(len(pool)), _Pairs(len(pool))
    new_list = np.flatnonzero(new).tolist()
    if not new_list:
        return identical.unique()
    # identical texts (copies whatever their identities say): only the documents sharing a new one's text are
    # grouped, found by a hashed lookup rather than a walk over the whole corpus
    new_exacts = {pool.exact[a] for a in new_list if pool.exact[a]}
    by_exact: dict[str, list[int]] = defaultdict(list)
    if new_exacts:
        for index in np.flatnonzero(pd.Series(pool.exact, dtype=object).isin(new_exacts).to_numpy()).tolist():
            by_exact[pool.exact[index]].append(index)
    for a in new_list:
        if pool.exact[a] and len(by_exact[pool.exact[a]]) > 1:
            identical.add(a, by_exact[pool.exact[a]])
    # both agencies known: related names only, of the same year or without one
    agencies = pd.Series(pool.agencies, dtype=object)
    unknown = ~agencies.astype(bool).to_numpy()  # None or empty
    probes = {pool.agencies[a] for a in new_list if pool.agencies[a]}
    related = _related_names(set(agencies[~unknown].unique().tolist()), probes)
    named: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    wanted = set().union(*related.values()) if related else set()
    for index in np.flatnonzero(agencies.isin(wanted).to_numpy() & ~unknown).tolist():  # the related names' documents only
        named[pool.agencies[index]][int(pool.years[index])].append(index)
    for a in new_list:
        if pool.agencies[a]:
            year = int(pool.years[a])
            for name in related[pool.agencies[a]]:
                if year < 0:
                    for members in named[name].values():
                        pairs.add(a, members)
                else:
                    pairs.add(a, named[name].get(year, []))
                    pairs.add(a, named[name].get(-1, []))
    # at least one agency unknown (or empty, which every name contains): compare sketches
    no_year = pool.years < 0
    probes_by_year = defaultdict(list)
    for a in np.flatnonzero(new & unknown & ~no_year).tolist():
        probes_by_year[int(pool.years[a])].append(a)
    for year, year_probes in probes_by_year.items():
        targets = np.flatnonzero((pool.years == year) | no_year)
        for a, close in zip(year_probes, _close(pool, year_probes, targets, SIMILAR_WITH_IDENTITY)):
            pairs.add(a, close)
    everyone = np.arange(len(pool))
    # neither agency nor year: a copy of anything at SIMILAR_WITHOUT_IDENTITY
    empty_name = [a for a in np.flatnonzero(new & unknown & no_year).tolist() if pool.agencies[a] == ""]
    for a, close in zip(empty_name, _close(pool, empty_name, everyone, SIMILAR_WITH_IDENTITY)):
        pairs.add(a, close)
    anonymous = [a for a in np.flatnonzero(new & unknown & no_year).tolist() if pool.agencies[a] is None]
    if anonymous:
        if len(anonymous) <= _BRUTE_FORCE_PROBES:
            for a, close in zip(anonymous, _close(pool, anonymous, everyone, SIMILAR_WITHOUT_IDENTITY)):
                pairs.add(a, close)
        else:
            pairs.add_arrays(*_prefix_candidates(pool, anonymous, SIMILAR_WITHOUT_IDENTITY))
    # a new document with an agency against the old documents without one (the new ones found it above)
    old_unknown = np.flatnonzero(~new & unknown)
    if len(old_unknown):
        named_by_year = defaultdict(list)
        for a in new_list:
            if pool.agencies[a]:
                named_by_year[int(pool.years[a])].append(a)
        for year, year_probes in named_by_year.items():
            targets = old_unknown if year < 0 else old_unknown[(pool.years[old_unknown] == year) | no_year[old_unknown]]
            for a, close in zip(year_probes, _close(pool, year_probes, targets, SIMILAR_WITH_IDENTITY)):
                pairs.add(a, close)
    found = pairs.unique()
    years = pool.years[found]
    found = found[(years[:, 0] < 0) | (years[:, 1] < 0) | (years[:, 0] == years[:, 1])]  # other years: never copies
    identical.add_arrays(found[:, 0], found[:, 1])
    return identical.unique()


def _scores(pool: _Pool, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """fingerprint.similarity of each pair, vectorised: shared values among the k smallest of the union."""
    scores = np.zeros(len(first), dtype=np.float64)
    for start in range(0, len(first), _CHUNK):
        a, b = first[start : start + _CHUNK], second[start : start + _CHUNK]
        merged = np.sort(np.concatenate([pool.values[a], pool.values[b]], axis=1), axis=1)
        valid = merged < _NONE
        new_value = valid.copy()
        new_value[:, 1:] &= merged[:, 1:] != merged[:, :-1]
        both = np.zeros_like(valid)
        both[:, :-1] = new_value[:, :-1] & (merged[:, 1:] == merged[:, :-1])
        k = np.minimum(SKETCH_SIZE, new_value.sum(axis=1))
        in_bottom = new_value & (np.cumsum(new_value, axis=1) <= k[:, None])
        shared = (both & in_bottom).sum(axis=1)
        empty = (pool.sizes[a] == 0) | (pool.sizes[b] == 0)
        scores[start : start + len(a)] = np.where(empty, 0.0, shared / np.maximum(k, 1))
    return scores


def _same_text(pool: _Pool, a: int, b: int) -> bool:
    return bool(pool.exact[a]) and pool.exact[a] == pool.exact[b]


def _similar(pool: _Pool, ordered: np.ndarray) -> list[tuple[int, int]]:
    """The candidate pairs are_copies accepts on their own (before the boilerplate test of `_with_evidence`)."""
    scores = _scores(pool, ordered[:, 0], ordered[:, 1])
    copies = []
    for (a, b), score in zip(ordered.tolist(), scores.tolist()):
        same_text = _same_text(pool, a, b)
        if (same_text or score >= SIMILAR_WITH_IDENTITY) and are_copies(score, same_text, pool.row(a), pool.row(b)):
            copies.append((a, b))
    return copies


def _with_evidence(pool: _Pool, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pairs with identical texts, or MIN_SHARED_SKETCH shared values that are not boilerplate (held by more
    than MAX_POSTING documents of the current corpus)."""
    shared = {(a, b): np.intersect1d(pool.sketch(a), pool.sketch(b)) for a, b in pairs if not _same_text(pool, a, b)}
    wanted = np.unique(np.concatenate(list(shared.values()))) if shared else np.zeros(0, dtype=np.uint64)
    counts = pool.document_counts(wanted)
    kept = []
    for a, b in pairs:
        if (a, b) not in shared:
            kept.append((a, b))
        elif (counts[np.searchsorted(wanted, shared[(a, b)])] <= MAX_POSTING).sum() >= MIN_SHARED_SKETCH:
            kept.append((a, b))
    return kept


def _groups(copies: list[tuple[int, int]]) -> list[list[int]]:
    parent: dict[int, int] = {}

    def find(i: int) -> int:
        parent.setdefault(i, i)
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in copies:
        parent[find(a)] = find(b)
    clusters: dict[int, list[int]] = defaultdict(list)
    for index in sorted(parent):
        clusters[find(index)].append(index)
    return [members for members in clusters.values() if len(members) > 1]


# --- the index of the last call -----------------------------------------------------------------------------

_SKETCH_BYTES = 4 * SKETCH_SIZE
_INDEX_SCHEMA = pa.schema(
    [
        ("report_id", pa.string()),
        ("key", pa.binary(16)),  # digest of what a decision reads: report id, fingerprint, agency, year
        ("similar", pa.list_(pa.string())),  # report ids of later-indexed documents are_copies accepts with this one
        # the document's _sketch_matrix row, as SKETCH_SIZE little-endian uint32 (padding: 0), and its length
        ("sketch", pa.binary(_SKETCH_BYTES)),
        ("sketch_size", pa.int8()),
    ],
    metadata={"version": INDEX_VERSION},
)


def _entry_keys(report_ids: list[str], fingerprints: list[str], years: np.ndarray, agencies: np.ndarray) -> pa.FixedSizeBinaryArray:
    """The index keys of documents, from their ids, fingerprints and _identities."""
    blake2b = hashlib.blake2b
    keys = [
        blake2b(f"{rid}\x1f{agency}\x1f{year}\x1f{fp}".encode(), digest_size=16).digest()
        for rid, fp, agency, year in zip(report_ids, fingerprints, agencies.tolist(), years.tolist())
    ]
    return pa.FixedSizeBinaryArray.from_buffers(pa.binary(16), len(keys), [None, pa.py_buffer(b"".join(keys))])


def _sketch_rows(column: pa.ChunkedArray | pa.Array, sizes: np.ndarray) -> np.ndarray:
    """The _sketch_matrix rows an index stored (see _INDEX_SCHEMA), padded with _NONE again."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    data = np.frombuffer(column.buffers()[1], dtype="<u4")[column.offset * SKETCH_SIZE : (column.offset + len(column)) * SKETCH_SIZE]
    rows = data.reshape(-1, SKETCH_SIZE).astype(np.uint64)
    rows[np.arange(SKETCH_SIZE)[None, :] >= sizes.astype(np.int64)[:, None]] = _NONE
    return rows


def _read_index(path: Path, keys: pa.Array) -> tuple[np.ndarray, int, list[tuple[str, str]], np.ndarray] | None:
    """Which documents the index holds unchanged, how many it holds, the similar pairs among them, and the known
    documents' _sketch_matrix rows (in their order); None when there is no usable index."""
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowInvalid):
        return None
    if (table.schema.metadata or {}).get(b"version", b"").decode() != INDEX_VERSION or table.schema.names != _INDEX_SCHEMA.names:
        return None
    at = pc.index_in(keys, value_set=table["key"])
    known = at.is_valid().to_numpy(zero_copy_only=False)
    rows = at.filter(at.is_valid())
    sketches = _sketch_rows(table["sketch"].take(rows), table["sketch_size"].take(rows).to_numpy())
    with_pairs = table.filter(pc.greater(pc.list_value_length(table["similar"]), 0))
    pairs = [(rid, other) for rid, others in zip(with_pairs["report_id"].to_pylist(), with_pairs["similar"].to_pylist()) for other in others]
    return known, table.num_rows, pairs, sketches


def _write_index(path: Path, report_ids: list[str], keys: pa.Array, similar: list[tuple[int, int]], pool: _Pool) -> None:
    """One row per document: its id, its key, the ids of the documents `similar` pairs it with (positions a, b;
    listed under a, in the order of `similar`), and its sketch row. Uncompressed: sketch values do not compress."""
    pairs = np.array(similar, dtype=np.int64).reshape(-1, 2)
    order = np.argsort(pairs[:, 0], kind="stable")
    offsets = np.concatenate([[0], np.cumsum(np.bincount(pairs[:, 0], minlength=len(report_ids)))]).astype(np.int32)
    partners = pa.array(np.asarray(report_ids, dtype=object)[pairs[order, 1]], pa.string())
    stored = np.where(pool.values < _NONE, pool.values, 0).astype("<u4")
    sketches = pa.FixedSizeBinaryArray.from_buffers(pa.binary(_SKETCH_BYTES), len(report_ids), [None, pa.py_buffer(stored.tobytes())])
    table = pa.table(
        {
            "report_id": pa.array(report_ids, pa.string()),
            "key": keys,
            "similar": pa.ListArray.from_arrays(pa.array(offsets), partners),
            "sketch": sketches,
            "sketch_size": pa.array(pool.sizes.astype(np.int8)),
        },
        schema=_INDEX_SCHEMA,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp, compression="none", use_dictionary=False)
    os.replace(tmp, path)


def find_copies(
    report_ids: list[str], agency_names: list[object], years: list[object], fingerprints: list[str], index_path: Path | None = None
) -> list[list[int]]:
    """Groups of copies among the documents given column by column, as lists of positions."""
    identities = _identities(agency_names, years)
    keys = previous = None
    if index_path is not None:  # the keys read the identities only: the sketches of known documents are not parsed
        keys = _entry_keys(report_ids, fingerprints, *identities)
        previous = _read_index(index_path, keys)
    pool = _pool(agency_names, years, fingerprints, identities, (previous[0], previous[3]) if previous is not None else None)
    new = np.ones(len(pool), dtype=bool)
    kept: list[tuple[int, int]] = []
    indexed = 0
    if previous is not None:
        known, indexed, old_similar, _ = previous
        new = ~known
        position = dict(zip(np.asarray(report_ids, dtype=object)[known].tolist(), np.flatnonzero(known).tolist()))
        kept = [(position[a], position[b]) for a, b in old_similar if a in position and b in position]
    similar = kept + _similar(pool, _candidates(pool, new))
    if index_path is not None and (new.any() or indexed != len(pool)):
        _write_index(index_path, report_ids, keys, similar, pool)
    # whether shared values are boilerplate depends on the whole corpus: decided afresh on every call
    return _groups(_with_evidence(pool, similar))


def mark_duplicates(reports: pd.DataFrame, index_path: Path | None = None) -> pd.DataFrame:
    """Exclude every copy but one of each report saved more than once (see the module docstring).

    With `index_path`, the documents of this call and the similar pairs among them are kept there, and the
    next call only compares the documents that are new or changed since (the result is the same as without).
    """
    reports = reports.sort_values(["source_path", "part"]).copy()
    is_candidate = (reports["included"].astype(bool) & reports["fingerprint"].notna()).to_numpy()
    # only the columns read here: filtering takes every column along (a third of the call at 20,000 reports)
    candidates = reports.loc[is_candidate, ["report_id", "agency_name", "year", "fingerprint", "source_path", "part"]]
    if len(candidates) < 2:
        return reports
    report_ids = candidates["report_id"].astype(str).tolist()
    groups = find_copies(
        report_ids,
        candidates["agency_name"].tolist(),
        candidates["year"].tolist(),
        candidates["fingerprint"].astype(str).tolist(),
        index_path,
    )
    paths, parts = candidates["source_path"].tolist(), candidates["part"].tolist()
    rows, reasons = [], []
    for members in groups:
        keeper = min(members, key=lambda i: (_format_rank(paths[i]), paths[i], parts[i]))
        rows.extend(i for i in members if i != keeper)
        reasons.extend("duplicate_of:" + report_ids[keeper] for i in members if i != keeper)
    if rows:
        positions = np.flatnonzero(is_candidate)[rows]  # by position: the index may repeat labels
        excluded = reports.columns.get_loc("excluded_reason")
        if reports["excluded_reason"].dtype.kind == "f":  # all missing, read as floats
            reports["excluded_reason"] = reports["excluded_reason"].astype(object)
        reports.iloc[positions, excluded] = reasons
        reports.iloc[positions, reports.columns.get_loc("included")] = False
    return reports
