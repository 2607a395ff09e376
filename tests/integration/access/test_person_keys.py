"""Per-person data keys on both engines: created once, rotated without downtime, shredded."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from functools import partial

import pytest
from sqlalchemy import Engine

from puente.access.adapters.store.key_store import SqlPersonKeyStore
from puente.access.domain.envelope import Keyring, UndecryptableError, decrypt_field, encrypt_field
from puente.access.services.person_keys import data_key_for, rewrap_all, shred
from puente.registry.adapters.store.unit_of_work import SqlRegistryUnitOfWork
from puente.registry.services.registration import register
from tests.support.callers import stored_organisation
from tests.unit.registry.factories import register_command

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
KEYRING = Keyring({1: os.urandom(32)}, 1, os.urandom(32))


def _people(engine: Engine, count: int) -> list:  # type: ignore[type-arg]
    uow = partial(SqlRegistryUnitOfWork, engine, KEYRING)
    owner = stored_organisation(engine).id
    return [register(uow, register_command(), NOW, owner).group.persons[0].id for _ in range(count)]


def test_rotation_re_wraps_every_key_and_old_ciphertexts_stay_readable(engine: Engine) -> None:
    people = _people(engine, 7)
    sealed = {}
    with SqlPersonKeyStore(engine) as store:
        for person in people:
            sealed[person] = encrypt_field(
                data_key_for(store, KEYRING, person), "A012345678", "documents.number"
            )
        store.commit()
    rotated = KEYRING.with_new_version(os.urandom(32))
    # Mid-rotation: keys under either version still open.
    assert rewrap_all(partial(SqlPersonKeyStore, engine), rotated, batch=3) == 7
    with SqlPersonKeyStore(engine) as store:
        assert store.older_than(rotated.current, 100) == []
        for person in people:
            key = data_key_for(store, rotated, person)
            assert decrypt_field(key, sealed[person], "documents.number") == "A012345678"


def test_shredding_a_key_makes_the_data_unreadable(engine: Engine) -> None:
    (person,) = _people(engine, 1)
    with SqlPersonKeyStore(engine) as store:
        sealed = encrypt_field(data_key_for(store, KEYRING, person), "+526641234567", "phones")
        assert shred(store, person)
        store.commit()
    with SqlPersonKeyStore(engine) as store, pytest.raises(UndecryptableError):
        decrypt_field(data_key_for(store, KEYRING, person), sealed, "phones")
