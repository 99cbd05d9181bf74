"""Find report files under the raw folder and describe each one (size, hash, format, encoding).

The format comes from the extension, corrected by the first bytes where they say otherwise (a PDF or
Word file saved as .txt, an HTML page saved as .txt or .aspx). Files the pipeline cannot read are listed
too, so that reading them yields an ingest_errors row instead of silence. Hidden files and folders
(.git, .DS_Store) are system furniture and are skipped.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

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
FORMAT_SNIFF_BYTES = 2048  # enough for sniff_format; re-checked on every scan so new readers apply


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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def describe(raw_dir: Path, path: Path, known: RawFile | None = None) -> RawFile:
    """The file's RawFile; an unchanged file (same size, mtime and format) reuses `known`'s hash."""
    stat = path.stat()
    relative = path.relative_to(raw_dir).as_posix()
    unchanged = known is not None and known.size == stat.st_size and known.mtime_ns == stat.st_mtime_ns
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


def scan_raw_folder(raw_dir: Path, known: dict[str, RawFile] | None = None) -> tuple[list[RawFile], list[IngestError]]:
    """Every regular file under `raw_dir` (any depth, hidden files skipped), sorted by path."""
    known = known or {}
    files: list[RawFile] = []
    errors: list[IngestError] = []
    if not raw_dir.is_dir():
        return [], [IngestError(str(raw_dir), "scan", "raw_dir_missing", f"raw folder {raw_dir} does not exist")]

    def walk_error(exc: OSError) -> None:
        where = Path(exc.filename).relative_to(raw_dir).as_posix() if exc.filename else str(raw_dir)
        errors.append(IngestError(where, "scan", "unreadable", f"folder could not be listed: {exc.strerror or exc}"))

    for folder, dirnames, filenames in os.walk(raw_dir, onerror=walk_error):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            relative = path.relative_to(raw_dir).as_posix()
            try:
                if not path.is_file():
                    errors.append(IngestError(relative, "scan", "unreadable", "not a regular file (a broken link, a device or a pipe)"))
                    continue
                files.append(describe(raw_dir, path, known.get(relative)))
            except OSError as exc:
                errors.append(IngestError(relative, "scan", "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}"))
    files.sort(key=lambda f: f.source_path)
    return files, errors
