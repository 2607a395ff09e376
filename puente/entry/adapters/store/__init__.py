"""The entry context's SQL storage: tables, repositories and the unit of work."""
