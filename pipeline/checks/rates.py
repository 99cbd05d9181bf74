"""Stated rates vs the counts they are a rate of (rule 'categories.rate', run with the categories family).

A rate statement (rate_statements: 共受理审批事项117件，办结171件，办结率100%) claims two things: its part is at
most its whole, and part / whole is the stated rate. A part above its whole is reported as the whole stated vs
the part (117 vs 171), whatever the rate says; otherwise a rate off 100 * part / whole beyond what printing it
can explain is reported as the rate stated vs the rate computed. Printing may round or cut the rate to its last
shown digit (99.6% printed as 99%), so both are allowed.

Not checked: a rate whose part the report does not state (办结率100% alone), a sentence that also counts cases
carried over between years (its part may rightly exceed the whole), a whole of zero. A share of a share, such
as a rate qualified by time (按时办结率) or by quality (满意率), never reaches rate_statements.
"""

from __future__ import annotations

from pipeline.checks.numbers import EPSILON, clip, decimals, number_text


def rate_sql() -> str:
    exact = "(100.0 * s.part_value / s.whole_value)"
    unit = f"pow(10, -{decimals('s.rate_pct')})"
    printed = f"(abs(s.rate_pct - {exact}) <= 0.5 * {unit} + {EPSILON} OR (s.rate_pct <= {exact} AND {exact} - s.rate_pct < {unit}))"
    over = f"s.part_value > s.whole_value + {EPSILON}"
    whole = f"s.whole_label || ' ' || {number_text('s.whole_value')} || s.unit"
    part = f"s.part_label || ' ' || {number_text('s.part_value')} || s.unit"
    return f"""
        SELECT 'categories.rate' AS check_name, 'warn' AS severity, s.report_id, NULL AS metric_id, NULL AS applicant,
               CASE WHEN {over} THEN s.whole_value ELSE s.rate_pct END AS stated,
               CASE WHEN {over} THEN s.part_value ELSE round({exact}, 2) END AS computed,
               CASE WHEN {over}
                    THEN {part} || ' is more than the whole it is part of (' || {whole} || '), while '
                         || s.rate_name || ' is stated as ' || {number_text('s.rate_pct')} || '%'
                    ELSE s.rate_name || ' is stated as ' || {number_text('s.rate_pct')} || '% but ' || {part}
                         || ' of ' || {whole} || ' is ' || {number_text(f'round({exact}, 2)')} || '%'
               END AS message,
               {clip('s.snippet')} AS snippet
        FROM rate_statements AS s
        WHERE s.part_value IS NOT NULL AND NOT s.carried_over AND s.whole_value > 0
          AND ({over} OR NOT {printed})
    """
