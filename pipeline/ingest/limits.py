"""Explicit size limits for reading raw files, so hostile or broken input cannot exhaust memory or time.

A file over a limit is not read at all: it gets one ingest_errors row naming the limit.
"""

from __future__ import annotations

MiB = 1024 * 1024

MAX_TEXT_BYTES = 20 * MiB  # .txt/.md: a long report is a few hundred KB; 20 MB is not a report
MAX_HTML_BYTES = 20 * MiB
MAX_PDF_BYTES = 200 * MiB
MAX_PDF_PAGES = 300  # a long report has 30-50 pages
MAX_DOCX_BYTES = 100 * MiB  # the compressed file
MAX_DOCX_UNCOMPRESSED_BYTES = 300 * MiB  # sum of the sizes the zip declares for its members
MAX_DOCX_MEMBERS = 5000
MAX_DOC_BYTES = 100 * MiB
DOC_CONVERT_TIMEOUT_SECONDS = 180
MAX_EXTRACTED_CHARS = 5_000_000  # text extracted from any format; beyond this the file is not a report

SNIFF_BYTES = 64 * 1024  # what format and encoding detection look at
