"""Legal representation, filings and case notes with confidentiality levels, as domain values.

Who may read a note at which level is decided by the access context (a later issue).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from puente.cases.domain.case import require_aware, utc
from puente.shared.errors import InvalidInput


class RepresentativeKind(StrEnum):
    ATTORNEY = "attorney"
    ACCREDITED_REPRESENTATIVE = "accredited_representative"
    LAW_STUDENT_OR_GRADUATE = "law_student_or_graduate"
    REPUTABLE_INDIVIDUAL = "reputable_individual"


class AppearanceForm(StrEnum):
    """The notice of appearance, by forum: immigration court, BIA, DHS."""

    EOIR_28 = "EOIR-28"
    EOIR_27 = "EOIR-27"
    G_28 = "G-28"


@dataclass(frozen=True)
class Representative:
    name: str
    kind: RepresentativeKind
    organisation: str | None = None
    eoir_id: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidInput.single("representative.name", "is required")


@dataclass(frozen=True)
class Representation:
    case_id: UUID
    representative: Representative
    form: AppearanceForm
    filed_at: datetime
    withdrawn_at: datetime | None = None

    def __post_init__(self) -> None:
        require_aware(self.filed_at, "filed_at")
        if self.withdrawn_at is not None:
            require_aware(self.withdrawn_at, "withdrawn_at")
            if self.withdrawn_at < self.filed_at:
                raise InvalidInput.single("withdrawn_at", "is before the form was filed")

    def active_at(self, when: datetime) -> bool:
        at = utc(when)
        return utc(self.filed_at) <= at and (
            self.withdrawn_at is None or at < utc(self.withdrawn_at)
        )

    def withdrawn(self, at: datetime) -> Representation:
        return replace(self, withdrawn_at=at)


@dataclass(frozen=True)
class Filing:
    """A form filed in the case (I-589, EOIR-26 …); the I-589 meets the one-year deadline."""

    case_id: UUID
    form: str
    filed_at: datetime
    filed_by: str

    def __post_init__(self) -> None:
        require_aware(self.filed_at, "filed_at")


class Confidentiality(StrEnum):
    """From least to most restricted."""

    CASE_TEAM = "case_team"
    CONFIDENTIAL = "confidential"
    PRIVILEGED = "privileged"

    @property
    def rank(self) -> int:
        return list(Confidentiality).index(self)


@dataclass(frozen=True)
class CaseNote:
    id: UUID
    case_id: UUID
    written_at: datetime
    author: str
    text: str
    confidentiality: Confidentiality

    def __post_init__(self) -> None:
        require_aware(self.written_at, "written_at")
        if not self.text.strip():
            raise InvalidInput.single("text", "a note says something")
        if not self.author.strip():
            raise InvalidInput.single("author", "is required")
