"""Use cases of the per-person data keys: create on first use, rotate, and shred."""

from __future__ import annotations

import abc
from collections.abc import Callable
from uuid import UUID

from puente.access.domain.envelope import Keyring, WrappedKey, new_data_key, rewrap, unwrap, wrap


class PersonKeyStore(abc.ABC):
    """Where each person's wrapped data key lives; deleting it destroys their encrypted data."""

    @abc.abstractmethod
    def get(self, person_id: UUID) -> WrappedKey | None: ...

    @abc.abstractmethod
    def add(self, person_id: UUID, wrapped: WrappedKey) -> None: ...

    @abc.abstractmethod
    def replace(self, person_id: UUID, wrapped: WrappedKey) -> None: ...

    @abc.abstractmethod
    def delete(self, person_id: UUID) -> bool: ...

    @abc.abstractmethod
    def older_than(self, version: int, limit: int) -> list[tuple[UUID, WrappedKey]]: ...


class PersonKeyStoreSession(PersonKeyStore):
    """A key store that is also a transaction (used by the batch rotation job)."""

    @abc.abstractmethod
    def __enter__(self) -> PersonKeyStoreSession: ...

    @abc.abstractmethod
    def __exit__(self, *exc_info: object) -> None: ...

    @abc.abstractmethod
    def commit(self) -> None: ...


def owner_label(person_id: UUID) -> str:
    return f"person:{person_id}"


def data_key_for(store: PersonKeyStore, keyring: Keyring, person_id: UUID) -> bytes:
    """The person's data key, made and stored (wrapped) the first time it is needed."""
    wrapped = store.get(person_id)
    if wrapped is None:
        key = new_data_key()
        store.add(person_id, wrap(keyring, key, owner_label(person_id)))
        return key
    return unwrap(keyring, wrapped, owner_label(person_id))


def rewrap_all(
    store_factory: Callable[[], PersonKeyStoreSession],
    keyring: Keyring,
    batch: int = 1000,
    progress: Callable[[int], None] = lambda done: None,
) -> int:
    """Re-wrap every data key under the current key version, a batch per transaction.

    Readers keep working throughout: both versions stay in the keyring until this finishes.
    ``progress`` is told how many keys each committed batch re-wrapped.
    """
    done = 0
    while True:
        with store_factory() as store:
            older = store.older_than(keyring.current, batch)
            for person_id, wrapped in older:
                store.replace(person_id, rewrap(keyring, wrapped, owner_label(person_id)))
            store.commit()
        progress(len(older))
        done += len(older)
        if len(older) < batch:
            return done


def shred(store: PersonKeyStore, person_id: UUID) -> bool:
    """Crypto-shredding: without the data key every encrypted field of the person is noise."""
    return store.delete(person_id)
