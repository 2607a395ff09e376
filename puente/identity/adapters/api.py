"""Identity JSON API: the review queue, decisions, merges, a person's identity history, and the
registrar's possible-matches check. Every route goes through the access gate."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from puente.access.domain.redaction import Redacted
from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.identity.adapters import actions
from puente.identity.adapters.registration_check import NewPerson
from puente.identity.adapters.views import PairView
from puente.identity.domain.history import (
    Event,
    Merged,
    Registered,
    Unmerged,
    kind_of,
)
from puente.identity.domain.review import Verdict
from puente.web.access import guarded
from puente.web.routing import problems

router = APIRouter(prefix="/identity", tags=["identity"])
ERRORS = problems(401, 403, 404, 409, 422)
Reviewer = Annotated[Gate, Depends(guarded(Permission.IDENTITY_REVIEW))]
Reader = Annotated[Gate, Depends(guarded(Permission.REGISTRY_READ))]
Registrar = Annotated[Gate, Depends(guarded(Permission.REGISTRY_WRITE))]


class PersonOut(BaseModel):
    """A person as the caller may see them: redacted fields are null and listed."""

    person_id: str
    cluster_id: str | None = None
    given_names: str | None = None
    first_surname: str | None = None
    second_surname: str | None = None
    sex: str | None = None
    birth_date: str | None = None
    nationalities: list[str] | None = None
    redacted: list[str] = []

    @classmethod
    def of(cls, shown: Redacted) -> PersonOut:
        return cls(**shown.data, redacted=list(shown.removed))


class Evidence(BaseModel):
    comparison: str
    level: str
    weight: float


class PairOut(BaseModel):
    pair_id: UUID
    match_probability: float
    match_weight: float
    joined: bool
    evidence: list[Evidence] | None
    left: PersonOut
    right: PersonOut
    redacted: list[str]

    @classmethod
    def of(cls, view: PairView) -> PairOut:
        return cls(
            pair_id=view.pair_id,
            match_probability=view.probability,
            match_weight=view.weight,
            joined=view.joined,
            evidence=[Evidence(**e) for e in view.evidence] if view.evidence is not None else None,
            left=PersonOut.of(view.left),
            right=PersonOut.of(view.right),
            redacted=[] if view.evidence is not None else ["evidence"],
        )


class DecisionIn(BaseModel):
    verdict: Verdict


class DecisionOut(BaseModel):
    pair_id: UUID
    verdict: Verdict
    decided_at: datetime
    merge_event_id: str | None


class MergeIn(BaseModel):
    person_ids: list[UUID] = Field(min_length=2)
    reason: str = Field(min_length=1, max_length=500)


class UnmergeIn(BaseModel):
    reason: str = Field(min_length=1, max_length=500)


class EventOut(BaseModel):
    event_id: str
    kind: str
    at: datetime
    actor: str
    reason: str
    records_moved: int
    merge_event_id: str | None = None

    @classmethod
    def of(cls, event: Event) -> EventOut:
        return cls(
            event_id=event.event_id,
            kind=kind_of(event).value,
            at=event.at,
            actor=event.actor,
            reason=event.reason if isinstance(event, Merged | Unmerged) else "",
            records_moved=_moved(event),
            merge_event_id=event.reverts if isinstance(event, Unmerged) else None,
        )


def _moved(event: Event) -> int:
    """Records the event moved (in a person's history: of the records shown with it)."""
    if isinstance(event, Registered):
        return 1
    return len(event.restored if isinstance(event, Unmerged) else event.moved)


class HistoryOut(BaseModel):
    person: PersonOut
    cluster_id: str | None
    same_person: list[PersonOut]
    events: list[EventOut]


class NewPersonIn(BaseModel):
    given_names: str = Field(max_length=120)
    first_surname: str = Field(max_length=120)
    second_surname: str = Field("", max_length=120)
    sex: str = Field("", max_length=20)
    birth_date: str = Field("", max_length=10, description="1990-05-17, 1990-05 or 1990")
    estimated_age: str = Field("", max_length=3)
    nationality: str = Field("", max_length=2)
    phone: str = Field("", max_length=16)


class MatchOut(BaseModel):
    match_probability: float
    person: PersonOut


class MatchesOut(BaseModel):
    model_ready: bool
    matches: list[MatchOut]


@router.get("/review-queue", responses=ERRORS)
def get_review_queue(
    request: Request,
    gate: Reviewer,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[PairOut]:
    """Pairs waiting for a person, most probable first, with the evidence of each."""
    return [PairOut.of(v) for v in actions.review_queue(request, gate, limit, offset)]


@router.get("/pairs/{pair_id}", responses=ERRORS)
def get_pair(request: Request, gate: Reviewer, pair_id: UUID) -> PairOut:
    return PairOut.of(actions.pair(request, gate, pair_id))


@router.post("/pairs/{pair_id}/decision", responses=ERRORS)
def post_decision(request: Request, gate: Reviewer, pair_id: UUID, body: DecisionIn) -> DecisionOut:
    """Same (merges them now), different (binds every later run) or unsure."""
    decision, merged = actions.decide(request, gate, pair_id, body.verdict)
    return DecisionOut(
        pair_id=pair_id,
        verdict=decision.verdict,
        decided_at=decision.decided_at,
        merge_event_id=merged.event_id if merged else None,
    )


@router.post("/merges", status_code=201, responses=ERRORS)
def post_merge(request: Request, gate: Reviewer, body: MergeIn) -> EventOut | None:
    """Make the people these records belong to one person; null when they already are."""
    event: Merged | None = actions.merge(
        request, gate, [str(p) for p in body.person_ids], body.reason
    )
    return EventOut.of(event) if event else None


@router.post("/merges/{event_id}/undo", status_code=201, responses=ERRORS)
def post_unmerge(request: Request, gate: Reviewer, event_id: str, body: UnmergeIn) -> EventOut:
    """Undo a merge exactly; 409 while a later change touched its records."""
    return EventOut.of(actions.unmerge(request, gate, event_id, body.reason))


@router.get("/persons/{person_id}/history", responses=ERRORS)
def get_history(request: Request, gate: Reader, person_id: UUID) -> HistoryOut:
    page = actions.history(request, gate, person_id)
    return HistoryOut(
        person=PersonOut.of(page.person),
        cluster_id=page.identity.cluster_id,
        same_person=[PersonOut.of(m) for m in page.members],
        events=[EventOut.of(e) for e in page.identity.events],
    )


@router.post("/possible-matches", responses=ERRORS)
def post_possible_matches(request: Request, gate: Registrar, body: NewPersonIn) -> MatchesOut:
    """Who among the persons held might this person be, before registering them."""
    found = actions.check(request, gate, NewPerson(**body.model_dump()))
    return MatchesOut(
        model_ready=found is not None,
        matches=[
            MatchOut(match_probability=m.probability, person=PersonOut.of(m.person))
            for m in found or []
        ],
    )
