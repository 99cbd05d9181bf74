"""What the report says elsewhere, used to choose between readings of run-together digits that the table's
own arithmetic cannot separate (行政规范性文件 "8855698" with no sum between its three cells).

A reading is taken only when the report's sentences about the same row state its figures, each in a clause
that names the row: exactly one reading must have the most cells confirmed, and no more than one cell of it
may go unconfirmed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from pipeline.tables.split import Reading
from pipeline.tables.vocabulary import table_words

_SENTENCE = re.compile(r"[^。;；!?！？\n]+")


@cache
def _quantity() -> re.Pattern[str]:
    """A number stated as a quantity (698件, 1,676条): dates (1月) and ordinals (第3) vouch for nothing."""
    units = "|".join(re.escape(unit) for unit in table_words().units)
    return re.compile(rf"([1-9]\d{{0,2}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:{units})")


_CLAUSE = re.compile(r"(?:[^。;；!?！？\n,，、]|,(?=\d{3}))+")  # a comma inside 1,676 joins


def clause_numbers(text: str, keywords: Sequence[str], outside: tuple[int, int], excluding: Sequence[str] = ()) -> set[float]:
    """Numbers stated as quantities in the clauses that name one of `keywords`, outside the table's own span,
    where the sentence up to the clause's end says none of `excluding`: "市政府规章22件、…行政规范性文件34件"
    says 22 of 规章 and 34 of 行政规范性文件 (the whole sentence would vouch for both figures in both rows),
    and in "废止规章3件、行政规范性文件8件" the verb before the list governs every clause of it."""
    names = [k for k in keywords if k]
    numbers: set[float] = set()
    for sentence in _SENTENCE.finditer(text):
        if outside[0] <= sentence.start() < outside[1] or not any(name in sentence.group() for name in names):
            continue
        words = sentence.group()
        for clause in _CLAUSE.finditer(words):
            if not any(name in clause.group() for name in names):
                continue
            if any(word in words[: clause.end()] for word in excluding):
                break
            numbers.update(float(n.replace(",", "")) for n in _quantity().findall(clause.group()))
    return numbers


def confirmed_reading(candidates: Sequence[Reading], numbers: set[float]) -> Reading | None:
    """The single reading whose cells the report's own sentences confirm, if there is one."""
    if len(candidates) < 2 or not numbers:
        return None
    scored = sorted(((sum(cell.value in numbers for cell in r), r) for r in candidates), key=lambda p: -p[0])
    best_score, best = scored[0]
    if best_score < max(1, len(best) - 1) or scored[1][0] == best_score:
        return None
    return best
