"""The DuckDB warehouse: contract schema, loading, publishing the analysts' copy, integrity checks."""
