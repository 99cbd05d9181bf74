"""One `python -m assets run` (what `make run` executes) in a subprocess, measured: wall time, the Dagster step
timings from the run's event log, and the memory of the whole process tree over time."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import resource

from benchmarks.rss import TreeSampler, TreeTrace

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RUN_LINE = re.compile(r"run ([0-9a-f-]{36}) (succeeded|failed)")
# Asset steps in pipeline order, with the stage each one is.
STAGES = [
    ("raw_documents", "scan"),
    ("cleaned_documents", "ingest (decode, clean, split)"),
    ("report_identity", "identity"),
    ("extracted_values", "extract"),
    ("warehouse_tables", "warehouse load"),
    ("quality_findings", "quality checks"),
    ("analytics_copy", "publish"),
]


@dataclass
class Step:
    key: str
    start: float
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start


@dataclass
class RunMeasure:
    label: str
    wall: float
    started: float
    success: bool
    run_id: str | None
    steps: list[Step] = field(default_factory=list)
    rss: TreeTrace = field(default_factory=TreeTrace)
    output_tail: str = ""
    cpu: float = 0.0  # CPU seconds of the whole process tree (user + system)
    run_start: float | None = None  # the run's first and last event: the rest of the wall is start-up and exit
    run_end: float | None = None

    def step(self, key: str) -> Step | None:
        return next((s for s in self.steps if s.key == key), None)

    def check_steps(self) -> list[Step]:
        assets = {key for key, _ in STAGES}
        return [s for s in self.steps if s.key not in assets]


def run_pipeline(label: str, env: dict[str, str], code: Path = PROJECT_ROOT, abort_above: int | None = None) -> RunMeasure:
    """Run the reload_warehouse job as `make run` does (from the code in `code`), sampling the tree's memory.

    With `abort_above` (bytes), the whole process tree is killed once it holds more: on a shared machine a
    run that blows far past its memory target must not take the machine down with it."""
    started = time.time()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(
        [sys.executable, "-m", "assets", "run"],
        cwd=code,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    with TreeSampler(process.pid, abort_above=abort_above) as sampler:
        output, _ = process.communicate()
    wall = time.time() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    match = RUN_LINE.search(output)
    run_id = match.group(1) if match else None
    measure = RunMeasure(label, wall, started, process.returncode == 0, run_id, rss=sampler.trace, output_tail=output[-3000:])
    measure.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if sampler.aborted:
        measure.success = False
        measure.output_tail += f"\n[benchmark] aborted: the process tree went above {abort_above / 1024**3:.1f} GB"
    if run_id:
        measure.steps, measure.run_start, measure.run_end = step_timings(Path(env["DAGSTER_HOME"]), run_id)
    return measure


def step_timings(dagster_home: Path, run_id: str) -> tuple[list[Step], float | None, float | None]:
    """Start and end of every step of the run, and of the run itself, from the instance's event log."""
    import dagster as dg
    from dagster._core.instance.ref import InstanceRef

    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(dagster_home))) as instance:
        starts: dict[str, float] = {}
        steps: list[Step] = []
        entries = instance.all_logs(run_id)
        for entry in entries:
            event = entry.dagster_event
            if event is None or event.step_key is None:
                continue
            if event.event_type == dg.DagsterEventType.STEP_START:
                starts[event.step_key] = entry.timestamp
            elif event.event_type in (dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE) and event.step_key in starts:
                steps.append(Step(event.step_key, starts[event.step_key], entry.timestamp))
    if not entries:
        return steps, None, None
    return steps, entries[0].timestamp, entries[-1].timestamp
