"""One raw file -> its documents (decoded, cleaned, tables recognised, split and classified) and errors.

Nothing here raises for bad input: every failure becomes an IngestError naming the file and the reason,
and the file is opened read-only. A file that is read only in part (a few undecodable bytes, HTML cut
off before </html>) yields its documents and an error row saying what was missing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.clean import clean_text
from pipeline.documents import split_documents
from pipeline.ingest import limits
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.discover import READABLE_FORMATS
from pipeline.ingest.errors import IngestFailure
from pipeline.model import Document, IngestError, RawFile

SIZE_LIMITS = {
    "txt": limits.MAX_TEXT_BYTES,
    "md": limits.MAX_TEXT_BYTES,
    "html": limits.MAX_HTML_BYTES,
    "pdf": limits.MAX_PDF_BYTES,
    "docx": limits.MAX_DOCX_BYTES,
    "doc": limits.MAX_DOC_BYTES,
}


class _Notes:
    """Errors about a file that was still read (partial reads)."""

    def __init__(self, source_path: str) -> None:
        self.source_path = source_path
        self.errors: list[IngestError] = []

    def add(self, code: str, detail: str) -> None:
        self.errors.append(IngestError(self.source_path, "decode", code, detail))


def _read_bytes(path: Path, raw_file: RawFile) -> bytes:
    limit = SIZE_LIMITS[raw_file.format]
    try:
        size = path.stat().st_size
        if size > limit:
            raise IngestFailure("file_too_large", f"{size:,} bytes; the limit for {raw_file.format} files is {limit:,}")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError as exc:
        raise IngestFailure("unreadable", "the file disappeared after the scan") from exc
    except OSError as exc:
        raise IngestFailure("unreadable", f"{type(exc).__name__}: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise IngestFailure("file_too_large", f"over {limit:,} bytes (the file grew after the scan)")
    if hashlib.sha256(data).hexdigest() != raw_file.sha256:
        raise IngestFailure("file_changed", "the content changed between the scan and the read; the next run reads the new content")
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise IngestFailure("empty_file", f"the file has no content ({len(data)} bytes of blanks)" if data else "the file is empty (0 bytes)")
    return data


def _plain_text(data: bytes, raw_file: RawFile, notes: _Notes) -> str:
    decoded = decode_bytes(data, raw_file.encoding)
    if decoded.replaced:
        notes.add("decode_replaced", f"{decoded.replaced} invalid byte sequence(s) in {decoded.encoding} text replaced by U+FFFD")
    return decoded.text


def _html_text(data: bytes, raw_file: RawFile, notes: _Notes) -> str:
    from pipeline.ingest.html import html_to_text

    text, truncated = html_to_text(data, raw_file.encoding)
    if truncated:
        notes.add("truncated_html", "the HTML ends before </html> (the file was cut off); the text that is there was read")
    return text


def extract_source_text(path: Path, data: bytes, raw_file: RawFile, notes: _Notes) -> str:
    """The file's text as extracted, before cleaning (tables of structured formats as pipe rows)."""
    fmt = raw_file.format
    if fmt in ("txt", "md"):
        return _plain_text(data, raw_file, notes)
    if fmt == "html":
        return _html_text(data, raw_file, notes)
    if fmt == "pdf":
        from pipeline.ingest.pdf import pdf_to_text  # pdfplumber is only loaded for PDFs

        return pdf_to_text(data) if b"%PDF-" in data[:1024] else _not_a("PDF", data)
    if fmt == "docx":
        from pipeline.ingest.docx import docx_to_text

        return docx_to_text(data)
    if fmt == "doc":
        from pipeline.ingest.doc import doc_to_docx
        from pipeline.ingest.docx import docx_to_text

        return docx_to_text(doc_to_docx(data, path.suffix or ".doc"))
    raise IngestFailure("unsupported_format", f"no reader for format {fmt!r}")


def _not_a(kind: str, data: bytes) -> str:
    start = data[:16].decode("latin-1").encode("unicode_escape").decode("ascii")
    raise IngestFailure(f"corrupt_{kind.lower()}", f"the file is not a {kind} (it starts with {start!r})")


def _read(raw_dir: Path, raw_file: RawFile, notes: _Notes) -> list[Document]:
    if raw_file.format not in READABLE_FORMATS:
        readable = ", ".join(sorted(READABLE_FORMATS))
        raise IngestFailure("unsupported_format", f"'.{raw_file.format}' files are not read (readable formats: {readable})")
    path = raw_dir / raw_file.source_path
    data = _read_bytes(path, raw_file)
    source_text = extract_source_text(path, data, raw_file, notes)
    if len(source_text) > limits.MAX_EXTRACTED_CHARS:
        raise IngestFailure("text_too_long", f"{len(source_text):,} characters of text (limit {limits.MAX_EXTRACTED_CHARS:,})")
    cleaned = clean_text(source_text)
    if not cleaned.text.strip():
        raise IngestFailure("no_text", "nothing but blanks and page furniture once the text was cleaned")
    return split_documents(cleaned, raw_file.sha256)


def read_file(raw_dir: Path, raw_file: RawFile) -> tuple[list[Document], list[IngestError]]:
    """The documents of one raw file, and an IngestError for everything that could not be read."""
    notes = _Notes(raw_file.source_path)
    try:
        documents = _read(raw_dir, raw_file, notes)
    except IngestFailure as failure:
        stage = "read" if failure.code in ("unreadable", "file_changed", "file_too_large", "empty_file", "unsupported_format") else "decode"
        return [], [*notes.errors, IngestError(raw_file.source_path, stage, failure.code, failure.detail)]
    return documents, notes.errors
