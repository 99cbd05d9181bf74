"""`python -m assets run` runs its start-up (imports, the Dagster instance) with the garbage collector off, and the
job with it on."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Runs assets/__main__.py as the command does (runpy, as `python -m assets run`), with the job's execution replaced.
# Dagster itself is imported first, to replace it: the rest of start-up (the engine, pandas, DuckDB, the assets,
# the instance) still allocates some 200,000 objects, dozens of young collections' worth had the collector been on.
SCRIPT = textwrap.dedent(
    """
    import gc, json, runpy, sys
    from pathlib import Path
    from types import SimpleNamespace

    import dagster as dg

    out = Path(sys.argv[1])
    seen = {"collections_before_freeze": 0}

    def execute_in_process(self, **_kwargs):
        seen["enabled_for_the_job"] = gc.isenabled()
        seen["frozen"] = gc.get_freeze_count()
        return SimpleNamespace(get_asset_check_evaluations=lambda: [], success=True, run_id="test-run")

    def count(phase, _info):
        if phase == "start" and gc.get_freeze_count() == 0:
            seen["collections_before_freeze"] += 1

    dg.JobDefinition.execute_in_process = execute_in_process
    gc.collect()
    gc.callbacks.append(count)
    sys.argv = ["python -m assets", "run"]
    try:
        runpy.run_module("assets", run_name="__main__", alter_sys=True)
    finally:
        out.write_text(json.dumps(seen))
    """
)


def test_start_up_collects_nothing_and_the_job_runs_with_the_collector_on(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"},  # no DAGSTER_HOME: an ephemeral instance
        "OGI_RAW_DIR": str(tmp_path / "raw"),
        "OGI_WAREHOUSE": str(tmp_path / "wh" / "ogi.duckdb"),
        "OGI_WORKERS": "1",
    }
    out = tmp_path / "seen.json"
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(out)], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "run test-run succeeded" in result.stdout
    seen = json.loads(out.read_text())
    assert seen["collections_before_freeze"] == 0  # the collector was off from the top of the module to the freeze
    assert seen["frozen"] > 100_000  # what start-up loaded, frozen before the job
    assert seen["enabled_for_the_job"]  # and the job's own garbage is collected again
