"""Sharing agreements and consent events on SQL, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, insert, select, update

from puente.access.adapters.store.tables import consent_events, sharing_agreements
from puente.access.domain.roles import DataCategory
from puente.access.domain.sharing import (
    ConsentChannel,
    ConsentEvent,
    ConsentStatus,
    Purpose,
    SharingAgreement,
)
from puente.access.services.guard import SharingTerms
from puente.access.services.sharing import SharingStore
from puente.shared.db import refusing_repeats


def _agreement(row: Any) -> SharingAgreement:
    return SharingAgreement(
        id=row.id,
        provider_id=row.provider_id,
        recipient_id=row.recipient_id,
        purpose=Purpose(row.purpose),
        record_types=frozenset(row.record_types),
        categories=frozenset(DataCategory(c) for c in row.categories),
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        legal_basis=row.legal_basis,
        revoked_at=row.revoked_at,
    )


class SqlSharingStore(SharingStore):
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add_agreement(self, agreement: SharingAgreement) -> None:
        self.connection.execute(
            insert(sharing_agreements),
            {
                **agreement.__dict__,
                "record_types": sorted(agreement.record_types),
                "categories": sorted(c.value for c in agreement.categories),
            },
        )

    def get_agreement(self, agreement_id: UUID) -> SharingAgreement | None:
        row = self.connection.execute(
            select(sharing_agreements).where(sharing_agreements.c.id == agreement_id)
        ).first()
        return _agreement(row) if row else None

    def revoke_agreement(self, agreement_id: UUID, at: datetime) -> None:
        self.connection.execute(
            update(sharing_agreements)
            .where(sharing_agreements.c.id == agreement_id)
            .values(revoked_at=at)
        )

    def agreements_for(self, recipient_id: UUID) -> list[SharingAgreement]:
        rows = self.connection.execute(
            select(sharing_agreements).where(sharing_agreements.c.recipient_id == recipient_id)
        )
        return [_agreement(r) for r in rows]

    def add_consent(self, event: ConsentEvent) -> None:
        with refusing_repeats(consent_events, "request_id", event.request_id):
            self.connection.execute(insert(consent_events), event.__dict__)

    def consents_of(self, person_ids: Iterable[UUID]) -> list[ConsentEvent]:
        ids = list(person_ids)
        if not ids:
            return []
        rows = self.connection.execute(
            select(consent_events)
            .where(consent_events.c.person_id.in_(ids))
            .order_by(consent_events.c.at, consent_events.c.id)
        )
        return [_consent(r) for r in rows]

    def consent_for_request(self, request_id: UUID) -> ConsentEvent | None:
        row = self.connection.execute(
            select(consent_events).where(consent_events.c.request_id == request_id)
        ).first()
        return _consent(row) if row else None


def _consent(row: Any) -> ConsentEvent:
    return ConsentEvent(
        row.person_id,
        Purpose(row.purpose),
        ConsentStatus(row.status),
        row.at,
        ConsentChannel(row.channel),
        row.recorded_by,
        row.request_id,
    )


class SqlSharingTerms(SharingTerms):
    """Reads the terms for one access decision in a short transaction of its own."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def terms_for(
        self, recipient_id: UUID, subject_ids: Iterable[UUID]
    ) -> tuple[list[SharingAgreement], list[ConsentEvent]]:
        with self.engine.connect() as connection:
            store = SqlSharingStore(connection)
            return store.agreements_for(recipient_id), store.consents_of(subject_ids)
