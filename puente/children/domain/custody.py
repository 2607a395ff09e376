"""Custody record of an unaccompanied child in border custody, and its status transitions.

Mexican (and Canadian) children follow the TVPRA screening path: screened for trafficking,
fear of return and capacity to decide; only a child cleared on all three may return voluntarily.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from puente.children.domain.clock import ClockPolicy, CustodyClock, utc
from puente.shared.errors import FieldProblem, IllegalTransition, InvalidInput
from puente.shelters.domain.model import PlacementBasis, Sex

UAC_AGE_LIMIT = 18  # a UAC is under 18 (domain.md 9)
CONTIGUOUS_COUNTRIES = frozenset({"MX", "CA"})  # TVPRA screening path for these nationals


class AgeBasis(StrEnum):
    """How the age on record was established, strongest first."""

    DOCUMENT = "document"  # birth certificate, passport, consular record
    MEDICAL = "medical"  # dental or skeletal assessment
    INTERVIEW = "interview"  # the child's own account, consistent at interview
    OFFICER_ESTIMATE = "officer_estimate"


class Relationship(StrEnum):
    SIBLING = "sibling"
    HALF_SIBLING = "half_sibling"
    COUSIN = "cousin"
    AUNT_OR_UNCLE = "aunt_or_uncle"
    GRANDPARENT = "grandparent"
    OTHER = "other"


SIBLING_RELATIONSHIPS = frozenset({Relationship.SIBLING, Relationship.HALF_SIBLING})


@dataclass(frozen=True)
class Relative:
    """Someone encountered with the child; ``child_id`` when they are also a child in custody."""

    relationship: Relationship
    name: str
    child_id: UUID | None = None


class CustodyStatus(StrEnum):
    IN_CUSTODY = "in_custody"
    SCREENING = "screening"  # contiguous-country child under TVPRA screening
    REFERRED = "referred"  # referred to ORR, awaiting a placement
    TRANSFERRED = "transferred"  # left border custody for an ORR care provider
    VOLUNTARY_RETURN = "voluntary_return"


CUSTODY_TRANSITIONS: dict[CustodyStatus, frozenset[CustodyStatus]] = {
    CustodyStatus.IN_CUSTODY: frozenset({CustodyStatus.SCREENING, CustodyStatus.REFERRED}),
    CustodyStatus.SCREENING: frozenset({CustodyStatus.REFERRED, CustodyStatus.VOLUNTARY_RETURN}),
    CustodyStatus.REFERRED: frozenset({CustodyStatus.TRANSFERRED}),
    CustodyStatus.TRANSFERRED: frozenset(),
    CustodyStatus.VOLUNTARY_RETURN: frozenset(),
}
LEFT_CUSTODY = frozenset({CustodyStatus.TRANSFERRED, CustodyStatus.VOLUNTARY_RETURN})


@dataclass(frozen=True)
class Screening:
    """TVPRA screening of a contiguous-country child; all three must clear for a return."""

    trafficking_concern: bool
    fear_of_return: bool
    able_to_decide: bool
    screened_by: str
    screened_at: datetime

    @property
    def may_return(self) -> bool:
        return not self.trafficking_concern and not self.fear_of_return and self.able_to_decide


@dataclass(frozen=True)
class CustodyRecord:
    id: UUID
    encountered_at: datetime
    zone: str  # IANA zone of the place of encounter, e.g. America/Denver
    facility: str
    age: int
    age_basis: AgeBasis
    sex: Sex
    language: str
    nationality: str  # ISO 3166-1 alpha-2
    relatives: tuple[Relative, ...] = ()
    special_needs: frozenset[str] = frozenset()
    placement_bases: frozenset[PlacementBasis] = frozenset()
    status: CustodyStatus = CustodyStatus.IN_CUSTODY
    screening: Screening | None = None
    left_custody_at: datetime | None = None
    history: tuple[tuple[CustodyStatus, datetime], ...] = field(default=())
    person_id: UUID | None = None  # the child's registry person, when registered

    @property
    def subject_id(self) -> UUID:
        """Whom the record is about: the registry person if linked, else the record itself."""
        return self.person_id or self.id

    def __post_init__(self) -> None:
        problems = []
        if self.encountered_at.tzinfo is None:
            problems.append(FieldProblem("encountered_at", "must carry its time zone"))
        try:
            ZoneInfo(self.zone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(FieldProblem("zone", f"unknown time zone {self.zone!r}"))
        if not 0 <= self.age < UAC_AGE_LIMIT:
            problems.append(FieldProblem("age", f"a UAC is under {UAC_AGE_LIMIT}"))
        if len(self.nationality) != 2 or not self.nationality.isalpha():
            problems.append(FieldProblem("nationality", "ISO 3166-1 alpha-2 code expected"))
        if not self.facility.strip():
            problems.append(FieldProblem("facility", "required"))
        if problems:
            raise InvalidInput(problems)

    @property
    def local_encounter(self) -> datetime:
        return self.encountered_at.astimezone(ZoneInfo(self.zone))

    @property
    def screening_path(self) -> bool:
        return self.nationality.upper() in CONTIGUOUS_COUNTRIES

    @property
    def sibling_ids(self) -> frozenset[UUID]:
        return frozenset(
            r.child_id
            for r in self.relatives
            if r.relationship in SIBLING_RELATIONSHIPS and r.child_id is not None
        )

    def clock(self, policy: ClockPolicy = ClockPolicy()) -> CustodyClock:
        return CustodyClock(self.encountered_at, self.left_custody_at, policy)

    def move(self, target: CustodyStatus, at: datetime) -> CustodyRecord:
        if target not in CUSTODY_TRANSITIONS[self.status]:
            raise IllegalTransition("custody", self.status.value, target.value)
        if (
            target is CustodyStatus.REFERRED
            and self.screening_path
            and self.status is CustodyStatus.IN_CUSTODY
        ):
            # A contiguous-country child reaches ORR only through screening.
            raise IllegalTransition("custody", self.status.value, target.value)
        left = utc(at) if target in LEFT_CUSTODY else self.left_custody_at
        return replace(
            self, status=target, left_custody_at=left, history=(*self.history, (target, utc(at)))
        )

    def screen(self, screening: Screening) -> CustodyRecord:
        if not self.screening_path:
            raise InvalidInput.single("nationality", "TVPRA screening is for MX and CA nationals")
        return replace(
            self.move(CustodyStatus.SCREENING, screening.screened_at), screening=screening
        )

    def return_voluntarily(self, at: datetime) -> CustodyRecord:
        if self.screening is None or not self.screening.may_return:
            raise InvalidInput.single(
                "screening",
                "a voluntary return needs a screening with no trafficking concern, no fear of "
                "return and the capacity to decide; refer the child to ORR instead",
            )
        return self.move(CustodyStatus.VOLUNTARY_RETURN, at)
