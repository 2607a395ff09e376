"""Merge and unmerge as an append-only event log over record-to-person assignments.

No event removes a record; every merge can be undone and the undo restores exactly the
assignments the merge changed. The log itself is never rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from puente.identity.domain.clustering import ClusterId, RecordId


class EventKind(StrEnum):
    REGISTERED = "registered"
    MERGED = "merged"
    UNMERGED = "unmerged"
    LINKED = "linked"


class HistoryError(ValueError):
    """An event that the current state does not allow."""


@dataclass(frozen=True, slots=True)
class Registered:
    event_id: str
    record: RecordId
    cluster: ClusterId
    actor: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Merged:
    event_id: str
    into: ClusterId
    # Every record the merge moved, with the cluster it came from: what an unmerge restores.
    moved: tuple[tuple[RecordId, ClusterId], ...]
    actor: str
    at: datetime
    reason: str
    # A record the merge put the moved records with: while it stands, each moved record and the
    # anchor are one person for every later automatic run.
    anchor: RecordId


@dataclass(frozen=True, slots=True)
class Unmerged:
    event_id: str
    reverts: str
    restored: tuple[tuple[RecordId, ClusterId], ...]
    actor: str
    at: datetime
    reason: str


@dataclass(frozen=True, slots=True)
class Linked:
    """An automatic batch run placed records: each changed record, where from (None: new), to."""

    event_id: str
    moved: tuple[tuple[RecordId, ClusterId | None, ClusterId], ...]
    actor: str
    at: datetime


Event = Registered | Merged | Unmerged | Linked


def kind_of(event: Event) -> EventKind:
    if isinstance(event, Registered):
        return EventKind.REGISTERED
    if isinstance(event, Merged):
        return EventKind.MERGED
    return EventKind.UNMERGED if isinstance(event, Unmerged) else EventKind.LINKED


@dataclass(frozen=True, slots=True)
class IdentityHistory:
    """Current assignment of records to people, and every event that led to it."""

    assignments: Mapping[RecordId, ClusterId] = field(default_factory=lambda: MappingProxyType({}))
    events: tuple[Event, ...] = ()

    def members(self, cluster: ClusterId) -> frozenset[RecordId]:
        return frozenset(r for r, c in self.assignments.items() if c == cluster)

    def history_of(self, record: RecordId) -> tuple[Event, ...]:
        """The events that changed where this record belongs, oldest first."""
        return tuple(e for e in self.events if record in _records_touched(e))

    def _with(self, changes: Mapping[RecordId, ClusterId], event: Event) -> IdentityHistory:
        return IdentityHistory(
            assignments=MappingProxyType({**self.assignments, **changes}),
            events=(*self.events, event),
        )


def _records_touched(event: Event) -> set[RecordId]:
    if isinstance(event, Registered):
        return {event.record}
    if isinstance(event, Merged):
        return {record for record, _ in event.moved}
    if isinstance(event, Linked):
        return {record for record, _, _ in event.moved}
    return {record for record, _ in event.restored}


def register(
    history: IdentityHistory,
    event_id: str,
    record: RecordId,
    cluster: ClusterId,
    actor: str,
    at: datetime,
) -> IdentityHistory:
    if record in history.assignments:
        raise HistoryError(f"record {record} is already registered")
    return history._with({record: cluster}, Registered(event_id, record, cluster, actor, at))


def relink(
    history: IdentityHistory,
    event_id: str,
    assignments: Mapping[RecordId, ClusterId],
    actor: str,
    at: datetime,
) -> IdentityHistory:
    """A batch run's placement of ``assignments``; only records whose cluster changed are logged.

    Returns ``history`` unchanged when nothing moved.
    """
    current = history.assignments
    moved = tuple(
        sorted(
            (record, current.get(record), cluster)
            for record, cluster in assignments.items()
            if current.get(record) != cluster
        )
    )
    if not moved:
        return history
    event = Linked(event_id, moved, actor, at)
    return history._with({record: cluster for record, _, cluster in moved}, event)


def merge(
    history: IdentityHistory,
    event_id: str,
    clusters: Iterable[ClusterId],
    into: ClusterId,
    actor: str,
    at: datetime,
    reason: str,
) -> IdentityHistory:
    """Put every record of ``clusters`` under ``into`` (one of them, or a new id)."""
    sources = set(clusters)
    moved = tuple(
        sorted((r, c) for r, c in history.assignments.items() if c in sources and c != into)
    )
    if not moved:
        raise HistoryError("a merge must move at least one record")
    staying = sorted(r for r, c in history.assignments.items() if c == into)
    anchor = staying[0] if staying else moved[0][0]
    event = Merged(event_id, into, moved, actor, at, reason, anchor)
    return history._with(dict.fromkeys((r for r, _ in moved), into), event)


def unmerge(
    history: IdentityHistory,
    event_id: str,
    merge_event_id: str,
    actor: str,
    at: datetime,
    reason: str,
) -> IdentityHistory:
    """Undo one merge exactly: its moved records go back to where they were before it.

    Refused while a later event has changed any of those records, since restoring them then would
    silently undo that later decision too; undo the later event first.
    """
    merged = next(
        (e for e in history.events if isinstance(e, Merged) and e.event_id == merge_event_id), None
    )
    if merged is None:
        raise HistoryError(f"no merge {merge_event_id}")
    if any(isinstance(e, Unmerged) and e.reverts == merge_event_id for e in history.events):
        raise HistoryError(f"merge {merge_event_id} is already undone")
    moved_records = {record for record, _ in merged.moved}
    later = history.events[history.events.index(merged) + 1 :]
    # A later merge that was itself undone, with its undo, no longer stands in the way.
    later_merges = {e.event_id for e in later if isinstance(e, Merged)}
    undone = {e.reverts for e in later if isinstance(e, Unmerged)} & later_merges
    standing = [
        e
        for e in later
        if not (isinstance(e, Merged) and e.event_id in undone)
        and not (isinstance(e, Unmerged) and e.reverts in undone)
    ]
    if any(_records_touched(e) & moved_records for e in standing):
        raise HistoryError(f"records of merge {merge_event_id} changed since; undo those first")
    event = Unmerged(event_id, merge_event_id, merged.moved, actor, at, reason)
    return history._with(dict(merged.moved), event)


def standing_merges(events: Iterable[Event]) -> tuple[Merged, ...]:
    """The merges no unmerge has undone."""
    events = tuple(events)
    undone = {e.reverts for e in events if isinstance(e, Unmerged)}
    return tuple(e for e in events if isinstance(e, Merged) and e.event_id not in undone)
