"""Data-quality checks: findings about the reports (inconsistent totals and the like) and pipeline integrity.

Report findings never stop a run; they land in check_results. Integrity problems (duplicate keys, values
without a report, unknown metric ids) mean the load itself is wrong, and block publication.

The names below are imported on first use (PEP 562): `import pipeline.checks.rulebook` or `.integrity` does
not load every rule module, and a process that never runs the checks never pays for them.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["FAMILIES", "FINDING_COLUMNS", "INTEGRITY_CHECKS", "integrity_problems", "run_checks", "run_family", "family_of"]

_LAZY = {
    "FAMILIES": "pipeline.checks.findings",
    "FINDING_COLUMNS": "pipeline.checks.findings",
    "run_checks": "pipeline.checks.findings",
    "run_family": "pipeline.checks.findings",
    "INTEGRITY_CHECKS": "pipeline.checks.integrity",
    "integrity_problems": "pipeline.checks.integrity",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name]), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


def family_of(check_name: str) -> str:
    return check_name.split(".", 1)[0]
