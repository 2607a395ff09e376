"""Every context's tables on the one shared metadata: what migrations must create."""

from __future__ import annotations

from sqlalchemy import MetaData

from puente.shared.db import metadata


def all_tables() -> MetaData:
    # Importing a tables module registers its tables on the shared metadata; add contexts here.
    import puente.access.adapters.store.tables
    import puente.cases.adapters.store.tables
    import puente.children.adapters.store.tables
    import puente.entry.adapters.store.tables
    import puente.identity.adapters.store.tables
    import puente.registry.adapters.store.tables
    import puente.shelters.adapters.store.tables  # noqa: F401

    return metadata
