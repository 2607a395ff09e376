"""Data-subject rights: objections and their effect on consent; the audit trail about a person.

An objection to one purpose withdraws consent to it from that moment; an objection to all
processing withdraws every purpose and puts the person before the retention review.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from puente.access.domain.audit_chain import AuditEvent
from puente.access.domain.sharing import ConsentChannel, ConsentEvent, ConsentStatus, Purpose
from puente.shared.errors import InvalidInput


@dataclass(frozen=True)
class Objection:
    """A person's objection, to one sharing purpose or (``purpose is None``) to all processing."""

    id: UUID
    person_id: UUID
    purpose: Purpose | None
    reason: str
    at: datetime
    channel: ConsentChannel
    recorded_by: str

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise InvalidInput.single("at", "needs a time zone")
        if len(self.reason) > 2000:
            raise InvalidInput.single("reason", "is too long (2,000 characters at most)")

    def same_objection(self, other: Objection) -> bool:
        """Whether ``other`` objects to the same thing (its moment may differ)."""
        mine = (self.person_id, self.purpose, self.reason, self.channel)
        return mine == (other.person_id, other.purpose, other.reason, other.channel)

    @property
    def to_all_processing(self) -> bool:
        return self.purpose is None

    def withdrawals(self) -> list[ConsentEvent]:
        """The consent it withdraws: its purpose, or every purpose for all processing."""
        purposes = list(Purpose) if self.purpose is None else [self.purpose]
        return [
            ConsentEvent(
                self.person_id,
                purpose,
                ConsentStatus.WITHDRAWN,
                self.at,
                self.channel,
                self.recorded_by,
            )
            for purpose in purposes
        ]


def check_not_future(at: datetime, now: datetime) -> None:
    """Consent and objections are recorded as given, never ahead of time."""
    if at.tzinfo is None:
        raise InvalidInput.single("at", "needs a time zone")
    if at > now:
        raise InvalidInput.single("at", "is in the future")


@dataclass(frozen=True)
class AuditAbout:
    """One audit entry as its subject sees it: only the ids of their own records."""

    at: datetime
    organisation: str
    actor: str
    purpose: str
    action: str
    record_type: str
    record_ids: tuple[str, ...]
    outcome: str


def audit_about(events: Iterable[AuditEvent], own_ids: Iterable[UUID]) -> list[AuditAbout]:
    """The events touching the subject's records, oldest first, without anyone else's ids."""
    own = {str(i) for i in own_ids}
    about: list[AuditAbout] = []
    for event in events:
        mine = tuple(i for i in event.record_ids if i in own)
        if not mine:
            continue
        about.append(
            AuditAbout(
                event.at,
                event.organisation,
                event.actor,
                event.purpose,
                event.action,
                event.record_type,
                mine,
                event.outcome,
            )
        )
    return sorted(about, key=lambda a: a.at)
