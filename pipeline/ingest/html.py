"""HTML to text: page furniture removed, block structure as lines, data tables as pipe rows.

lxml's HTML parser reads the page (and recovers truncated or broken markup). Plain etree elements are
used, not lxml.html's, whose per-element class lookup cost more than all the rest. Before text is
collected:
  - scripts, styles, form controls, navigation, footers and elements whose class/id names page furniture are
    dropped, unless they hold most of the page's text (a site that wraps its article in class="main-nav"
    keeps its article);
  - link lists (menus, related articles) are dropped;
  - tables are rendered innermost first: a data table becomes pipe rows with rowspan/colspan expanded;
    a table used for page layout (nested tables, one column, long prose cells) becomes ordinary blocks.
"""

from __future__ import annotations

import re

import lxml.etree

from pipeline.ingest import render
from pipeline.ingest.decode import decode_bytes, declared_html_encoding
from pipeline.ingest.errors import IngestFailure

# Not <form>: ASP.NET pages wrap the whole page, article included, in one.
DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "svg", "canvas", "select", "button",
             "input", "textarea", "template", "nav", "aside", "footer", "map", "audio", "video")
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table",
              "section", "article", "main", "header", "blockquote", "pre", "address", "center", "hr", "caption",
              "title", "body", "figure", "figcaption", "tbody", "thead", "tfoot", "td", "th"}
# class / id words of page furniture (whole words of the attribute, split at spaces, - and _)
FURNITURE_WORDS = {"nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "share", "bdshare",
                   "footer", "foot", "copyright", "sidebar", "related", "xgxx", "xglj", "dqwz", "weizhi", "toolbar",
                   "search", "login", "topbar", "print", "qrcode", "ewm", "fenxiang", "friendlink", "yqlj"}
FURNITURE_MAX_SHARE = 0.5  # an element holding more of the page's text than this is never furniture
LINK_LIST_MIN_LINKS = 3
LINK_LIST_SHARE = 0.7  # of the element's text inside <a>
LINK_LIST_MAX_CHARS = 1500
LAYOUT_CELL_CHARS = 300  # a table cell this long is prose in a layout table, not a data cell
MAX_SPAN = 200  # rowspan/colspan beyond this is broken markup, not a table
HIDDEN_MAX_CHARS = 200
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
WORD_SPLIT = re.compile(r"[\s_\-]+")
BLANKS = re.compile(r"[ \t\r\n\f]+")
HTML_OPEN = re.compile(r"<html[\s>]", re.I)
HTML_CLOSE = re.compile(r"</(?:html|body)\s*>", re.I)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
TITLE_SEPARATORS = re.compile(r"\s*[_|｜\-—–]+\s*")
TITLE_MIN_PART = 6
RENDERED = "ogi-rendered"  # tag of the placeholder that carries a rendered table
PARSER = lxml.etree.HTMLParser(remove_comments=True, remove_pis=True)


Element = lxml.etree._Element


def _words(element: Element) -> set[str]:
    attributes = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return set(WORD_SPLIT.split(attributes)) - {""}


def text_content(element: Element) -> str:
    """The text of the element and everything inside it ("".join(element.itertext()), serialised by libxml2)."""
    return lxml.etree.tostring(element, method="text", encoding=str, with_tail=False)


def _text_length(element: Element) -> int:
    """Characters of text other than blanks (the BLANKS characters)."""
    text = text_content(element)
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t") - text.count("\r") - text.count("\f")


def _drop(element: Element) -> None:
    """Remove the element and its content, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _is_hidden(element: Element) -> bool:
    return element.get("hidden") is not None or bool(HIDDEN_STYLE.search(element.get("style", "")))


LINK_LIST_TAGS = ("ul", "ol", "dl", "div", "td", "p")


def _link_list_candidates(root: Element) -> list[Element]:
    """The elements of LINK_LIST_TAGS with LINK_LIST_MIN_LINKS or more links inside, in document order
    (counted from the links up: most elements hold none)."""
    counts: dict[Element, int] = {}
    for link in root.iter("a"):
        for ancestor in link.iterancestors(*LINK_LIST_TAGS):
            counts[ancestor] = counts.get(ancestor, 0) + 1
    candidates = [element for element, links in counts.items() if links >= LINK_LIST_MIN_LINKS]
    if len(candidates) < 2:
        return candidates  # nothing to put in order (most pages): no walk over every div, p and td
    return [element for element in root.iter(*LINK_LIST_TAGS) if counts.get(element, 0) >= LINK_LIST_MIN_LINKS]


def _drop_furniture(root: Element) -> None:
    for element in list(root.iter(*DROP_TAGS, lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        _drop(element)
    total = max(1, _text_length(root))
    for element in [element for element in root.iter() if element.keys()]:  # the elements with attributes
        if element.getparent() is None or not (element.get("class") or element.get("id") or element.get("style") or element.get("hidden") is not None):
            continue
        if _is_hidden(element):
            # Invisible widgets go; a hidden block with real content (a tab the page's script shows) stays.
            if _text_length(element) <= HIDDEN_MAX_CHARS and next(element.iter("table"), None) is None:
                _drop(element)
        elif _words(element) & FURNITURE_WORDS and _text_length(element) <= FURNITURE_MAX_SHARE * total:
            _drop(element)
    # Selected after the drops above, before any below, in document order like a walk over the tree:
    # dropping an element changes nothing for the elements before it or after its subtree.
    for element in _link_list_candidates(root):
        if element.getparent() is None or next(element.iter("table"), None) is not None:
            continue
        links = element.findall(".//a")
        if len(links) < LINK_LIST_MIN_LINKS:
            continue
        text = _text_length(element)
        linked = sum(_text_length(a) for a in links)
        if text <= LINK_LIST_MAX_CHARS and linked >= LINK_LIST_SHARE * text:
            _drop(element)


def _span(cell: Element, name: str) -> int:
    value = cell.get(name)
    if value is None:
        return 1
    digits = value if value.isdigit() else re.sub(r"\D", "", value)
    return max(1, min(MAX_SPAN, int(digits))) if digits else 1


# A table's own rows (not those of tables nested in its cells), in document order; compiled once (a
# table.xpath(...) call compiles its expression every time).
_DIRECT_ROWS = lxml.etree.XPath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")


def table_grid(table: Element) -> list[list[str]]:
    """The table as a full grid of cell texts, rowspan and colspan expanded."""
    rows = _DIRECT_ROWS(table)
    grid: list[list[str | None]] = [[] for _ in rows]  # None: a position no cell covers (yet)
    cell_text = render.cell_text
    for r, tr in enumerate(rows):
        row = grid[r]
        # A row no cell above reaches into (most rows) takes each cell at its end.
        appending = not row
        c = 0
        # Every child, its tag tested here: iterchildren("td", "th") costs twice as much per cell.
        for cell in tr:
            tag = cell.tag
            if tag != "td" and tag != "th":
                continue
            if len(cell):
                text = cell_text(text_content(cell))
            else:  # most cells hold one text, most of them a word or a figure that cell_text returns as it is
                text = cell.text or ""
                if not text.isalnum():
                    text = cell_text(text)
            if not cell.keys():  # no rowspan or colspan
                if appending:
                    row.append(text)
                    continue
                while c < len(row) and row[c] is not None:
                    c += 1
                if c == len(row):
                    row.append(text)
                else:
                    row[c] = text
                c += 1
                continue
            if appending:  # the row ends with the cells before this one: its span leaves it so
                c = len(row)
            else:
                while c < len(row) and row[c] is not None:
                    c += 1
            rowspan = min(_span(cell, "rowspan"), len(rows) - r)
            colspan = _span(cell, "colspan")
            for dr in range(rowspan):
                covered = grid[r + dr]
                if len(covered) < c + colspan:
                    covered.extend([None] * (c + colspan - len(covered)))
                for dc in range(colspan):
                    covered[c + dc] = text
            c += colspan
    # Every row list ends with a covered position, so its length is one past its last cell.
    while grid and not grid[-1]:
        grid.pop()
    if not grid:
        return []
    n_cols = max(map(len, grid))
    # Only rows with an uncovered position or short of the widest row are rebuilt.
    return [row if len(row) == n_cols and None not in row else ["" if text is None else text for text in row] + [""] * (n_cols - len(row)) for row in grid]


def _is_layout_table(table: Element, grid: list[list[str]]) -> bool:
    if next(table.iterdescendants("table", RENDERED), None) is not None:
        return True
    if not render.is_data_grid(grid):
        return True
    return any(max(map(len, row)) > LAYOUT_CELL_CHARS for row in grid)  # a data grid's rows are not empty


def _render_tables(root: Element) -> None:
    for table in reversed(list(root.iter("table"))):  # innermost (later-starting) tables first
        grid = render.useful_grid(table_grid(table), cleaned=True)
        if _is_layout_table(table, grid):
            for element in table.iter("table", "tr", "td", "th", "tbody", "thead", "tfoot"):
                element.tag = "div"
            continue
        caption = table.find("caption")
        placeholder = lxml.etree.Element(RENDERED)
        placeholder.text = (render.cell_text(text_content(caption)) if caption is not None else "") + render.render_table(grid)
        placeholder.tail = table.tail
        table.getparent().replace(table, placeholder)


def _collapse_blanks(text: str) -> str:
    """BLANKS.sub(" ", text). A text with no line break, tab, form feed or double space (most paragraphs)
    has nothing to collapse: five substring scans answer that faster than the regex does."""
    if "\n" in text or "  " in text or "\t" in text or "\r" in text or "\f" in text:
        return BLANKS.sub(" ", text)
    return text


def _collect_text(root: Element) -> str:
    parts: list[str] = []
    append, blanks = parts.append, _collapse_blanks
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = element.tag  # each read of .tag, .text or .tail converts the string again: read once
        if not isinstance(tag, str):
            tag = ""
        if event == "start":
            if tag == RENDERED:
                append(element.text or "")
            elif tag == "br":
                append("\n")
            else:
                if tag in BLOCK_TAGS:
                    append("\n")
                text = element.text
                if text:
                    append(blanks(text) if tag != "pre" else text)
        else:
            if tag in BLOCK_TAGS:
                append("\n")
            tail = element.tail
            if tail:
                append(blanks(tail))
    return "".join(parts)


def _title_in(title: str, head: str) -> bool:
    """Whether the body already shows the page title (titles often add a site name: 标题_某县人民政府)."""
    return any(len(part) >= TITLE_MIN_PART and part in head for part in TITLE_SEPARATORS.split(title))


CLOSE_TAG_TAIL = 1024  # characters at the end of the markup where </html> or </body> usually is


def _has_close_tag(markup: str) -> bool:
    """Whether HTML_CLOSE occurs in the markup. A case-insensitive pattern has no literal prefix to skip to,
    so the regex engine tries it at every character: the end of the page, where the tag usually is, is
    looked at first."""
    return bool(HTML_CLOSE.search(markup, max(0, len(markup) - CLOSE_TAG_TAIL)) or HTML_CLOSE.search(markup))


def html_to_text(data: bytes, encoding: str | None = None) -> tuple[str, bool]:
    """(the page's text, whether the markup was cut off before </html>)."""
    decoded = decode_bytes(data, encoding or declared_html_encoding(data[:4096]))
    markup = XML_DECLARATION.sub("", decoded.text)
    if not markup.strip():
        raise IngestFailure("empty_file", "the HTML file has no content")
    try:
        root = lxml.etree.fromstring(markup, PARSER)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise IngestFailure("no_text", f"the HTML has no parsable content ({exc})") from exc
    if root is None:
        raise IngestFailure("no_text", "the HTML has no parsable content")
    title_element = root.find(".//title")
    title = render.cell_text(text_content(title_element)) if title_element is not None else ""
    head = root.find("head")
    if head is not None:
        _drop(head)
    _drop_furniture(root)
    _render_tables(root)
    text = _collect_text(root)
    if title and not _title_in(title, text[:1000]):
        text = title + "\n" + text
    truncated = bool(HTML_OPEN.search(markup, 0, 4096)) and not _has_close_tag(markup)
    return text, truncated
