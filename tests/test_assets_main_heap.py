"""`python -m assets run` freezes what start-up loaded before the job runs; the run's own garbage is still collected."""

import gc
import weakref
from types import SimpleNamespace

import dagster as dg

import assets.__main__ as entry


class _Node:
    pass


def test_startup_objects_are_frozen_before_the_job_runs_and_the_runs_garbage_is_still_collected(tmp_path, monkeypatch):
    loaded_before = _Node()  # start-up's objects: tracked, so the freeze takes them out of the collector's reach
    seen = {}

    def execute_in_process(self, **_kwargs):
        seen["frozen"] = gc.get_freeze_count()
        seen["before_is_frozen"] = not any(o is loaded_before for o in gc.get_objects())
        cycle = _Node()
        cycle.me = cycle  # garbage made by the run: only the collector frees a cycle
        gone = weakref.ref(cycle)
        del cycle
        gc.collect()
        seen["run_garbage_collected"] = gone() is None
        return SimpleNamespace(get_asset_check_evaluations=lambda: [], success=True, run_id="test-run")

    monkeypatch.setattr(dg.JobDefinition, "execute_in_process", execute_in_process)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.setenv("OGI_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("OGI_WAREHOUSE", str(tmp_path / "wh" / "ogi.duckdb"))
    gc.unfreeze()
    try:
        assert entry.run() == 0
    finally:
        gc.unfreeze()  # other tests run in this process
    assert seen["frozen"] > 0 and seen["before_is_frozen"]
    assert seen["run_garbage_collected"]
