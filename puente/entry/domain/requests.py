"""Entry requests: one per person travelling alone or per whole family, with its queue state.

A request belongs to a request window; the party key (family id or person id) makes asking twice
in the same window the same request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum, StrEnum
from uuid import UUID, uuid5

from puente.shared.errors import FieldProblem, IllegalTransition, InvalidInput

_REQUEST_NAMESPACE = UUID("6f1d3c2e-5b7a-4e8f-9a0b-1c2d3e4f5a6b")


class VulnerabilityLevel(IntEnum):
    """The caseworker's assessment; higher is served first by the vulnerability rule."""

    NONE = 0
    ELEVATED = 1
    ACUTE = 2
    URGENT_MEDICAL = 3


# How the registry's vulnerability flags map to a level when no caseworker has assessed yet.
FLAG_LEVELS: dict[str, VulnerabilityLevel] = {
    "medical": VulnerabilityLevel.URGENT_MEDICAL,
    "unaccompanied_child": VulnerabilityLevel.ACUTE,
    "survivor_of_violence": VulnerabilityLevel.ACUTE,
    "lgbtqi_at_risk": VulnerabilityLevel.ACUTE,
    "pregnancy": VulnerabilityLevel.ACUTE,
    "disability": VulnerabilityLevel.ACUTE,
    "elderly": VulnerabilityLevel.ELEVATED,
    "single_caregiver": VulnerabilityLevel.ELEVATED,
}


def level_from_flags(flags: tuple[str, ...]) -> VulnerabilityLevel:
    levels = [FLAG_LEVELS.get(f, VulnerabilityLevel.NONE) for f in flags]
    return max(levels, default=VulnerabilityLevel.NONE)


@dataclass(frozen=True)
class VulnerabilityAssessment:
    level: VulnerabilityLevel
    flags: tuple[str, ...]
    assessed_at: datetime
    assessed_by: str


class CaseStatus(StrEnum):
    """The immigration-court state that decides MPP wind-down eligibility."""

    PENDING = "pending"
    APPEAL_PENDING = "appeal_pending"
    TERMINATED = "terminated"
    IN_ABSENTIA = "in_absentia"
    CLOSED = "closed"


@dataclass(frozen=True)
class CourtCase:
    a_number: str
    status: CaseStatus
    checked_on: date


# MPP wind-down eligibility as dated data (domain.md point 1): from the given day, the statuses.
MPP_ELIGIBILITY: tuple[tuple[date, frozenset[CaseStatus]], ...] = (
    (date(2021, 2, 19), frozenset({CaseStatus.PENDING, CaseStatus.APPEAL_PENDING})),
    (
        date(2021, 6, 23),
        frozenset(
            {
                CaseStatus.PENDING,
                CaseStatus.APPEAL_PENDING,
                CaseStatus.TERMINATED,
                CaseStatus.IN_ABSENTIA,
            }
        ),
    ),
)


def mpp_eligible(case: CourtCase, on: date) -> bool:
    statuses: frozenset[CaseStatus] = frozenset()
    for start, allowed in MPP_ELIGIBILITY:
        if on >= start:
            statuses = allowed
    return case.status in statuses


class RequestState(StrEnum):
    OPEN = "open"
    ALLOCATED = "allocated"
    CLOSED = "closed"
    LAPSED = "lapsed"
    WITHDRAWN = "withdrawn"


_REQUEST_MOVES: dict[RequestState, frozenset[RequestState]] = {
    RequestState.OPEN: frozenset({RequestState.ALLOCATED, RequestState.WITHDRAWN}),
    RequestState.ALLOCATED: frozenset(
        {RequestState.OPEN, RequestState.CLOSED, RequestState.LAPSED, RequestState.WITHDRAWN}
    ),
    RequestState.CLOSED: frozenset(),
    RequestState.LAPSED: frozenset(),
    RequestState.WITHDRAWN: frozenset(),
}


@dataclass(frozen=True)
class RequestWindow:
    """When requests are taken, and the lottery commitment published before it opens."""

    id: str
    opens_at: datetime
    closes_at: datetime
    commitment: str  # hex SHA-256 of the secret revealed after ``closes_at``
    owner_id: UUID | None = None  # the organisation running the programme (holds self-service)

    def __post_init__(self) -> None:
        if self.opens_at.tzinfo is None or self.closes_at.tzinfo is None:
            raise InvalidInput.single("opens_at", "window times carry a time zone")
        if self.opens_at >= self.closes_at:
            raise InvalidInput.single("closes_at", "a window closes after it opens")

    def is_open(self, at: datetime) -> bool:
        return self.opens_at <= at < self.closes_at


def party_key(person_ids: tuple[UUID, ...], family_id: UUID | None) -> str:
    """The whole family asks once; a person alone asks for themself."""
    if family_id is not None:
        return f"family:{family_id}"
    if len(person_ids) != 1:
        raise InvalidInput.single("family_id", "several people ask together as a family group")
    return f"person:{person_ids[0]}"


def request_id_for(window_id: str, key: str) -> str:
    return str(uuid5(_REQUEST_NAMESPACE, f"{window_id}|{key}"))


@dataclass
class EntryRequest:
    """A party's request for an appointment; the party is never split across appointments."""

    id: str
    window_id: str
    person_ids: tuple[UUID, ...]
    family_id: UUID | None
    preferences: tuple[str, ...]
    registered_at: datetime
    requested_at: datetime
    vulnerability: VulnerabilityAssessment
    language: str
    nationality: str
    accepts_other_ports: bool = False
    group: str = ""
    court_case: CourtCase | None = None
    state: RequestState = RequestState.OPEN
    moved_by_closure: bool = False
    history: list[tuple[datetime, RequestState]] = field(default_factory=list)
    owner_id: UUID | None = None  # the organisation holding the request (data protection)

    def __post_init__(self) -> None:
        problems = []
        if not self.person_ids:
            problems.append(FieldProblem("person_ids", "a request names at least one person"))
        if len(set(self.person_ids)) != len(self.person_ids):
            problems.append(FieldProblem("person_ids", "a person appears twice in the party"))
        if not self.preferences and not self.accepts_other_ports:
            problems.append(FieldProblem("preferences", "name a port, or accept any port"))
        if len(set(self.preferences)) != len(self.preferences):
            problems.append(FieldProblem("preferences", "a port is named twice"))
        for name in ("registered_at", "requested_at"):
            if getattr(self, name).tzinfo is None:
                problems.append(FieldProblem(name, "times carry a time zone"))
        if problems:
            raise InvalidInput(problems)

    @property
    def party_size(self) -> int:
        return len(self.person_ids)

    @property
    def key(self) -> str:
        return party_key(self.person_ids, self.family_id)

    def move(self, target: RequestState, at: datetime) -> None:
        if target not in _REQUEST_MOVES[self.state]:
            raise IllegalTransition("entry request", self.state.value, target.value)
        self.state = target
        self.history.append((at, target))
