"""Authenticated callers for API and page tests: an organisation, a user with one role, a token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import Engine

from puente.access.adapters.gates import CLI_SOURCE, sql_gate
from puente.access.adapters.keys import keyring_from
from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.adapters.store.sharing_store import SqlSharingStore
from puente.access.domain.decisions import Principal
from puente.access.domain.roles import (
    DataCategory,
    Organisation,
    OrganisationKind,
    Role,
    permissions_of,
)
from puente.access.domain.sharing import (
    ConsentChannel,
    ConsentEvent,
    ConsentStatus,
    Purpose,
    SharingAgreement,
)
from puente.access.services.authentication import create_user, issue_api_token
from puente.access.services.guard import Gate
from puente.settings import load_settings
from puente.shared.db import utc_now

TEST_PASSWORD = "a-long-enough-test-password"


@dataclass(frozen=True)
class Caller:
    organisation: Organisation
    user_id: UUID
    role: Role
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def organisation(
    name: str, kind: OrganisationKind = OrganisationKind.NGO, country: str = "MX"
) -> Organisation:
    return Organisation(uuid4(), name, kind, country)


def make_caller(engine: Engine, organisation: Organisation, role: Role) -> Caller:
    """A user of ``organisation`` (created if new) with ``role`` and an API token of every scope."""
    now = utc_now()
    keyring = keyring_from(load_settings())
    with SqlCredentialStore(engine) as store:
        if store.organisation_named(organisation.name) is None:
            store.add_organisation(organisation, now)
            store.commit()
        user = create_user(
            store,
            keyring,
            organisation,
            f"{role.value}.{uuid4().hex[:8]}",
            f"Test {role.value}",
            TEST_PASSWORD,
            frozenset({role}),
            now,
        )
        _, token = issue_api_token(
            store, user.user_id, "tests", permissions_of(frozenset({role})), now
        )
    return Caller(organisation, user.user_id, role, token)


def share(
    engine: Engine,
    provider: Organisation,
    recipient: Organisation,
    purpose: Purpose,
    record_types: frozenset[str],
    categories: frozenset[DataCategory],
    valid_from: datetime,
) -> UUID:
    """A sharing agreement in force from ``valid_from``, without an end."""
    agreement_id = uuid4()
    with engine.begin() as connection:
        SqlSharingStore(connection).add_agreement(
            SharingAgreement(
                agreement_id,
                provider.id,
                recipient.id,
                purpose,
                record_types,
                categories,
                valid_from,
                None,
                "tests",
            )
        )
    return agreement_id


def consent(
    engine: Engine,
    person_id: UUID,
    purpose: Purpose,
    at: datetime,
    status: ConsentStatus = ConsentStatus.GIVEN,
) -> None:
    with engine.begin() as connection:
        SqlSharingStore(connection).add_consent(
            ConsentEvent(person_id, purpose, status, at, ConsentChannel.IN_PERSON, "tests")
        )


def stored_organisation(engine: Engine, name: str = "ACNUR Tijuana") -> Organisation:
    """An organisation in the database, to own the records a test registers."""
    created = organisation(name, OrganisationKind.UN_AGENCY)
    with SqlCredentialStore(engine) as store:
        store.add_organisation(created, utc_now())
        store.commit()
    return created


def caller_gate(engine: Engine, caller: Caller) -> Gate:
    """The gate a command-line use case gets for ``caller``."""
    principal = Principal(caller.user_id, caller.organisation, frozenset({caller.role}))
    return sql_gate(engine, principal, CLI_SOURCE)


@dataclass(frozen=True)
class StaffLogin:
    """A user who logs in through the pages: username, password and authenticator secret."""

    username: str
    password: str
    totp_secret: str | None


def make_staff_login(engine: Engine, organisation: Organisation, role: Role) -> StaffLogin:
    now = utc_now()
    username = f"{role.value}.{uuid4().hex[:8]}"
    with SqlCredentialStore(engine) as store:
        if store.organisation_named(organisation.name) is None:
            store.add_organisation(organisation, now)
            store.commit()
        user = create_user(
            store,
            keyring_from(load_settings()),
            organisation,
            username,
            f"Test {role.value}",
            TEST_PASSWORD,
            frozenset({role}),
            now,
        )
    return StaffLogin(username, TEST_PASSWORD, user.totp_secret)
