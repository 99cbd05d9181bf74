"""Why a raw file could not be read: one short code per cause, raised by the format readers.

Codes (the `error` column of ingest_errors):
  empty_file            no content at all (or only blanks / a BOM)
  binary_content        a text or HTML file whose bytes are not text
  undecodable_text      text whose encoding could not be determined
  decode_replaced       text decoded with some invalid bytes replaced (U+FFFD); the rest was read
  unsupported_format    an extension the pipeline does not read (archives, images, spreadsheets ...)
  file_too_large        over the size limit for its format (pipeline/ingest/limits.py)
  text_too_long         the extracted text is over the limit
  unreadable            the file could not be opened or read (permissions, vanished, I/O error)
  file_changed          the file's content changed between the scan and the read
  truncated_html        HTML that ends before </html> (what was there was read)
  no_text               a readable file with no text in it (an image-only PDF needs OCR)
  corrupt_pdf           not a valid PDF
  encrypted_pdf         a PDF that needs a password
  pdf_too_many_pages    over MAX_PDF_PAGES
  corrupt_docx          not a valid DOCX (bad zip, no word/document.xml, bad XML)
  encrypted_docx        a password-protected Office file
  docx_too_large        the DOCX zip declares more uncompressed data or members than allowed
  doc_converter_missing a .doc file and no LibreOffice (soffice) to convert it
  doc_conversion_failed LibreOffice could not convert the file (or timed out)
"""

from __future__ import annotations


class IngestFailure(Exception):
    """A raw file cannot be read (or was read only in part); `code` is one of the codes above."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
