"""SQL expressions for how precisely a figure is stated, how far two figures may differ, and how to print them.

Counts are exact integers, so any difference of 1 or more is real. Amounts with decimals (万元) are rounded
when printed: each may be off by half a unit of its last decimal, so a sum of rounded amounts may be off by
as many half-units as it has terms. A tolerance is never below half of the smallest unit stated.
"""

from __future__ import annotations

# Floating-point slack when comparing two doubles that should be equal.
EPSILON = 1e-9


def decimals(expr: str) -> str:
    """Number of decimals the value shows (0 to 4): 12 -> 0, 4.9 -> 1, 2.97 -> 2."""
    cases = " ".join(
        f"WHEN abs(({expr}) * {10**k} - round(({expr}) * {10**k})) < 1e-6 THEN {k}" for k in range(4)
    )
    return f"(CASE {cases} ELSE 4 END)"


def half_unit(decimals_expr: str) -> str:
    """Half a unit of the last decimal shown: 0.5 for integers, 0.05 for one decimal."""
    return f"(0.5 * pow(10, -({decimals_expr})))"


def sum_tolerance(min_decimals_expr: str, n_terms_expr: str) -> str:
    """How far a stated total may be from the sum of its stated parts before it is an inconsistency.

    Integers: under 1 (exact). Values with decimals: half a unit of the least precise one per term, since
    every rounded term adds its own rounding error.
    """
    per_term = half_unit(min_decimals_expr)
    return f"(CASE WHEN ({min_decimals_expr}) = 0 THEN {per_term} ELSE {per_term} * ({n_terms_expr}) END + {EPSILON})"


def number_text(expr: str) -> str:
    """A figure as a person would write it: 2589, 4.9, -3 (no trailing .0)."""
    return (
        f"(CASE WHEN ({expr}) IS NULL THEN '?' "
        f"WHEN ({expr}) = round({expr}) THEN CAST(CAST(({expr}) AS BIGINT) AS VARCHAR) "
        f"ELSE regexp_replace(printf('%.4f', {expr}), '\\.?0+$', '') END)"
    )


def clip(expr: str, length: int = 300) -> str:
    """A snippet short enough to read in a findings table."""
    return f"(CASE WHEN length({expr}) > {length} THEN left({expr}, {length}) || '…' ELSE {expr} END)"


# Characters that end a table cell in flattened text: whitespace, the pipes of a markdown row, punctuation.
_CELL_END = r"\s|\d.,，、;；:：()（）\-—/"


def glued_run(snippet_expr: str) -> str:
    """Whether a table row's figures end in one run of digits glued to its label, with nothing between its cells
    ('行政规范性文件214', '规章131'): a table flattened without separators. When such a run holds several cells,
    where one ends is a guess, as blank cells vanish from it (214 may be 2 | 1 | 4 or 2 | blank | 14)."""
    return f"regexp_matches(coalesce({snippet_expr}, ''), '[^{_CELL_END}][0-9]{{2,}}\\s*$')"
