"""When loads run: nightly, and whenever files in the raw folder are added, changed or removed."""

import hashlib
import os
from pathlib import Path

import dagster as dg

from assets.resources import PipelineSettings

reload_warehouse = dg.define_asset_job(
    "reload_warehouse",
    selection=dg.AssetSelection.all(),
    description="Scan the raw folder, process new or changed files, reload the warehouse, run every check, publish.",
)

nightly_reload = dg.ScheduleDefinition(
    name="nightly_reload",
    job=reload_warehouse,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Reload the warehouse every night at 02:00 China time.",
)


def raw_folder_state(raw_dir: Path) -> str:
    """A digest of every file's path, size and modification time: changes when a file is added, changed or removed."""
    digest = hashlib.sha256()
    for folder, dirnames, filenames in os.walk(raw_dir):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(folder) / name
            try:
                stat = path.stat()
            except OSError:
                continue
            digest.update(f"{path.relative_to(raw_dir)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dg.sensor(
    job=reload_warehouse,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts a reload when files in the raw folder are added, changed or removed.",
)
def raw_folder_changed(context: dg.SensorEvaluationContext, pipeline_settings: PipelineSettings):
    raw_dir = pipeline_settings.settings().raw_dir
    if not raw_dir.is_dir():
        return dg.SkipReason(f"raw folder {raw_dir} does not exist")
    state = raw_folder_state(raw_dir)
    if state == context.cursor:
        return dg.SkipReason("no file added, changed or removed")
    context.update_cursor(state)
    return dg.RunRequest(run_key=state)
