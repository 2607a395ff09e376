"""The gated identity actions the API and the pages share: look, decide, merge, unmerge.

Each reads the persons involved through the gate first (a person the caller may not read is
"not found"), then writes through it, so both surfaces apply the same rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from uuid import UUID

from fastapi import HTTPException, Request

from puente.access.adapters.store.audit_store import in_transaction
from puente.access.domain.redaction import Redacted
from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate, WriteAudit
from puente.identity.adapters.registration_check import MatcherCache, NewPerson, possible_matches
from puente.identity.adapters.store.unit_of_work import SqlIdentityUnitOfWork
from puente.identity.adapters.views import (
    PAIR_TYPE,
    PERSON_TYPE,
    PairView,
    acting_owner,
    visible_pairs,
    visible_persons,
)
from puente.identity.domain.history import HistoryError, Merged, Unmerged
from puente.identity.domain.review import ReviewDecision, Verdict
from puente.identity.services import reviewing
from puente.identity.services.reviewing import Actor, PersonIdentity
from puente.registry.adapters.store.sealing import phone_index
from puente.shared.db import utc_now
from puente.shared.errors import NotFound
from puente.web.routing import engine_of as _engine


def _actor(gate: Gate) -> Actor:
    principal = gate.principal
    return Actor(str(principal.user_id), principal.organisation.id)


def review_queue(request: Request, gate: Gate, limit: int, offset: int) -> list[PairView]:
    with SqlIdentityUnitOfWork(_engine(request)) as uow:
        pairs = uow.identity.review_queue(limit, offset)
        return visible_pairs(gate, uow.identity, pairs, "identity review queue")


def pair(request: Request, gate: Gate, pair_id: UUID) -> PairView:
    with SqlIdentityUnitOfWork(_engine(request)) as uow:
        stored = uow.identity.pair(pair_id)
        shown = visible_pairs(gate, uow.identity, [stored] if stored else [], "identity pair")
    if not shown:
        raise NotFound(PAIR_TYPE, pair_id)
    return shown[0]


def _readable(request: Request, gate: Gate, person_ids: Sequence[str], action: str) -> UUID:
    """Every person must be readable for review; returns the holder the write is checked on."""
    with SqlIdentityUnitOfWork(_engine(request)) as uow:
        summaries = uow.identity.summaries(person_ids)
    shown = visible_persons(gate, Permission.IDENTITY_REVIEW, summaries.values(), action)
    for person_id in person_ids:
        if person_id not in shown:
            raise NotFound(PERSON_TYPE, person_id)
    return acting_owner(gate, list(summaries.values()))


def _audited(request: Request, audit: WriteAudit) -> SqlIdentityUnitOfWork:
    """A unit of work whose commit adds the authorised write's audit entry to its transaction."""
    return SqlIdentityUnitOfWork(_engine(request), in_transaction(audit))


def decide(
    request: Request, gate: Gate, pair_id: UUID, verdict: Verdict
) -> tuple[ReviewDecision, Merged | None]:
    with SqlIdentityUnitOfWork(_engine(request)) as uow:
        stored = uow.identity.pair(pair_id)
    if stored is None:
        raise NotFound(PAIR_TYPE, pair_id)
    try:
        owner = _readable(request, gate, [stored.pair.left, stored.pair.right], "identity decide")
    except NotFound:
        # Name the pair only: the ids of persons the caller may not read stay unsaid.
        raise NotFound(PAIR_TYPE, pair_id) from None
    audit = gate.authorise_write(
        Permission.IDENTITY_REVIEW, PAIR_TYPE, owner, f"identity decide {verdict.value}", pair_id
    )
    uow = _audited(request, audit)
    return reviewing.decide(uow, pair_id, verdict, _actor(gate), utc_now())


def merge(request: Request, gate: Gate, person_ids: Sequence[str], reason: str) -> Merged | None:
    owner = _readable(request, gate, person_ids, "identity merge")
    # The entry names every person the merge is about (the ones it moves are among them).
    audit = gate.authorise_write(Permission.IDENTITY_REVIEW, PERSON_TYPE, owner, "identity merge")
    uow = _audited(request, audit.naming(*(UUID(p) for p in person_ids)))
    return reviewing.merge_people(uow, person_ids, _actor(gate), utc_now(), reason)


def unmerge(request: Request, gate: Gate, event_id: str, reason: str) -> Unmerged:
    with SqlIdentityUnitOfWork(_engine(request)) as uow:
        history = uow.identity.history_for_event(event_id)
    merged = next(
        (e for e in history.events if isinstance(e, Merged) and e.event_id == event_id), None
    )
    if merged is None:
        raise NotFound("identity merge", event_id)
    owner = _readable(request, gate, [r for r, _ in merged.moved], "identity unmerge")
    audit = gate.authorise_write(Permission.IDENTITY_REVIEW, PERSON_TYPE, owner, "identity unmerge")
    uow = _audited(request, audit.naming(*(UUID(r) for r, _ in merged.moved)))
    try:
        return reviewing.unmerge_event(uow, event_id, _actor(gate), utc_now(), reason)
    except HistoryError as error:
        raise HTTPException(409, str(error)) from error


@dataclass(frozen=True, slots=True)
class IdentityPage:
    person: Redacted
    identity: PersonIdentity
    members: list[Redacted]


def history(request: Request, gate: Gate, person_id: UUID) -> IdentityPage:
    """A person's cluster, the other records in it the caller may see, and every event."""
    found = reviewing.identity_of(SqlIdentityUnitOfWork(_engine(request)), str(person_id))
    with SqlIdentityUnitOfWork(_engine(request)) as uow:
        summaries = uow.identity.summaries(found.members)
    shown = visible_persons(gate, Permission.REGISTRY_READ, summaries.values(), "identity history")
    if str(person_id) not in shown:
        raise NotFound(PERSON_TYPE, person_id)
    members = [shown[m] for m in found.members if m in shown and m != str(person_id)]
    return IdentityPage(shown[str(person_id)], found, members)


@dataclass(frozen=True, slots=True)
class PossibleMatch:
    probability: float
    person: Redacted


def check(request: Request, gate: Gate, person: NewPerson) -> list[PossibleMatch] | None:
    """Possible matches of a person being registered; ``None`` before any database run."""
    state = request.app.state
    if getattr(state, "identity_matchers", None) is None:
        state.identity_matchers = MatcherCache()
    # Held phones are compared by blind index, so the typed one is indexed the same way.
    indexed = replace(person, phone=phone_index(state.keyring, person.phone) or "")
    found = possible_matches(state.identity_matchers, _engine(request), indexed, utc_now().date())
    if found is None:
        return None
    with SqlIdentityUnitOfWork(_engine(request)) as uow:
        summaries = uow.identity.summaries(c.record_id for c in found)
    shown = visible_persons(gate, Permission.REGISTRY_READ, summaries.values(), "identity check")
    return [
        PossibleMatch(c.match_probability, shown[c.record_id])
        for c in found
        if c.record_id in shown
    ]
