"""Use cases: open a request window, and ask for an appointment once per party.

Asking again while the party's request is still open or allocated returns that request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from puente.entry.domain.requests import (
    CourtCase,
    EntryRequest,
    RequestState,
    RequestWindow,
    VulnerabilityAssessment,
    mpp_eligible,
    party_key,
    request_id_for,
)
from puente.entry.services.unit_of_work import DuplicateEntryRequest, EntryUnitOfWork
from puente.shared.errors import IdempotencyConflict, InvalidInput, NotFound


@dataclass(frozen=True)
class AskForEntry:
    window_id: str | None  # None: the window open at the time of asking
    person_ids: tuple[UUID, ...]
    family_id: UUID | None
    preferences: tuple[str, ...]
    registered_at: datetime
    vulnerability: VulnerabilityAssessment
    language: str
    nationality: str
    accepts_other_ports: bool = False
    group: str = ""
    court_case: CourtCase | None = None
    owner_id: UUID | None = None  # None: the window's organisation holds it (self-service)


@dataclass(frozen=True)
class AskOutcome:
    request: EntryRequest
    created: bool


def open_window(uow: EntryUnitOfWork, window: RequestWindow) -> RequestWindow:
    with uow:
        known = uow.entry.get_window(window.id)
        if known is not None:
            if known != window:
                raise IdempotencyConflict(window.id)
            return known
        uow.entry.add_window(window)
        uow.commit()
        return window


def ask_for_entry(
    uow: EntryUnitOfWork, command: AskForEntry, now: datetime, mpp: bool = False
) -> AskOutcome:
    """Record the party's request; ``mpp`` asks for an eligible court case (domain.md point 1).

    Two identical asks at once store one request: the one that loses the race reads it back.
    """
    try:
        return _ask_once(uow, command, now, mpp)
    except DuplicateEntryRequest:
        return _ask_once(uow, command, now, mpp)


def _ask_once(uow: EntryUnitOfWork, command: AskForEntry, now: datetime, mpp: bool) -> AskOutcome:
    with uow:
        if command.window_id is None:
            window = uow.entry.current_window(now)
        else:
            window = uow.entry.get_window(command.window_id)
            if window is None:
                raise NotFound("request window", command.window_id)
        key = party_key(command.person_ids, command.family_id)
        active = _active_for_party(uow, command.person_ids, key)
        if active is not None:
            if set(active.person_ids) != set(command.person_ids):
                raise IdempotencyConflict(active.id)
            return AskOutcome(active, created=False)
        if window is None or not window.is_open(now):
            raise InvalidInput.single(
                "window_id", "requests are taken only while the window is open"
            )
        if mpp and (command.court_case is None or not mpp_eligible(command.court_case, now.date())):
            raise InvalidInput.single("court_case", "no court case that makes the party eligible")
        request = EntryRequest(
            id=request_id_for(window.id, key),
            window_id=window.id,
            person_ids=command.person_ids,
            family_id=command.family_id,
            preferences=command.preferences,
            registered_at=command.registered_at,
            requested_at=now,
            vulnerability=command.vulnerability,
            language=command.language,
            nationality=command.nationality,
            accepts_other_ports=command.accepts_other_ports,
            group=command.group,
            court_case=command.court_case,
            owner_id=command.owner_id or window.owner_id,
        )
        request.history.append((now, RequestState.OPEN))
        uow.entry.save_request(request)
        uow.commit()
        return AskOutcome(request, created=True)


def _active_for_party(
    uow: EntryUnitOfWork, person_ids: tuple[UUID, ...], key: str
) -> EntryRequest | None:
    """The party's own active request; a member already in another party's request is refused."""
    found: EntryRequest | None = None
    for active in uow.entry.active_requests_of(person_ids):
        if active.key != key:
            member = next(p for p in person_ids if p in active.person_ids)
            raise InvalidInput.single(
                "person_ids", f"{member} is already in another party's request {active.id}"
            )
        found = active
    return found
