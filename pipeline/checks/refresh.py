"""check_results kept current with the load: skipped when nothing changed, recomputed for the touched agencies
only when a load added, changed or removed a few reports, recomputed whole otherwise.

Each run that computes findings leaves a snapshot next to the lake: the state of every report they were
computed from (incremental.report_states), the findings themselves (a load replaces check_results, so they
are kept outside the warehouse), and the code that made both. The next run rechecks only the scope
incremental.scope_of derives from the two states, when:

- the snapshot is complete (its JSON, written last, is there) and was made by the same checks code
  (checks_code_version: every file of pipeline/ but the corpus generator, check data and settings included)
  and from a load by the same load code;
- the lake's per-report lineage (build.LOADED_FILE) describes the load the warehouse holds;
- the scope is at most INCREMENTAL_SHARE of the reports.

Otherwise every report is checked again. Both ways give the same check_results.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.checks import FINDING_COLUMNS, run_checks
from pipeline.checks.frame import empty_findings
from pipeline.checks.incremental import STATE_COLUMNS, Scope, find_for, report_states, scope_of
from pipeline.config import Settings
from pipeline.warehouse import build
from pipeline.warehouse.connect import connect
from pipeline.warehouse.load import write_check_results

# Above this share of the reports to recheck, checking everything again is about as fast as copying that much of
# the warehouse (the same findings either way). Not a rule of the domain, so not in checks_settings.csv, like
# build.INCREMENTAL_SHARE for the load.
INCREMENTAL_SHARE = 0.2
SNAPSHOT = "_checks_snapshot.json"
SNAPSHOT_STATES = "_checks_reports.parquet"
SNAPSHOT_FINDINGS = "_checks_findings.parquet"


@dataclass
class Findings:
    frame: pd.DataFrame  # check_results as they now are
    recomputed: bool
    rechecked: int = 0  # reports whose findings this run computed (the others' were kept)
    incremental: bool = False  # only the agencies the load changed were rechecked


def _path(settings: Settings, name: str) -> Path:
    return settings.lake_dir / name


def _lineage_file(settings: Settings, loaded: str | None) -> Path | None:
    """The lake's per-report lineage file (per report, the lake shards the load took its rows from); None unless it
    describes the warehouse's load (`loaded`, the loaded_at the warehouse holds). report_states reads it."""
    state = build.read_state(settings)
    path = settings.lake_dir / build.LOADED_FILE
    if not loaded or state.get("loaded_at") != loaded or not path.exists():
        return None
    return path


def _versions(settings: Settings) -> dict[str, str | None]:
    return {"checks_code": build.checks_code_version(), "load_code": build.read_state(settings).get("load_code")}


def _previous_states(settings: Settings) -> pd.DataFrame | None:
    """The report states of the last snapshot, when it is complete and made by the code running now."""
    try:
        snapshot = json.loads(_path(settings, SNAPSHOT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    versions = _versions(settings)
    if snapshot != versions or versions["load_code"] is None:
        return None
    if not (_path(settings, SNAPSHOT_STATES).exists() and _path(settings, SNAPSHOT_FINDINGS).exists()):
        return None
    return pd.read_parquet(_path(settings, SNAPSHOT_STATES))


def _forget_snapshot(settings: Settings) -> None:
    _path(settings, SNAPSHOT).unlink(missing_ok=True)


def _plan(settings: Settings, current: pd.DataFrame | None) -> Scope | None:
    """The reports to recheck, or None to check them all."""
    previous = _previous_states(settings) if current is not None else None
    if previous is None:
        return None
    scope = scope_of(previous, current)
    if len(scope.recheck) > INCREMENTAL_SHARE * max(len(current), 1):
        return None
    return scope


def _read_findings(conn) -> pd.DataFrame:
    return conn.execute(f"SELECT {', '.join(FINDING_COLUMNS)} FROM check_results").df()


def refresh_findings(settings: Settings) -> Findings:
    """Bring check_results up to date with the loaded warehouse (see the module doc); returns them."""
    if build.checks_are_current(settings):
        with connect(settings.warehouse_path, read_only=True) as conn:
            return Findings(_read_findings(conn), recomputed=False)
    with connect(settings.warehouse_path) as conn:
        loaded = build.connection_loaded_at(conn)
        lineage = _lineage_file(settings, loaded)
        current = report_states(conn, lineage) if lineage is not None else None
        scope = _plan(settings, current)
        _forget_snapshot(settings)  # check_results are about to change: the old snapshot no longer describes them
        if scope is None:
            findings = run_checks(conn)
            write_check_results(conn, findings)
            rechecked = conn.execute("SELECT count(*) FROM reports").fetchall()[0][0]
        else:
            fresh = find_for(conn, scope.recheck) if scope.recheck else empty_findings()
            write_check_results(conn, fresh, keep=(_path(settings, SNAPSHOT_FINDINGS), scope.stale))
            findings = _read_findings(conn)
            rechecked = len(scope.recheck)
        if current is not None:
            current[STATE_COLUMNS].to_parquet(_path(settings, SNAPSHOT_STATES), index=False)
            target = str(_path(settings, SNAPSHOT_FINDINGS)).replace("'", "''")
            conn.execute(f"COPY (SELECT {', '.join(FINDING_COLUMNS)} FROM check_results) TO '{target}' (FORMAT parquet)")
    build.record_checks(settings, loaded)
    if current is not None:
        tmp = _path(settings, f".{SNAPSHOT}.tmp")
        tmp.write_text(json.dumps(_versions(settings)), encoding="utf-8")
        os.replace(tmp, _path(settings, SNAPSHOT))
    return Findings(findings, recomputed=True, rechecked=rechecked, incremental=scope is not None)
