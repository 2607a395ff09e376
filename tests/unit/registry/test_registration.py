"""Registering people and families: idempotent, complete errors, families kept together."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from puente.registry.domain.birth import BirthPrecision
from puente.registry.domain.model import Relationship, Vulnerability
from puente.registry.services.registration import register
from puente.shared.errors import IdempotencyConflict, InvalidInput, WinnerUnreadable
from puente.shared.unit_of_work import DuplicateRequestId
from tests.unit.registry.factories import OWNER, family_command, member, register_command
from tests.unit.registry.fakes import FakeRegistryRepository, FakeUnitOfWork, InMemoryStore

NOW = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


def test_a_person_is_registered(store: InMemoryStore) -> None:
    outcome = register(partial(FakeUnitOfWork, store), register_command(), NOW, OWNER)
    assert outcome.created
    person = outcome.group.persons[0]
    assert person.name.as_written == "María José de la Cruz Hernández"
    assert person.phones == ("+526641234567",)
    assert outcome.group.family is None
    assert outcome.group.registration.timezone == "America/Tijuana"
    assert store.commits == 1


def test_a_family_is_one_registration_with_one_head(store: InMemoryStore) -> None:
    outcome = register(partial(FakeUnitOfWork, store), family_command(), NOW, OWNER)
    family = outcome.group.family
    assert family is not None
    assert [m.relationship for m in family.members] == [Relationship.HEAD, Relationship.CHILD]
    assert family.label == "de la Cruz Hernández (María José)"
    child = outcome.group.persons[1]
    assert child.birth_date is not None
    assert child.birth_date.precision is BirthPrecision.ESTIMATED_AGE
    head = outcome.group.persons[0]
    assert outcome.group.registration.vulnerabilities == {
        head.id: frozenset({Vulnerability.SINGLE_CAREGIVER})
    }


def test_the_same_request_twice_registers_once(store: InMemoryStore) -> None:
    command = family_command()
    first = register(partial(FakeUnitOfWork, store), command, NOW, OWNER)
    second = register(partial(FakeUnitOfWork, store), command, NOW, OWNER)
    assert not second.created
    assert second.group.registration.id == first.group.registration.id
    assert len(store.persons) == 2 and store.commits == 1


def test_a_request_id_reused_for_other_data_is_refused(store: InMemoryStore) -> None:
    command = register_command()
    register(partial(FakeUnitOfWork, store), command, NOW, OWNER)
    changed = command.model_copy(update={"location": "Reynosa"})
    with pytest.raises(IdempotencyConflict):
        register(partial(FakeUnitOfWork, store), changed, NOW, OWNER)


def test_a_concurrent_duplicate_returns_the_winner(
    store: InMemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = register_command()
    winner = register(partial(FakeUnitOfWork, store), command, NOW, OWNER)

    # Simulate the race: another request stored the same id just before this insert.
    def duplicate(self: FakeRegistryRepository, *args: object) -> None:
        raise DuplicateRequestId(command.request_id)

    monkeypatch.setattr(FakeRegistryRepository, "add_registration", duplicate)
    outcome = register(partial(FakeUnitOfWork, store), command, NOW, OWNER)
    assert not outcome.created
    assert outcome.group.registration.id == winner.group.registration.id


def test_every_bad_field_is_named_with_its_member(store: InMemoryStore) -> None:
    command = register_command(
        [
            member(relationship="head"),
            member(
                relationship="child", birth_date="2019-02-30", phones=["12"], nationalities=["ZZ"]
            ),
        ]
    )
    with pytest.raises(InvalidInput) as error:
        register(partial(FakeUnitOfWork, store), command, NOW, OWNER)
    assert {p.field for p in error.value.problems} == {
        "members.1.birth_date",
        "members.1.phones.0",
        "members.1.nationalities.0",
    }
    assert store.commits == 0


def test_family_members_need_a_relationship_and_one_head(store: InMemoryStore) -> None:
    missing = register_command([member(relationship="head"), member()])
    with pytest.raises(InvalidInput) as error:
        register(partial(FakeUnitOfWork, store), missing, NOW, OWNER)
    assert error.value.problems[0].field == "members.1.relationship"
    two_heads = register_command([member(relationship="head"), member(relationship="head")])
    with pytest.raises(InvalidInput, match="exactly one head"):
        register(partial(FakeUnitOfWork, store), two_heads, NOW, OWNER)


def test_an_unknown_timezone_is_refused(store: InMemoryStore) -> None:
    with pytest.raises(InvalidInput) as error:
        register(
            partial(FakeUnitOfWork, store),
            register_command(location="Ciudad Acuña", timezone="Mars/Olympus"),
            NOW,
            OWNER,
        )
    assert error.value.problems[0].field == "timezone"


def test_an_age_is_measured_from_the_registration_date(store: InMemoryStore) -> None:
    then = datetime(2021, 3, 1, 12, 0, tzinfo=UTC)
    command = register_command([member(birth_date=None, estimated_age=30)], registered_at=then)
    outcome = register(partial(FakeUnitOfWork, store), command, NOW, OWNER)
    birth = outcome.group.persons[0].birth_date
    assert birth is not None and birth.year == 1991


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=5), min_size=1, max_size=25))
def test_repeated_submissions_never_duplicate(sequence: list[int]) -> None:
    store = InMemoryStore()
    commands = [family_command() for _ in range(6)]
    for index in sequence:
        register(partial(FakeUnitOfWork, store), commands[index], NOW, OWNER)
    assert len(store.registrations) == len(set(sequence))
    assert len(store.persons) == 2 * len(set(sequence))


def test_a_duplicate_whose_winner_cannot_be_read_asks_for_a_retry(
    store: InMemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The race lost, but the winner was rolled back before it could be read: nothing is stored.
    def duplicate(self: FakeRegistryRepository, *args: object) -> None:
        raise DuplicateRequestId("any")

    monkeypatch.setattr(FakeRegistryRepository, "add_registration", duplicate)
    with pytest.raises(WinnerUnreadable):
        register(partial(FakeUnitOfWork, store), register_command(), NOW, OWNER)
    assert store.commits == 0
