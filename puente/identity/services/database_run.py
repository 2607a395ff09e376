"""Use case: link every person held in the database, honouring what people decided.

Human "different" decisions and standing merges bind the run; people keep their cluster ids;
the uncertain band becomes the review queue; each change of cluster is logged as one event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID, uuid4

import pandas as pd

from puente.identity.domain.clustering import ClusterId, RecordId
from puente.identity.domain.history import (
    Event,
    IdentityHistory,
    Linked,
    relink,
    standing_merges,
)
from puente.identity.domain.review import ReviewDecision, Verdict
from puente.identity.services.ports import CandidatePair, IdentityUnitOfWork, RunRecord
from puente.identity.services.resolve import ResolutionPolicy


@dataclass(frozen=True, slots=True)
class LinkResult:
    cluster_ids: Mapping[RecordId, ClusterId]
    match_probability: Mapping[RecordId, float]
    pairs: Sequence[CandidatePair]
    model: Mapping[str, Any]


class BatchLinker(Protocol):
    def __call__(
        self,
        records: pd.DataFrame,
        policy: ResolutionPolicy,
        previous: Mapping[RecordId, ClusterId],
        decisions: Iterable[ReviewDecision],
        progress: Callable[[str], None],
    ) -> LinkResult: ...


@dataclass(frozen=True, slots=True)
class RunSummary:
    run_id: UUID
    records: int
    clusters: int
    moved: int
    for_review: int


def _merge_decisions(events: Iterable[Event]) -> list[ReviewDecision]:
    """A standing merge binds like a person's "same" given when it was made: each moved record
    with the merge's anchor; a later "different" on such a pair still wins."""
    return [
        ReviewDecision(record, merged.anchor, Verdict.SAME, merged.actor, merged.at)
        for merged in standing_merges(events)
        for record, _ in merged.moved
        if record != merged.anchor
    ]


def run_on_database(
    uow_factory: Callable[[], IdentityUnitOfWork],
    link: BatchLinker,
    policy: ResolutionPolicy,
    actor: str,
    clock: Callable[[], datetime],
    progress: Callable[[str], None] = lambda _: None,
) -> RunSummary:
    started = clock()
    progress("reading the persons held")
    with uow_factory() as uow:
        records = uow.identity.person_records()
        previous = uow.identity.assignments()
        decisions = [*_merge_decisions(uow.identity.merge_events()), *uow.identity.decisions()]
    result = link(records, policy, previous, decisions, progress)
    progress("storing clusters, candidate pairs and the review queue")
    finished = clock()
    run = RunRecord(
        run_id=uuid4(),
        started_at=started,
        finished_at=finished,
        actor=actor,
        records=len(records),
        clusters=len(set(result.cluster_ids.values())),
        for_review=sum(p.needs_review for p in result.pairs),
        model=result.model,
    )
    placed = relink(IdentityHistory(previous), str(run.run_id), result.cluster_ids, actor, finished)
    with uow_factory() as uow:
        identity = uow.identity
        identity.save_run(run, result.cluster_ids, result.match_probability, result.pairs)
        for event in placed.events:
            identity.append_event(event, None)
        uow.commit()
    moved = sum(len(e.moved) for e in placed.events if isinstance(e, Linked))
    return RunSummary(run.run_id, run.records, run.clusters, moved, run.for_review)
