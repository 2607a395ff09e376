"""Shelter adapters: SQL store, API and pages."""
