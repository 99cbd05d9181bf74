"""The per-document stages, run incrementally and in parallel over the Parquet lake.

    scan      raw folder            -> raw_files.parquet (manifest) + scan errors
    ingest    each new file         -> documents (decoded, cleaned, split, classified) + ingest errors
    identity  each new document     -> identities (agency, region, level, year, template)
    extract   each new document     -> metric mentions, category values, unmapped values (partitioned by year),
                                       rate statements

Each stage processes only the keys it has not seen at its current version (see pipeline.lake), in batches
across worker processes. A worker reads its batch's inputs from the lake itself, computes, and writes its
own shard; the coordinating process hands out small batch descriptions and records finished shards in the
index. So no process ever holds more than one batch of documents, and no text crosses a process boundary.
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import json
import math
import multiprocessing.util
import os
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field, fields
from functools import cache
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pipeline import lake
from pipeline.config import Settings
from pipeline.ingest.discover import SNIFF_VERSION, scan_raw_folder
from pipeline.model import Document, IngestError, RawFile

PIPELINE_DIR = Path(__file__).resolve().parent
BATCH_SIZE = 256  # items per shard: a worker holds one batch's documents, never more
MIN_BATCH = 8  # small runs still spread over every worker
# Below this many items, worker start-up costs more than it saves: each spawned worker imports the engine (0.5-1 s
# of CPU) before its first document, which a top-up of 200 files (1% of 20,000) repaid in no stage: run in this
# process, its per-document stages measured 4.5 CPU s / 8.2 s against 6.9 / 11.5 s on two workers (busy host).
PARALLEL_THRESHOLD = BATCH_SIZE
# Unless the workers were started while the scan was still running (warm_up_workers): from this many new files a
# top-up pays for them, since they import the engine alongside the scan instead of before their first document.
WARM_START_MIN = 64
DASK_SCHEDULER_ENV = "OGI_DASK_SCHEDULER"  # tcp://host:8786: run batches on that Dask cluster instead of local workers
INDEX_FLUSH_SECONDS = 10.0  # a crash loses at most this much finished work (its shards are then orphans)
# A worker's memory grows with the documents it has seen (the engine's per-process caches fill, freed memory stays
# with the process): at 100,000 reports an extract worker reached ~500 MB. Once a worker reports more than this
# after a batch, the pool is drained and replaced, so a worker's memory no longer depends on the corpus size.
WORKER_MEMORY_LIMIT = 400 * 1024**2

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
        ("evidence_only", pa.bool_()),
    ]
)
CATEGORY_SCHEMA = pa.schema(
    [
        ("key", pa.string()),
        ("parent_metric_id", pa.string()),
        ("parent_label", pa.string()),
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
RATE_SCHEMA = pa.schema(
    [
        ("key", pa.string()),
        ("rate_name", pa.string()),
        ("rate_pct", pa.float64()),
        ("whole_label", pa.string()),
        ("whole_value", pa.float64()),
        ("part_label", pa.string()),
        ("part_value", pa.float64()),
        ("part_stated", pa.string()),
        ("unit", pa.string()),
        ("carried_over", pa.bool_()),
        ("snippet", pa.string()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
    ]
)

# Everything under pipeline/ feeds the ingest version except these: what runs after it or beside it, and the
# storage and configuration code (where results are kept, not what they are). agencies.py assigns agency ids
# across the corpus in the warehouse load, whose version (build.load_code_version) covers it: a change there
# reloads the warehouse instead of re-identifying and re-extracting every document.
# Table recognition (pipeline/tables and its words) runs after ingest: extraction reads every document's tables
# and identity recognises them for the reports whose template only they decide. A new table word re-identifies
# and re-extracts, it does not re-ingest.
TABLES_CODE = "tables"
TABLES_DATA = frozenset({"table_words.csv"})
_EXCLUDED_FROM_INGEST = {
    "identity", "extract", "checks", "warehouse", "synth", "evaluate.py", "summary.py", "__main__.py", "stages.py",
    "reports.py", "agencies.py", "run.py", "dedupe.py", "lake.py", "config.py", "__pycache__", TABLES_CODE,
}
# Data files only the quality checks read (pipeline/checks/rulebook.py): a new check rule re-runs the checks,
# not the per-document stages.
CHECKS_DATA_PREFIX = "checks_"
# Data files (pipeline/data) that only identification, or only extraction, reads: a new extraction alias in
# metrics.csv re-extracts every document instead of re-ingesting it (ingest is 40% of a full run).
# tests/test_stage_data.py runs every stage on a corpus of every format, records the data files each one opens
# and fails if a stage opens one its version leaves out, or if a module the stage has imported names a later
# stage's file. A data file in neither set versions ingest and so every stage: safe until shown otherwise.
IDENTITY_DATA = frozenset({
    "identity_abbreviations.csv", "identity_bare_level_words.csv", "identity_corps.csv", "identity_divisions.csv",
    "identity_generic_places.csv",
    "identity_link_markers.csv", "identity_org_suffixes.csv", "identity_page_debris.csv", "identity_self_references.csv",
    "identity_site_words.csv", "identity_contact_words.csv",
    "identity_template_markers.csv", "identity_template_shapes.csv", "identity_vertical_systems.csv",
    "identity_year_clues.csv", "identity_zone_hosts.csv", "identity_zone_suffixes.csv",
})  # fmt: skip
EXTRACT_DATA = frozenset({
    "metrics.csv", "category_parents.csv", "applicant_columns.csv", "standard_sections.csv", "standard_tables.csv",
    "prose_cues.csv", "prose_phrases.csv", "prose_units.csv", "rate_phrases.csv", "table_bounds.csv",
    "checks_stock_flow.csv",
})  # fmt: skip


def stage_paths(root: Path | None = None) -> dict[str, list[Path]]:
    """The files and folders each stage's version fingerprints (of the pipeline package at `root`): its own code
    and data plus everything upstream of it."""
    root = root or PIPELINE_DIR
    data = sorted((root / "data").iterdir())
    ingest_paths = [p for p in root.iterdir() if p.name not in _EXCLUDED_FROM_INGEST and p.name != "data"]
    ingest_paths += [
        p for p in data
        if not p.name.startswith(CHECKS_DATA_PREFIX) and p.name not in IDENTITY_DATA | EXTRACT_DATA | TABLES_DATA
    ]
    tables_paths = [root / TABLES_CODE, *(p for p in data if p.name in TABLES_DATA)]
    identity_paths = [*ingest_paths, *tables_paths, root / "identity", *(p for p in data if p.name in IDENTITY_DATA)]
    extract_paths = [*identity_paths, root / "extract", *(p for p in data if p.name in EXTRACT_DATA)]
    return {"ingest": ingest_paths, "identity": identity_paths, "extract": extract_paths}


@cache
def stage_versions() -> dict[str, str]:
    """Each stage's version: a fingerprint of its own code and data plus everything upstream of it.

    Computed once per process, when this module is imported (see the end of the module): processes forked from
    it (Dagster's forkserver steps) share it, so every step of a run agrees on the versions even if files change
    on disk while the run goes on.
    """
    return {stage: lake.code_fingerprint(paths) for stage, paths in stage_paths().items()}


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
            "rates": RATE_SCHEMA,
            "errors": ERROR_SCHEMA,
        },
        by_year=("mentions", "categories", "unmapped"),
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


def sniff_version_path(settings: Settings) -> Path:
    return settings.lake_dir / "raw_files.sniff_version"


def run_scan(settings: Settings) -> tuple[pa.Table, list[IngestError]]:
    """List the raw folder, reusing the previous manifest's hashes for files whose size and mtime are unchanged
    (and their formats, without opening them, when the manifest was made by the same format rules)."""
    known = _known_files(lake.read_table(manifest_path(settings), MANIFEST_SCHEMA))
    prestarted = _WARMED.pop(settings.workers, None)  # by prestart_workers, before this scan
    version_path = sniff_version_path(settings)
    formats_current = version_path.exists() and version_path.read_text() == SNIFF_VERSION
    version_path.unlink(missing_ok=True)  # rewritten once the new manifest is written
    executor = _pool(settings.workers) if settings.workers > 1 and not os.environ.get(DASK_SCHEDULER_ENV) else None
    raw_files, errors = scan_raw_folder(settings.raw_dir, known, known_formats_current=formats_current, executor=executor)
    columns = [f.name for f in MANIFEST_SCHEMA if f.name != "file_key"]
    manifest = pa.table(
        {**{c: [getattr(f, c) for f in raw_files] for c in columns}, "file_key": [file_key(f) for f in raw_files]},
        schema=MANIFEST_SCHEMA,
    )
    # A step of Dagster's multiprocess executor is a process of its own: its workers would not outlive the scan.
    if executor is not None and multiprocessing.parent_process() is None:
        new_rows = _new_file_rows(settings, manifest)
        if WARM_START_MIN <= len(new_rows) < PARALLEL_THRESHOLD:
            if prestarted is not None:
                _WARMED[settings.workers] = prestarted  # already warming up (or warm)
            else:
                sample = manifest.take(pa.array(new_rows[:1], pa.int64())).drop_columns(["file_key"]).to_pylist()[0]
                warm_up_workers(settings.workers, settings.raw_dir, RawFile(**sample))
    lake.write_table(manifest, manifest_path(settings))
    version_path.write_text(SNIFF_VERSION)
    error_rows = [{"key": None, **asdict(e)} for e in errors]
    lake.write_table(pa.Table.from_pylist(error_rows, schema=ERROR_SCHEMA), scan_errors_path(settings))
    return manifest, errors


def _known_files(manifest: pa.Table) -> dict[str, RawFile]:
    """The manifest's files by path, built column by column: through a dict per row (to_pylist) this took 72 ms
    of CPU at 20,000 files on every reload, now 43 ms."""
    columns = [manifest[f.name].to_pylist() for f in fields(RawFile)]
    return {file.source_path: file for file in (RawFile(*values) for values in zip(*columns))}


def read_manifest(settings: Settings) -> pa.Table:
    return lake.read_table(manifest_path(settings), MANIFEST_SCHEMA)


def raw_folder_changed_since(raw_dir: Path, since_ns: int) -> bool:
    """Whether a file may have been added, removed or renamed under `raw_dir` since the instant `since_ns`:
    adding or removing an entry gives its folder a new ctime (the ctime, not the mtime, which `cp -a` and
    `rsync -a` set back to the source's). Lists folders only and stats none of the files (an entry's type comes
    with the listing): 17 ms of CPU at 20,000 files, a twentieth of the scan. A file rewritten in place changes
    no folder; the scan still finds it, this only says whether new work is likely."""
    folders = [raw_dir]
    while folders:
        folder = folders.pop()
        try:
            if os.stat(folder).st_ctime_ns > since_ns:
                return True
            with os.scandir(folder) as entries:
                folders.extend(e.path for e in entries if not e.name.startswith(".") and e.is_dir(follow_symlinks=False))
        except OSError:
            continue  # the scan reports unreadable folders
    return False


def prestart_workers(settings: Settings) -> bool:
    """At the very start of a run, before Dagster is imported: when the raw folder changed since the last scan
    (see raw_folder_changed_since), start the local workers' warm-up now (warm_up_workers, on the manifest's
    first file), so they import the engine alongside the run's start-up (~1.5 s of imports and Dagster's
    instance) and a top-up's ingest already finds them warm; otherwise its ingest ran in this process while
    they imported. The scan keeps this warm-up when it finds enough new files for it to pay (WARM_START_MIN),
    and runs the small stages here when it finds fewer. True when the workers were started.

    Nothing changed: no worker starts (the test costs the listing of the folders, no file is opened). No
    previous scan (a first run): none either, a full run starts them at its stages."""
    if settings.workers <= 1 or os.environ.get(DASK_SCHEDULER_ENV) or multiprocessing.parent_process() is not None:
        return False
    try:
        last_scan = manifest_path(settings).stat().st_mtime_ns
    except OSError:
        return False
    if not raw_folder_changed_since(settings.raw_dir, last_scan):
        return False
    first = read_manifest(settings).slice(0, 1).drop_columns(["file_key"]).to_pylist()
    if not first:
        return False
    warm_up_workers(settings.workers, settings.raw_dir, RawFile(**first[0]))
    return True


# --- generic incremental runner -------------------------------------------------------------------------


@dataclass
class Batch:
    """A unit of work: the keys it settles and a small, picklable description of where its inputs are."""

    keys: list[str]
    payload: Any
    years: dict[str, int | None] = field(default_factory=dict)  # key -> report year, for year-partitioned datasets


@dataclass
class BatchResult:
    keys: list[str]
    shard: str
    errors: int
    rss: int = 0  # bytes the process that ran the batch held when it finished (0: unknown)


Work = Callable[[Batch], dict[str, list[dict]]]


def runs_in_this_process(todo: int, workers: int) -> bool:
    """Whether a stage's `todo` items run in the coordinating process rather than on workers (see
    PARALLEL_THRESHOLD and WARM_START_MIN; a Dask cluster, when named, takes every batch)."""
    if os.environ.get(DASK_SCHEDULER_ENV):
        return False
    threshold = WARM_START_MIN if workers_ready(workers) else PARALLEL_THRESHOLD
    return workers <= 1 or todo < threshold


def batch_size(todo: int, workers: int) -> int:
    """Enough batches to keep every worker busy, none larger than BATCH_SIZE. Work that runs in this process has
    no workers to keep busy: it goes in batches of BATCH_SIZE, so a top-up writes one shard per stage instead of
    four or five (each shard is a file per dataset and, for extraction, per report year: a +1% reload at 20,000
    wrote 131 small Parquet files, ~8 ms each, and every later reader of the lake opened them)."""
    if runs_in_this_process(todo, workers):
        return BATCH_SIZE
    if todo < PARALLEL_THRESHOLD:  # a top-up on warm workers: one batch each, for as few shards as they allow
        return max(MIN_BATCH, math.ceil(todo / workers))
    return max(MIN_BATCH, min(BATCH_SIZE, math.ceil(todo / max(1, 2 * workers))))


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _process(store: lake.StageStore, work: Work, batch: Batch) -> BatchResult:
    """Runs in a worker: compute the batch, write its shard, report back only keys and the shard id."""
    rows = work(batch)
    shard = store.write_shard(rows, batch.years)
    errors = len(rows.get("errors", []))
    del rows  # the batch's rows are written: not part of the worker's memory figure
    return BatchResult(batch.keys, shard, errors, process_rss())


def process_rss() -> int:
    """Resident memory of this process in bytes (0 where /proc is not available)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class _IndexWriter:
    """Collects finished shards and commits them to the stage index now and then, and at the end."""

    def __init__(self, store: lake.StageStore):
        self.store = store
        self.pending: list[tuple[list[str], str]] = []
        self.last_flush = time.monotonic()

    def add(self, result: BatchResult) -> None:
        self.pending.append((result.keys, result.shard))
        if time.monotonic() - self.last_flush > INDEX_FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        self.store.commit(self.pending)
        self.pending = []
        self.last_flush = time.monotonic()


_POOLS: dict[int, ProcessPoolExecutor] = {}
_WORN: set[int] = set()  # pools (by worker count) with a worker above WORKER_MEMORY_LIMIT: replaced before more work


def _pool(workers: int) -> ProcessPoolExecutor:
    """One pool of warm workers per process, reused by every stage: each spawned worker pays the pipeline's
    imports and data loading once per run, not once per stage, unless its memory outgrew WORKER_MEMORY_LIMIT
    (then the pool is replaced here; callers wait for their work in flight on it first)."""
    pool = _POOLS.get(workers)
    if pool is not None and workers in _WORN:
        _POOLS.pop(workers).shutdown(wait=True)
        pool = None
    _WORN.discard(workers)
    if pool is None or getattr(pool, "_broken", False):
        pool = _POOLS[workers] = ProcessPoolExecutor(
            max_workers=workers, mp_context=get_context("spawn"), initializer=_start_worker, initargs=(os.getpid(),)
        )
        # A process that is itself a multiprocessing child (a step under Dagster's multiprocess executor) never
        # runs atexit handlers: it joins its children on exit, so the pool must be shut down before that.
        multiprocessing.util.Finalize(None, shutdown_pools, exitpriority=100)
    return pool


_WARMED: dict[int, list[Future]] = {}  # pools (by worker count) the last scan started: their warm-up runs


def _new_file_rows(settings: Settings, manifest: pa.Table) -> list[int]:
    """The manifest rows of the files (one per content) the ingest stage has not read yet."""
    done = ingest_store(settings).done_keys()
    return [row for key, row in _first_rows(manifest).items() if key not in done]


def warm_up_workers(workers: int, raw_dir: Path, sample: RawFile) -> None:
    """Start this machine's workers now, without waiting for them: each imports the engine and runs it on one new
    file (its first document loads the engine's data files, ~0.3 s), while the scan's last steps and Dagster's move
    to the next step run here, so a top-up's first batch finds them ready. A scan that finds nothing new starts
    none, so a nothing-changed reload pays nothing."""
    pool = _pool(workers)
    # Each submit finds no idle worker yet, so each starts one.
    _WARMED[workers] = [pool.submit(_run_engine_once, raw_dir, sample) for _ in range(workers)]


def workers_ready(workers: int) -> bool:
    """Whether the last scan's warm-up has finished on every worker: until then a top-up's stage runs here (its
    ingest usually does, while the workers import), after it on the workers."""
    return workers in _WARMED and all(future.done() for future in _WARMED[workers])


def _run_engine_once(raw_dir: Path, raw_file: RawFile) -> None:
    """Runs in a worker: the imports and data loading its first document would otherwise pay; the result is
    dropped (the stages read the file again), and so is any error (the stages record it)."""
    try:
        documents, _ = read_file(raw_dir, raw_file)
        for document in documents:
            identity_ = identify(document)
            if document.included:
                extract(document, identity_)
        from pipeline.serialize import document_to_row  # noqa: F401  (see _ingest_work)
    except Exception:
        pass


# The engine makes and drops millions of small containers (tokens, rows, matches), almost none of them in
# cycles; at CPython's default first-generation threshold (700) the collector walks the young ones every 700
# allocations, ~2% of the engine's instructions (callgrind, 150 synthetic reports: 10,000 saves 1.7%).
ENGINE_GC_THRESHOLDS = (10_000, 10, 10)


def tune_collector_for_engine() -> None:
    """Collect young objects less often, as every worker does (the throughput benchmark calls it too)."""
    gc.set_threshold(*ENGINE_GC_THRESHOLDS)


def _start_worker(parent_pid: int) -> None:
    """Runs first in each worker process."""
    tune_collector_for_engine()
    _exit_with_parent(parent_pid)


def _exit_with_parent(parent_pid: int) -> None:
    """Runs in each worker: leave as soon as the process that started it is gone. A killed run (a timeout, an
    out-of-memory kill) never shuts its pool down, and idle workers would otherwise wait for work forever."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


@atexit.register
def shutdown_pools(wait: bool = True) -> None:
    """Stop every worker pool; wait=False returns at once and lets the idle workers exit meanwhile (waiting for
    them measured 0.3-1.8 s of a reload's warehouse load)."""
    while _POOLS:
        _POOLS.popitem()[1].shutdown(wait=wait, cancel_futures=True)
    _WARMED.clear()


@cache
def _dask_client(address: str):
    from distributed import Client  # only a cluster deployment needs it (pyproject extra "cluster")

    return Client(address)


def _executor(workers: int) -> tuple[Executor, int]:
    """Where batches run, and how many may be in flight: a Dask cluster when OGI_DASK_SCHEDULER names one
    (workers there read the raw folder and write the lake on shared storage), else this machine's pool."""
    address = os.environ.get(DASK_SCHEDULER_ENV)
    if address:
        client = _dask_client(address)
        return client.get_executor(pure=False), 2 * max(1, sum(client.nthreads().values()))
    return _pool(workers), 2 * workers


def _run_incremental(store: lake.StageStore, batches: Iterable[Batch], work: Work, workers: int, expected: int) -> tuple[int, int]:
    """Run `work` over batches the caller found unprocessed, in parallel when worth it; returns (items, error rows).

    At most two batches per worker are in flight, so the batch descriptions are produced lazily too. Batches go
    to this machine's worker pool, or to a Dask cluster when OGI_DASK_SCHEDULER is set (see _executor).
    """
    counts = [0, 0]
    index = _IndexWriter(store)
    local_pool = False

    def finished(result: BatchResult) -> None:
        index.add(result)
        counts[0] += len(result.keys)
        counts[1] += result.errors
        if local_pool and result.rss > WORKER_MEMORY_LIMIT:
            _WORN.add(workers)

    try:
        distributed = bool(os.environ.get(DASK_SCHEDULER_ENV))
        if runs_in_this_process(expected, workers):
            for batch in batches:
                finished(_process(store, work, batch))
        else:
            pool, most = _executor(workers)
            local_pool = not distributed
            in_flight: set[Future] = set()
            try:
                for batch in batches:
                    if len(in_flight) >= most:
                        done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                        for future in done:
                            finished(future.result())
                    if workers in _WORN:
                        # Drain, then a fresh pool: no worker outgrows the limit by more than a batch or two.
                        for future in in_flight:
                            finished(future.result())
                        in_flight = set()
                        pool, most = _executor(workers)
                    in_flight.add(pool.submit(_process, store, work, batch))
                for future in in_flight:
                    finished(future.result())
            except BaseException:
                for future in in_flight:
                    future.cancel()
                raise
        return counts[0], counts[1]
    finally:
        index.flush()
        if counts[0]:
            store.compact()


def _error_row(key: str, source_path: str, stage: str, exc: BaseException) -> dict:
    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return {"key": key, "source_path": source_path, "stage": stage, "error": "unexpected_" + type(exc).__name__, "detail": detail}


# --- ingest ---------------------------------------------------------------------------------------------


def read_file(raw_dir: Path, raw_file: RawFile) -> tuple[list[Document], list[IngestError]]:
    """pipeline.ingest.read_file, imported on first use like identify and extract: decoding, cleaning and table
    recognition are a third of a second of imports that a reload with no new file does not need."""
    from pipeline.ingest.read import read_file as read

    return read(raw_dir, raw_file)


def _ingest_work(batch: Batch) -> dict[str, list[dict]]:
    from pipeline.serialize import document_to_row  # see read_file: it imports cleaning

    raw_dir, raw_rows = batch.payload
    out: dict[str, list[dict]] = {"documents": [], "errors": []}
    for key, raw_row in zip(batch.keys, raw_rows):
        raw_file = RawFile(**{k: v for k, v in raw_row.items() if k != "file_key"})
        try:
            documents, errors = read_file(Path(raw_dir), raw_file)
        except Exception as exc:  # one bad file must never stop the run
            out["errors"].append(_error_row(key, raw_file.source_path, "ingest", exc))
            continue
        out["documents"].extend(document_to_row(doc, key, doc_key(key, doc.part)) for doc in documents)
        out["errors"].extend({"key": key, **asdict(e)} for e in errors)
    return out


def _first_rows(manifest: pa.Table) -> dict[str, int]:
    """Each file key's first manifest row: the same bytes elsewhere are read once."""
    first_row: dict[str, int] = {}
    for row, key in enumerate(manifest["file_key"].to_pylist()):
        first_row.setdefault(key, row)
    return first_row


def run_ingest(settings: Settings, manifest: pa.Table) -> StageReport:
    store = ingest_store(settings)
    done = store.done_keys()
    first_row = _first_rows(manifest)
    total = len(first_row)
    todo = [row for key, row in first_row.items() if key not in done]
    del first_row
    size = batch_size(len(todo), settings.workers)

    def batches() -> Iterator[Batch]:
        # Manifest rows become Python dicts one batch at a time: all of them at once held 80 MB in this process
        # for the whole stage at 100,000 files.
        for chunk in chunks(todo, size):
            rows = manifest.take(chunk).to_pylist()
            yield Batch([r["file_key"] for r in rows], (str(settings.raw_dir), rows))

    processed, errors = _run_incremental(store, batches(), _ingest_work, settings.workers, len(todo))
    return StageReport(total=total, processed=processed, reused=total - processed, errors=errors)


def current_document_keys(settings: Settings, manifest: pa.Table) -> list[str]:
    """The document keys of the manifest's files. Reading them opens every documents shard (~170 files at 20,000
    reports), and a run asks twice: the answer is kept next to the stage index (see cached_answer)."""
    store = ingest_store(settings)
    file_keys = sorted(set(manifest["file_key"].to_pylist()))
    return cached_answer(
        store, "documents", file_keys, "doc_keys", lambda: store.read("documents", keys=file_keys, columns=["doc_key"])["doc_key"].to_pylist()
    )


def _document_batches(settings: Settings, todo: list[str], size: int) -> Iterator[tuple[Path, list[str]]]:
    """(documents shard file, document keys) groups, so each worker reads one shard file for its whole batch."""
    store = ingest_store(settings)
    index = store.current_index()
    shard_of = dict(zip(index["key"].to_pylist(), index["shard"].to_pylist()))
    files = store.files_by_shard("documents")
    by_shard: dict[str, list[str]] = {}
    for key in todo:
        shard = shard_of.get(file_key_of(key))
        if shard in files:
            by_shard.setdefault(shard, []).append(key)
    for shard, keys in sorted(by_shard.items()):
        for chunk in chunks(keys, size):
            yield files[shard][0], chunk


# What identity and extraction read of a stored document: not the text before cleaning and its offset map (two
# fifths of a shard's bytes, only the warehouse load uses them), nor the duplicate-search fingerprint.
STAGE_DOCUMENT_COLUMNS = [
    "key", "doc_key", "content_sha256", "part", "part_label", "kind", "excluded_reason", "title", "text",
]  # fmt: skip


def _read_documents(path: Path, doc_keys: list[str]) -> list[dict]:
    """Stored document rows with these document keys (STAGE_DOCUMENT_COLUMNS); `key` becomes the document key.
    Their documents come without source_text and offset_map."""
    table = lake.read_rows(path, DOCUMENT_SCHEMA, columns=STAGE_DOCUMENT_COLUMNS)
    table = table.filter(pc.is_in(table["doc_key"], value_set=pa.array(doc_keys, pa.string())))
    rows = table.to_pylist()
    for row in rows:
        row["key"] = row["doc_key"]
    return rows


# --- identity -------------------------------------------------------------------------------------------


def identify(document):
    """pipeline.identity.identify, imported on first use: only processes that identify documents pay for it."""
    from pipeline.identity import identify as identify_document

    return identify_document(document)


def extract(document, identity):
    """pipeline.extract.extract, imported on first use (see identify)."""
    from pipeline.extract import extract as extract_values

    return extract_values(document, identity)


def _identity_work(batch: Batch) -> dict[str, list[dict]]:
    from pipeline.serialize import document_from_row, identity_to_row  # see read_file

    out: dict[str, list[dict]] = {"identities": [], "errors": []}
    for row in _read_documents(*batch.payload):
        key = row["key"]
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
    size = batch_size(len(todo), settings.workers)
    batches = (Batch(keys, (path, keys)) for path, keys in _document_batches(settings, todo, size))
    processed, errors = _run_incremental(store, batches, _identity_work, settings.workers, len(todo))
    return StageReport(total=len(document_keys), processed=processed, reused=len(document_keys) - processed, errors=errors)


# --- extract --------------------------------------------------------------------------------------------


def _extract_work(batch: Batch) -> dict[str, list[dict]]:
    from pipeline.serialize import document_from_row, identity_from_row  # see read_file

    path, doc_keys, identities = batch.payload
    out: dict[str, list[dict]] = {"mentions": [], "categories": [], "unmapped": [], "rates": [], "errors": []}
    for doc_row in _read_documents(path, doc_keys):
        key = doc_row["key"]
        document = document_from_row(doc_row)
        if not document.included:
            continue  # excluded documents (essays, templates, ...) never contribute numbers
        try:
            extraction = extract(document, identity_from_row(identities.get(key, {})))
        except Exception as exc:
            out["errors"].append(_error_row(key, "", "extract", exc))
            continue
        # vars(), not asdict: the fields are plain values, and asdict's deep copy cost a third of the stage
        out["mentions"].extend({"key": key, **vars(v)} for v in (*extraction.values, *extraction.blanks))
        out["categories"].extend({"key": key, **vars(c)} for c in extraction.categories)
        out["unmapped"].extend({"key": key, **vars(u)} for u in extraction.unmapped)
        out["rates"].extend({"key": key, **vars(r)} for r in extraction.rates)
    return out


class _IdentityLookup:
    """Identity rows by document key, read shard by shard as batches ask for them (the last few shards cached)."""

    def __init__(self, settings: Settings, cached_shards: int = 4):
        store = identity_store(settings)
        index = store.current_index()
        self.shard_of = dict(zip(index["key"].to_pylist(), index["shard"].to_pylist()))
        self.files = store.files_by_shard("identities")
        self.cache: dict[str, dict[str, dict]] = {}
        self.cached_shards = cached_shards

    def _shard_rows(self, shard: str) -> dict[str, dict]:
        if shard not in self.cache:
            if len(self.cache) >= self.cached_shards:
                self.cache.pop(next(iter(self.cache)))
            rows = [row for path in self.files.get(shard, []) for row in lake.read_rows(path, IDENTITY_SCHEMA).to_pylist()]
            self.cache[shard] = {row["key"]: row for row in rows}
        return self.cache[shard]

    def rows(self, keys: list[str]) -> dict[str, dict]:
        found = {}
        for key in keys:
            shard = self.shard_of.get(key)
            row = self._shard_rows(shard).get(key) if shard else None
            if row is not None:
                found[key] = row
        return found


def run_extract(settings: Settings, document_keys: list[str]) -> StageReport:
    store = extract_store(settings)
    todo = sorted(set(document_keys) - store.done_keys())
    size = batch_size(len(todo), settings.workers)

    def batches() -> Iterator[Batch]:
        lookup = _IdentityLookup(settings)
        for path, keys in _document_batches(settings, todo, size):
            found = lookup.rows(keys)
            yield Batch(keys, (path, keys, found), years={k: row.get("year") for k, row in found.items()})

    processed, errors = _run_incremental(store, batches(), _extract_work, settings.workers, len(todo))
    return StageReport(total=len(document_keys), processed=processed, reused=len(document_keys) - processed, errors=errors)



# --- summaries for the UI (bounded memory: one shard file at a time) -------------------------------------


@dataclass
class DatasetSummary:
    rows: int
    counts: dict[str, int]  # rows per value of the grouping column
    preview: pa.Table  # the first rows, a few columns
    also: dict[str, dict[str, int]] = field(default_factory=dict)  # rows per value of each `also_by` column, missing values left out
    missing: dict[str, int] = field(default_factory=dict)  # rows without a value, per `missing_in` column


def summarize_dataset(store: lake.StageStore, dataset: str, keys: Iterable[str] | None, group_by: str | None,
                      preview_columns: list[str], limit: int = 10, also_by: Sequence[str] = (),
                      missing_in: Sequence[str] = ()) -> DatasetSummary:
    """Row count, counts per value of `group_by` (and of each `also_by` column), rows without a value in each
    `missing_in` column and a short preview of a dataset's current rows, without loading the dataset (a 100k-report
    corpus has millions of mentions). The answer is kept next to the stage's index and reused while the index and
    the keys asked for are unchanged, as on a nightly reload with nothing new. Otherwise only shard files not
    counted before are read: each file's row count and counts are kept too (shard files never change once
    written), so a top-up of 1% reads the new shards and a few files for the preview."""
    wanted = None if keys is None else sorted(set(keys))
    also_by, missing_in = tuple(also_by), tuple(missing_in)
    fingerprint = _summary_fingerprint(store, dataset, wanted, group_by, preview_columns, limit, also_by, missing_in)
    question = ".".join([group_by or "-", *also_by, *(f"missing-{c}" for c in missing_in)])
    cache_path = store.root / "_summaries" / f"{dataset}.{question}.json"
    schema = pa.schema([store.schemas[dataset].field(c) for c in preview_columns])
    try:
        cached = json.loads(cache_path.read_text(encoding="utf-8"))
        if cached["fingerprint"] == fingerprint:
            preview = pa.Table.from_pylist(cached["preview"], schema=schema)
            return DatasetSummary(cached["rows"], cached["counts"], preview, cached["also"], cached["missing"])
    except (OSError, ValueError, KeyError):
        pass
    files_path = store.root / "_summaries" / f"{dataset}.{question}.files.json"
    try:
        known = json.loads(files_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    counted: dict[str, dict] = {}
    totals = _FileCounts()
    previews: list[pa.Table] = []
    preview_rows = 0
    columns = sorted({*([group_by] if group_by else []), *preview_columns, *also_by, *missing_in})
    for path, shard_keys in store.current_files(dataset, wanted):
        name = path.relative_to(store.root).as_posix()
        keys_digest = hashlib.sha256("\x1f".join(sorted(shard_keys)).encode()).hexdigest()
        entry = known.get(name)
        if entry is None or entry.get("keys") != keys_digest or preview_rows < limit:
            table = lake.read_rows(path, store.schemas[dataset], shard_keys, columns=columns)
            entry = {"keys": keys_digest, **_count_file(table, group_by, also_by, missing_in)}
            if preview_rows < limit and table.num_rows:
                previews.append(table.select(preview_columns).slice(0, limit))
                preview_rows += previews[-1].num_rows
        counted[name] = entry
        totals.add(entry)
    preview = pa.concat_tables(previews).slice(0, limit) if previews else schema.empty_table()
    summary = DatasetSummary(totals.rows, _by_count(totals.counts), preview,
                             {c: _by_count(totals.also.get(c, {})) for c in also_by}, {c: totals.missing.get(c, 0) for c in missing_in})
    payload = {"fingerprint": fingerprint, "rows": summary.rows, "counts": summary.counts, "preview": preview.to_pylist(),
               "also": summary.also, "missing": summary.missing}
    live = set(store.current_index()["shard"].to_pylist())  # other key sets' files stay counted while current
    counted = {**{name: e for name, e in known.items() if Path(name).stem in live}, **counted}
    _write_json(files_path, counted)
    _write_json(cache_path, payload)
    return summary


def _count_file(table: pa.Table, group_by: str | None, also_by: Sequence[str], missing_in: Sequence[str]) -> dict:
    """One shard file's share of a summary (JSON-able, kept per file)."""

    def value_counts(column: str, with_missing: bool) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in pc.value_counts(table[column]).to_pylist():
            if item["values"] is None and not with_missing:
                continue
            value = str(item["values"])
            counts[value] = counts.get(value, 0) + item["counts"]
        return counts

    return {
        "rows": table.num_rows,
        "counts": value_counts(group_by, with_missing=True) if group_by else {},
        "also": {c: value_counts(c, with_missing=False) for c in also_by},
        "missing": {c: table[c].null_count for c in missing_in},
    }


@dataclass
class _FileCounts:
    rows: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    also: dict[str, dict[str, int]] = field(default_factory=dict)
    missing: dict[str, int] = field(default_factory=dict)

    def add(self, entry: dict) -> None:
        self.rows += entry["rows"]
        for value, count in entry["counts"].items():
            self.counts[value] = self.counts.get(value, 0) + count
        for column, counts in entry.get("also", {}).items():
            into = self.also.setdefault(column, {})
            for value, count in counts.items():
                into[value] = into.get(value, 0) + count
        for column, count in entry.get("missing", {}).items():
            self.missing[column] = self.missing.get(column, 0) + count


def _by_count(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def cached_answer(store: lake.StageStore, dataset: str, keys: list[str], question: str, compute: Callable[[], Any]) -> Any:
    """compute() -- a JSON-able answer about the current rows of `keys` in a dataset -- kept next to the stage's
    index and reused while the index and the keys are unchanged (shard files never change once written), so a
    reload with nothing new reads no shard for it. The answer always comes back through JSON, computed or
    cached: the caller sees the same values either way."""
    fingerprint = _summary_fingerprint(store, dataset, keys, question)
    path = store.root / "_summaries" / f"{dataset}.{question}.json"
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached["fingerprint"] == fingerprint:
            return cached["answer"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    answer = json.loads(json.dumps(compute(), ensure_ascii=False))
    _write_json(path, {"fingerprint": fingerprint, "answer": answer})
    return answer


def _write_json(path: Path, payload: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)


def _summary_fingerprint(store: lake.StageStore, dataset: str, keys: list[str] | None, *question: object) -> str:
    digest = hashlib.sha256(repr((store.version, dataset, question)).encode())
    if store.index_path.exists():
        stat = store.index_path.stat()
        digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    digest.update(b"*" if keys is None else "\x1f".join(keys).encode())
    return digest.hexdigest()


stage_versions()  # fingerprint the code as it is loaded, once per process (see stage_versions)
