"""How the reload job's steps are executed, and the job as a reconstructable target for executors that run
steps in other processes (multiprocess here; celery, k8s or dask on a cluster: see docs/scale-out.md).

`python -m assets run` executes in process (one process, one DuckDB writer, nothing to coordinate). The
multiprocess executor runs each step in its own process: the per-document stages still fan out to their own
worker pools, and steps that open the warehouse file must not overlap, which the instance's pool limit for
the `ogi_warehouse` pool guarantees (deploy/dagster.yaml: concurrency.pools.default_limit: 1).
"""

from __future__ import annotations

import dagster as dg

JOB_NAME = "reload_warehouse"


def reload_job() -> dg.JobDefinition:
    """The reload job, resolved from the code location's Definitions (the entry point child processes import)."""
    from assets.definitions import defs

    return defs.resolve_job_def(JOB_NAME)


def reconstructable_reload_job() -> dg.ReconstructableJob:
    return dg.reconstructable(reload_job)


def multiprocess_run_config(max_concurrent: int = 0) -> dict:
    """Run config selecting the multiprocess executor (0: as many concurrent steps as cores).

    Steps are forked from a server process that has already imported the code location, so each step starts in
    a fraction of a second instead of paying Dagster's and the pipeline's imports again.
    """
    return {
        "execution": {
            "config": {
                "multiprocess": {
                    "max_concurrent": max_concurrent,
                    "start_method": {"forkserver": {"preload_modules": ["assets.definitions"]}},
                }
            }
        }
    }
