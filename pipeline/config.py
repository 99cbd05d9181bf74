"""Where the pipeline reads and writes, from the environment with defaults relative to the project root.

OGI_RAW_DIR      folder of raw report files (default data/raw)
OGI_WAREHOUSE    the DuckDB file the pipeline writes (default data/warehouse/ogi.duckdb)
OGI_WORKERS      processes for per-document work (default: number of CPU cores)

Derived, next to the warehouse file <name>.duckdb:
<name>_analytics.duckdb   the read-only copy analysts and the UI open
<name>_lake/              the Parquet lake of intermediate results (and the per-document cache)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RAW_DIR = "data/raw"
DEFAULT_WAREHOUSE = "data/warehouse/ogi.duckdb"


def _absolute(path: str | os.PathLike[str], base: Path) -> Path:
    path = Path(path).expanduser()
    return path if path.is_absolute() else (base / path)


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse_path: Path
    workers: int

    @property
    def analytics_path(self) -> Path:
        return self.warehouse_path.with_name(f"{self.warehouse_path.stem}_analytics.duckdb")

    @property
    def lake_dir(self) -> Path:
        return self.warehouse_path.with_name(f"{self.warehouse_path.stem}_lake")

    @classmethod
    def from_env(cls, base: Path | None = None) -> Settings:
        """Read OGI_* variables; relative paths resolve against `base` (default: the current directory)."""
        base = base or Path.cwd()
        return cls.build(
            raw_dir=os.environ.get("OGI_RAW_DIR") or DEFAULT_RAW_DIR,
            warehouse_path=os.environ.get("OGI_WAREHOUSE") or DEFAULT_WAREHOUSE,
            workers=int(os.environ.get("OGI_WORKERS") or 0),
            base=base,
        )

    @classmethod
    def build(
        cls,
        raw_dir: str | os.PathLike[str],
        warehouse_path: str | os.PathLike[str],
        workers: int = 0,
        base: Path | None = None,
    ) -> Settings:
        base = base or Path.cwd()
        return cls(
            raw_dir=_absolute(raw_dir, base).resolve(),
            warehouse_path=_absolute(warehouse_path, base).resolve(),
            workers=workers if workers > 0 else (os.cpu_count() or 1),
        )
