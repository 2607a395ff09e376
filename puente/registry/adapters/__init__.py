"""Registry adapters: storage, API, pages, CLI and file import/export."""
