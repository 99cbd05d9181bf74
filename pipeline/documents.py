"""Split a file's cleaned text into documents and classify each one.

A compilation page (区府信息公开情况报告 篇1 … 篇6) holds several unrelated texts; each 篇 becomes its own
document, with its own slice of the text, the source text and the offset map. A short title block before
the first part is page furniture, not a document.

Each document is classified from weighted signals in pipeline/ingest/data/document_kinds.tsv (title,
opening lines and body) plus a count of placeholders (xx条, x.x%): only annual reports are included; the
others keep a reason for their exclusion.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import islice

from pipeline.clean import CleanText
from pipeline.ingest.fingerprint import sketch
from pipeline.ingest.offsets import slice_map
from pipeline.model import Document

KINDS_FILE = "document_kinds.tsv"
KIND_ORDER = ("essay", "news", "rectification_report", "progress_report", "annual_report")  # first match wins
KIND_THRESHOLDS = {"annual_report": 3}
DEFAULT_THRESHOLD = 2
HEAD_CHARS = 300
PREAMBLE_MAX_CHARS = 200  # non-space characters before the first part that are still just a page title block

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
PART_NUMBER = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
PART_MARK = rf"[【\[(]?(?:篇 *(?P<n1>{PART_NUMBER})|第 *(?P<n2>{PART_NUMBER}) *篇)[】\])]?"
# "区府信息公开情况报告 篇1", or the mark first: "【篇一】政府信息公开工作报告", "第2篇：..."
PART_HEADING = re.compile(
    rf"^(?:(?P<title>[^\n|]{{0,40}}?) *{PART_MARK} *[:：]? *|{PART_MARK.replace('n1', 'm1').replace('n2', 'm2')} *[:：]? *(?P<after>[^\n|]{{0,40}}))$",
    re.M,
)
# A page run together onto one line: "… 区府信息公开情况报告 篇2 我市召开…". Only used when no heading stands on
# a line of its own, and only when every part repeats the same page name before its mark.
INLINE_PART_HEADING = re.compile(
    rf"(?:^|(?<=\s))(?P<title>[^\s|。；;！!？?]{{2,40}}?) *(?:篇(?P<n1>{PART_NUMBER})|第(?P<n2>{PART_NUMBER})篇)(?=\s)"
)
INLINE_MARK = re.compile(rf"篇(?:{PART_NUMBER})\s|第(?:{PART_NUMBER})篇\s")
# A heading candidate whose text opens with a list number is a table or list row ("3.政策解读稿件发布数 篇 0").
LIST_ITEM_START = re.compile(r"^(?:\d{1,2}[.．、]|[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)")
PART_TITLE_MAX = 60  # characters of a part's own title line
NOT_A_TITLE = re.compile(r"[。，,；;！!？?:：]")
CJK = re.compile(r"[\u4e00-\u9fff]")
HEADER_FIELD = re.compile(r"^[^\s:：]{1,10} *[:：]")  # 标题: …, 发布时间: … (a crawler's header block)
CLASSIFIERS = "%条件项个次人篇份场家元期"
# xx条, x.x%, not after a letter or digit; written with the placeholder character first (the lookbehind
# after it), so the regex engine skips straight to the x's instead of testing the lookbehind everywhere.
PLACEHOLDER_CHARS = "xX×*"  # every placeholder starts with one
QUANTITY_PLACEHOLDER = re.compile(rf"[{PLACEHOLDER_CHARS}](?<![A-Za-z0-9].)[xX×*]{{0,3}}(?:\.[xX]{{1,2}})? *[{CLASSIFIERS}]")
TEMPLATE_MIN_PLACEHOLDERS = 2
HEADER_TITLE = re.compile(r"^标题 *[:：] *(?P<title>\S.*)$", re.M)
TITLE_LINE = re.compile(r"^.{4,80}(?:报告|年报)$", re.M)
TITLE_SEARCH_CHARS = 1500

KIND_REASONS = {
    "essay": "not an annual report: essay",
    "news": "not an annual report: news",
    "progress_report": "not an annual report: half-year or quarterly progress report",
    "rectification_report": "not an annual report: rectification report",
    "template": "not an annual report: template with placeholders",
    "unknown": "not recognised as an annual report",
}


@dataclass(frozen=True)
class Signal:
    kind: str
    scope: str  # title, head or body
    weight: int
    pattern: re.Pattern[str]
    # The strings the pattern matches when it is only literal text and alternatives (参考文献, 行政复议,
    # 存在的?主要问题): `in` finds them several times faster than the regex engine scans a whole text.
    literals: tuple[str, ...] | None = None

    def found_in(self, text: str) -> bool:
        if self.literals is not None:
            return any(literal in text for literal in self.literals)
        return self.pattern.search(text) is not None


MAX_LITERALS = 16


def literal_strings(pattern: str) -> tuple[str, ...] | None:
    """Every string `pattern` can match, when it is made only of literal characters, groups, alternatives
    and optional parts (and at most MAX_LITERALS strings); else None. A pattern with anchors, classes,
    repeats or lookarounds is left to the regex engine."""
    try:
        from re import _constants as c
        from re import _parser

        return _expand(list(_parser.parse(pattern)), c)
    except Exception:  # a private module: if it changes, every signal keeps its regex
        return None


def _expand(items: list, c) -> tuple[str, ...] | None:  # noqa: ANN001 - re._constants has no public types
    strings: list[str] = [""]
    for op, av in items:
        if op is c.LITERAL:
            options: list[str] | None = [chr(av)]
        elif op is c.SUBPATTERN:
            options = _as_list(_expand(list(av[-1]), c))
        elif op is c.BRANCH:
            options = []
            for branch in av[1]:
                inner = _as_list(_expand(list(branch), c))
                if inner is None:
                    return None
                options.extend(inner)
        elif op is c.MAX_REPEAT and av[0] == 0 and av[1] == 1:  # x? (greedy: the longer reading is tried first)
            inner = _as_list(_expand(list(av[2]), c))
            options = None if inner is None else [*inner, ""]
        else:
            return None
        if options is None or len(strings) * len(options) > MAX_LITERALS:
            return None
        strings = [head + tail for head in strings for tail in options]
    return tuple(dict.fromkeys(strings)) if all(strings) else None  # a pattern that matches "" is not literal


def _as_list(strings: tuple[str, ...] | None) -> list[str] | None:
    return None if strings is None else list(strings)


@cache
def signals() -> tuple[Signal, ...]:
    path = resources.files("pipeline.ingest") / "data" / KINDS_FILE
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return tuple(
        Signal(r["kind"], r["scope"], int(r["weight"]), re.compile(r["pattern"], re.M), literal_strings(r["pattern"]))
        for r in rows
    )


SCOPE_ORDER = {"title": 0, "head": 1, "body": 2}


@cache
def _signals_by_kind() -> tuple[tuple[str, int, tuple[Signal, ...]], ...]:
    """(kind, threshold, its signals) in KIND_ORDER, each kind's signals on the short title and head first
    and those that scan the whole body last, so a kind that reaches its threshold early skips them."""
    return tuple(
        (kind, KIND_THRESHOLDS.get(kind, DEFAULT_THRESHOLD), tuple(sorted((s for s in signals() if s.kind == kind), key=lambda s: SCOPE_ORDER[s.scope])))
        for kind in KIND_ORDER
    )


def _part_number(token: str) -> int:
    if token.isdigit():
        return int(token)
    if token.startswith("十"):
        return 10 + CN_DIGITS.get(token[1:], 0)
    tens, _, units = token.partition("十")
    return CN_DIGITS.get(tens, 0) * 10 + CN_DIGITS.get(units, 0) if "十" in token else CN_DIGITS.get(token, 0)


def find_title(text: str) -> str | None:
    """The document's title: a crawler header's 标题, else the first line that reads as a report title
    (None when there is none: many scraped reports start straight with 一、概述)."""
    head = text[:TITLE_SEARCH_CHARS]
    header = _header_title(head)
    if header:
        return header.group("title").strip()[:200]
    line = TITLE_LINE.search(head)
    return line.group(0).strip()[:200] if line else None


def _header_title(head: str) -> re.Match[str] | None:
    """HEADER_TITLE.search(head), tried only on the lines that start with 标题 (its ^ would have the regex
    engine try every character)."""
    at = head.find("标题")
    while at >= 0:
        if at == 0 or head[at - 1] == "\n":
            match = HEADER_TITLE.match(head, at)
            if match:
                return match
        at = head.find("标题", at + 1)
    return None


def classify(text: str, title: str | None = None) -> str:
    """One of model.DOCUMENT_KINDS for a document's cleaned text: the first kind of KIND_ORDER whose
    signals' weights reach its threshold."""
    if _has_placeholders(text):
        return "template"  # TEMPLATE_MIN_PLACEHOLDERS placeholders or more
    title = title if title is not None else (find_title(text) or "")
    title_at = text.find(title) if title else -1
    body_start = title_at + len(title) if title_at >= 0 else 0
    scopes = {"title": title, "head": text[body_start : body_start + HEAD_CHARS], "body": text}
    # Weights are positive, so a kind's score only grows: it has reached its threshold as soon as the
    # signals looked at so far say so, and the rest (often the whole-text ones) need not be searched.
    for kind, threshold, kind_signals in _signals_by_kind():
        score = 0
        for signal in kind_signals:
            if signal.found_in(scopes[signal.scope]):
                score += signal.weight
                if score >= threshold:
                    return kind
    return "unknown"


def _has_placeholders(text: str) -> bool:
    """TEMPLATE_MIN_PLACEHOLDERS matches of QUANTITY_PLACEHOLDER; a text without any of the placeholder
    characters (most reports) has none, which str.find tells faster than a scan of the regex."""
    if not any(char in text for char in PLACEHOLDER_CHARS):
        return False
    return next(islice(QUANTITY_PLACEHOLDER.finditer(text), TEMPLATE_MIN_PLACEHOLDERS - 1, None), None) is not None


def _part_starts(text: str) -> list[tuple[int, str, str, int]]:
    """(offset, label, title, body offset) of each part heading, if the text is a compilation of numbered
    parts 1..n: headings on lines of their own (body offset -1: the part's body starts on the next line),
    else, on a page run together onto one line, the same page name before every mark."""
    found = []
    for match in _heading_matches(text):
        token = match.group("n1") or match.group("n2") or match.group("m1") or match.group("m2")
        title = match.group("title") if match.group("title") is not None else match.group("after")
        title = (title or "").strip()
        if match.group("title") and LIST_ITEM_START.match(title):
            continue  # a row of a table or list whose unit is 篇
        found.append((match.start(), _part_number(token), title, -1))  # -1: the body starts on the next line
    numbers = [number for _, number, _, _ in found]
    if len(found) < 2 or numbers != list(range(1, len(found) + 1)):
        found = _inline_part_starts(text)
        if not found:
            return []
    return [(start, f"篇{number}", title, body) for start, number, title, body in found]


def _heading_matches(text: str) -> Iterator[re.Match[str]]:
    """PART_HEADING.finditer(text), looking only at the lines with a 篇 (every heading has one; a heading
    is a whole line, so matching line by line finds the same headings)."""
    position = 0
    while (mark := text.find("篇", position)) >= 0:
        line_start = text.rfind("\n", 0, mark) + 1
        line_end = text.find("\n", mark)
        if line_end < 0:
            line_end = len(text)
        match = PART_HEADING.match(text, line_start, line_end)
        if match:
            yield match
        position = line_end + 1


def _inline_part_starts(text: str) -> list[tuple[int, int, str, int]]:
    if "篇" not in text or not INLINE_MARK.search(text):  # every mark has a 篇: most texts have none
        return []
    by_title: dict[str, list[tuple[int, int, str, int]]] = {}
    for match in INLINE_PART_HEADING.finditer(text):
        token = match.group("n1") or match.group("n2")
        by_title.setdefault(match.group("title"), []).append((match.start(), _part_number(token), match.group("title"), match.end()))
    for found in by_title.values():
        if len(found) >= 2 and [number for _, number, _, _ in found] == list(range(1, len(found) + 1)):
            return found
    return []


def _own_title(body: str, inline: bool) -> str | None:
    """A part's own title: the first line after its heading (`inline`, on a page run together onto one line:
    the text up to the first space) when it reads as a title: short, no sentence or field punctuation, not
    a numbered section (一、概述)."""
    line = body.lstrip().split("\n", 1)[0].strip()
    if inline:
        line = line.split(" ", 1)[0]
    if not 4 <= len(line) <= PART_TITLE_MAX or NOT_A_TITLE.search(line) or LIST_ITEM_START.match(line):
        return None
    return line if len(CJK.findall(line)) >= 4 else None


def _is_furniture(preamble: str) -> bool:
    """Text before the first part that is only page furniture: a crawler's header fields, the page name, a
    date, a separator; what counts are lines with a sentence in them, or too long for a title."""
    content = 0
    for line in preamble.split("\n"):
        line = re.sub(r"\s", "", line)
        if not line or HEADER_FIELD.match(line) or (len(line) <= PART_TITLE_MAX and not re.search(r"[。！？；]", line)):
            continue
        content += len(line)
    return content <= PREAMBLE_MAX_CHARS


def _document(
    cleaned: CleanText, sha256: str, number: int, start: int, end: int, label: str | None, title: str | None, body: int
) -> Document:
    text = cleaned.text[start:end]
    source_start, source_end, anchors = slice_map(cleaned.offset_map, start, end)
    if end >= len(cleaned.text):
        source_end = len(cleaned.source_text)
    if label is not None:  # a part's own title line beats the compilation's name on its heading
        rest = text[text.find("\n") + 1 :] if body < 0 else text[body - start :]
        title = _own_title(rest, inline=body >= 0) or find_title(rest) or title
    else:
        title = title or find_title(text)
    kind = classify(text, title)
    return Document(
        content_sha256=sha256,
        part=number,
        kind=kind,
        text=text,
        source_text=cleaned.source_text[source_start:source_end],
        offset_map=anchors,
        part_label=label,
        excluded_reason=KIND_REASONS.get(kind),
        title=title,
    )


def split_documents(cleaned: CleanText, content_sha256: str) -> list[Document]:
    """The documents of one file, in file order (part numbers from 1)."""
    text = cleaned.text
    parts = _part_starts(text)
    if not parts:  # one document: the whole text, its whole source and map
        title = find_title(text)
        kind = classify(text, title)
        return [
            Document(
                content_sha256=content_sha256,
                part=1,
                kind=kind,
                text=text,
                source_text=cleaned.source_text,
                offset_map=cleaned.offset_map,
                excluded_reason=KIND_REASONS.get(kind),
                title=title,
            )
        ]
    bounds = list(parts)
    if not _is_furniture(text[: bounds[0][0]]):
        bounds.insert(0, (0, None, None, 0))  # substantial text before 篇1 is kept as a document of its own
    ends = [start for start, _, _, _ in bounds[1:]] + [len(text)]
    return [
        _document(cleaned, content_sha256, number, start, end, label, title or None, body)
        for number, ((start, label, title, body), end) in enumerate(zip(bounds, ends), start=1)
    ]


def content_fingerprint(text: str) -> str:
    """Near-equal for the same report saved twice (other format, other page debris); see ingest.fingerprint."""
    return sketch(text)
