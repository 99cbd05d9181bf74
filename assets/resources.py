"""Where the pipeline reads and writes, configured from the environment (OGI_RAW_DIR, OGI_WAREHOUSE, OGI_WORKERS)."""

from __future__ import annotations

import dagster as dg

from pipeline.config import Settings


class PipelineSettings(dg.ConfigurableResource):
    """Raw folder, warehouse file and worker count. Empty fields fall back to the OGI_* environment variables,
    then to data/raw and data/warehouse/ogi.duckdb (relative to the working directory)."""

    raw_dir: str = ""
    warehouse: str = ""
    workers: int = 0

    def settings(self) -> Settings:
        from_env = Settings.from_env()
        if not (self.raw_dir or self.warehouse or self.workers):
            return from_env
        return Settings.build(
            raw_dir=self.raw_dir or from_env.raw_dir,
            warehouse_path=self.warehouse or from_env.warehouse_path,
            workers=self.workers or from_env.workers,
        )
