"""Self-service: a person asks, sees their position and confirms, proving who they are with
their registration id and a member's date of birth (no staff account). A failed proof looks
the same whether the registration does not exist or the date does not match.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from puente.entry.domain.appointments import Appointment
from puente.entry.domain.explanations import Explanation
from puente.entry.domain.requests import (
    EntryRequest,
    VulnerabilityAssessment,
    level_from_flags,
    party_key,
)
from puente.entry.services.lifecycle import confirm
from puente.entry.services.requesting import AskForEntry, ask_gathered
from puente.entry.services.unit_of_work import EntryUnitOfWork
from puente.shared.errors import InvalidInput, NotFound, PuenteError


class NotRecognised(NotFound):
    """The one answer to a failed proof: nothing says which of the two did not match."""

    def __init__(self) -> None:
        super().__init__("registration", "with that registration id and date of birth")


@dataclass(frozen=True)
class RegisteredParty:
    """What a registration says of the party that asks: members, when, language, needs."""

    registration_id: UUID
    person_ids: tuple[UUID, ...]
    family_id: UUID | None
    registered_at: datetime
    language: str
    nationality: str
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Member:
    """What a port officer sees of one person at check-in."""

    person_id: UUID
    name: str
    birth_date: str | None
    nationalities: tuple[str, ...]


class PartyDirectory(abc.ABC):
    """The registry as the entry context needs it."""

    @abc.abstractmethod
    def verified_parties(self, proofs: Sequence[tuple[UUID, date]]) -> list[RegisteredParty | None]:
        """For each (registration id, date of birth): the registration's party when one of its
        members was born on that date, else ``None``."""

    def verified_party(self, registration_id: UUID, birth_date: date) -> RegisteredParty | None:
        return self.verified_parties([(registration_id, birth_date)])[0]

    @abc.abstractmethod
    def members(self, person_ids: tuple[UUID, ...]) -> list[Member]: ...


@dataclass(frozen=True)
class SelfStatus:
    party: RegisteredParty
    request: EntryRequest | None
    explanation: Explanation | None
    appointment: Appointment | None


def _party(directory: PartyDirectory, registration_id: UUID, birth_date: date) -> RegisteredParty:
    party = directory.verified_party(registration_id, birth_date)
    if party is None:
        raise NotRecognised()
    return party


@dataclass(frozen=True)
class SelfAsk:
    """A person's ask for their party: the proof, what they choose, and when it arrived (the
    window must be open then, however long the ask waits to be written)."""

    registration_id: UUID
    birth_date: date
    preferences: tuple[str, ...]
    accepts_other_ports: bool
    asked_at: datetime


def ask_myself(uow: EntryUnitOfWork, ask: SelfAsk) -> tuple[SelfStatus, bool]:
    """The party asks in the window open now; asking again returns the same request (and
    ``False``), with its reason and appointment."""
    outcome = ask_ourselves(uow, [ask])[0]
    if isinstance(outcome, PuenteError):
        raise outcome
    return outcome


def ask_ourselves(
    uow: EntryUnitOfWork, asks: Sequence[SelfAsk]
) -> list[tuple[SelfStatus, bool] | PuenteError]:
    """Many people's asks at once (a rush's group commit): one transaction that reads every
    proof (the unit of work's registry link) and stores every request; each ask gets its own
    answer or its own error."""
    parties: list[RegisteredParty | None] = []

    def commands() -> list[AskForEntry]:
        parties.extend(
            uow.parties.verified_parties([(a.registration_id, a.birth_date) for a in asks])
        )
        return [_command(a, p) for a, p in zip(asks, parties, strict=True) if p is not None]

    # Every command carries its own time, so the time given to ask_gathered is used by none.
    outcomes = iter(ask_gathered(uow, commands, asks[0].asked_at))
    answers: dict[int, tuple[SelfStatus, bool] | PuenteError] = {}
    again: dict[int, tuple[RegisteredParty, EntryRequest]] = {}
    for index, party in enumerate(parties):
        if party is None:
            answers[index] = NotRecognised()
            continue
        outcome = next(outcomes)
        if isinstance(outcome, PuenteError):
            answers[index] = outcome
        elif outcome.created:
            answers[index] = (SelfStatus(party, outcome.request, None, None), True)
        else:
            again[index] = (party, outcome.request)  # asked before: the reason and appointment
    if again:
        with uow:
            for index, (party, request) in again.items():
                answers[index] = (_status_of(uow, party, request), False)
    return [answers[index] for index in range(len(asks))]


def _command(ask: SelfAsk, party: RegisteredParty) -> AskForEntry:
    return AskForEntry(
        window_id=None,
        person_ids=party.person_ids,
        family_id=party.family_id,
        preferences=ask.preferences,
        registered_at=party.registered_at,
        vulnerability=VulnerabilityAssessment(
            level_from_flags(party.flags), party.flags, party.registered_at, "registration"
        ),
        language=party.language,
        nationality=party.nationality,
        accepts_other_ports=ask.accepts_other_ports,
        asked_at=ask.asked_at,
    )


def _status_of(uow: EntryUnitOfWork, party: RegisteredParty, request: EntryRequest) -> SelfStatus:
    """The request with its reason and appointment, read in the open ``uow``."""
    return SelfStatus(
        party, request, uow.entry.explanation_of(request.id), uow.entry.appointment_of(request.id)
    )


def my_status(uow: EntryUnitOfWork, registration_id: UUID, birth_date: date) -> SelfStatus:
    """The party's request, reason and appointment; the proof is read in the same transaction."""
    with uow:
        party = _party(uow.parties, registration_id, birth_date)
        # A member may belong to another registration too: only this party's own request counts.
        key = party_key(party.person_ids, party.family_id)
        own = [r for r in uow.entry.active_requests_of(party.person_ids[:1]) if r.key == key]
        if not own:
            return SelfStatus(party, None, None, None)
        return _status_of(uow, party, own[0])


def confirm_mine(
    uow: EntryUnitOfWork, registration_id: UUID, birth_date: date, now: datetime
) -> Appointment:
    status = my_status(uow, registration_id, birth_date)
    if status.appointment is None:
        raise InvalidInput.single("appointment", "there is no appointment to confirm")
    return confirm(uow, status.appointment.id, now)
