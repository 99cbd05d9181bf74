"""Documents and identities to and from the plain rows stored in the Parquet lake."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from pipeline.documents import content_fingerprint
from pipeline.model import Document, Identity


def document_to_row(doc: Document, file_key: str, doc_key: str) -> dict[str, Any]:
    return {
        "key": file_key,
        "doc_key": doc_key,
        "content_sha256": doc.content_sha256,
        "part": doc.part,
        "part_label": doc.part_label,
        "kind": doc.kind,
        "excluded_reason": doc.excluded_reason,
        "title": doc.title,
        "fingerprint": content_fingerprint(doc.text),
        "text": doc.text,
        "source_text": doc.source_text,
        "offset_map": json.dumps(doc.offset_map, separators=(",", ":")),
    }


def document_from_row(row: dict[str, Any]) -> Document:
    return Document(
        content_sha256=row["content_sha256"],
        part=row["part"],
        kind=row["kind"],
        text=row["text"],
        source_text=row.get("source_text") or "",
        offset_map=[tuple(p) for p in json.loads(row.get("offset_map") or "[]")],
        part_label=row.get("part_label"),
        excluded_reason=row.get("excluded_reason"),
        title=row.get("title"),
    )


IDENTITY_FIELDS = [f.name for f in fields(Identity) if f.name != "evidence"]


def identity_to_row(identity: Identity, key: str) -> dict[str, Any]:
    row = {name: getattr(identity, name) for name in IDENTITY_FIELDS}  # plain values: no deep copy (asdict) needed
    row["key"] = key
    row["evidence"] = json.dumps(identity.evidence, ensure_ascii=False)
    return row


def identity_from_row(row: dict[str, Any]) -> Identity:
    values = {name: row.get(name) for name in IDENTITY_FIELDS}
    return Identity(**values, evidence=json.loads(row.get("evidence") or "{}"))
