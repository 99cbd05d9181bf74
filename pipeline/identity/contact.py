"""The long-distance area code (区号) of the phone a report gives for questions.

Two reports of 市中区司法局 that name neither their city nor their province read alike, but the one that
gives 0531-… for questions is 济南's and the one that gives 0632-… is 枣庄's: the area code tells bodies of
one name apart (keys.with_area_code, agencies.body_keys), and among namesake divisions it says which one the
report is (places.resolve). The words that introduce a phone number are in identity_contact_words.csv; the
places each code serves in identity_area_codes.csv.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import cache
from importlib import resources

from pipeline.identity.vocabulary import contact_words

# Written apart from the local number ((0531) or 0531-), a code is whatever 0 and two or three digits stand
# there; run together with it (053186061234), the numbering plan splits them: 010 and 02x are three digits,
# every other code four. A local number is 7 or 8 digits.
SET_APART = r"[(（]?(0\d{2,3})(?:[)）]\s?|\s?[-—－–]\s?)"
RUN_TOGETHER = r"(0(?:10|2\d|[3-9]\d{2}))"


@cache
def _phone_pattern() -> re.Pattern[str]:
    words = "|".join(map(re.escape, contact_words()))
    # the word, a few characters (号码, ：), then the code and the local number
    return re.compile(rf"(?:{words})[^0-9\n]{{0,8}}?(?:{SET_APART}|{RUN_TOGETHER})\d{{7,8}}(?!\d)")


def contact_area_code(text: str) -> str | None:
    """The area code the report's phone numbers carry most often (the earliest one on a tie), or None."""
    codes = [match.group(1) or match.group(2) for match in _phone_pattern().finditer(text)]
    if not codes:
        return None
    counts = Counter(codes)
    return max(counts, key=lambda code: (counts[code], -codes.index(code)))



@cache
def area_code_places(code: str) -> frozenset[str]:
    """The prefecture-level places (北京市, 枣庄市, 海口市…) a long-distance area code serves, per
    identity_area_codes.csv (libphonenumber's geographic data, written by scripts/make_area_codes.py). Empty for
    a code it does not list."""
    return _area_codes().get(code, frozenset())


@cache
def _area_codes() -> dict[str, frozenset[str]]:
    rows = csv.DictReader(resources.files("pipeline.data").joinpath("identity_area_codes.csv").read_text(encoding="utf-8").splitlines())
    return {row["area_code"]: frozenset(row["places"].split("|")) for row in rows}
