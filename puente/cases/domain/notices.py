"""Hearing notices checked against the person's address history kept by the registry.

A notice sent to an address that was not the address on record when it was sent is flagged:
a missed hearing after such a notice is not the person's failure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from puente.cases.domain.case import require_aware, utc
from puente.registry.domain.contact import Address


@dataclass(frozen=True)
class HearingNotice:
    """``address`` is where it went to; ``None`` once the person's data key was shredded.
    ``person_id`` is ``None`` once retention forgot the person: the notice stays in their
    family's case, as the fact that sets its deadlines."""

    case_id: UUID
    hearing_id: UUID
    person_id: UUID | None
    sent_at: datetime
    address: Address | None

    def __post_init__(self) -> None:
        require_aware(self.sent_at, "sent_at")


@dataclass(frozen=True)
class NoticeCheck:
    """The reason names both addresses, so it is erased with them (``ERASED``)."""

    notice: HearingNotice
    on_record: Address | None
    flagged: bool
    reason: str


@dataclass(frozen=True)
class NoticeServed:
    """When a notice for a hearing went out and whether it was flagged: what deadlines need of
    it, none of it sealed."""

    hearing_id: UUID
    sent_at: datetime
    flagged: bool


ERASED = "the addresses were erased with the person's data key"


def address_on_record(history: Sequence[Address], at: datetime) -> Address | None:
    """The address valid at ``at``: the latest one to start on or before it and not yet closed."""
    when = utc(at)
    valid = [
        a
        for a in history
        if utc(a.valid_from) <= when and (a.valid_to is None or when < utc(a.valid_to))
    ]
    return max(valid, key=lambda a: utc(a.valid_from)) if valid else None


def _same_place(a: Address, b: Address) -> bool:
    def key(x: Address) -> tuple[str, ...]:
        parts = (x.country, x.line1, x.city, x.state or "", x.postal_code or "")
        return tuple(" ".join(p.split()).casefold() for p in parts)

    return key(a) == key(b)


def check_notice(notice: HearingNotice, history: Sequence[Address]) -> NoticeCheck:
    sent_to = notice.address
    if sent_to is None:
        raise ValueError("only a notice with its address can be checked")
    on_record = address_on_record(history, notice.sent_at)
    if on_record is None:
        return NoticeCheck(notice, None, True, "no address was on record when it was sent")
    if not _same_place(on_record, sent_to):
        return NoticeCheck(
            notice,
            on_record,
            True,
            f"sent to {sent_to.line1}, {sent_to.city}; the address on record "
            f"since {on_record.valid_from.date()} was {on_record.line1}, {on_record.city}",
        )
    return NoticeCheck(notice, on_record, False, "sent to the address on record")
