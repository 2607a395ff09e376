"""Per-person wrapped data keys on SQL."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from puente.access.adapters.store.tables import person_keys
from puente.access.domain.envelope import WrappedKey
from puente.access.services.person_keys import PersonKeyStoreSession


class SqlPersonKeyStore(PersonKeyStoreSession):
    """Works inside a caller's connection, or opens its own transaction as a context manager."""

    def __init__(self, engine: Engine | None = None, connection: Connection | None = None) -> None:
        self._engine = engine
        self._connection = connection

    def __enter__(self) -> SqlPersonKeyStore:
        assert self._engine is not None
        self._connection = self._engine.connect()
        self._connection.begin()
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._connection is not None
        if self._connection.in_transaction():
            self._connection.rollback()
        self._connection.close()
        self._connection = None

    @property
    def connection(self) -> Connection:
        assert self._connection is not None
        return self._connection

    def commit(self) -> None:
        self.connection.commit()

    def get(self, person_id: UUID) -> WrappedKey | None:
        row = self.connection.execute(
            select(person_keys).where(person_keys.c.person_id == person_id)
        ).first()
        return WrappedKey(row.key_version, row.wrapped_key) if row else None

    def get_many(self, person_ids: Iterable[UUID]) -> dict[UUID, WrappedKey]:
        rows = self.connection.execute(
            select(person_keys).where(person_keys.c.person_id.in_(list(person_ids)))
        )
        return {r.person_id: WrappedKey(r.key_version, r.wrapped_key) for r in rows}

    def add(self, person_id: UUID, wrapped: WrappedKey) -> None:
        self.connection.execute(
            insert(person_keys),
            {
                "person_id": person_id,
                "key_version": wrapped.version,
                "wrapped_key": wrapped.ciphertext,
            },
        )

    def replace(self, person_id: UUID, wrapped: WrappedKey) -> None:
        self.connection.execute(
            update(person_keys)
            .where(person_keys.c.person_id == person_id)
            .values(key_version=wrapped.version, wrapped_key=wrapped.ciphertext)
        )

    def delete(self, person_id: UUID) -> bool:
        result = self.connection.execute(
            delete(person_keys).where(person_keys.c.person_id == person_id)
        )
        return result.rowcount == 1

    def count_older_than(self, version: int) -> int:
        query = select(func.count()).where(person_keys.c.key_version < version)
        return int(self.connection.scalar(query) or 0)

    def older_than(self, version: int, limit: int) -> list[tuple[UUID, WrappedKey]]:
        rows = self.connection.execute(
            select(person_keys)
            .where(person_keys.c.key_version < version)
            .order_by(person_keys.c.person_id)
            .limit(limit)
        ).all()
        return [(r.person_id, WrappedKey(r.key_version, r.wrapped_key)) for r in rows]
