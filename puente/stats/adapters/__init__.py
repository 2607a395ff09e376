"""Adapters of the statistics context: DuckDB store, file importers, charts, exporters, web, CLI."""
