"""Use cases of sharing: make and revoke agreements, record consent, and read what applies."""

from __future__ import annotations

import abc
from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from puente.access.domain.decisions import Principal
from puente.access.domain.roles import Permission
from puente.access.domain.sharing import ConsentEvent, SharingAgreement
from puente.shared.errors import InvalidInput, NotFound


class SharingStore(abc.ABC):
    @abc.abstractmethod
    def add_agreement(self, agreement: SharingAgreement) -> None: ...

    @abc.abstractmethod
    def get_agreement(self, agreement_id: UUID) -> SharingAgreement | None: ...

    @abc.abstractmethod
    def revoke_agreement(self, agreement_id: UUID, at: datetime) -> None: ...

    @abc.abstractmethod
    def agreements_for(self, recipient_id: UUID) -> list[SharingAgreement]:
        """Every agreement, in force or not, under which ``recipient_id`` receives records."""

    @abc.abstractmethod
    def add_consent(self, event: ConsentEvent) -> None:
        """``DuplicateRequestId`` if another transaction stored the event's request id first."""

    @abc.abstractmethod
    def consents_of(self, person_ids: Iterable[UUID]) -> list[ConsentEvent]: ...

    @abc.abstractmethod
    def consent_for_request(self, request_id: UUID) -> ConsentEvent | None:
        """The decision stored by the request with this client-supplied id, if any."""


def make_agreement(store: SharingStore, principal: Principal, agreement: SharingAgreement) -> None:
    """An organisation's admin offers its own records to another organisation."""
    if Permission.AGREEMENTS_MANAGE not in principal.permissions:
        raise InvalidInput.single("provider_id", "only an organisation admin makes agreements")
    if agreement.provider_id != principal.organisation.id:
        raise InvalidInput.single("provider_id", "an organisation shares only its own records")
    store.add_agreement(agreement)


def revoke_agreement(
    store: SharingStore, principal: Principal, agreement_id: UUID, at: datetime
) -> None:
    """Revocation takes effect at ``at``: no read after it is allowed under the agreement."""
    agreement = store.get_agreement(agreement_id)
    if (
        agreement is None
        or agreement.provider_id != principal.organisation.id
        or Permission.AGREEMENTS_MANAGE not in principal.permissions
    ):
        raise NotFound("sharing agreement", agreement_id)
    if agreement.revoked_at is None:
        store.revoke_agreement(agreement_id, at)


def record_consent(store: SharingStore, principal: Principal, event: ConsentEvent) -> None:
    if Permission.CONSENT_RECORD not in principal.permissions:
        raise InvalidInput.single("person_id", "this role does not record consent")
    store.add_consent(event)
