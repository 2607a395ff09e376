"""Use case: correct a person's details, keeping every change with who, when and why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from puente.registry.domain.model import Person
from puente.registry.services.commands import CorrectPersonCommand
from puente.registry.services.person_builder import (
    ProblemCollector,
    build_address,
    build_aliases,
    build_birth_date,
    build_documents,
    build_languages,
    build_name,
    build_nationalities,
    build_phones,
)
from puente.registry.services.unit_of_work import (
    PersonCorrection,
    RegistryUnitOfWork,
)
from puente.shared.errors import IdempotencyConflict, NotFound, StaleVersion
from puente.shared.unit_of_work import DuplicateRequestId

NAME_FIELDS = ("given_names", "first_surname", "second_surname", "name_as_written")


def _snapshot(person: Person) -> dict[str, Any]:
    """The person's correctable details as plain JSON values, for the change history."""
    return {
        "given_names": person.name.given_names,
        "first_surname": person.name.first_surname,
        "second_surname": person.name.second_surname,
        "name_as_written": person.name.as_written,
        "sex": person.sex.value,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "birth_precision": person.birth_date.precision.value if person.birth_date else None,
        "nationalities": list(person.nationalities),
        "languages": list(person.languages),
        "phones": list(person.phones),
        "aliases": [{"text": a.text, "kind": a.kind.value} for a in person.aliases],
        "documents": [
            {
                **asdict(d),
                "kind": d.kind.value,
                "expires_on": d.expires_on.isoformat() if d.expires_on else None,
            }
            for d in person.documents
        ],
        "address": _address_json(person),
    }


def _address_json(person: Person) -> dict[str, Any] | None:
    address = person.current_address
    if address is None:
        return None
    return {
        "country": address.country,
        "line1": address.line1,
        "city": address.city,
        "state": address.state,
        "postal_code": address.postal_code,
    }


def apply_correction(person: Person, command: CorrectPersonCommand, now: datetime) -> Person:
    """The person as the command would leave it; every bad field is reported at once."""
    given = command.model_fields_set
    collector = ProblemCollector()
    updated = replace(person)
    if given & set(NAME_FIELDS):
        current = person.name
        name = collector.check(
            "",
            lambda: build_name(
                command.given_names if "given_names" in given else current.given_names,
                command.first_surname if "first_surname" in given else current.first_surname,
                command.second_surname if "second_surname" in given else current.second_surname,
                command.name_as_written if "name_as_written" in given else None,
            ),
        )
        if name is not None:
            updated.name = name
    if command.sex is not None:
        updated.sex = command.sex
    if given & {"birth_date", "estimated_age"}:
        updated.birth_date = collector.check(
            "", lambda: build_birth_date(command.birth_date, command.estimated_age, now)
        )
    if command.nationalities is not None:
        updated.nationalities = build_nationalities(collector, command.nationalities)
    if command.languages is not None:
        updated.languages = build_languages(collector, command.languages)
    if command.phones is not None:
        updated.phones = build_phones(collector, command.phones)
    if command.aliases is not None:
        updated.aliases = build_aliases(collector, command.aliases)
    if command.documents is not None:
        updated.documents = build_documents(collector, command.documents)
    if command.address is not None:
        address = build_address(collector, command.address, now)
        if address is not None:
            updated.move_to(address)
    collector.raise_if_any()
    return updated


def correct_person(
    uow_factory: Callable[[], RegistryUnitOfWork],
    person_id: UUID,
    command: CorrectPersonCommand,
    now: datetime,
) -> PersonCorrection:
    """Apply and record a correction; the same request id again returns the first correction."""
    with uow_factory() as uow:
        existing = uow.registry.correction_by_request_id(command.request_id)
        if existing:
            return _replay(existing, command, person_id)
        person = uow.registry.get_person(person_id)
        if person is None:
            raise NotFound("person", person_id)
        if command.expected_version is not None and command.expected_version != person.version:
            raise StaleVersion("person", person.version)
        updated = apply_correction(person, command, now)
        before, after = _snapshot(person), _snapshot(updated)
        changes = {
            field: {"old": before[field], "new": after[field]}
            for field in before
            if before[field] != after[field]
        }
        updated.version = person.version + 1 if changes else person.version
        correction = PersonCorrection(
            id=uuid4(),
            person_id=person_id,
            request_id=command.request_id,
            payload_digest=command.digest(),
            corrected_at=now,
            corrected_by=command.corrected_by.strip(),
            reason=command.reason.strip(),
            changes=changes,
        )
        try:
            uow.registry.save_corrected_person(updated, correction)
            uow.commit()
        except DuplicateRequestId:
            uow.rollback()
        else:
            return correction
    with uow_factory() as uow:
        winner = uow.registry.correction_by_request_id(command.request_id)
        assert winner is not None, "a duplicate request id must be readable after the conflict"
        return _replay(winner, command, person_id)


def _replay(
    existing: PersonCorrection, command: CorrectPersonCommand, person_id: UUID
) -> PersonCorrection:
    if existing.payload_digest != command.digest() or existing.person_id != person_id:
        raise IdempotencyConflict(command.request_id)
    return existing
