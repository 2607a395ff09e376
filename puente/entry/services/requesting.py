"""Use cases: open a request window, and ask for an appointment once per party (one ask, or
many in one transaction). Asking again while the party's request is open or allocated returns
that request.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
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
from puente.shared.errors import (
    IdempotencyConflict,
    InvalidInput,
    NotFound,
    PuenteError,
    Unavailable,
)

# Tries of a batch whose new request another transaction stored first: each lost race turns
# one new request into one read back, so only a fresh race on another party needs another try.
# After them each ask is tried alone, so a race fails at most its own ask.
_RACES = 3


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
    asked_at: datetime | None = None  # None: the time the use case is called with


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
    outcome = ask_many(uow, [command], now, mpp)[0]
    if isinstance(outcome, PuenteError):
        raise outcome
    return outcome


def ask_many(
    uow: EntryUnitOfWork, commands: Sequence[AskForEntry], now: datetime, mpp: bool = False
) -> list[AskOutcome | PuenteError]:
    """Record many parties' requests in one transaction (a rush's group commit): one read of
    the people's active requests, one write of the new ones. Each ask gets its own outcome or
    its own error; an ask repeated within the batch gets the request the first one made. Each
    ask is judged at its own ``asked_at`` (when it arrived, not when its batch ran)."""
    return ask_gathered(uow, lambda: commands, now, mpp)


def ask_gathered(
    uow: EntryUnitOfWork,
    gather: Callable[[], Sequence[AskForEntry]],
    now: datetime,
    mpp: bool = False,
) -> list[AskOutcome | PuenteError]:
    """``ask_many`` with commands that ``gather`` makes, once, inside the first transaction:
    its reads (the proofs of a batch of asks) need no transaction of their own."""
    gathered = cache(gather)  # a retry's transaction reuses the first one's commands
    for _ in range(_RACES - 1):
        try:
            return _ask_together(uow, gathered, now, mpp)
        except DuplicateEntryRequest:  # another transaction stored one first: read it back
            continue
    return [_ask_alone(uow, command, now, mpp) for command in gathered()]


def _ask_alone(
    uow: EntryUnitOfWork, command: AskForEntry, now: datetime, mpp: bool
) -> AskOutcome | PuenteError:
    """One ask in its own transactions: a lost race is read back on the second try."""
    for _ in range(2):
        try:
            return _ask_together(uow, lambda: [command], now, mpp)[0]
        except DuplicateEntryRequest:
            continue
    return Unavailable("the request is being written by another worker; retry shortly")


def _ask_together(
    uow: EntryUnitOfWork, gather: Callable[[], Sequence[AskForEntry]], now: datetime, mpp: bool
) -> list[AskOutcome | PuenteError]:
    with uow:
        commands = gather()
        if not commands:
            return []
        windows, open_ones = _windows(uow, commands, now)
        active: dict[UUID, EntryRequest] = {}
        for request in uow.entry.active_requests_of([p for c in commands for p in c.person_ids]):
            active.update(dict.fromkeys(request.person_ids, request))
        outcomes: list[AskOutcome | PuenteError] = []
        created: list[EntryRequest] = []
        for command in commands:
            at = command.asked_at or now
            window = (
                _open_at(open_ones, at) if command.window_id is None else windows[command.window_id]
            )
            try:
                outcome = _decide(command, window, active, at, mpp)
            except PuenteError as error:
                outcomes.append(error)
                continue
            if outcome.created:
                created.append(outcome.request)
                active.update(dict.fromkeys(outcome.request.person_ids, outcome.request))
            outcomes.append(outcome)
        if created:
            uow.entry.add_requests(created)
            uow.commit()
        return outcomes


def _windows(
    uow: EntryUnitOfWork, commands: Sequence[AskForEntry], now: datetime
) -> tuple[dict[str, RequestWindow | None], list[RequestWindow]]:
    """Each named window by id, and for the others the windows open at some moment from the
    first ask to the last (a batch spans a moment: every such ask falls in one, or in none)."""
    named = {c.window_id for c in commands if c.window_id is not None}
    times = [c.asked_at or now for c in commands if c.window_id is None]
    return (
        {window_id: uow.entry.get_window(window_id) for window_id in named},
        uow.entry.windows_open(min(times), max(times)) if times else [],
    )


def _open_at(open_ones: list[RequestWindow], at: datetime) -> RequestWindow | None:
    """The window open at ``at``; else one that was (refused as closed), or none at all."""
    return next((w for w in open_ones if w.is_open(at)), open_ones[0] if open_ones else None)


def _decide(
    command: AskForEntry,
    window: RequestWindow | None,
    active: dict[UUID, EntryRequest],
    now: datetime,
    mpp: bool,
) -> AskOutcome:
    if window is None and command.window_id is not None:
        raise NotFound("request window", command.window_id)
    key = party_key(command.person_ids, command.family_id)
    own = _active_for_party(command.person_ids, key, active)
    if own is not None:
        if set(own.person_ids) != set(command.person_ids):
            raise IdempotencyConflict(own.id)
        return AskOutcome(own, created=False)
    if window is None or not window.is_open(now):
        raise InvalidInput.single("window_id", "requests are taken only while the window is open")
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
    return AskOutcome(request, created=True)


def _active_for_party(
    person_ids: tuple[UUID, ...], key: str, active: dict[UUID, EntryRequest]
) -> EntryRequest | None:
    """The party's own active request; a member already in another party's request is refused."""
    found: EntryRequest | None = None
    for member in person_ids:
        request = active.get(member)
        if request is None:
            continue
        if request.key != key:
            raise InvalidInput.single(
                "person_ids", f"{member} is already in another party's request {request.id}"
            )
        found = request
    return found
