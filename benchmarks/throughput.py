"""Per-document engine speed on one core, against a floor measured on the same files in the same process.

floor      read the file, decode it, run one regular expression over the text: the least any pipeline must do
ingest     pipeline.ingest.read_file: decode, HTML/PDF/DOCX to text, clean, recognise tables, split, classify
identity   pipeline.identity.identify on every document
extract    pipeline.extract.extract on every included document
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.identity import identify
from pipeline.ingest import read_file
from pipeline.model import RawFile
from pipeline.stages import tune_collector_for_engine

ONE_PASS = re.compile(r"\d+")
TEXT_FORMATS = ("txt", "md", "html")
WARM_UP = 10


@dataclass
class EngineTiming:
    files: int = 0
    floor: float = 0.0
    stages: dict[str, float] = field(default_factory=lambda: {"ingest": 0.0, "identity": 0.0, "extract": 0.0})
    errors: int = 0

    @property
    def engine(self) -> float:
        return sum(self.stages.values())

    def per_second(self, seconds: float) -> float:
        return self.files / seconds if seconds else float("inf")

    @property
    def ratio_to_floor(self) -> float:
        return self.engine / self.floor if self.floor else float("inf")


def sample(files: list[RawFile], formats: tuple[str, ...], limit: int) -> list[RawFile]:
    """Up to `limit` files of these formats, spread evenly over the (path-sorted) list."""
    chosen = [f for f in files if f.format in formats]
    if len(chosen) <= limit:
        return chosen
    step = len(chosen) / limit
    return [chosen[int(i * step)] for i in range(limit)]


def floor_seconds(raw_dir: Path, files: list[RawFile]) -> float:
    started = time.perf_counter()
    for raw_file in files:
        data = (raw_dir / raw_file.source_path).read_bytes()
        ONE_PASS.findall(data.decode(raw_file.encoding or "utf-8", errors="replace"))
    return time.perf_counter() - started


def _engine_pass(raw_dir: Path, files: list[RawFile], timing: EngineTiming | None) -> None:
    from pipeline.extract import extract

    clock = time.perf_counter
    for raw_file in files:
        t0 = clock()
        try:
            documents, _ = read_file(raw_dir, raw_file)
        except Exception:
            if timing:
                timing.errors += 1
            continue
        t1 = clock()
        identities = [_guarded(identify, timing, d) for d in documents]
        t2 = clock()
        for document, identity in zip(documents, identities):
            if document.included and identity is not None:
                _guarded(extract, timing, document, identity)
        t3 = clock()
        if timing:
            timing.stages["ingest"] += t1 - t0
            timing.stages["identity"] += t2 - t1
            timing.stages["extract"] += t3 - t2


def _guarded(function, timing: EngineTiming | None, *args):
    """Like the pipeline, a document that makes a stage fail is counted and skipped, never fatal."""
    try:
        return function(*args)
    except Exception:
        if timing:
            timing.errors += 1
        return None


def measure(raw_dir: Path, files: list[RawFile]) -> EngineTiming:
    """Engine and floor time over the same files, after a short warm-up (imports, compiled patterns, caches),
    with the garbage collector set as in the pipeline's workers."""
    tune_collector_for_engine()
    _engine_pass(raw_dir, files[:WARM_UP], None)
    floor_seconds(raw_dir, files[:WARM_UP])
    timing = EngineTiming(files=len(files))
    timing.floor = floor_seconds(raw_dir, files)
    _engine_pass(raw_dir, files, timing)
    return timing


def main(argv: list[str] | None = None) -> int:
    """`python -m benchmarks.throughput RAW_DIR --formats txt,md,html --limit 2000`: prints the timing as JSON.

    The benchmark runs this in a subprocess on its snapshot of the code, so the figures belong to one version.
    """
    import argparse
    import json
    from dataclasses import asdict

    from pipeline.ingest import scan_raw_folder

    parser = argparse.ArgumentParser(prog="python -m benchmarks.throughput")
    parser.add_argument("raw_dir", type=Path)
    parser.add_argument("--formats", default=",".join(TEXT_FORMATS))
    parser.add_argument("--limit", type=int, default=2000)
    args = parser.parse_args(argv)
    files, _ = scan_raw_folder(args.raw_dir)
    chosen = sample(files, tuple(args.formats.split(",")), args.limit)
    timing = measure(args.raw_dir, chosen) if chosen else EngineTiming()
    print(json.dumps(asdict(timing)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
