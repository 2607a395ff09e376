"""SQL storage of the registry (SQLAlchemy Core tables and repository)."""
