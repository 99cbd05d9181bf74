"""The per-document stages, run incrementally and in parallel over the Parquet lake.

    scan      raw folder            -> raw_files.parquet (manifest) + scan errors
    ingest    each new file         -> documents (decoded, cleaned, split, classified) + ingest errors
    identity  each new document     -> identities (agency, region, level, year, template)
    extract   each new document     -> metric mentions, category values, unmapped values

Each stage processes only the keys it has not seen at its current version (see pipeline.lake), in batches
across worker processes, writing one shard per batch so no stage holds the corpus in memory.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import cache
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pyarrow as pa

from pipeline import lake
from pipeline.config import Settings
from pipeline.extract import extract
from pipeline.identity import identify
from pipeline.ingest import read_file, scan_raw_folder
from pipeline.model import IngestError, RawFile
from pipeline.serialize import document_from_row, document_to_row, identity_from_row, identity_to_row

PIPELINE_DIR = Path(__file__).resolve().parent
BATCH_SIZE = 256
PARALLEL_THRESHOLD = 16  # below this many items, worker start-up costs more than it saves

MANIFEST_SCHEMA = pa.schema(
    [
        ("source_path", pa.string()),
        ("size", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("sha256", pa.string()),
        ("format", pa.string()),
        ("encoding", pa.string()),
        ("file_key", pa.string()),
    ]
)
ERROR_SCHEMA = pa.schema(
    [("key", pa.string()), ("source_path", pa.string()), ("stage", pa.string()), ("error", pa.string()), ("detail", pa.string())]
)
DOCUMENT_SCHEMA = pa.schema(
    [
        ("key", pa.string()),  # the file key: documents are the ingest stage's output per file
        ("doc_key", pa.string()),  # <file key>#<part>: the key of the later stages
        ("content_sha256", pa.string()),
        ("part", pa.int32()),
        ("part_label", pa.string()),
        ("kind", pa.string()),
        ("excluded_reason", pa.string()),
        ("title", pa.string()),
        ("fingerprint", pa.string()),
        ("text", pa.large_string()),
        ("source_text", pa.large_string()),
        ("offset_map", pa.large_string()),
        ("tables", pa.large_string()),
    ]
)
IDENTITY_SCHEMA = pa.schema(
    [
        ("key", pa.string()),
        ("agency_name", pa.string()),
        ("province", pa.string()),
        ("city", pa.string()),
        ("county", pa.string()),
        ("division_code", pa.string()),
        ("admin_level", pa.string()),
        ("year", pa.int32()),
        ("template", pa.string()),
        ("published_date", pa.string()),
        ("evidence", pa.string()),
        ("agency_key", pa.string()),
        ("lineage", pa.large_string()),
    ]
)
MENTION_SCHEMA = pa.schema(
    [
        ("key", pa.string()),
        ("metric_id", pa.string()),
        ("applicant", pa.string()),
        ("period", pa.string()),
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("method", pa.string()),
        ("snippet", pa.string()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
    ]
)
CATEGORY_SCHEMA = pa.schema(
    [
        ("key", pa.string()),
        ("parent_metric_id", pa.string()),
        ("label", pa.string()),
        ("value", pa.float64()),
        ("share_pct", pa.float64()),
        ("snippet", pa.string()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("list_no", pa.int32()),
        ("list_kind", pa.string()),
        ("list_total", pa.float64()),
    ]
)
UNMAPPED_SCHEMA = pa.schema(
    [
        ("key", pa.string()),
        ("label", pa.string()),
        ("unit", pa.string()),
        ("value", pa.float64()),
        ("snippet", pa.string()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("period", pa.string()),
    ]
)

_EXCLUDED_FROM_INGEST = {"identity", "extract", "checks", "warehouse", "evaluate.py", "summary.py", "__main__.py", "stages.py", "reports.py"}


@cache
def stage_versions() -> dict[str, str]:
    """Each stage's version: a fingerprint of its own code and data plus everything upstream of it."""
    ingest_paths = [p for p in PIPELINE_DIR.iterdir() if p.name not in _EXCLUDED_FROM_INGEST]
    identity_paths = [*ingest_paths, PIPELINE_DIR / "identity"]
    extract_paths = [*identity_paths, PIPELINE_DIR / "extract"]
    return {
        "ingest": lake.code_fingerprint(ingest_paths),
        "identity": lake.code_fingerprint(identity_paths),
        "extract": lake.code_fingerprint(extract_paths),
    }


def ingest_store(settings: Settings) -> lake.StageStore:
    return lake.StageStore(
        settings.lake_dir, "ingest", stage_versions()["ingest"], {"documents": DOCUMENT_SCHEMA, "errors": ERROR_SCHEMA}
    )


def identity_store(settings: Settings) -> lake.StageStore:
    return lake.StageStore(
        settings.lake_dir, "identity", stage_versions()["identity"], {"identities": IDENTITY_SCHEMA, "errors": ERROR_SCHEMA}
    )


def extract_store(settings: Settings) -> lake.StageStore:
    return lake.StageStore(
        settings.lake_dir,
        "extract",
        stage_versions()["extract"],
        {
            "mentions": MENTION_SCHEMA,
            "categories": CATEGORY_SCHEMA,
            "unmapped": UNMAPPED_SCHEMA,
            "errors": ERROR_SCHEMA,
        },
    )


def file_key(raw_file: RawFile) -> str:
    """Files with the same bytes and format are processed once, wherever they sit in the raw folder."""
    return f"{raw_file.sha256}:{raw_file.format}"


def doc_key(file_key_: str, part: int) -> str:
    return f"{file_key_}#{part}"


def file_key_of(doc_key_: str) -> str:
    return doc_key_.rsplit("#", 1)[0]


def manifest_path(settings: Settings) -> Path:
    return settings.lake_dir / "raw_files.parquet"


def scan_errors_path(settings: Settings) -> Path:
    return settings.lake_dir / "scan_errors.parquet"


@dataclass
class StageReport:
    """What a stage run did, for the UI and the run summary."""

    total: int
    processed: int
    reused: int
    errors: int


# --- scan ---------------------------------------------------------------------------------------------


def run_scan(settings: Settings) -> tuple[pa.Table, list[IngestError]]:
    """List the raw folder, reusing the previous manifest's hashes for files whose size and mtime are unchanged."""
    previous = lake.read_table(manifest_path(settings), MANIFEST_SCHEMA).to_pylist()
    known = {row["source_path"]: RawFile(**{k: v for k, v in row.items() if k != "file_key"}) for row in previous}
    raw_files, errors = scan_raw_folder(settings.raw_dir, known)
    manifest = pa.Table.from_pylist(
        [{**asdict(f), "file_key": file_key(f)} for f in raw_files], schema=MANIFEST_SCHEMA
    )
    lake.write_table(manifest, manifest_path(settings))
    error_rows = [{"key": None, **asdict(e)} for e in errors]
    lake.write_table(pa.Table.from_pylist(error_rows, schema=ERROR_SCHEMA), scan_errors_path(settings))
    return manifest, errors


def read_manifest(settings: Settings) -> pa.Table:
    return lake.read_table(manifest_path(settings), MANIFEST_SCHEMA)


# --- generic incremental runner -------------------------------------------------------------------------


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _run_incremental(
    store: lake.StageStore,
    todo: Iterable[tuple[str, Any]],
    work: Callable[[list[tuple[str, Any]]], dict[str, list[dict]]],
    workers: int,
    expected: int,
) -> tuple[int, int]:
    """Apply `work` to (key, item) pairs the caller found unprocessed, streaming batch by batch.

    Returns (items processed, error rows written). Each batch is written as its own shard as soon as it
    is done, so memory holds one batch, and a crash loses at most the batch in flight.
    """
    processed = errors = 0
    parallel = workers > 1 and expected >= PARALLEL_THRESHOLD
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) if parallel else None
    try:
        for chunk in _batches(todo, BATCH_SIZE):
            if pool is None:
                merged = work(chunk)
            else:
                # Small tasks keep the workers balanced within a batch.
                task_size = max(1, min(32, len(chunk) // (workers * 4)))
                merged = {}
                for result in pool.map(work, list(_batches(chunk, task_size))):
                    for dataset, rows in result.items():
                        merged.setdefault(dataset, []).extend(rows)
            errors += len(merged.get("errors", []))
            store.write_shard([key for key, _ in chunk], merged)
            processed += len(chunk)
    finally:
        if pool is not None:
            pool.shutdown()
    return processed, errors


def _error_row(key: str, source_path: str, stage: str, exc: BaseException) -> dict:
    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return {"key": key, "source_path": source_path, "stage": stage, "error": "unexpected_" + type(exc).__name__, "detail": detail}


# --- ingest ---------------------------------------------------------------------------------------------


def _ingest_work(batch: list[tuple[str, tuple[str, dict]]]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {"documents": [], "errors": []}
    for key, (raw_dir, raw_row) in batch:
        raw_file = RawFile(**{k: v for k, v in raw_row.items() if k != "file_key"})
        try:
            documents, errors = read_file(Path(raw_dir), raw_file)
        except Exception as exc:  # one bad file must never stop the run
            out["errors"].append(_error_row(key, raw_file.source_path, "ingest", exc))
            continue
        out["documents"].extend(document_to_row(doc, key, doc_key(key, doc.part)) for doc in documents)
        out["errors"].extend({"key": key, **asdict(e)} for e in errors)
    return out


def run_ingest(settings: Settings, manifest: pa.Table) -> StageReport:
    store = ingest_store(settings)
    done = store.done_keys()
    by_key: dict[str, dict] = {}
    for row in manifest.to_pylist():
        by_key.setdefault(row["file_key"], row)
    todo = [(key, (str(settings.raw_dir), row)) for key, row in by_key.items() if key not in done]
    processed, errors = _run_incremental(store, todo, _ingest_work, settings.workers, len(todo))
    return StageReport(total=len(by_key), processed=processed, reused=len(by_key) - processed, errors=errors)


def current_document_keys(settings: Settings, manifest: pa.Table) -> list[str]:
    file_keys = set(manifest["file_key"].to_pylist())
    table = ingest_store(settings).read("documents", keys=file_keys, columns=["doc_key"])
    return table["doc_key"].to_pylist()


def _documents(settings: Settings, doc_keys: list[str]) -> Iterator[dict]:
    """The stored documents with these keys, as rows whose `key` is the document key."""
    wanted = set(doc_keys)
    for table in ingest_store(settings).iter_read("documents", {file_key_of(k) for k in wanted}):
        for row in table.to_pylist():
            if row["doc_key"] in wanted:
                row["key"] = row["doc_key"]
                yield row


# --- identity -------------------------------------------------------------------------------------------


def _identity_work(batch: list[tuple[str, dict]]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {"identities": [], "errors": []}
    for key, row in batch:
        try:
            identity = identify(document_from_row(row))
        except Exception as exc:
            out["errors"].append(_error_row(key, "", "identity", exc))
            continue
        out["identities"].append(identity_to_row(identity, key))
    return out


def run_identity(settings: Settings, document_keys: list[str]) -> StageReport:
    store = identity_store(settings)
    todo = sorted(set(document_keys) - store.done_keys())
    items = ((row["key"], row) for row in _documents(settings, todo))
    processed, errors = _run_incremental(store, items, _identity_work, settings.workers, len(todo))
    return StageReport(total=len(document_keys), processed=processed, reused=len(document_keys) - processed, errors=errors)


# --- extract --------------------------------------------------------------------------------------------


def _extract_work(batch: list[tuple[str, tuple[dict, dict]]]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {"mentions": [], "categories": [], "unmapped": [], "errors": []}
    for key, (doc_row, identity_row) in batch:
        document = document_from_row(doc_row)
        if not document.included:
            continue  # excluded documents (essays, templates, ...) never contribute numbers
        try:
            extraction = extract(document, identity_from_row(identity_row))
        except Exception as exc:
            out["errors"].append(_error_row(key, "", "extract", exc))
            continue
        out["mentions"].extend({"key": key, **asdict(v)} for v in extraction.values)
        out["categories"].extend({"key": key, **asdict(c)} for c in extraction.categories)
        out["unmapped"].extend({"key": key, **asdict(u)} for u in extraction.unmapped)
    return out


def run_extract(settings: Settings, document_keys: list[str]) -> StageReport:
    store = extract_store(settings)
    todo = sorted(set(document_keys) - store.done_keys())
    identities = identity_store(settings)

    def items() -> Iterator[tuple[str, tuple[dict, dict]]]:
        for batch in _batches(todo, BATCH_SIZE):
            found = {row["key"]: row for table in identities.iter_read("identities", batch) for row in table.to_pylist()}
            for row in _documents(settings, batch):
                yield row["key"], (row, found.get(row["key"], {}))

    processed, errors = _run_incremental(store, items(), _extract_work, settings.workers, len(todo))
    return StageReport(total=len(document_keys), processed=processed, reused=len(document_keys) - processed, errors=errors)
