"""Data-quality checks: findings about the reports (inconsistent totals and the like) and pipeline integrity.

Report findings never stop a run; they land in check_results. Integrity problems (duplicate keys, values
without a report, unknown metric ids) mean the load itself is wrong, and block publication.
"""

from __future__ import annotations

from pipeline.checks.findings import FAMILIES, FINDING_COLUMNS, run_checks, run_family
from pipeline.checks.integrity import INTEGRITY_CHECKS, integrity_problems

__all__ = ["FAMILIES", "FINDING_COLUMNS", "INTEGRITY_CHECKS", "integrity_problems", "run_checks", "run_family", "family_of"]


def family_of(check_name: str) -> str:
    return check_name.split(".", 1)[0]
