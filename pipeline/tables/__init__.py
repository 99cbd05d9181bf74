"""Recognise tables in cleaned text, whatever layout the source left them in.

Layouts: pipe rows (HTML, DOCX and PDF tables as rendered by the ingestion), one cell per line,
space-separated rows, cells run together without separators (crawler page text), bare runs of figures.
"""

from pipeline.tables.recognize import recognize_tables, table_span, table_spans

__all__ = ["recognize_tables", "table_span", "table_spans"]
