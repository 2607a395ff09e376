"""Identity adapters: Splink/DuckDB linkage, file input and output, command line."""
