"""The children's stores: SQL tables, repository and unit of work; the HHS series in DuckDB."""
