"""A store with every shared public file imported once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from puente.settings import load_settings
from puente.stats.adapters.sources import SHARED_SOURCES, parser_for
from puente.stats.adapters.store import open_store
from puente.stats.services.imports import import_release


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return load_settings().shared_data_dir


@pytest.fixture(scope="session")
def imported_store(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    path = tmp_path_factory.mktemp("stats") / "analytics.duckdb"
    with open_store(path) as store:
        for kind, relative in SHARED_SOURCES:
            source = shared_data / relative
            import_release(store, parser_for(kind, store.connection, source), source)
    return path
