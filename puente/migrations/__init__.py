"""Alembic migrations for every context's tables."""
