"""The subject-access export on both engines: everything about the person, nobody else's data,
who may obtain it, and the audit entry it leaves."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from puente.access.adapters.store.tables import audit_pending
from puente.access.domain.roles import DataCategory, OrganisationKind, Role
from puente.access.domain.sharing import ConsentStatus, Purpose
from puente.settings import load_settings
from puente.shared.db import utc_now
from puente.web.app import create_app
from tests.support.callers import Caller, consent, make_caller, organisation, share
from tests.unit.registry.factories import member


@dataclass
class World:
    client: TestClient
    caseworker: Caller
    registrar: Caller
    officer: Caller
    lawyer: Caller
    person_id: str
    relative_id: str


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    app = create_app(load_settings(database_url=database_url))
    engine = app.state.engine
    unhcr = organisation("ACNUR Tijuana", OrganisationKind.UN_AGENCY)
    cbp = organisation("CBP San Ysidro", OrganisationKind.US_FEDERAL_AGENCY, "US")
    legal_aid = organisation("Al Otro Lado", OrganisationKind.LEGAL_AID_PROVIDER)
    caseworker = make_caller(engine, unhcr, Role.CASEWORKER)
    registrar = make_caller(engine, unhcr, Role.REGISTRAR)
    officer = make_caller(engine, cbp, Role.PORT_OFFICER)
    lawyer = make_caller(engine, legal_aid, Role.LEGAL_REPRESENTATIVE)
    since = utc_now() - timedelta(days=1)
    identity = frozenset({DataCategory.IDENTITY})
    share(engine, unhcr, cbp, Purpose.ORDERLY_ENTRY, frozenset({"person"}), identity, since)
    share(
        engine,
        unhcr,
        legal_aid,
        Purpose.LEGAL_REPRESENTATION,
        frozenset({"subject_export"}),
        frozenset({DataCategory.IDENTITY, DataCategory.HISTORY}),
        since,
    )
    with TestClient(app) as client:
        body = {
            "request_id": "export-0001",
            "location": "Tijuana",
            "registered_by": "ACNUR",
            "consent_given": True,
            "family_label": "Familia Cruz",
            "members": [
                member(relationship="head"),
                member(
                    given_names="Lupe",
                    birth_date="2016-03",
                    relationship="child",
                    vulnerabilities=["unaccompanied_child"],
                ),
            ],
        }
        created = client.post("/api/v1/registrations", json=body, headers=registrar.headers)
        assert created.status_code == 201, created.text
        persons = created.json()["persons"]
        person_id, relative_id = persons[0]["id"], persons[1]["id"]
        for purpose in (Purpose.ORDERLY_ENTRY, Purpose.LEGAL_REPRESENTATION):
            consent(engine, UUID(person_id), purpose, since)
        yield World(client, caseworker, registrar, officer, lawyer, person_id, relative_id)
    engine.dispose()


def _export_url(world: World) -> str:
    return f"/api/v1/persons/{world.person_id}/subject-export"


def test_the_export_holds_the_person_and_who_read_them_and_nobody_else(world: World) -> None:
    client = world.client
    assert client.get(
        f"/api/v1/persons/{world.person_id}", headers=world.officer.headers
    ).is_success
    corrected = client.patch(
        f"/api/v1/persons/{world.person_id}",
        json={
            "request_id": "fix-00000001",
            "corrected_by": "registrar 7",
            "reason": "typo",
            "given_names": "María Josefa",
        },
        headers=world.registrar.headers,
    )
    assert corrected.status_code == 200, corrected.text
    response = client.get(_export_url(world), headers=world.caseworker.headers)
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    assert world.relative_id not in response.text  # not even the relative's id
    document = response.json()
    assert document["person"]["given_names"] == "María Josefa"
    assert document["person"]["phones"]
    assert document["registrations"][0]["location"] == "Tijuana"
    assert document["registrations"][0]["person_ids"] == [world.person_id]
    assert [m["person_id"] for m in document["families"][0]["members"]] == [world.person_id]
    assert document["corrections"][0]["reason"] == "typo"
    assert {c["purpose"] for c in document["consents"]} == {"orderly_entry", "legal_representation"}
    actions = {(a["organisation_name"], a["action"]) for a in document["audit"]}
    assert ("CBP San Ysidro", "read person") in actions
    assert ("ACNUR Tijuana", "register") in actions
    assert ("ACNUR Tijuana", "correct person") in actions
    with client.app.state.engine.connect() as connection:  # type: ignore[attr-defined]
        events = [r.event for r in connection.execute(select(audit_pending))]
    exported = [e for e in events if e["action"] == "subject access export"]
    assert exported and exported[-1]["record_ids"] == [world.person_id]


def test_who_may_obtain_the_export(world: World) -> None:
    client, url = world.client, _export_url(world)
    assert client.get(url).status_code == 401
    assert client.get(url, headers=world.registrar.headers).status_code == 403
    foreign = make_caller(
        client.app.state.engine,  # type: ignore[attr-defined]
        organisation("HIAS Ciudad Juárez"),
        Role.CASEWORKER,
    )
    assert client.get(url, headers=foreign.headers).status_code == 404
    shared = client.get(url, headers=world.lawyer.headers)
    assert shared.status_code == 200, shared.text
    document = shared.json()
    assert document["person"]["given_names"] == "María José"
    assert document["person"]["phones"] is None and "person.phones" in document["redacted"]
    assert document["registrations"][0]["location"] is None and document["consents"]
    # Without the person's consent to legal representation, the representative sees nothing.
    consent(
        client.app.state.engine,  # type: ignore[attr-defined]
        UUID(world.person_id),
        Purpose.LEGAL_REPRESENTATION,
        utc_now(),
        status=ConsentStatus.WITHDRAWN,
    )
    assert client.get(url, headers=world.lawyer.headers).status_code == 404
