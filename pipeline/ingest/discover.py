"""Find report files under the raw folder and describe each one (size, hash, format, encoding)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from pipeline.ingest.decode import detect_encoding
from pipeline.model import IngestError, RawFile

TEXT_FORMATS = {"txt", "md", "html"}
FORMAT_BY_SUFFIX = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf", ".doc": "doc"}
HEAD_BYTES = 64 * 1024


def detect_format(path: Path) -> str:
    return FORMAT_BY_SUFFIX.get(path.suffix.lower(), path.suffix.lower().lstrip(".") or "none")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def describe(raw_dir: Path, path: Path, known: RawFile | None = None) -> RawFile:
    stat = path.stat()
    relative = path.relative_to(raw_dir).as_posix()
    if known and known.size == stat.st_size and known.mtime_ns == stat.st_mtime_ns:
        return known
    fmt = detect_format(path)
    encoding = None
    if fmt in TEXT_FORMATS:
        with path.open("rb") as handle:
            encoding = detect_encoding(handle.read(HEAD_BYTES))
    return RawFile(relative, stat.st_size, stat.st_mtime_ns, _sha256(path), fmt, encoding)


def scan_raw_folder(raw_dir: Path, known: dict[str, RawFile] | None = None) -> tuple[list[RawFile], list[IngestError]]:
    """Every regular file under `raw_dir` (any depth, hidden files skipped), sorted by path."""
    known = known or {}
    files: list[RawFile] = []
    errors: list[IngestError] = []
    if not raw_dir.is_dir():
        return [], [IngestError(str(raw_dir), "scan", "raw_dir_missing", f"raw folder {raw_dir} does not exist")]
    for folder, dirnames, filenames in os.walk(raw_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            relative = path.relative_to(raw_dir).as_posix()
            try:
                files.append(describe(raw_dir, path, known.get(relative)))
            except OSError as exc:
                errors.append(IngestError(relative, "scan", "unreadable", f"{type(exc).__name__}: {exc}"))
    return files, errors
