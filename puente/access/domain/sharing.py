"""Sharing agreements between organisations, and people's consent to each purpose."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from puente.access.domain.roles import DataCategory
from puente.shared.errors import InvalidInput


class Purpose(StrEnum):
    CASE_PROCESSING = "case_processing"
    ORDERLY_ENTRY = "orderly_entry"
    LEGAL_REPRESENTATION = "legal_representation"
    CHILD_PROTECTION = "child_protection"
    SHELTER_PLACEMENT = "shelter_placement"


@dataclass(frozen=True)
class SharingAgreement:
    """What one organisation lets another see of its records, for one purpose, for a time."""

    id: UUID
    provider_id: UUID
    recipient_id: UUID
    purpose: Purpose
    record_types: frozenset[str]
    categories: frozenset[DataCategory]
    valid_from: datetime
    valid_to: datetime | None
    legal_basis: str
    revoked_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.provider_id == self.recipient_id:
            raise InvalidInput.single("recipient_id", "an organisation shares with another one")
        if self.valid_to is not None and self.valid_to <= self.valid_from:
            raise InvalidInput.single("valid_to", "must be after valid_from")
        if not self.legal_basis.strip():
            raise InvalidInput.single("legal_basis", "is required")
        if DataCategory.ASYLUM_NARRATIVE in self.categories:
            # 8 CFR 208.6: the claim itself stays with the organisation handling the case.
            raise InvalidInput.single("categories", "the asylum narrative is never shared")

    def in_force(self, at: datetime) -> bool:
        if self.revoked_at is not None and self.revoked_at <= at:
            return False
        return self.valid_from <= at and (self.valid_to is None or at < self.valid_to)


class ConsentStatus(StrEnum):
    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class ConsentChannel(StrEnum):
    IN_PERSON = "in_person"
    SELF_SERVICE = "self_service"
    PHONE = "phone"
    WRITTEN = "written"


@dataclass(frozen=True)
class ConsentEvent:
    person_id: UUID
    purpose: Purpose
    status: ConsentStatus
    at: datetime
    channel: ConsentChannel
    recorded_by: str
    # The client's id for the request that recorded it: a retry with it records nothing again.
    request_id: UUID | None = None

    def same_decision(self, other: ConsentEvent) -> bool:
        """Whether ``other`` says the same (the moment may differ: it defaults to "now")."""
        mine = (self.person_id, self.purpose, self.status, self.channel)
        return mine == (other.person_id, other.purpose, other.status, other.channel)


def consent_in_force(
    events: Iterable[ConsentEvent], person_id: UUID, purpose: Purpose, at: datetime
) -> bool:
    """The person's latest decision on ``purpose`` made by ``at`` is "given"."""
    relevant = [
        e for e in events if e.person_id == person_id and e.purpose is purpose and e.at <= at
    ]
    if not relevant:
        return False
    return max(relevant, key=lambda e: e.at).status is ConsentStatus.GIVEN
