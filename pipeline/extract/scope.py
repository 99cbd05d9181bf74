"""What a figure in a sentence refers to: this year or cumulative, this report's year or another, the whole
region or one office, and which template era's vocabulary the report speaks.

All functions read plain strings (the text of the sentence or clause before a figure's topic), so they can
be tested on sentences alone. The cue words come from pipeline/data/prose_cues.csv.
"""

from __future__ import annotations

import re

from pipeline.extract.phrasebook import Phrasebook
from pipeline.model import Identity

YEAR = re.compile(r"((?:19|20)\d{2})年(?!底|末)")
YEAR_MARK = "年"  # in every YEAR match: a text without it needs no regex run (most clauses before a figure)
SINCE = re.compile(r"^(?:年)?(?:以来|起|开始|至今|至|到)")
FIRST_ERA_END = 2019  # reports for 2019 onwards use the standard tables of the revised regulations


def prose_era(identity: Identity) -> str:
    """The template whose vocabulary the report's prose uses; narrative reports follow their year."""
    if identity.template in ("v2008", "v2019", "v2021"):
        return identity.template
    if identity.year is not None and identity.year >= FIRST_ERA_END:
        return "v2021" if identity.year >= 2021 else "v2019"
    return "v2008"


def is_cumulative(sentence_before: str, clause_before: str, book: Phrasebook) -> bool:
    """历年累计 / 截至…底 before the figure, unless the same clause also names this year (全年及历年 = year)."""
    if not book.cue("cumulative").search(sentence_before):
        return False
    return not book.cue("this_year").search(clause_before)


def is_other_period(clause_before: str, report_year: int | None, book: Phrasebook) -> bool:
    """A figure for last year (上年…), for part of the year (第1季度), or for an explicitly different year
    than the report's."""
    if book.cue("prior_year").search(clause_before) or book.cue("sub_period").search(clause_before):
        return True
    if report_year is None or YEAR_MARK not in clause_before:
        return False
    for match in YEAR.finditer(clause_before):
        if int(match.group(1)) != report_year and not SINCE.match(clause_before[match.end() :]):
            return True
    return False


def is_intention(sentence_before: str, clause_before: str, report_year: int | None, book: Phrasebook) -> bool:
    """A target or plan (力争…, 2017年我县将…) rather than what was done in the report's year."""
    if book.cue("intention").search(clause_before):
        return True
    if report_year is None or YEAR_MARK not in sentence_before:
        return False
    return any(int(m.group(1)) > report_year for m in YEAR.finditer(sentence_before))


def is_comparison(text_between: str, book: Phrasebook) -> bool:
    """较上年增长12%, 同比增加3件: a change, not a level."""
    return bool(book.cue("comparison").search(text_between))


def is_office_scoped(sentence_before: str, book: Phrasebook) -> bool:
    """The subject is one office (县政府公开办主动公开信息数为62条), not the region or the body as a whole."""
    return bool(book.cue("office").search(sentence_before)) and not book.cue("region").search(sentence_before)
