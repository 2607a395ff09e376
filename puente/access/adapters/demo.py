"""Demo organisations, one user per role and the agreements between them (never in production)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID, uuid5

from sqlalchemy import Engine, select

from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.adapters.store.sharing_store import SqlSharingStore
from puente.access.domain.decisions import Principal
from puente.access.domain.envelope import Keyring
from puente.access.domain.roles import DataCategory, Organisation, OrganisationKind, Role
from puente.access.domain.sharing import (
    ConsentChannel,
    ConsentEvent,
    ConsentStatus,
    Purpose,
    SharingAgreement,
)
from puente.access.services.authentication import create_user
from puente.registry.adapters.store.tables import persons
from puente.shared.errors import NotFound

DEMO_PASSWORD = "puente-demo-2021"  # noqa: S105 - printed by the demo, refused in production
_NAMESPACE = UUID("0b4f6f0e-5a2c-4d8e-9a51-2f3c1d9e7a10")

UNHCR = Organisation(uuid5(_NAMESPACE, "acnur"), "ACNUR Tijuana", OrganisationKind.UN_AGENCY, "MX")
SHELTER = Organisation(
    uuid5(_NAMESPACE, "albergue"), "Albergue Juventud 2000", OrganisationKind.SHELTER_OPERATOR, "MX"
)
PORT = Organisation(
    uuid5(_NAMESPACE, "cbp"), "CBP San Ysidro", OrganisationKind.US_FEDERAL_AGENCY, "US"
)
LEGAL_AID = Organisation(
    uuid5(_NAMESPACE, "legal"), "Al Otro Lado", OrganisationKind.LEGAL_AID_PROVIDER, "US"
)
OPERATOR = Organisation(
    uuid5(_NAMESPACE, "operator"), "Puente operations", OrganisationKind.NGO, "MX"
)

DEMO_USERS: list[tuple[str, str, Organisation, Role]] = [
    ("registro", "Registradora de ACNUR", UNHCR, Role.REGISTRAR),
    ("caso", "Caseworker de ACNUR", UNHCR, Role.CASEWORKER),
    ("admin.acnur", "Administración de ACNUR", UNHCR, Role.ORGANISATION_ADMIN),
    ("analista", "Analista de ACNUR", UNHCR, Role.ANALYST),
    ("albergue", "Operadora del albergue", SHELTER, Role.SHELTER_OPERATOR),
    ("oficial.cbp", "CBP port officer", PORT, Role.PORT_OFFICER),
    ("abogada", "Legal representative", LEGAL_AID, Role.LEGAL_REPRESENTATIVE),
    ("sistema", "System administrator", OPERATOR, Role.SYSTEM_ADMIN),
]

_C = DataCategory
DEMO_AGREEMENTS: list[tuple[Organisation, Purpose, frozenset[DataCategory], str]] = [
    (
        PORT,
        Purpose.ORDERLY_ENTRY,
        frozenset({_C.REFERENCE, _C.IDENTITY}),
        "Demo: processing at the port of entry under the 2021 wind-down arrangements",
    ),
    (
        SHELTER,
        Purpose.SHELTER_PLACEMENT,
        frozenset({_C.REFERENCE, _C.IDENTITY, _C.CONTACT, _C.VULNERABILITY}),
        "Demo: shelter referral agreement",
    ),
    (
        LEGAL_AID,
        Purpose.LEGAL_REPRESENTATION,
        frozenset(
            {_C.REFERENCE, _C.IDENTITY, _C.CONTACT, _C.DOCUMENTS, _C.REGISTRATION, _C.HISTORY}
        ),
        "Demo: legal-aid referral with the person's written consent",
    ),
]


DEMO_REGISTRAR = "registro"


def demo_principal(engine: Engine, username: str) -> Principal:
    """A demo user acting without a log-in: the demo loads its data as the UNHCR registrar."""
    with SqlCredentialStore(engine) as store:
        account = store.user_named(username)
    if account is None:
        raise NotFound("user", username)
    return Principal(account.id, account.organisation, account.roles)


@dataclass(frozen=True)
class DemoUser:
    username: str
    organisation: str
    role: Role
    totp_secret: str | None


def seed_demo_access(engine: Engine, keyring: Keyring, now: datetime) -> list[DemoUser]:
    """Create the demo organisations, users and agreements once; a re-run changes nothing."""
    seeded: list[DemoUser] = []
    with SqlCredentialStore(engine) as store:
        for organisation in (UNHCR, SHELTER, PORT, LEGAL_AID, OPERATOR):
            if store.organisation_named(organisation.name) is None:
                store.add_organisation(organisation, now)
        store.commit()
        for username, name, organisation, role in DEMO_USERS:
            if store.user_named(username) is None:
                created = create_user(
                    store,
                    keyring,
                    organisation,
                    username,
                    name,
                    DEMO_PASSWORD,
                    frozenset({role}),
                    now,
                )
                seeded.append(DemoUser(username, organisation.name, role, created.totp_secret))
    with engine.begin() as connection:
        sharing = SqlSharingStore(connection)
        existing = {
            (a.recipient_id, a.purpose)
            for org in (PORT, SHELTER, LEGAL_AID)
            for a in sharing.agreements_for(org.id)
        }
        for recipient, purpose, categories, basis in DEMO_AGREEMENTS:
            if (recipient.id, purpose) not in existing:
                sharing.add_agreement(
                    SharingAgreement(
                        uuid5(_NAMESPACE, f"{recipient.name}/{purpose}"),
                        UNHCR.id,
                        recipient.id,
                        purpose,
                        frozenset({"person", "registration", "family"}),
                        categories,
                        now - timedelta(days=1),
                        None,
                        basis,
                    )
                )
    return seeded


DEMO_CONSENTED = (Purpose.ORDERLY_ENTRY, Purpose.SHELTER_PLACEMENT, Purpose.LEGAL_REPRESENTATION)


def seed_demo_consent(engine: Engine, now: datetime) -> int:
    """The demo people's consent to the demo agreements' purposes, as a registrar would record
    it; one in ten refuses orderly entry, so the port officer sees how a refusal looks."""
    with engine.begin() as connection:
        sharing = SqlSharingStore(connection)
        people = connection.scalars(
            select(persons.c.id).where(persons.c.owner_id == UNHCR.id).order_by(persons.c.id)
        ).all()
        already = {event.person_id for event in sharing.consents_of(people)}
        added = 0
        for number, person_id in enumerate(people):
            if person_id in already:
                continue
            for purpose in DEMO_CONSENTED:
                refused = purpose is Purpose.ORDERLY_ENTRY and number % 10 == 0
                sharing.add_consent(
                    ConsentEvent(
                        person_id,
                        purpose,
                        ConsentStatus.REFUSED if refused else ConsentStatus.GIVEN,
                        now,
                        ConsentChannel.IN_PERSON,
                        DEMO_REGISTRAR,
                    )
                )
            added += 1
    return added
