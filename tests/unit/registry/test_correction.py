"""Corrections change only what is given, keep who/when/why, and are idempotent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial
from uuid import uuid4

import pytest

from puente.registry.domain.model import Person
from puente.registry.services.correction import correct_person
from puente.registry.services.registration import register
from puente.shared.errors import IdempotencyConflict, InvalidInput, NotFound, StaleVersion
from tests.unit.registry.factories import OWNER, correction, member, register_command
from tests.unit.registry.fakes import FakeUnitOfWork, InMemoryStore

NOW = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


def _registered(store: InMemoryStore) -> Person:
    command = register_command(
        [member(address={"country": "MX", "line1": "Calle 5", "city": "Matamoros"})]
    )
    return register(partial(FakeUnitOfWork, store), command, NOW, OWNER).group.persons[0]


def test_a_correction_changes_only_the_given_fields(store: InMemoryStore) -> None:
    person = _registered(store)
    result = correct_person(
        partial(FakeUnitOfWork, store),
        person.id,
        correction(second_surname="Hernandes", expected_version=1),
        NOW,
    )
    assert set(result.changes) == {"second_surname", "name_as_written"}
    assert result.changes["second_surname"] == {"old": "Hernández", "new": "Hernandes"}
    stored = store.persons[person.id]
    assert stored.name.given_names == "María José" and stored.version == 2
    assert result.corrected_by == "caseworker 7" and result.corrected_at == NOW


def test_a_new_address_keeps_the_old_one_in_the_history(store: InMemoryStore) -> None:
    person = _registered(store)
    later = NOW + timedelta(days=30)
    correct_person(
        partial(FakeUnitOfWork, store),
        person.id,
        correction(
            address={"country": "US", "line1": "1 Main St", "city": "Houston", "state": "TX"}
        ),
        later,
    )
    stored = store.persons[person.id]
    assert [a.city for a in stored.addresses] == ["Matamoros", "Houston"]
    assert stored.addresses[0].valid_to == later
    assert stored.current_address is not None and stored.current_address.city == "Houston"


def test_the_same_correction_twice_is_applied_once(store: InMemoryStore) -> None:
    person = _registered(store)
    command = correction(sex="unspecified")
    first = correct_person(partial(FakeUnitOfWork, store), person.id, command, NOW)
    second = correct_person(partial(FakeUnitOfWork, store), person.id, command, NOW)
    assert first == second and len(store.corrections) == 1
    assert store.persons[person.id].version == 2
    with pytest.raises(IdempotencyConflict):
        correct_person(
            partial(FakeUnitOfWork, store),
            person.id,
            command.model_copy(update={"reason": "other"}),
            NOW,
        )


def test_a_stale_version_is_refused(store: InMemoryStore) -> None:
    person = _registered(store)
    correct_person(partial(FakeUnitOfWork, store), person.id, correction(sex="male"), NOW)
    with pytest.raises(StaleVersion):
        correct_person(
            partial(FakeUnitOfWork, store),
            person.id,
            correction(sex="female", expected_version=1),
            NOW,
        )


def test_bad_corrections_name_every_field(store: InMemoryStore) -> None:
    person = _registered(store)
    with pytest.raises(InvalidInput) as error:
        correct_person(
            partial(FakeUnitOfWork, store),
            person.id,
            correction(given_names="", phones=["1"], birth_date="1990-02-30"),
            NOW,
        )
    assert {p.field for p in error.value.problems} == {"given_names", "phones.0", "birth_date"}
    assert store.persons[person.id].version == 1


def test_an_unknown_person_is_not_found(store: InMemoryStore) -> None:
    with pytest.raises(NotFound):
        correct_person(partial(FakeUnitOfWork, store), uuid4(), correction(sex="male"), NOW)
