"""Reading raw report files: finding them, decoding every format, cleaning and splitting into documents.

The entry points are imported lazily: pipeline.clean uses helper modules of this package, and
pipeline.ingest.read uses pipeline.clean, so an eager import here would be circular.
"""

from __future__ import annotations

from typing import Any

__all__ = ["read_file", "scan_raw_folder"]


def __getattr__(name: str) -> Any:
    if name == "read_file":
        from pipeline.ingest.read import read_file

        return read_file
    if name == "scan_raw_folder":
        from pipeline.ingest.discover import scan_raw_folder

        return scan_raw_folder
    raise AttributeError(name)
