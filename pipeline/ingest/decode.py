"""Bytes to text: BOM, then strict UTF-8, then detection; GB* is always decoded as GB18030."""

from __future__ import annotations

import codecs

BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def detect_encoding(head: bytes) -> str | None:
    for bom, name in BOMS:
        if head.startswith(bom):
            return name
    if not head:
        return None
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # the sample was cut inside a character
            return "utf-8"
    import chardet

    guess = (chardet.detect(head) or {}).get("encoding")
    if guess and guess.lower().replace("-", "") in {"gb2312", "gbk", "gb18030"}:
        return "gb18030"
    return guess.lower() if guess else None


def decode_bytes(data: bytes, encoding: str | None = None) -> str:
    encoding = encoding or detect_encoding(data[: 64 * 1024]) or "utf-8"
    return data.decode(encoding, errors="replace")
