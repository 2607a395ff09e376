"""What the identity use cases need from storage: the repository and its unit of work."""

from __future__ import annotations

import abc
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from puente.identity.domain.clustering import ClusterId, RecordId
from puente.identity.domain.history import Event, IdentityHistory
from puente.identity.domain.review import ReviewDecision
from puente.shared.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """What a reviewer compares: a person record's identity fields, as registered."""

    person_id: UUID
    owner_id: UUID
    given_names: str
    first_surname: str
    second_surname: str | None
    sex: str
    birth_date: str | None
    nationalities: tuple[str, ...]
    cluster_id: ClusterId | None


@dataclass(frozen=True, slots=True)
class CandidatePair:
    """A scored pair with its evidence: per comparison, the level it fell in and its weight."""

    left: RecordId
    right: RecordId
    probability: float
    weight: float
    explanation: Mapping[str, Mapping[str, Any]]
    joined: bool
    needs_review: bool


@dataclass(frozen=True, slots=True)
class StoredPair:
    pair_id: UUID
    pair: CandidatePair


@dataclass(frozen=True, slots=True)
class RunRecord:
    run_id: UUID
    started_at: datetime
    finished_at: datetime
    actor: str
    records: int
    clusters: int
    for_review: int
    model: Mapping[str, Any]


class IdentityRepository(abc.ABC):
    @abc.abstractmethod
    def person_records(self, since: datetime | None = None) -> pd.DataFrame:
        """Every person held (created after ``since``, if given), in the linkage input columns,
        ``record_id`` being the person id, and their ``created_at``."""

    @abc.abstractmethod
    def assignments(self) -> dict[RecordId, ClusterId]: ...

    @abc.abstractmethod
    def decisions(self) -> list[ReviewDecision]: ...

    @abc.abstractmethod
    def add_decision(self, decision: ReviewDecision, owner_id: UUID) -> None: ...

    @abc.abstractmethod
    def merge_events(self) -> list[Event]:
        """Every merge and unmerge, oldest first (what later runs must honour)."""

    @abc.abstractmethod
    def save_run(
        self,
        run: RunRecord,
        assignments: Mapping[RecordId, ClusterId],
        probabilities: Mapping[RecordId, float],
        pairs: Sequence[CandidatePair],
    ) -> None:
        """Replace the current clusters and candidate pairs with this run's."""

    @abc.abstractmethod
    def latest_run(self) -> RunRecord | None: ...

    @abc.abstractmethod
    def review_queue(self, limit: int, offset: int = 0) -> list[StoredPair]:
        """Pairs waiting for a person, most probable first."""

    @abc.abstractmethod
    def pair(self, pair_id: UUID) -> StoredPair | None: ...

    @abc.abstractmethod
    def history_of(self, person_ids: Iterable[RecordId]) -> IdentityHistory:
        """The assignments of the clusters these records are in, and every event touching them."""

    @abc.abstractmethod
    def history_for_event(self, event_id: str) -> IdentityHistory: ...

    @abc.abstractmethod
    def members(self, cluster_id: ClusterId) -> list[RecordId]: ...

    @abc.abstractmethod
    def append_event(self, event: Event, owner_id: UUID | None) -> None:
        """Store the event; a merge's or unmerge's moves also change the current clusters.

        A batch run's ``Linked`` event is only logged: ``save_run`` places its records.
        """

    @abc.abstractmethod
    def summaries(self, person_ids: Iterable[RecordId]) -> dict[RecordId, PersonSummary]: ...


class IdentityUnitOfWork(UnitOfWork):
    identity: IdentityRepository
