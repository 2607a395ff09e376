"""Border encounters and presentations at ports: counted as events, one person may have many."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from puente.cases.domain.case import require_aware
from puente.shared.errors import InvalidInput


def zone_named(name: str, field: str = "timezone") -> ZoneInfo:
    """The IANA zone ``name``; fixed offsets are refused because they ignore daylight saving."""
    if "/" not in name:
        raise InvalidInput.single(field, f"{name!r} is not an IANA zone such as America/Chicago")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput.single(field, f"{name!r} is not a known IANA time zone") from None


class LegalAuthority(StrEnum):
    TITLE_8 = "title_8"
    TITLE_42 = "title_42"


class Agency(StrEnum):
    CBP_OFO = "cbp_ofo"
    BORDER_PATROL = "usbp"


class EncounterKind(StrEnum):
    PORT_PRESENTATION = "port_presentation"
    BETWEEN_PORTS = "between_ports"


class EncounterOutcome(StrEnum):
    EXPELLED = "expelled"
    NTA_RELEASED = "nta_released"
    EXPEDITED_REMOVAL = "expedited_removal"
    RETURNED_UNDER_MPP = "returned_under_mpp"
    PAROLED = "paroled"
    DETAINED = "detained"
    TRANSFERRED_TO_ORR = "transferred_to_orr"
    VOLUNTARY_RETURN = "voluntary_return"


@dataclass(frozen=True)
class Place:
    name: str
    kind: EncounterKind
    timezone: str

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidInput.single("place.name", "is required")
        zone_named(self.timezone, "place.timezone")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Encounter:
    """One encounter; ``policy_ids`` name the dated policies that decided its authority."""

    id: UUID
    place: Place
    occurred_at: datetime
    agency: Agency
    person_ids: tuple[UUID, ...]
    authority: LegalAuthority
    outcome: EncounterOutcome
    policy_ids: tuple[str, ...]
    family_id: UUID | None = None

    def __post_init__(self) -> None:
        require_aware(self.occurred_at, "occurred_at")
        if not self.person_ids:
            raise InvalidInput.single("person_ids", "an encounter concerns at least one person")
        expelled = self.outcome is EncounterOutcome.EXPELLED
        if expelled != (self.authority is LegalAuthority.TITLE_42):
            raise InvalidInput.single(
                "outcome", "expulsion is the Title 42 outcome and Title 42's only outcome"
            )
        if not self.policy_ids:
            raise InvalidInput.single("policy_ids", "name the policy under which it was processed")

    @property
    def local_time(self) -> datetime:
        return self.occurred_at.astimezone(self.place.zone)


@dataclass(frozen=True)
class EncounterCounts:
    encounters: int
    people: int
    by_authority: dict[LegalAuthority, int]

    @property
    def repeat_encounters(self) -> int:
        """Encounters beyond each person's first: why encounter counts exceed people counts."""
        return self.encounters - self.people


def count_encounters(encounters: Iterable[Encounter]) -> EncounterCounts:
    """Counts per person encountered, the way public statistics count them."""
    total = 0
    people: set[UUID] = set()
    by_authority: Counter[LegalAuthority] = Counter()
    for encounter in encounters:
        total += len(encounter.person_ids)
        people.update(encounter.person_ids)
        by_authority[encounter.authority] += len(encounter.person_ids)
    return EncounterCounts(total, len(people), dict(by_authority))
