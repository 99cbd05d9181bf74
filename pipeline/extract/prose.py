"""Figures stated in sentences ("全年主动公开政府信息79条")."""

from __future__ import annotations

import re
from functools import cache

from pipeline.catalog import load_catalog
from pipeline.model import Document, Extraction, Identity, MetricValue

CLASSIFIERS = "条件次宗项个人篇份场"


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    patterns = []
    for metric in load_catalog().metrics:
        for name in metric.names:
            if len(name) < 4 or not re.fullmatch(r"[\u4e00-\u9fff]+", name):
                continue
            patterns.append((metric.metric_id, re.compile(re.escape(name) + r"[^\d。；;，,]{0,6}?(\d+)\s*([" + CLASSIFIERS + r"])")))
    return patterns


def extract_prose(document: Document, identity: Identity) -> Extraction:
    catalog = load_catalog()
    found: dict[str, MetricValue] = {}
    for metric_id, pattern in _patterns():
        if not catalog[metric_id].applies_to(identity.template) or metric_id in found:
            continue
        match = pattern.search(document.text)
        if match:
            found[metric_id] = MetricValue(
                metric_id=metric_id,
                value=float(match.group(1)),
                method="prose",
                snippet=match.group(0),
                char_start=match.start(),
                char_end=match.end(),
                unit=match.group(2),
            )
    return Extraction(values=list(found.values()))
