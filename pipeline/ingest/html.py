"""HTML to text, keeping tables as pipe rows with merged cells expanded."""

from __future__ import annotations

import lxml.html


def _cell_text(cell) -> str:
    return " ".join(cell.text_content().split())


def _table_rows(table) -> list[list[str]]:
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.xpath(".//tr")):
        c = 0
        for cell in tr.xpath("./td|./th"):
            while (r, c) in grid:
                c += 1
            text = _cell_text(cell)
            rowspan = int(cell.get("rowspan", "1") or 1)
            colspan = int(cell.get("colspan", "1") or 1)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text
            c += colspan
    if not grid:
        return []
    n_rows = max(r for r, _ in grid) + 1
    n_cols = max(c for _, c in grid) + 1
    return [[grid.get((r, c), "") for c in range(n_cols)] for r in range(n_rows)]


def html_to_text(data: bytes) -> str:
    root = lxml.html.fromstring(data)
    for bad in root.xpath("//script|//style|//nav|//noscript"):
        bad.drop_tree()
    for table in root.xpath("//table"):
        rows = _table_rows(table)
        lines = "\n".join("| " + " | ".join(row) + " |" for row in rows)
        replacement = lxml.html.fromstring("<pre></pre>")
        replacement.text = "\n" + lines + "\n"
        replacement.tail = table.tail
        table.getparent().replace(table, replacement)
    for br in root.xpath("//br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.xpath("//p|//div|//h1|//h2|//h3|//h4|//li|//tr|//title"):
        block.tail = "\n" + (block.tail or "")
    return root.text_content()
