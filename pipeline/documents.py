"""Split a file's cleaned text into documents and classify each one."""

from __future__ import annotations

import re

from pipeline.clean import CleanText
from pipeline.model import Document

PART_HEADING = re.compile(r"^.{0,40}篇(\d{1,2})\s*$", re.M)
PLACEHOLDER = re.compile(r"(?:x{2,}|X{2,}|×{2,})(?:年|条|件|项)|x\.x%")

KIND_REASONS = {
    "essay": "not an annual report: essay",
    "news": "not an annual report: news",
    "progress_report": "not an annual report: half-year or quarterly progress report",
    "rectification_report": "not an annual report: rectification report",
    "template": "not an annual report: template with placeholders",
    "unknown": "not recognised as an annual report",
}


def classify(text: str) -> str:
    head = text[:400]
    if len(PLACEHOLDER.findall(text)) >= 2:
        return "template"
    if "整改" in head:
        return "rectification_report"
    if re.search(r"上半年|季度", head):
        return "progress_report"
    if "年度报告" in text or "政府信息公开" in text:
        return "annual_report"
    return "unknown"


def _title(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return None


def split_documents(cleaned: CleanText, content_sha256: str) -> list[Document]:
    text = cleaned.text
    starts = [m.start() for m in PART_HEADING.finditer(text)]
    spans = list(zip([0, *starts], [*starts, len(text)])) if len(starts) > 1 else [(0, len(text))]
    if len(starts) > 1 and not text[: starts[0]].strip():
        spans = spans[1:]
    documents = []
    for number, (start, end) in enumerate(spans, start=1):
        body = text[start:end]
        kind = classify(body)
        label_match = PART_HEADING.match(body)
        tables = [t for t in cleaned.tables if start <= t.start < end]
        documents.append(
            Document(
                content_sha256=content_sha256,
                part=number,
                kind=kind,
                text=text if len(spans) == 1 else body,
                source_text=cleaned.source_text if len(spans) == 1 else body,
                offset_map=cleaned.offset_map if len(spans) == 1 else [],
                tables=tables if len(spans) == 1 else [],
                part_label=f"篇{label_match.group(1)}" if label_match else None,
                excluded_reason=KIND_REASONS.get(kind),
                title=_title(body),
            )
        )
    return documents


def content_fingerprint(text: str) -> str:
    """Equal for the same report saved twice (other format, other page debris): Chinese characters and digits only."""
    import hashlib

    core = "".join(re.findall(r"[\u4e00-\u9fff0-9]", text))
    return hashlib.sha256(core.encode("utf-8")).hexdigest()
