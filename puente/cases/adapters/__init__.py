"""Adapters of the cases context: storage, API, pages and CLI."""
