"""One raw file -> its documents (text cleaned, tables recognised, split and classified)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.clean import clean_text
from pipeline.documents import split_documents
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.html import html_to_text
from pipeline.model import Document, IngestError, RawFile


def extract_source_text(data: bytes, raw_file: RawFile) -> str:
    if raw_file.format in ("txt", "md"):
        return decode_bytes(data, raw_file.encoding)
    if raw_file.format == "html":
        return html_to_text(data)
    raise ValueError(f"unsupported format {raw_file.format!r}")


def read_file(raw_dir: Path, raw_file: RawFile) -> tuple[list[Document], list[IngestError]]:
    path = raw_dir / raw_file.source_path
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [IngestError(raw_file.source_path, "read", "unreadable", f"{type(exc).__name__}: {exc}")]
    if not data.strip():
        return [], [IngestError(raw_file.source_path, "read", "empty_file", "the file has no content")]
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        source_text = extract_source_text(data, raw_file)
    except ValueError as exc:
        return [], [IngestError(raw_file.source_path, "decode", "unsupported_format", str(exc))]
    cleaned = clean_text(source_text)
    return split_documents(cleaned, sha256), []
