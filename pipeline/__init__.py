"""ogi-warehouse engine: plain Python that turns raw report files into warehouse tables.

No Dagster import anywhere in this package; the Dagster layer lives in `assets/`.
"""

__version__ = "0.1.0"
