"""The parts of a document identity reads, normalised the same way whatever the cleaner has done.

Identity must hold on text straight from a mirror site: traditional characters, full-width digits and
crawler header lines ("标题: …", "发布时间: …"). Spaces inside phrases ("2025 年", PDF line breaks) are left in
place: the patterns allow them, or read the whitespace-free `flat_head`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property

import numpy as np

HEAD_CHARS = 3000  # titles, openings and page headers sit well inside this
TAIL_CHARS = 1200  # signatures and dates sit at the end
MIN_TRADITIONAL = 2  # distinct traditional-only characters before the text is treated as traditional
# Traditional forms (all differ from their simplified form) of characters every report uses many times
FREQUENT_TRADITIONAL = "國會與為個開資經發區縣際號報來對關這時機務辦單條們過體當從還應數處後規聯萬門書長問題審證訊"

FIELD_NAMES = r"标题|题名|发布时间|发布日期|发文日期|成文日期|生成日期|发布机构|发文机关|来源|信息来源|文号|索引号|主题分类|日期|时间"
# "发布机构：XX县财政局 生成日期：2020-01-15": a value ends where the next field begins
HEADER_FIELD = re.compile(
    rf"(?:^|[ \t])[ \t]*({FIELD_NAMES})[ \t]*[:：][ \t]*(.*?)[ \t]*(?=[ \t]+(?:{FIELD_NAMES})[ \t]*[:：]|$)",
    re.M,
)
# A field name and its colon: every header field has one, and this pattern, unlike HEADER_FIELD, lets the regex
# engine skip quickly to a candidate
FIELD_NAME_COLON = re.compile(rf"(?:{FIELD_NAMES})[ \t]*[:：]")
HEADER_PART = 1500
LINES_CHUNK = 600  # characters of the head or tail split for their first or last few lines


@cache
def _converter():  # type: ignore[no-untyped-def]
    import opencc  # only traditional texts need it; most runs never do

    return opencc.OpenCC("t2s")


# Any of them: one pass over the text finds the first, instead of a pass per character
_FREQUENT_TRADITIONAL_CHAR = re.compile(f"[{FREQUENT_TRADITIONAL}]")
BMP = 0x10000
TABLE_MIN_CHARS = 256  # shorter texts (page titles) are scanned by the regex: numpy's calls cost more there


@cache
def _frequent_traditional_table() -> np.ndarray:
    """Which UTF-16 code units are FREQUENT_TRADITIONAL characters (all of them in the BMP: a character past
    it is two surrogate code units, neither of them in the table)."""
    table = np.zeros(BMP, dtype=bool)
    table[[ord(char) for char in FREQUENT_TRADITIONAL]] = True
    return table


def is_traditional(text: str) -> bool:
    """Two distinct frequent traditional-only characters: enough, and far cheaper than scanning for all 4,000.

    A long text's characters are looked up in a table all at once (numpy): the regex class costs ~60
    instructions a character, ~150,000 for a 3,000-character head."""
    if len(text) < TABLE_MIN_CHARS:
        seen = set()
        for match in _FREQUENT_TRADITIONAL_CHAR.finditer(text):
            seen.add(match.group())
            if len(seen) >= MIN_TRADITIONAL:
                return True
        return False
    codes = np.frombuffer(text.encode("utf-16-le", errors="surrogatepass"), dtype=np.uint16)
    found = codes[_frequent_traditional_table().take(codes)]
    return len(found) >= MIN_TRADITIONAL and len(set(found.tolist())) >= MIN_TRADITIONAL


def simplified(text: str) -> str:
    """Half-width forms and simplified characters."""
    text = unicodedata.normalize("NFKC", text)
    if is_traditional(text[:HEAD_CHARS]):
        text = _converter().convert(text)
    return text


def flatten(text: str) -> str:
    """Without any whitespace: a title or sentence broken across lines (PDF wraps) reads as one."""
    return "".join(text.split())


@dataclass
class ReportView:
    text: str  # the whole document in half-width forms and simplified characters
    head: str  # the first HEAD_CHARS characters of the text (flat_text relies on it being its start)
    tail: str
    flat_head: str
    header: dict[str, str] = field(default_factory=dict)  # crawler/page fields: 标题, 发布时间, 来源, ...

    @cached_property
    def flat_text(self) -> str:
        """The whole text without whitespace: the flat head and the rest of the text flattened (removing
        whitespace goes character by character, so the head is not flattened a second time); the flat head
        alone when the head is the whole text (most reports are shorter than HEAD_CHARS)."""
        return self.flat_head + flatten(self.text[len(self.head) :])

    @cached_property
    def head_lines(self) -> list[str]:
        return _lines(self.head)

    @cached_property
    def tail_lines(self) -> list[str]:
        return _lines(self.tail)

    def first_head_lines(self, count: int) -> list[str]:
        """head_lines[:count], read from the start of the head when that holds more than `count` lines
        (the rest of the head is not split)."""
        if "head_lines" not in self.__dict__:
            lines = _lines(self.head[:LINES_CHUNK])
            if len(lines) > count:  # a line follows the count-th: it ended inside the chunk
                return lines[:count]
        return self.head_lines[:count]

    def last_tail_lines(self, count: int) -> list[str]:
        """tail_lines[-count:], read from the end of the tail when that holds more than `count` lines."""
        if "tail_lines" not in self.__dict__:
            lines = _lines(self.tail[-LINES_CHUNK:])
            if len(lines) > count:  # a line comes before the last `count`: they began inside the chunk
                return lines[-count:]
        return self.tail_lines[-count:]


def _lines(text: str) -> list[str]:
    """Non-empty lines without the spaces and table-border pipes around them."""
    return [line for line in (raw.strip(" \t|") for raw in text.splitlines()) if line]


def header_fields(text: str, position: int = 0) -> Iterator[re.Match[str]]:
    """HEADER_FIELD.finditer(text, position), tried only where a field name and its colon stand.

    HEADER_FIELD starts with ^ or a blank, which the regex engine tries (with its lazy value and lookahead)
    at every character; FIELD_NAME_COLON lets it skip to the names. A match starts on the first of the
    blanks before its name (at least one, else the line start), or where the last match ended if that is
    among those blanks: the earliest place the plain scan would find it."""
    end = position  # where the last match ended: no match starts before it
    at = position
    while (name_start := first_field_name(text, at)) is not None:
        blanks_start = name_start
        while blanks_start > end and text[blanks_start - 1] in " \t":
            blanks_start -= 1
        line_start = blanks_start == 0 or text[blanks_start - 1] == "\n"
        if blanks_start < name_start or line_start:
            match = HEADER_FIELD.match(text, blanks_start)
            if match is not None:
                yield match
                end = at = match.end()
                continue
        at = name_start + 1
    return


_NAME_LENGTHS = tuple(sorted({len(name) for name in FIELD_NAMES.split("|")}, reverse=True))
_NAMES_OF_LENGTH = {size: frozenset(name for name in FIELD_NAMES.split("|") if len(name) == size) for size in _NAME_LENGTHS}


def first_field_name(text: str, pos: int = 0) -> int | None:
    """FIELD_NAME_COLON.search(text, pos).start(), found from the colons: a field name ends each match, before
    blanks and a colon, and no name or blank is a colon, so the first colon with a name before it (from
    `pos` on) holds the first match, which starts at the longest name ending there. Most texts have few
    colons; the regex tried the names at every character that starts one (发, 时, 日, 来, 文 … are
    everywhere). The name before a colon is looked up by its length (a set per length), not tried name by
    name."""
    for colon in _colons(text, pos):
        end = colon
        while end > pos and text[end - 1] in " \t":
            end -= 1
        for size in _NAME_LENGTHS:
            if end - size >= pos and text[end - size : end] in _NAMES_OF_LENGTH[size]:
                return end - size
    return None


def _colons(text: str, pos: int) -> Iterator[int]:
    """The positions of the half- and full-width colons from `pos` on, in ascending order."""
    half, full = text.find(":", pos), text.find("：", pos)
    while half >= 0 or full >= 0:
        if full < 0 or 0 <= half < full:
            yield half
            half = text.find(":", half + 1)
        else:
            yield full
            full = text.find("：", full + 1)


def report_view(text: str, page_title: str | None = None) -> ReportView:
    """The view of a document's text; `page_title` is the title ingestion read from the page (HTML <title>,
    PDF metadata), used when the text itself carries no 标题 field."""
    plain = simplified(text)
    header: dict[str, str] = {}
    header_part = plain[:HEADER_PART]
    first_field = first_field_name(header_part)
    if first_field is not None:
        # a field starts on its name's line: scanning from the line of the first name finds the same fields
        line_start = header_part.rfind("\n", 0, first_field) + 1
        for match in header_fields(header_part, line_start):
            if match.group(2):
                header.setdefault(match.group(1), match.group(2))
    if page_title and "标题" not in header:
        header["标题"] = simplified(page_title)
    head = plain[:HEAD_CHARS]
    return ReportView(
        text=plain,
        head=head,
        tail=plain[-TAIL_CHARS:],
        flat_head=flatten(head),
        header=header,
    )
