"""Use cases of the people who review identities: decide a pair, merge, unmerge, look back.

A "same" verdict merges the two people at once; a "different" binds every later automatic run
(it splits them at the next run if a chain had put them together). Every merge can be undone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from puente.identity.domain.clustering import ClusterId, RecordId
from puente.identity.domain.history import Event, Merged, Unmerged, merge, unmerge
from puente.identity.domain.review import ReviewDecision, Verdict
from puente.identity.services.ports import IdentityUnitOfWork, StoredPair
from puente.shared.errors import NotFound


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts, and for which organisation (stored with each decision and event)."""

    name: str
    organisation_id: UUID


def decide(
    uow: IdentityUnitOfWork, pair_id: UUID, verdict: Verdict, actor: Actor, at: datetime
) -> tuple[ReviewDecision, Merged | None]:
    with uow:
        stored = uow.identity.pair(pair_id)
        if stored is None:
            raise NotFound("identity_pair", pair_id)
        pair = stored.pair
        decision = ReviewDecision(pair.left, pair.right, verdict, actor.name, at)
        uow.identity.add_decision(decision, actor.organisation_id)
        merged = None
        if verdict is Verdict.SAME:
            merged = _merge_people(uow, (pair.left, pair.right), actor, at, "review: same person")
        uow.commit()
    return decision, merged


def _merge_people(
    uow: IdentityUnitOfWork,
    records: Iterable[RecordId],
    actor: Actor,
    at: datetime,
    reason: str,
) -> Merged | None:
    history = uow.identity.history_of(records)
    clusters = sorted({history.assignments[r] for r in records if r in history.assignments})
    if len(clusters) < 2:
        return None
    # The larger cluster keeps its id, so fewer records change id; ties by id.
    into = max(clusters, key=lambda c: (len(history.members(c)), c))
    merged = merge(history, uuid4().hex, clusters, into, actor.name, at, reason)
    event = merged.events[-1]
    assert isinstance(event, Merged)
    uow.identity.append_event(event, actor.organisation_id)
    return event


def merge_people(
    uow: IdentityUnitOfWork, records: Iterable[RecordId], actor: Actor, at: datetime, reason: str
) -> Merged | None:
    """Make the people these records belong to one person; ``None`` when they already are."""
    with uow:
        event = _merge_people(uow, list(records), actor, at, reason)
        uow.commit()
    return event


def unmerge_event(
    uow: IdentityUnitOfWork, merge_event_id: str, actor: Actor, at: datetime, reason: str
) -> Unmerged:
    """Undo one merge exactly (``HistoryError`` if a later change touched its records)."""
    with uow:
        history = uow.identity.history_for_event(merge_event_id)
        undone = unmerge(history, uuid4().hex, merge_event_id, actor.name, at, reason)
        event = undone.events[-1]
        assert isinstance(event, Unmerged)
        uow.identity.append_event(event, actor.organisation_id)
        uow.commit()
    return event


@dataclass(frozen=True, slots=True)
class PersonIdentity:
    person_id: RecordId
    cluster_id: ClusterId | None
    members: tuple[RecordId, ...]
    events: tuple[Event, ...]


def identity_of(uow: IdentityUnitOfWork, person_id: RecordId) -> PersonIdentity:
    with uow:
        history = uow.identity.history_of([person_id])
        cluster = history.assignments.get(person_id)
        members = tuple(sorted(uow.identity.members(cluster))) if cluster else (person_id,)
        return PersonIdentity(person_id, cluster, members, history.history_of(person_id))


def queue(uow: IdentityUnitOfWork, limit: int, offset: int = 0) -> list[StoredPair]:
    with uow:
        return uow.identity.review_queue(limit, offset)
