"""The access decision: may this principal read or change this record, and which categories.

Deny by default. A record is visible to its own organisation within the reader's role; to another
organisation only under a sharing agreement in force whose purpose every subject consented to;
never to the government of a country a subject is a national of (8 CFR 208.6).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from puente.access.domain.roles import (
    DataCategory,
    Organisation,
    Permission,
    Role,
    categories_of,
    permissions_of,
)
from puente.access.domain.sharing import ConsentEvent, Purpose, SharingAgreement, consent_in_force


@dataclass(frozen=True)
class Principal:
    """Who is asking: a user of an organisation with roles, for a declared purpose."""

    user_id: UUID
    organisation: Organisation
    roles: frozenset[Role]
    purpose: Purpose | None = None
    scopes: frozenset[Permission] | None = None  # an API token's narrower grant

    @property
    def permissions(self) -> frozenset[Permission]:
        granted = permissions_of(self.roles)
        return granted & self.scopes if self.scopes is not None else granted

    @property
    def categories(self) -> frozenset[DataCategory]:
        return categories_of(self.roles)


@dataclass(frozen=True)
class ProtectedRecord:
    """What the decision needs to know of a record: its kind, owner and subjects."""

    record_type: str
    record_id: UUID
    owner_id: UUID
    subject_ids: tuple[UUID, ...]
    subject_nationalities: frozenset[str]


@dataclass(frozen=True)
class AccessDecision:
    allowed: bool
    categories: frozenset[DataCategory]
    basis: str

    @classmethod
    def deny(cls, reason: str) -> AccessDecision:
        return cls(False, frozenset(), reason)


def _shared_categories(
    principal: Principal,
    record: ProtectedRecord,
    agreements: Iterable[SharingAgreement],
    consents: Iterable[ConsentEvent],
    at: datetime,
) -> tuple[frozenset[DataCategory], list[UUID]]:
    consent_log = list(consents)
    granted: frozenset[DataCategory] = frozenset()
    used: list[UUID] = []
    for agreement in agreements:
        if (
            agreement.provider_id != record.owner_id
            or agreement.recipient_id != principal.organisation.id
            or record.record_type not in agreement.record_types
            or not agreement.in_force(at)
            or (principal.purpose is not None and agreement.purpose is not principal.purpose)
        ):
            continue
        if all(consent_in_force(consent_log, s, agreement.purpose, at) for s in record.subject_ids):
            granted |= agreement.categories
            used.append(agreement.id)
    return granted, used


def decide_read(
    principal: Principal,
    permission: Permission,
    record: ProtectedRecord,
    agreements: Iterable[SharingAgreement],
    consents: Iterable[ConsentEvent],
    at: datetime,
) -> AccessDecision:
    if permission not in principal.permissions:
        return AccessDecision.deny(f"no {permission.value} permission")
    organisation = principal.organisation
    if organisation.is_government and organisation.country in record.subject_nationalities:
        return AccessDecision.deny("never disclosed to the government of a country of nationality")
    if record.owner_id == organisation.id:
        return AccessDecision(True, principal.categories, "own organisation")
    shared, used = _shared_categories(principal, record, agreements, consents, at)
    categories = shared & principal.categories
    if not categories:
        return AccessDecision.deny("no sharing agreement in force with the subjects' consent")
    return AccessDecision(
        True, categories | {DataCategory.REFERENCE}, "agreement " + ", ".join(str(u) for u in used)
    )


def decide_write(
    principal: Principal, permission: Permission, owner_id: UUID | None
) -> AccessDecision:
    """Changes stay within the owning organisation; ``None`` is a new record of one's own."""
    if permission not in principal.permissions:
        return AccessDecision.deny(f"no {permission.value} permission")
    if owner_id is not None and owner_id != principal.organisation.id:
        return AccessDecision.deny("records are changed only by the organisation that holds them")
    return AccessDecision(True, principal.categories, "own organisation")
