"""Reading raw report files: finding them, decoding every format, cleaning and splitting into documents."""

from pipeline.ingest.discover import scan_raw_folder
from pipeline.ingest.read import read_file

__all__ = ["read_file", "scan_raw_folder"]
