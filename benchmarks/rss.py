"""Peak memory and CPU time of a process and all its descendants (pipeline workers included), sampled in a
background thread."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field

import psutil


@dataclass
class TreeTrace:
    samples: list[tuple[float, int, float]] = field(default_factory=list)  # (epoch s, summed RSS bytes, tree CPU s so far)
    load: list[float] = field(default_factory=list)  # 1-minute load average while sampling
    # (epoch s, {pid: RSS bytes}) per sample, and each pid's role: which process holds the memory, not only how much
    processes: list[tuple[float, dict[int, int]]] = field(default_factory=list)
    roles: dict[int, str] = field(default_factory=dict)

    def peak(self, start: float | None = None, end: float | None = None) -> int:
        window = [rss for t, rss, _ in self.samples if (start is None or t >= start) and (end is None or t <= end)]
        return max(window, default=0)

    def cpu_between(self, start: float, end: float) -> float:
        """CPU seconds the tree used between two instants (nearest samples)."""
        before = [cpu for t, _, cpu in self.samples if t <= start]
        after = [cpu for t, _, cpu in self.samples if t >= end]
        first = before[-1] if before else (self.samples[0][2] if self.samples else 0.0)
        last = after[0] if after else (self.samples[-1][2] if self.samples else 0.0)
        return max(0.0, last - first)

    def breakdown(self, start: float | None = None, end: float | None = None) -> dict[str, int]:
        """RSS by process role at the tree's peak within the window ('main', 'worker 1', ...)."""
        window = [(t, per) for t, per in self.processes if (start is None or t >= start) and (end is None or t <= end)]
        if not window:
            return {}
        _, per = max(window, key=lambda sample: sum(sample[1].values()))
        return {self.roles.get(pid, str(pid)): rss for pid, rss in sorted(per.items())}

    def role_peaks(self, start: float | None = None, end: float | None = None) -> dict[str, int]:
        """Each role's own highest RSS within the window (the peaks need not coincide)."""
        peaks: dict[str, int] = {}
        for t, per in self.processes:
            if (start is None or t >= start) and (end is None or t <= end):
                for pid, rss in per.items():
                    role = self.roles.get(pid, str(pid))
                    peaks[role] = max(peaks.get(role, 0), rss)
        return peaks

    @property
    def mean_load(self) -> float:
        return sum(self.load) / len(self.load) if self.load else 0.0


def tree_usage(root: psutil.Process, per_process: dict[int, int] | None = None) -> tuple[int, float]:
    """(RSS of root plus every live descendant, CPU seconds of the tree including reaped children); each
    process's RSS also goes to `per_process` (pid -> bytes) when given."""
    rss, cpu = 0, 0.0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0, 0.0
    for process in processes:
        try:
            with process.oneshot():
                process_rss = process.memory_info().rss
                rss += process_rss
                if per_process is not None:
                    per_process[process.pid] = process_rss
                times = process.cpu_times()
                cpu += times.user + times.system
                if process is root:
                    cpu += times.children_user + times.children_system
        except psutil.Error:
            continue
    return rss, cpu


class TreeSampler:
    """Samples tree_usage(pid) every `interval` seconds until stopped."""

    def __init__(self, pid: int, interval: float = 0.05, abort_above: int | None = None):
        self.root = psutil.Process(pid)
        self.interval = interval
        self.abort_above = abort_above  # bytes: kill the whole tree beyond this
        self.aborted = False
        self.trace = TreeTrace()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        last_load = 0.0
        while not self._stop.is_set():
            per_process: dict[int, int] = {}
            rss, cpu = tree_usage(self.root, per_process)
            if rss:
                now = time.time()
                self.trace.samples.append((now, rss, cpu))
                self.trace.processes.append((now, per_process))
                for pid in per_process:
                    if pid not in self.trace.roles:
                        self.trace.roles[pid] = self._role(pid)
            if self.abort_above and rss > self.abort_above and not self.aborted:
                self.aborted = True
                kill_tree(self.root)
            if time.time() - last_load > 1:
                self.trace.load.append(os.getloadavg()[0])
                last_load = time.time()
            self._stop.wait(self.interval)


    def _role(self, pid: int) -> str:
        if pid == self.root.pid:
            return "main"
        try:
            cmdline = " ".join(psutil.Process(pid).cmdline())
        except psutil.Error:
            cmdline = ""
        kind = "tracker" if "resource_tracker" in cmdline else "worker" if "multiprocessing" in cmdline else "child"
        number = sum(1 for role in self.trace.roles.values() if role.startswith(kind)) + 1
        return f"{kind} {number}"


def kill_tree(root: psutil.Process) -> None:
    """Kill a process and every descendant (the benchmark only ever calls this on the run it started)."""
    try:
        processes = [*root.children(recursive=True), root]
    except psutil.Error:
        return
    for process in processes:
        try:
            process.kill()
        except psutil.Error:
            continue
