"""Sponsor applications and release: preference order, categories, checks, a transition table.

A child is released only after every check the application requires has passed; the table
below is the whole of what may follow what, and any other move raises ``IllegalTransition``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import IntEnum, StrEnum
from uuid import UUID

from puente.children.domain.clock import utc
from puente.shared.errors import IllegalTransition, InvalidInput


class SponsorType(IntEnum):
    """Release preference order (domain.md 12): a lower value is preferred."""

    PARENT = 1
    LEGAL_GUARDIAN = 2
    ADULT_RELATIVE = 3
    DESIGNATED_BY_PARENT = 4
    LICENSED_PROGRAMME = 5
    OTHER_ADULT = 6


class SponsorCategory(StrEnum):
    PARENT_OR_GUARDIAN = "1"
    CAREGIVER_RELATIVE = "2A"  # close relative who was the child's caregiver
    CLOSE_RELATIVE = "2B"
    DISTANT_OR_UNRELATED = "3"
    NONE = "4"  # no viable sponsor: the child stays in care, no application is opened


class State(StrEnum):
    SUBMITTED = "submitted"
    IDENTITY_VERIFIED = "identity_verified"
    RELATIONSHIP_VERIFIED = "relationship_verified"
    BACKGROUND_CLEARED = "background_cleared"
    HOME_STUDY_PASSED = "home_study_passed"
    APPROVED = "approved"
    DENIED = "denied"
    WITHDRAWN = "withdrawn"
    RELEASED = "released"
    POST_RELEASE_SERVICES = "post_release_services"
    CLOSED = "closed"


_STOP = frozenset({State.DENIED, State.WITHDRAWN})
TRANSITIONS: dict[State, frozenset[State]] = {
    State.SUBMITTED: frozenset({State.IDENTITY_VERIFIED}) | _STOP,
    State.IDENTITY_VERIFIED: frozenset({State.RELATIONSHIP_VERIFIED}) | _STOP,
    State.RELATIONSHIP_VERIFIED: frozenset({State.BACKGROUND_CLEARED}) | _STOP,
    # Approval straight after the background check only when no home study is required.
    State.BACKGROUND_CLEARED: frozenset({State.HOME_STUDY_PASSED, State.APPROVED}) | _STOP,
    State.HOME_STUDY_PASSED: frozenset({State.APPROVED}) | _STOP,
    State.APPROVED: frozenset({State.RELEASED, State.WITHDRAWN}),
    State.RELEASED: frozenset({State.POST_RELEASE_SERVICES, State.CLOSED}),
    State.POST_RELEASE_SERVICES: frozenset({State.CLOSED}),
    State.DENIED: frozenset(),
    State.WITHDRAWN: frozenset(),
    State.CLOSED: frozenset(),
}
MACHINE = "sponsor application"


@dataclass(frozen=True)
class ProtectedSponsorData:
    """Fields the access layer must withhold from enforcement roles (domain.md 12).

    Kept apart from the rest of the application so that one redaction rule covers all of it;
    nothing in this context reads these fields to decide anything.
    """

    immigration_status: str | None = None


@dataclass(frozen=True)
class HomeStudyFactors:
    """TVPRA and ORR grounds that make a home study mandatory before release."""

    trafficking_victim: bool = False
    disability: bool = False
    abuse_history: bool = False
    sponsor_risk: bool = False
    tender_age_with_unrelated_sponsor: bool = False

    @property
    def required(self) -> bool:
        return any(
            (
                self.trafficking_victim,
                self.disability,
                self.abuse_history,
                self.sponsor_risk,
                self.tender_age_with_unrelated_sponsor,
            )
        )


@dataclass(frozen=True)
class Step:
    state: State
    at: datetime
    by: str
    note: str


@dataclass(frozen=True)
class SponsorApplication:
    id: UUID
    child_id: UUID
    sponsor_name: str
    sponsor_type: SponsorType
    category: SponsorCategory
    home_study: HomeStudyFactors
    protected: ProtectedSponsorData
    submitted_at: datetime
    state: State = State.SUBMITTED
    steps: tuple[Step, ...] = ()

    def __post_init__(self) -> None:
        utc(self.submitted_at, "submitted_at")
        if self.category is SponsorCategory.NONE:
            raise InvalidInput.single(
                "category", "category 4 means no viable sponsor: there is nothing to apply for"
            )
        if not self.sponsor_name.strip():
            raise InvalidInput.single("sponsor_name", "required")

    def advance(self, target: State, at: datetime, by: str, note: str = "") -> SponsorApplication:
        if target not in TRANSITIONS[self.state]:
            raise IllegalTransition(MACHINE, self.state.value, target.value)
        if (
            target is State.APPROVED
            and self.state is State.BACKGROUND_CLEARED
            and self.home_study.required
        ):
            # The home study is a required check here: approval must wait for it.
            raise IllegalTransition(MACHINE, self.state.value, target.value)
        if not by.strip():
            raise InvalidInput.single("by", "who made the step must be recorded")
        if self.steps and utc(at) < utc(self.steps[-1].at):
            raise InvalidInput.single("at", "a step cannot precede the one before it")
        return replace(self, state=target, steps=(*self.steps, Step(target, utc(at), by, note)))

    @property
    def released(self) -> bool:
        return self.state in (State.RELEASED, State.POST_RELEASE_SERVICES, State.CLOSED)


def preference_order(applications: list[SponsorApplication]) -> list[SponsorApplication]:
    """Open applications in release preference order, earliest submitted first within a type."""
    open_ones = [a for a in applications if a.state not in (State.DENIED, State.WITHDRAWN)]
    return sorted(open_ones, key=lambda a: (a.sponsor_type, utc(a.submitted_at), str(a.id)))
