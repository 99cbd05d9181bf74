"""The HTML reader's shortcuts give what the general walk gives (pipeline.ingest.html): table_grid fills rows that
no cell above reaches into by appending, and rebuilds only the rows it must pad; _link_list_candidates skips the
walk over every div, p and td when there is at most one candidate to order."""

from __future__ import annotations

import random
import re
from pathlib import Path

import lxml.etree

from pipeline.ingest import html, render
from pipeline.ingest.decode import decode_bytes

SAMPLE_RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
WORDS = ["名称", "数量", "12", "0", "", "  ", "a|b", "行政 复议", "3.5", "其他\n情形", "无"]


def _reference_grid(table: lxml.etree._Element) -> list[list[str]]:
    """table_grid as it was before the shortcuts: every cell placed by the general scan, every row rebuilt."""
    rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    grid: list[list[str | None]] = [[] for _ in rows]
    for r, tr in enumerate(rows):
        row = grid[r]
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while c < len(row) and row[c] is not None:
                c += 1
            text = render.cell_text("".join(cell.itertext()))
            rowspan = min(_reference_span(cell.get("rowspan")), len(rows) - r)
            colspan = _reference_span(cell.get("colspan"))
            for dr in range(rowspan):
                covered = grid[r + dr]
                if len(covered) < c + colspan:
                    covered.extend([None] * (c + colspan - len(covered)))
                for dc in range(colspan):
                    covered[c + dc] = text
            c += colspan
    n_rows = max((r + 1 for r, row in enumerate(grid) if row), default=0)
    if not n_rows:
        return []
    n_cols = max(len(row) for row in grid)
    return [["" if text is None else text for text in row] + [""] * (n_cols - len(row)) for row in grid[:n_rows]]


def _reference_span(value: str | None) -> int:
    if value is None:
        return 1
    digits = re.sub(r"\D", "", value)
    return max(1, min(html.MAX_SPAN, int(digits))) if digits else 1


def _random_table(rng: random.Random) -> str:
    rows = []
    for _ in range(rng.randint(0, 7)):
        cells = []
        for _ in range(rng.randint(0, 6)):
            tag = rng.choice(["td", "td", "td", "th"])
            attributes = []
            if rng.random() < 0.3:
                attributes.append(f'rowspan="{rng.choice(["2", "3", "1", "0", "x", "9"])}"')
            if rng.random() < 0.3:
                attributes.append(f'colspan="{rng.choice(["2", "3", "1", "0", "2px"])}"')
            if rng.random() < 0.2:
                attributes.append('width="20%"')
            text = rng.choice(WORDS)
            if rng.random() < 0.1:
                text = f"<b>{text}</b>{rng.choice(WORDS)}"
            cells.append(f"<{tag} {' '.join(attributes)}>{text}</{tag}>")
            if rng.random() < 0.05:
                cells.append("<span>不是单元格</span>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body = "".join(rows)
    return f"<table><tbody>{body}</tbody></table>" if rng.random() < 0.3 else f"<table>{body}</table>"


def test_table_grid_is_the_general_placement_on_random_tables() -> None:
    rng = random.Random(7)
    spanned = padded = 0
    for _ in range(3000):
        markup = _random_table(rng)
        table = lxml.etree.fromstring(f"<html><body>{markup}</body></html>", html.PARSER).find(".//table")
        grid = html.table_grid(table)
        assert grid == _reference_grid(table), markup
        spanned += "rowspan=\"2\"" in markup or "rowspan=\"3\"" in markup
        padded += any(row.count("") for row in grid)
    assert spanned > 500 and padded > 500  # the random tables do reach the general scan and the padding


def test_table_grid_places_a_span_after_an_appended_row_start() -> None:
    # Row 2 starts free (nothing above reaches it), then a spanning cell: the cells after it still go at its end,
    # and the rowspan covers row 3's second and third positions.
    page = (
        "<table><tr><td>a</td><td>b</td><td>c</td><td>d</td></tr>"
        "<tr><td>e</td><td rowspan='2' colspan='2'>f</td><td>g</td></tr>"
        "<tr><td>h</td><td>i</td></tr></table>"
    )
    table = lxml.etree.fromstring(page, html.PARSER).find(".//table")
    assert html.table_grid(table) == [["a", "b", "c", "d"], ["e", "f", "f", "g"], ["h", "f", "f", "i"]]
    assert html.table_grid(table) == _reference_grid(table)


def test_table_grid_is_the_general_placement_on_the_sample_pages() -> None:
    tables = 0
    for path in sorted(SAMPLE_RAW.rglob("*.html")):
        root = lxml.etree.fromstring(decode_bytes(path.read_bytes()).text, html.PARSER)
        for table in root.iter("table"):
            tables += 1
            assert html.table_grid(table) == _reference_grid(table), path.name
    assert tables


def _reference_candidates(root: lxml.etree._Element) -> list[lxml.etree._Element]:
    return [element for element in root.iter(*html.LINK_LIST_TAGS) if len(element.findall(".//a")) >= html.LINK_LIST_MIN_LINKS]


def test_link_list_candidates_are_the_walk_in_document_order() -> None:
    rng = random.Random(11)

    def block(depth: int) -> str:
        tag = rng.choice(["div", "ul", "p", "td", "span", "section"])
        parts = []
        for _ in range(rng.randint(0, 4)):
            if depth < 4 and rng.random() < 0.4:
                parts.append(block(depth + 1))
            else:
                parts.append(rng.choice(["<a href='#'>链接</a>", "文字", "<li><a>菜单</a></li>"]))
        return f"<{tag}>{''.join(parts)}</{tag}>"

    several = 0
    for _ in range(2000):
        root = lxml.etree.fromstring(f"<html><body>{block(0)}{block(0)}</body></html>", html.PARSER)
        found = html._link_list_candidates(root)
        assert found == _reference_candidates(root)
        several += len(found) > 1
    assert several > 100  # pages with several candidates take the ordering walk
