"""An in-memory identity repository and unit of work, for use-case tests without a database."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID, uuid4

import pandas as pd

from puente.identity.domain.clustering import ClusterId, RecordId
from puente.identity.domain.history import Event, IdentityHistory, Linked, Merged, Unmerged
from puente.identity.domain.review import ReviewDecision, Verdict
from puente.identity.services.ports import (
    CandidatePair,
    IdentityRepository,
    IdentityUnitOfWork,
    PersonSummary,
    RunRecord,
    StoredPair,
)


@dataclass
class FakeIdentityRepository(IdentityRepository):
    records: pd.DataFrame
    clusters: dict[RecordId, ClusterId] = field(default_factory=dict)
    pairs: dict[UUID, CandidatePair] = field(default_factory=dict)
    stored_decisions: list[ReviewDecision] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    runs: list[RunRecord] = field(default_factory=list)

    def person_records(self, since: datetime | None = None) -> pd.DataFrame:
        return self.records

    def assignments(self) -> dict[RecordId, ClusterId]:
        return dict(self.clusters)

    def decisions(self) -> list[ReviewDecision]:
        return list(self.stored_decisions)

    def add_decision(self, decision: ReviewDecision, owner_id: UUID) -> None:
        self.stored_decisions.append(decision)

    def merge_events(self) -> list[Event]:
        return [e for e in self.events if isinstance(e, Merged | Unmerged)]

    def save_run(
        self,
        run: RunRecord,
        assignments: Mapping[RecordId, ClusterId],
        probabilities: Mapping[RecordId, float],
        pairs: Sequence[CandidatePair],
    ) -> None:
        self.runs.append(run)
        self.clusters = dict(assignments)
        self.pairs = {uuid4(): p for p in pairs}

    def latest_run(self) -> RunRecord | None:
        return self.runs[-1] if self.runs else None

    def review_queue(self, limit: int, offset: int = 0) -> list[StoredPair]:
        settled = {d.pair for d in self.stored_decisions if d.verdict is not Verdict.UNSURE}
        waiting = [
            StoredPair(i, p)
            for i, p in self.pairs.items()
            if p.needs_review
            and (p.left, p.right) not in settled
            and self.clusters[p.left] != self.clusters[p.right]
        ]
        waiting.sort(key=lambda s: -s.pair.probability)
        return waiting[offset : offset + limit]

    def pair(self, pair_id: UUID) -> StoredPair | None:
        found = self.pairs.get(pair_id)
        return StoredPair(pair_id, found) if found else None

    def history_of(self, person_ids: Iterable[RecordId]) -> IdentityHistory:
        return IdentityHistory(dict(self.clusters), tuple(self.events))

    def history_for_event(self, event_id: str) -> IdentityHistory:
        return IdentityHistory(dict(self.clusters), tuple(self.events))

    def members(self, cluster_id: ClusterId) -> list[RecordId]:
        return [r for r, c in self.clusters.items() if c == cluster_id]

    def append_event(self, event: Event, owner_id: UUID | None) -> None:
        self.events.append(event)
        if isinstance(event, Merged):
            self.clusters.update(dict.fromkeys((r for r, _ in event.moved), event.into))
        elif isinstance(event, Unmerged):
            self.clusters.update(dict(event.restored))
        assert isinstance(event, Merged | Unmerged | Linked)

    def summaries(self, person_ids: Iterable[RecordId]) -> dict[RecordId, PersonSummary]:
        return {}


class FakeIdentityUnitOfWork(IdentityUnitOfWork):
    def __init__(self, repository: FakeIdentityRepository) -> None:
        self.identity = repository
        self.commits = 0

    def commit(self) -> None:
        self.commits += 1

    def rollback(self) -> None:
        pass
