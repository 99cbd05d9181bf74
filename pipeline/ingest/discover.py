"""Find report files under the raw folder and describe each one (size, hash, format, encoding).

The format comes from the extension, corrected by the first bytes where they say otherwise (a PDF or
Word file saved as .txt, an HTML page saved as .txt or .aspx). Files the pipeline cannot read are listed
too, so that reading them yields an ingest_errors row instead of silence. Hidden files and folders
(.git, .DS_Store) are system furniture and are skipped.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
from concurrent.futures import Executor
from itertools import repeat
from pathlib import Path
from stat import S_ISREG
from typing import NamedTuple

from pipeline.ingest.decode import declared_html_encoding, detect_encoding
from pipeline.ingest.limits import SNIFF_BYTES
from pipeline.model import IngestError, RawFile

FORMAT_BY_SUFFIX = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".docx": "docx", ".pdf": "pdf", ".doc": "doc", ".wps": "doc", ".rtf": "doc",
}  # fmt: skip
READABLE_FORMATS = frozenset(FORMAT_BY_SUFFIX.values())
TEXT_FORMATS = frozenset({"txt", "md", "html"})
PAGE_SUFFIXES = {".asp", ".aspx", ".jsp", ".php", ".do", ".action", ""}  # saved web pages keep these names
HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FORMAT_SNIFF_BYTES = 2048  # enough for sniff_format
# The version of the format rules in this file: a scan whose known formats were found by the same rules can
# trust them for unchanged files instead of opening every file again; new rules re-sniff every file once.
SNIFF_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def sniff_format(head: bytes) -> str | None:
    """The format the first bytes reveal, if they reveal one."""
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(OLE_MAGIC) or head.startswith(b"{\\rtf"):
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if HTML_START.match(head[:2048].lstrip(b"\xef\xbb\xbf")):
        return "html"
    return None


def detect_format(path: Path, head: bytes = b"") -> str:
    suffix = path.suffix.lower()
    by_suffix = FORMAT_BY_SUFFIX.get(suffix)
    sniffed = sniff_format(head) if head else None
    if by_suffix in TEXT_FORMATS and sniffed:
        return sniffed if not (by_suffix == "md" and sniffed == "html") else by_suffix
    if by_suffix is None and suffix in PAGE_SUFFIXES and sniffed:
        return sniffed
    return by_suffix or suffix.lstrip(".") or "none"


def _format_needs_sniff(path: Path) -> bool:
    """Whether the first bytes can change detect_format's answer for this name (text formats, web page names)."""
    suffix = path.suffix.lower()
    by_suffix = FORMAT_BY_SUFFIX.get(suffix)
    return by_suffix in TEXT_FORMATS or (by_suffix is None and suffix in PAGE_SUFFIXES)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def describe(raw_dir: Path, path: Path, known: RawFile | None = None, known_formats_current: bool = False) -> RawFile:
    """The file's RawFile; an unchanged file (same size, mtime and format) reuses `known`'s hash.

    `known_formats_current`: `known` was described by the same format rules (SNIFF_VERSION), so an unchanged
    file is taken as it is, without opening it. Otherwise an unchanged file is opened only when its first
    bytes can change its format.
    """
    return _describe(path, path.relative_to(raw_dir).as_posix(), path.stat(), known, known_formats_current)


class FileStat(NamedTuple):
    """The two figures of a file's stat a description uses. The scan keeps one per file until every file is
    described; a whole os.stat_result (0.64 KB with its number objects, this 0.14 KB) was 64 MB at 100,000 files."""

    st_size: int
    st_mtime_ns: int


def _describe(path: Path | str, relative: str, stat: os.stat_result | FileStat, known: RawFile | None,
              known_formats_current: bool) -> RawFile:
    unchanged = known is not None and known.size == stat.st_size and known.mtime_ns == stat.st_mtime_ns
    if unchanged and known_formats_current:
        return known
    path = Path(path)
    if unchanged and not _format_needs_sniff(path) and known.format == detect_format(path):
        return known
    with path.open("rb") as handle:
        head = handle.read(FORMAT_SNIFF_BYTES if unchanged else SNIFF_BYTES)
    fmt = detect_format(path, head)
    if unchanged and known.format == fmt:
        return known
    if len(head) < SNIFF_BYTES and len(head) < stat.st_size:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    encoding = None
    if fmt in TEXT_FORMATS:
        complete = len(head) == stat.st_size
        encoding = (declared_html_encoding(head[:4096]) if fmt == "html" else None) or detect_encoding(head, complete)
    sha256 = known.sha256 if unchanged else _sha256(path)
    return RawFile(relative, stat.st_size, stat.st_mtime_ns, sha256, fmt, encoding)


def _regular_file_stat(path: str) -> os.stat_result | None:
    """The file's stat (following links) if it is a regular file, None if not (Path.is_file's answer, which
    also says False for a broken link); other errors (permissions) are raised."""
    try:
        stat = os.stat(path)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            return None
        raise
    except ValueError:
        return None
    return stat if S_ISREG(stat.st_mode) else None


PARALLEL_DESCRIBE_MIN = 512  # files to open before describing them in worker processes pays for the transfer
DESCRIBE_CHUNK = 256  # files per task sent to a worker

Pending = tuple[str, str, FileStat, "RawFile | None"]  # path, relative path, stat, previous description


def _describe_or_error(entry: Pending, known_formats_current: bool) -> RawFile | IngestError:
    path, relative, stat, known = entry
    try:
        return _describe(path, relative, stat, known, known_formats_current)
    except OSError as exc:
        return IngestError(relative, "scan", "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")


def describe_chunk(entries: list[Pending], known_formats_current: bool) -> list[RawFile | IngestError]:
    """Runs in a worker process: describe a chunk of files."""
    return [_describe_or_error(entry, known_formats_current) for entry in entries]


def _needs_opening(entry: Pending, known_formats_current: bool) -> bool:
    _, _, stat, known = entry
    unchanged = known is not None and known.size == stat.st_size and known.mtime_ns == stat.st_mtime_ns
    return not (unchanged and known_formats_current)


def scan_raw_folder(
    raw_dir: Path, known: dict[str, RawFile] | None = None, known_formats_current: bool = False,
    executor: Executor | None = None,
) -> tuple[list[RawFile], list[IngestError]]:
    """Every regular file under `raw_dir` (any depth, hidden files skipped), sorted by path.

    `known`: the previous scan's files by path, whose hashes (and, with `known_formats_current`, formats) are
    reused for files whose size and mtime are unchanged (see describe). `executor`: worker processes that
    describe the files to open (hash, sniff, detect the encoding) when there are many; the answer is the same."""
    known = known or {}
    if not raw_dir.is_dir():
        return [], [IngestError(str(raw_dir), "scan", "raw_dir_missing", f"raw folder {raw_dir} does not exist")]
    slots: list[IngestError | int] = []  # in walk order: an error, or the position of a file in `pending`
    pending: list[Pending] = []

    def walk_error(exc: OSError) -> None:
        where = Path(exc.filename).relative_to(raw_dir).as_posix() if exc.filename else str(raw_dir)
        slots.append(IngestError(where, "scan", "unreadable", f"folder could not be listed: {exc.strerror or exc}"))

    for folder, dirnames, filenames in os.walk(raw_dir, onerror=walk_error):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        folder_relative = Path(folder).relative_to(raw_dir).as_posix()
        prefix = "" if folder_relative == "." else folder_relative + "/"
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            relative = prefix + name
            try:
                stat = _regular_file_stat(path)
            except OSError as exc:
                slots.append(IngestError(relative, "scan", "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}"))
                continue
            if stat is None:
                slots.append(IngestError(relative, "scan", "unreadable", "not a regular file (a broken link, a device or a pipe)"))
                continue
            slots.append(len(pending))
            pending.append((path, relative, FileStat(stat.st_size, stat.st_mtime_ns), known.get(relative)))
    described: list[RawFile | IngestError | None] = [None] * len(pending)
    to_open = [i for i, entry in enumerate(pending) if _needs_opening(entry, known_formats_current)]
    if executor is not None and len(to_open) >= PARALLEL_DESCRIBE_MIN:
        chunks = [to_open[start : start + DESCRIBE_CHUNK] for start in range(0, len(to_open), DESCRIBE_CHUNK)]
        results = executor.map(describe_chunk, [[pending[i] for i in chunk] for chunk in chunks], repeat(known_formats_current))
        for chunk, chunk_results in zip(chunks, results):
            for i, result in zip(chunk, chunk_results):
                described[i] = result
    files: list[RawFile] = []
    errors: list[IngestError] = []
    for slot in slots:
        if isinstance(slot, IngestError):
            errors.append(slot)
            continue
        result = described[slot]
        if result is None:
            result = _describe_or_error(pending[slot], known_formats_current)
        (files if isinstance(result, RawFile) else errors).append(result)
    files.sort(key=lambda f: f.source_path)
    return files, errors
