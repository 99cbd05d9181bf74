"""Publish the read-only copy analysts and the UI open, replaced atomically at the end of a run."""

from __future__ import annotations

import os
import struct
import uuid
from pathlib import Path

from pipeline.warehouse.build import connection_loaded_at, remember_loaded_at
from pipeline.warehouse.connect import connect

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
# Open-file-description locks (Linux): unlike lockf's, they conflict with a DuckDB connection of this very
# process, and closing another descriptor of the file does not release them. Without them every publish writes
# a whole new copy.
_OFD_SETLK = getattr(fcntl, "F_OFD_SETLK", None)

_BLOCK = 16 * 1024 * 1024
_COMPARED_BLOCK = 256 * 1024  # DuckDB's block size: a load rewrites the blocks of what it changed, in place or appended


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def spare_path(analytics_path: Path) -> Path:
    """The copy the last publish replaced, kept to become the next one (see publish_analytics_copy)."""
    return analytics_path.with_name(f".{analytics_path.stem}.spare{analytics_path.suffix}")


def _copy_file(source: Path, target: Path, sync: bool = True) -> None:
    """Byte copy, flushed to disk before it is renamed into place (a crash never leaves half a copy published)."""
    with open(source, "rb") as src, open(target, "wb") as dst:
        while block := src.read(_BLOCK):
            dst.write(block)
        if sync:
            dst.flush()
            os.fsync(dst.fileno())


def _unread_spare(spare: Path) -> int | None:
    """The spare opened for writing and locked, or None when it cannot be reused: absent, or still open in a
    reader (a DuckDB connection holds a shared lock on its file for as long as it is open: an analyst who opened
    the copy before the last publish still reads this very file). While locked, DuckDB cannot open it either."""
    if _OFD_SETLK is None:
        return None
    try:
        fd = os.open(spare, os.O_RDWR)
    except OSError:
        return None
    try:
        fcntl.fcntl(fd, _OFD_SETLK, struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0))  # struct flock
    except OSError:
        os.close(fd)
        return None
    return fd


def _update_in_place(source: Path, fd: int) -> int:
    """Make the file open at `fd` byte for byte `source`, writing only the blocks that differ, then flush it to
    disk. Returns the bytes written. A reload of 1% of the reports changes ~5% of a 160 MB warehouse's blocks:
    comparing reads both files, mostly from the page cache, instead of writing and syncing 160 MB."""
    written = 0
    offset = 0
    with open(source, "rb") as src:
        while block := src.read(_COMPARED_BLOCK):
            if os.pread(fd, len(block), offset) != block:
                os.pwrite(fd, block, offset)
                written += len(block)
            offset += len(block)
    os.ftruncate(fd, offset)
    os.fsync(fd)
    return written


def _keep_as_spare(analytics_path: Path, spare: Path) -> None:
    """Hard-link the copy about to be replaced as the spare (readers that have it open keep reading it)."""
    spare.unlink(missing_ok=True)
    if analytics_path.exists():
        try:
            os.link(analytics_path, spare)
        except OSError:  # a file system without hard links: every publish writes a whole copy
            pass


def publish_analytics_copy(warehouse_path: Path, analytics_path: Path) -> Path:
    """Make a copy of the warehouse in a new file, then rename it over the published copy.

    The warehouse file holds every committed table once no write-ahead log sits beside it (the writer
    checkpoints when it closes; a log left by a crash is checkpointed first), so the copy is the file itself,
    taken while a read-only connection holds the file's shared lock (no writer can start meanwhile) — instead of
    rewriting every table with COPY FROM DATABASE (still used if a log shows up).

    The copy this publish replaces stays on disk as the spare (spare_path, hidden beside the copy; the first
    publish makes one). Once no reader has it open any more, the next publish makes the new copy out of it: only
    the blocks the loads since have changed are written (a top-up of 1%: ~10-20 of 160 MB). Without a spare, or
    while a reader still holds it, the copy is written whole. Either way the copy is synced to disk before it is renamed into place: a crash
    never leaves half a copy published.

    Readers that have the old copy open keep reading it (POSIX keeps the old inode); new readers see the new
    load in full, never half of it.
    """
    analytics_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = analytics_path.with_name(f".{analytics_path.stem}.{uuid.uuid4().hex}.tmp.duckdb")
    spare = spare_path(analytics_path)
    try:
        if _wal(warehouse_path).exists():
            with connect(warehouse_path) as conn:
                conn.execute("CHECKPOINT")
        with connect(warehouse_path, read_only=True) as conn:
            if _wal(warehouse_path).exists():
                source = conn.execute("SELECT current_database()").fetchone()[0]
                conn.execute(f"ATTACH '{tmp}' AS snapshot (READ_WRITE)")
                conn.execute(f'COPY FROM DATABASE "{source}" TO snapshot')
                conn.execute("DETACH snapshot")
            elif (fd := _unread_spare(spare)) is not None:
                try:
                    os.rename(spare, tmp)  # still locked by us: no one can open it meanwhile, by either name
                    _update_in_place(warehouse_path, fd)
                finally:
                    os.close(fd)
            else:
                _copy_file(warehouse_path, tmp)
        with connect(tmp, read_only=True) as copy:  # a copy that does not open is never published
            published = connection_loaded_at(copy)
        first = not analytics_path.exists()
        _keep_as_spare(analytics_path, spare)
        os.replace(tmp, analytics_path)
        remember_loaded_at(analytics_path, published)  # a rename keeps the file's inode and times
        if first:
            # No copy was replaced, so there is no spare: one is made now, so that the next publish (a reload's,
            # when this is the first load's) writes only what changed. Not synced: whatever of it reaches the
            # disk, the next publish compares every block with the warehouse and syncs what it writes.
            _copy_file(analytics_path, tmp, sync=False)
            os.replace(tmp, spare)
    finally:
        for leftover in (tmp, _wal(tmp)):
            leftover.unlink(missing_ok=True)
    return analytics_path
