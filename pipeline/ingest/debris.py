"""Web-page and print-layout debris: the patterns live in data/web_debris.tsv, compiled once here.

Three kinds of pattern (the `scope` column):
  line        a whole line that is debris (返回首页, 打印 关闭, page footers such as — 1 —, table borders)
  inline      debris inside a line (share widgets, hit counters, runs of |)
  breadcrumb  the words that start a breadcrumb trail (当前位置：首页 > 政务公开 > ...)
Patterns are written against text that has already been through charmap.normalize_chars (half-width
ASCII punctuation, one kind of space).
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

DEBRIS_FILE = "web_debris.tsv"
# A breadcrumb segment is short; a trail ends at a line end, a pipe or the first space after the last
# segment, so a page that runs everything together cannot lose its body to a greedy match.
CRUMB_SEGMENT = r"[^\s>›»|]{1,20}"
CRUMB_LAST = r"[^\s>›»|]{1,30}(?= |$|\|)"
CRUMB_SEPARATOR = r" *[>›»/] *"


def _rows() -> list[dict[str, str]]:
    path = resources.files("pipeline.ingest") / "data" / DEBRIS_FILE
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(whole debris lines including their newline, debris inside lines)."""
    by_scope: dict[str, list[str]] = {"line": [], "inline": [], "breadcrumb": []}
    for row in _rows():
        by_scope[row["scope"].strip()].append(row["pattern"].strip())
    line_alternatives = "|".join(f"(?:{p})" for p in by_scope["line"])
    lines = re.compile(rf"^ *(?:{line_alternatives}) *(?:\n|$)", re.M)
    words = "|".join(f"(?:{p})" for p in by_scope["breadcrumb"])
    breadcrumb = rf"(?:{words}) *[:：]? *(?:{CRUMB_SEGMENT}{CRUMB_SEPARATOR})*(?:{CRUMB_LAST})?(?:{CRUMB_SEPARATOR})?"
    inline_alternatives = "|".join(f"(?:{p})" for p in [breadcrumb, *by_scope["inline"]])
    inline = re.compile(inline_alternatives, re.M)
    return lines, inline
