"""Agreements and consent stored on both engines, and the decision taken from what is stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial
from uuid import UUID, uuid4

import pytest
from sqlalchemy import Engine

from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.adapters.store.sharing_store import SqlSharingStore
from puente.access.domain.decisions import Principal, ProtectedRecord, decide_read
from puente.access.domain.roles import (
    DataCategory,
    Organisation,
    OrganisationKind,
    Permission,
    Role,
)
from puente.access.domain.sharing import (
    ConsentChannel,
    ConsentEvent,
    ConsentStatus,
    Purpose,
    SharingAgreement,
)
from puente.access.services.sharing import make_agreement, record_consent, revoke_agreement
from puente.registry.adapters.store.unit_of_work import SqlRegistryUnitOfWork
from puente.registry.services.registration import register
from puente.shared.errors import InvalidInput, NotFound
from tests.support.keys import KEYRING
from tests.unit.registry.factories import register_command

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
UNHCR = Organisation(uuid4(), "ACNUR Matamoros", OrganisationKind.UN_AGENCY, "MX")
CBP = Organisation(uuid4(), "CBP Brownsville", OrganisationKind.US_FEDERAL_AGENCY, "US")


def _principal(org: Organisation, *roles: Role) -> Principal:
    return Principal(uuid4(), org, frozenset(roles))


def _agreement(provider: Organisation = UNHCR) -> SharingAgreement:
    return SharingAgreement(
        uuid4(),
        provider.id,
        CBP.id,
        Purpose.ORDERLY_ENTRY,
        frozenset({"person"}),
        frozenset({DataCategory.REFERENCE, DataCategory.IDENTITY}),
        NOW - timedelta(days=1),
        NOW + timedelta(days=90),
        "MOU ACNUR–CBP 2021, art. 4",
    )


@pytest.fixture
def person(engine: Engine) -> UUID:
    with SqlCredentialStore(engine) as store:
        store.add_organisation(UNHCR, NOW)
        store.add_organisation(CBP, NOW)
        store.commit()
    group = register(
        partial(SqlRegistryUnitOfWork, engine, KEYRING), register_command(), NOW, UNHCR.id
    ).group
    return group.persons[0].id


def test_a_stored_agreement_and_consent_decide_a_read(engine: Engine, person: UUID) -> None:
    admin = _principal(UNHCR, Role.ORGANISATION_ADMIN)
    registrar = _principal(UNHCR, Role.REGISTRAR)
    agreement = _agreement()
    with engine.begin() as connection:
        store = SqlSharingStore(connection)
        make_agreement(store, admin, agreement)
        record_consent(
            store,
            registrar,
            ConsentEvent(
                person,
                Purpose.ORDERLY_ENTRY,
                ConsentStatus.GIVEN,
                NOW - timedelta(hours=1),
                ConsentChannel.IN_PERSON,
                "registrar 3",
            ),
        )
    officer = _principal(CBP, Role.PORT_OFFICER)
    record = ProtectedRecord("person", uuid4(), UNHCR.id, (person,), frozenset({"HN"}))
    with engine.connect() as connection:
        store = SqlSharingStore(connection)
        stored = store.agreements_for(CBP.id)
        assert stored == [agreement]
        decision = decide_read(
            officer, Permission.REGISTRY_READ, record, stored, store.consents_of([person]), NOW
        )
    assert decision.allowed
    assert decision.categories == {DataCategory.REFERENCE, DataCategory.IDENTITY}

    with engine.begin() as connection:
        revoke_agreement(SqlSharingStore(connection), admin, agreement.id, NOW)
    with engine.connect() as connection:
        store = SqlSharingStore(connection)
        after = decide_read(
            officer,
            Permission.REGISTRY_READ,
            record,
            store.agreements_for(CBP.id),
            store.consents_of([person]),
            NOW + timedelta(seconds=1),
        )
    assert not after.allowed


def test_only_the_providers_admin_makes_or_revokes_agreements(engine: Engine, person: UUID) -> None:
    with engine.begin() as connection:
        store = SqlSharingStore(connection)
        with pytest.raises(InvalidInput):
            make_agreement(store, _principal(UNHCR, Role.REGISTRAR), _agreement())
        with pytest.raises(InvalidInput):
            make_agreement(store, _principal(CBP, Role.ORGANISATION_ADMIN), _agreement())
        agreement = _agreement()
        make_agreement(store, _principal(UNHCR, Role.ORGANISATION_ADMIN), agreement)
        with pytest.raises(NotFound):
            revoke_agreement(store, _principal(CBP, Role.ORGANISATION_ADMIN), agreement.id, NOW)
        with pytest.raises(InvalidInput):
            record_consent(
                store,
                _principal(CBP, Role.PORT_OFFICER),
                ConsentEvent(
                    person,
                    Purpose.ORDERLY_ENTRY,
                    ConsentStatus.GIVEN,
                    NOW,
                    ConsentChannel.IN_PERSON,
                    "officer",
                ),
            )
