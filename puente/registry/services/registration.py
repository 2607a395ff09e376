"""Use case: register a person or a family group, once per client request id."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from puente.registry.domain.codes import language_code
from puente.registry.domain.model import (
    FamilyGroup,
    FamilyMember,
    Person,
    Registration,
    Relationship,
)
from puente.registry.services.commands import MemberInput, RegisterCommand
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
    RegisteredGroup,
    RegistryUnitOfWork,
)
from puente.shared.errors import IdempotencyConflict, InvalidInput, WinnerUnreadable
from puente.shared.unit_of_work import DuplicateRequestId

# Registration points in Mexican border cities and their clocks; other places give a timezone.
BORDER_CITY_TIMEZONES = {
    "tijuana": "America/Tijuana",
    "mexicali": "America/Tijuana",
    "nogales": "America/Hermosillo",
    "ciudad juárez": "America/Ciudad_Juarez",
    "ciudad juarez": "America/Ciudad_Juarez",
    "piedras negras": "America/Matamoros",
    "nuevo laredo": "America/Matamoros",
    "reynosa": "America/Matamoros",
    "matamoros": "America/Matamoros",
    "monterrey": "America/Monterrey",
    "ciudad de méxico": "America/Mexico_City",
}


@dataclass(frozen=True)
class RegistrationOutcome:
    group: RegisteredGroup
    created: bool


def build_member(
    member: MemberInput, now: datetime, owner_id: UUID, collector: ProblemCollector, prefix: str
) -> Person | None:
    before = len(collector.problems)
    name = collector.check(
        prefix,
        lambda: build_name(
            member.given_names, member.first_surname, member.second_surname, member.name_as_written
        ),
    )
    birth = collector.check(
        prefix, lambda: build_birth_date(member.birth_date, member.estimated_age, now)
    )
    inner = ProblemCollector()
    nationalities = build_nationalities(inner, member.nationalities)
    languages = build_languages(inner, member.languages)
    phones = build_phones(inner, member.phones)
    aliases = build_aliases(inner, member.aliases)
    documents = build_documents(inner, member.documents)
    address = build_address(inner, member.address, now) if member.address else None
    collector.problems.extend(InvalidInput(inner.problems).nested(prefix).problems)
    if len(collector.problems) > before or name is None:
        return None
    return Person(
        id=uuid4(),
        name=name,
        sex=member.sex,
        birth_date=birth,
        nationalities=nationalities,
        languages=languages,
        owner_id=owner_id,
        phones=phones,
        aliases=aliases,
        documents=documents,
        addresses=(address,) if address else (),
        created_at=now,
    )


def _timezone_for(command: RegisterCommand) -> str:
    name = command.timezone or BORDER_CITY_TIMEZONES.get(command.location.strip().lower(), "UTC")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput.single("timezone", f"{name!r} is not an IANA time zone") from None
    return name


def _family(
    command: RegisterCommand, persons: list[Person], now: datetime, owner_id: UUID
) -> FamilyGroup | None:
    if len(persons) == 1:
        return None
    missing = [i for i, m in enumerate(command.members) if m.relationship is None]
    if missing:
        raise InvalidInput.single(
            f"members.{missing[0]}.relationship", "is required for every member of a family group"
        )
    members = tuple(
        FamilyMember(p.id, m.relationship or Relationship.OTHER)
        for p, m in zip(persons, command.members, strict=True)
    )
    head = next(
        (p for p, m in zip(persons, members, strict=True) if m.relationship is Relationship.HEAD),
        persons[0],
    )
    label = command.family_label or f"{head.name.surnames} ({head.name.given_names})"
    return FamilyGroup(uuid4(), owner_id, label.strip(), members, created_at=now)


def _build_group(command: RegisterCommand, now: datetime, owner_id: UUID) -> RegisteredGroup:
    collector = ProblemCollector()
    timezone = collector.check("", lambda: _timezone_for(command))
    language = collector.check("", lambda: language_code(command.language, "language"))
    # An age is stated at registration time, so it is measured from the registration date.
    stated_at = command.registered_at or now
    built = [
        build_member(m, stated_at, owner_id, collector, f"members.{i}")
        for i, m in enumerate(command.members)
    ]
    collector.raise_if_any()
    persons = [p for p in built if p is not None]
    assert timezone is not None and language is not None
    family = _family(command, persons, now, owner_id)
    registration = Registration(
        id=uuid4(),
        owner_id=owner_id,
        request_id=command.request_id,
        payload_digest=command.digest(),
        registered_at=command.registered_at or now,
        timezone=timezone,
        registered_by=command.registered_by.strip(),
        location=command.location.strip(),
        channel=command.channel,
        language=language,
        consent_given=command.consent_given,
        person_ids=tuple(p.id for p in persons),
        family_id=family.id if family else None,
        vulnerabilities={
            p.id: frozenset(m.vulnerabilities)
            for p, m in zip(persons, command.members, strict=True)
            if m.vulnerabilities
        },
    )
    return RegisteredGroup(registration, tuple(persons), family)


def _replay(
    existing: RegisteredGroup, command: RegisterCommand, owner_id: UUID
) -> RegistrationOutcome:
    # Another organisation's request id is a conflict too: its registration is not ours to show.
    registration = existing.registration
    if registration.payload_digest != command.digest() or registration.owner_id != owner_id:
        raise IdempotencyConflict(command.request_id)
    return RegistrationOutcome(existing, created=False)


def register(
    uow_factory: Callable[[], RegistryUnitOfWork],
    command: RegisterCommand,
    now: datetime,
    owner_id: UUID,
) -> RegistrationOutcome:
    """Register the command's people for the organisation ``owner_id``, which holds the records.

    The same request id again returns the first result.
    """
    group = _build_group(command, now, owner_id)
    # Insert first: a new request (the usual case) costs no look-up; a repeat is found by the
    # request id's unique constraint and answered from what is stored.
    with uow_factory() as uow:
        try:
            uow.registry.add_registration(group.registration, list(group.persons), group.family)
            uow.commit()
        except DuplicateRequestId:
            uow.rollback()
        else:
            return RegistrationOutcome(group, created=True)
    # A repeat, or a concurrent request with the same id that won the race.
    with uow_factory() as uow:
        winner = uow.registry.registration_by_request_id(command.request_id)
        if winner is None:
            raise WinnerUnreadable(command.request_id)
        return _replay(winner, command, owner_id)


def lookup_registration(
    uow_factory: Callable[[], RegistryUnitOfWork], registration_id: UUID
) -> RegisteredGroup | None:
    with uow_factory() as uow:
        return uow.registry.get_registration(registration_id)
