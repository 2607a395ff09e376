"""The identity repository on SQL: clusters, candidate pairs, decisions, runs and history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from sqlalchemy import Connection, delete, exists, func, insert, select, update
from sqlalchemy.orm import aliased

from puente.identity.adapters.store import records
from puente.identity.adapters.store.tables import (
    identity_candidates,
    identity_clusters,
    identity_decisions,
    identity_event_records,
    identity_events,
    identity_runs,
)
from puente.identity.domain.clustering import ClusterId, RecordId
from puente.identity.domain.history import (
    Event,
    EventKind,
    IdentityHistory,
    Linked,
    Merged,
    Registered,
    Unmerged,
    kind_of,
)
from puente.identity.domain.review import ReviewDecision, Verdict
from puente.identity.services.ports import (
    CandidatePair,
    IdentityRepository,
    PersonSummary,
    RunRecord,
    StoredPair,
)
from puente.shared.db import AppendLock, lock_for_appending

if TYPE_CHECKING:
    import pandas as pd

INSERT_BATCH = 5000
# Shared by every writer of the event log: events are numbered one at a time.
_BINDING = (Verdict.SAME, Verdict.DIFFERENT)


def _ordered(left: RecordId, right: RecordId) -> tuple[UUID, UUID]:
    return UUID(min(left, right)), UUID(max(left, right))


def _moves(event: Event) -> list[tuple[RecordId, ClusterId | None, ClusterId]]:
    if isinstance(event, Registered):
        return [(event.record, None, event.cluster)]
    if isinstance(event, Merged):
        return [(record, source, event.into) for record, source in event.moved]
    if isinstance(event, Linked):
        return list(event.moved)
    return [(record, None, cluster) for record, cluster in event.restored]


def _event(row: Any, moves: list[Any]) -> Event:
    kind = EventKind(row.kind)
    if kind is EventKind.REGISTERED:
        return Registered(row.id, str(moves[0].person_id), moves[0].to_cluster, row.actor, row.at)
    if kind is EventKind.LINKED:
        moved = tuple((str(m.person_id), m.from_cluster, m.to_cluster) for m in moves)
        return Linked(row.id, moved, row.actor, row.at)
    if kind is EventKind.MERGED:
        pairs = tuple((str(m.person_id), m.from_cluster) for m in moves)
        anchor = str(row.anchor)
        return Merged(row.id, row.cluster_id, pairs, row.actor, row.at, row.reason, anchor)
    restored = tuple((str(m.person_id), m.to_cluster) for m in moves)
    return Unmerged(row.id, row.reverts, restored, row.actor, row.at, row.reason)


class SqlIdentityRepository(IdentityRepository):
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def person_records(self, since: datetime | None = None) -> pd.DataFrame:
        return records.person_records(self._connection, since)

    def summaries(self, person_ids: Iterable[RecordId]) -> dict[RecordId, PersonSummary]:
        return records.summaries(self._connection, person_ids)

    def assignments(self) -> dict[RecordId, ClusterId]:
        query = select(identity_clusters.c.person_id, identity_clusters.c.cluster_id)
        return {str(p): c for p, c in self._connection.execute(query)}

    def members(self, cluster_id: ClusterId) -> list[RecordId]:
        query = select(identity_clusters.c.person_id).where(
            identity_clusters.c.cluster_id == cluster_id
        )
        return [str(p) for p in self._connection.scalars(query)]

    def decisions(self) -> list[ReviewDecision]:
        query = select(identity_decisions).order_by(identity_decisions.c.decided_at)
        return [
            ReviewDecision(str(r.person_l), str(r.person_r), r.verdict, r.reviewer, r.decided_at)
            for r in self._connection.execute(query)
        ]

    def add_decision(self, decision: ReviewDecision, owner_id: UUID) -> None:
        left, right = _ordered(decision.left, decision.right)
        self._connection.execute(
            insert(identity_decisions).values(
                id=uuid4(),
                person_l=left,
                person_r=right,
                verdict=decision.verdict,
                reviewer=decision.reviewer,
                owner_id=owner_id,
                decided_at=decision.decided_at,
            )
        )

    def _insert_many(self, table: Any, rows: Iterable[dict[str, Any]]) -> None:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == INSERT_BATCH:
                self._connection.execute(insert(table), batch)
                batch = []
        if batch:
            self._connection.execute(insert(table), batch)

    def save_run(
        self,
        run: RunRecord,
        assignments: Mapping[RecordId, ClusterId],
        probabilities: Mapping[RecordId, float],
        pairs: Sequence[CandidatePair],
    ) -> None:
        connection = self._connection
        connection.execute(
            insert(identity_runs).values(
                id=run.run_id,
                started_at=run.started_at,
                finished_at=run.finished_at,
                actor=run.actor,
                records=run.records,
                clusters=run.clusters,
                for_review=run.for_review,
                model=dict(run.model),
            )
        )
        connection.execute(delete(identity_candidates))
        connection.execute(delete(identity_clusters))
        self._insert_many(
            identity_clusters,
            (
                {
                    "person_id": UUID(record),
                    "cluster_id": cluster,
                    "match_probability": probabilities.get(record),
                    "updated_at": run.finished_at,
                }
                for record, cluster in assignments.items()
            ),
        )
        self._insert_many(
            identity_candidates,
            (
                {
                    "id": uuid4(),
                    "run_id": run.run_id,
                    "person_l": _ordered(p.left, p.right)[0],
                    "person_r": _ordered(p.left, p.right)[1],
                    "match_probability": p.probability,
                    "match_weight": p.weight,
                    "explanation": {k: dict(v) for k, v in p.explanation.items()},
                    "joined": p.joined,
                    "needs_review": p.needs_review,
                }
                for p in pairs
            ),
        )

    def latest_run(self) -> RunRecord | None:
        query = select(identity_runs).order_by(identity_runs.c.finished_at.desc()).limit(1)
        row = self._connection.execute(query).first()
        if row is None:
            return None
        return RunRecord(
            row.id,
            row.started_at,
            row.finished_at,
            row.actor,
            row.records,
            row.clusters,
            row.for_review,
            row.model,
        )

    @staticmethod
    def _stored(row: Any) -> StoredPair:
        pair = CandidatePair(
            str(row.person_l),
            str(row.person_r),
            row.match_probability,
            row.match_weight,
            row.explanation,
            row.joined,
            row.needs_review,
        )
        return StoredPair(row.id, pair)

    def review_queue(self, limit: int, offset: int = 0) -> list[StoredPair]:
        c, d = identity_candidates, identity_decisions
        left, right = aliased(identity_clusters), aliased(identity_clusters)
        decided = exists().where(
            d.c.person_l == c.c.person_l, d.c.person_r == c.c.person_r, d.c.verdict.in_(_BINDING)
        )
        query = (
            select(c)
            .join(left, left.c.person_id == c.c.person_l)
            .join(right, right.c.person_id == c.c.person_r)
            .where(c.c.needs_review, ~decided, left.c.cluster_id != right.c.cluster_id)
            .order_by(c.c.match_probability.desc(), c.c.id)
            .limit(limit)
            .offset(offset)
        )
        return [self._stored(row) for row in self._connection.execute(query)]

    def pair(self, pair_id: UUID) -> StoredPair | None:
        row = self._connection.execute(
            select(identity_candidates).where(identity_candidates.c.id == pair_id)
        ).first()
        return self._stored(row) if row else None

    def _history(self, person_ids: set[UUID]) -> IdentityHistory:
        """Assignments of these records and the events touching them (moves of these only)."""
        assignments: dict[RecordId, ClusterId] = {}
        moves: dict[str, list[Any]] = {}
        ordered = sorted(person_ids)
        for part in records.chunks(ordered):
            query = select(identity_clusters.c.person_id, identity_clusters.c.cluster_id).where(
                identity_clusters.c.person_id.in_(part)
            )
            assignments.update({str(p): c for p, c in self._connection.execute(query)})
            query = select(identity_event_records).where(
                identity_event_records.c.person_id.in_(part)
            )
            for move in self._connection.execute(query):
                moves.setdefault(move.event_id, []).append(move)
        events: list[Event] = []
        for part in records.chunks(sorted(moves)):
            query = select(identity_events).where(identity_events.c.id.in_(part))
            rows = list(self._connection.execute(query))
            events.extend(
                _event(row, sorted(moves[row.id], key=lambda m: str(m.person_id)))
                for row in sorted(rows, key=lambda r: r.seq)
            )
        return IdentityHistory(assignments=assignments, events=tuple(events))

    def _cluster_mates(self, person_ids: Iterable[UUID]) -> set[UUID]:
        ids = sorted(set(person_ids))
        mates = set(ids)
        for part in records.chunks(ids):
            clusters = select(identity_clusters.c.cluster_id).where(
                identity_clusters.c.person_id.in_(part)
            )
            query = select(identity_clusters.c.person_id).where(
                identity_clusters.c.cluster_id.in_(clusters)
            )
            mates.update(self._connection.scalars(query))
        return mates

    def history_of(self, person_ids: Iterable[RecordId]) -> IdentityHistory:
        return self._history(self._cluster_mates(UUID(p) for p in person_ids))

    def history_for_event(self, event_id: str) -> IdentityHistory:
        query = select(identity_event_records.c.person_id).where(
            identity_event_records.c.event_id == event_id
        )
        return self._history(self._cluster_mates(self._connection.scalars(query)))

    def merge_events(self) -> list[Event]:
        query = (
            select(identity_events)
            .where(identity_events.c.kind.in_((EventKind.MERGED, EventKind.UNMERGED)))
            .order_by(identity_events.c.seq)
        )
        rows = list(self._connection.execute(query))
        moves: dict[str, list[Any]] = {}
        for part in records.chunks([r.id for r in rows]):
            query = select(identity_event_records).where(
                identity_event_records.c.event_id.in_(part)
            )
            for move in self._connection.execute(query):
                moves.setdefault(move.event_id, []).append(move)
        return [_event(row, moves.get(row.id, [])) for row in rows]

    def append_event(self, event: Event, owner_id: UUID | None) -> None:
        connection = self._connection
        lock_for_appending(connection, AppendLock.IDENTITY_EVENTS, identity_events)
        seq = connection.scalar(select(func.coalesce(func.max(identity_events.c.seq), 0))) or 0
        moves = _moves(event)
        if isinstance(event, Unmerged):
            now = self._history({UUID(r) for r, _, _ in moves}).assignments
            moves = [(r, now.get(r), to) for r, _, to in moves]
        connection.execute(
            insert(identity_events).values(
                id=event.event_id,
                seq=seq + 1,
                kind=kind_of(event),
                cluster_id=event.into if isinstance(event, Merged) else None,
                anchor=UUID(event.anchor) if isinstance(event, Merged) else None,
                reverts=event.reverts if isinstance(event, Unmerged) else None,
                actor=event.actor,
                owner_id=owner_id,
                at=event.at,
                reason=getattr(event, "reason", ""),
            )
        )
        self._insert_many(
            identity_event_records,
            (
                {
                    "event_id": event.event_id,
                    "person_id": UUID(r),
                    "from_cluster": f,
                    "to_cluster": t,
                }
                for r, f, t in moves
            ),
        )
        if isinstance(event, Merged | Unmerged):
            for record, _, cluster in moves:
                connection.execute(
                    update(identity_clusters)
                    .where(identity_clusters.c.person_id == UUID(record))
                    .values(cluster_id=cluster, updated_at=event.at)
                )
