"""A faster reader of PDF page content streams for pdfminer, giving exactly the objects pdfminer's own gives.

Half of the time pdfplumber spends interpreting a page goes to pdfminer's content-stream tokenizer, a
character-level state machine that also logs every token, and to looking up each operator's method by
name. ContentInterpreter tokenizes a page's streams with one regular expression instead and caches the
operator lookups. It only takes the syntax whose meaning it reproduces exactly (numbers, names without
#-escapes, keywords, literal and hex strings, arrays, dictionaries, comments); on anything else — inline
images, '#' in names, a token cut by a stream boundary, unbalanced brackets, a line continuation inside a
string (which pdfminer reads differently depending on where its 4 KB read buffer ends) — it hands the
whole content to pdfminer's interpreter unchanged, so the result is pdfminer's in every case.
"""

from __future__ import annotations

import re
from typing import Any

from pdfminer import settings
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psparser import (
    ESC_STRING,
    HEX_PAIR,
    KWD,
    LIT,
    SPC,
    PSKeyword,
    keyword_name,
    literal_name,
)
from pdfminer.utils import choplist

# pdfminer's token boundaries (psparser.END_LITERAL / END_KEYWORD): a name or keyword runs until one of these.
_DELIMITER = rb"#/%\[\]()<>{}\s"
_TOKEN = re.compile(
    rb"(?P<blank>[\s\x00]+)"
    rb"|(?P<comment>%[^\r\n]*)"
    rb"|/(?P<name>[^" + _DELIMITER + rb"]*)"
    rb"|(?P<number>[-+0-9][0-9]*(?:\.[0-9]*)?|\.[0-9]*)"
    rb"|(?P<keyword>[A-Za-z][^" + _DELIMITER + rb"]*)"
    rb"|(?P<string>\()"
    rb"|(?P<dict_begin><<)"
    rb"|<(?P<hex>[\s0-9a-fA-F]*)"
    rb"|(?P<dict_end>>>)"
    rb"|(?P<lone_close>>)"
    rb"|(?P<char>.)",
    re.S,
)
_STRING_STOP = re.compile(rb"[()\\]")
_OCTAL = re.compile(rb"[0-7]{1,3}")
_INLINE_IMAGE = frozenset(KWD(name) for name in (b"BI", b"ID", b"EI"))
_OPENERS = {b"[": "a", b"{": "p"}
_CLOSERS = {b"]": "a", b"}": "p"}
_ESCAPES = {key[0]: value for key, value in ESC_STRING.items()}


class _Unsupported(Exception):
    """Content the fast reader does not reproduce exactly: pdfminer reads it instead."""


def _string(data: bytes, start: int) -> tuple[bytes, int]:
    """A literal string's bytes from just after its '(' and the position after its ')', as pdfminer reads it:
    balanced parentheses kept, escapes and up to three octal digits decoded, any other escaped byte dropped."""
    out = bytearray()
    depth = 1
    i = start
    while True:
        stop = _STRING_STOP.search(data, i)
        if stop is None:
            raise _Unsupported("string runs past the end of its stream")
        j = stop.start()
        out += data[i:j]
        char = data[j]
        if char == 0x5C:  # backslash
            if j + 1 >= len(data):
                raise _Unsupported("escape at the end of a stream")
            escaped = data[j + 1]
            if 0x30 <= escaped <= 0x37:
                digits = _OCTAL.match(data, j + 1)
                value = int(digits.group(), 8)
                if value > 255:
                    raise _Unsupported("octal escape over 255")  # pdfminer fails an assertion there
                out.append(value)
                i = digits.end()
            elif escaped in _ESCAPES:
                out.append(_ESCAPES[escaped])
                i = j + 2
            elif escaped == 0x0D:
                raise _Unsupported("line continuation with CR")  # depends on pdfminer's buffer boundaries
            else:
                i = j + 2
        elif char == 0x28:
            depth += 1
            out.append(char)
            i = j + 1
        else:
            depth -= 1
            if depth == 0:
                return bytes(out), j + 1
            out.append(char)
            i = j + 1


def _number(token: bytes) -> int | float | None:
    try:
        return float(token) if b"." in token else int(token)
    except ValueError:
        return None  # a lone sign or dot: pdfminer drops it


class _Objects:
    """Top-level objects in order, with arrays, procedures and dictionaries assembled as pdfminer does."""

    def __init__(self) -> None:
        self.top: list[Any] = []
        self.open: list[tuple[str, list[Any]]] = []

    def add(self, obj: Any) -> None:
        (self.open[-1][1] if self.open else self.top).append(obj)

    def begin(self, kind: str) -> None:
        self.open.append((kind, []))

    def end(self, kind: str) -> None:
        if not self.open or self.open[-1][0] != kind:
            raise _Unsupported("unbalanced brackets")
        _, items = self.open.pop()
        if kind == "d":
            if len(items) % 2:
                raise _Unsupported("dictionary with an odd number of items")
            self.add({literal_name(k): v for (k, v) in choplist(2, items) if v is not None})
        else:
            self.add(items)


def _tokenize(data: bytes, objects: _Objects, last: bool) -> None:
    """Add one stream's objects (`last`: the page's last stream); raise _Unsupported where pdfminer could read
    it differently."""
    end = len(data)
    pos = 0
    while pos < end:
        match = _TOKEN.match(data, pos)
        pos = match.end()
        kind = match.lastgroup
        if kind == "blank" or kind == "comment":
            continue
        if kind == "keyword":
            token = match.group(kind)
            if token == b"true" or token == b"false":
                objects.add(token == b"true")
                continue
            keyword = KWD(token)
            if keyword in _INLINE_IMAGE:
                raise _Unsupported("inline image")
            objects.add(keyword)
        elif kind == "number":
            number = _number(match.group(kind))
            if number is not None:
                objects.add(number)
        elif kind == "name":
            if pos < end and data[pos] == 0x23:  # '#'
                raise _Unsupported("name with a #-escape")
            raw = match.group(kind)
            if not raw and pos == end:
                raise _Unsupported("a bare '/' at the end of a stream")
            try:
                name: str | bytes = str(raw, "utf-8")
            except UnicodeDecodeError:
                name = raw
            objects.add(LIT(name))
        elif kind == "string":
            text, pos = _string(data, pos)
            objects.add(text)
        elif kind == "hex":
            if pos == end:
                raise _Unsupported("hex string runs past the end of its stream")
            objects.add(HEX_PAIR.sub(lambda m: bytes((int(m.group(0), 16),)), SPC.sub(b"", match.group(kind))))
        elif kind == "dict_begin":
            objects.begin("d")
        elif kind == "dict_end":
            objects.end("d")
        elif kind == "lone_close":
            if pos == end and not last:
                raise _Unsupported("'>' at the end of a stream")  # pdfminer pairs it with the next stream's
        else:
            char = match.group(kind)
            if char in _OPENERS:
                objects.begin(_OPENERS[char])
            elif char in _CLOSERS:
                objects.end(_CLOSERS[char])
            else:
                objects.add(KWD(char))


def content_objects(streams: list[PDFStream]) -> list[Any]:
    """The page content's top-level objects in the order pdfminer's PDFContentParser yields them (raises
    _Unsupported where the fast reader might differ)."""
    objects = _Objects()
    for number, stream in enumerate(streams, start=1):
        _tokenize(stream.get_data(), objects, last=number == len(streams))
    if objects.open:
        raise _Unsupported("a bracket left open at the end of the content")
    return objects.top


class ContentInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter reading content with content_objects, and pdfminer's own reader where
    that declines. Operators run in the same order with the same arguments."""

    _operators: dict[tuple[type, PSKeyword], tuple[Any, int]] = {}

    def execute(self, streams: Any) -> None:
        objects = self._fast_objects(streams)
        if objects is None:
            super().execute(streams)
            return
        operators = self._operators
        cls = type(self)
        for obj in objects:
            if isinstance(obj, PSKeyword):
                operator = operators.get((cls, obj))
                if operator is None:
                    operator = operators[(cls, obj)] = _operator(cls, obj)
                function, nargs = operator
                if function is None:
                    continue  # an operator pdfminer does not know: skipped, as pdfminer does when not strict
                if nargs:
                    args = self.pop(nargs)
                    if len(args) == nargs:
                        function(self, *args)
                else:
                    function(self)
            else:
                self.push(obj)

    def _fast_objects(self, streams: Any) -> list[Any] | None:
        """The content's objects, or None to let pdfminer read it (with its warnings and errors)."""
        if settings.STRICT:
            return None
        try:
            valid = [stream_value(obj) for obj in streams]
            if not valid or any(s.objid is None or s.objid in self.parent_stream_ids for s in valid):
                return None
            objects = content_objects(valid)
        except Exception:  # _Unsupported, or a stream pdfminer fails to decode: it raises that itself
            return None
        self.stream_ids.clear()
        self.stream_ids.update(s.objid for s in valid)
        return objects


def _operator(cls: type, keyword: PSKeyword) -> tuple[Any, int]:
    """The interpreter method pdfminer's execute() calls for this keyword, and how many arguments it pops."""
    name = keyword_name(keyword)
    method = "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")
    function = getattr(cls, method, None)
    if function is None:
        return None, 0
    return function, function.__code__.co_argcount - 1


def page_layout(page: Any) -> Any:
    """pdfplumber's Page.layout, interpreted by ContentInterpreter."""
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent
    from pdfplumber.utils.exceptions import PdfminerException

    device = PDFPageAggregatorWithMarkedContent(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    interpreter = ContentInterpreter(page.pdf.rsrcmgr, device)
    try:
        interpreter.process_page(page.page_obj)
    except Exception as exc:
        raise PdfminerException(exc) from exc
    return device.get_result()
