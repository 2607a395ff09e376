"""GET /api/v1/persons by phone or document: blind-index look-up behind the access gate."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from puente.access.domain.roles import DataCategory as C
from puente.access.domain.roles import Role
from puente.access.domain.sharing import Purpose
from puente.settings import load_settings
from puente.web.app import create_app
from tests.support.callers import consent, make_caller, organisation, share
from tests.unit.registry.factories import member

ACNUR, SHELTER, LEGAL = (
    organisation("ACNUR Reynosa"),
    organisation("Casa del Migrante"),
    organisation("Al Otro Lado"),
)
PHONE = {"phone": "+52 664 123 4567"}
A_NUMBER = {"document_kind": "a_number", "document_number": "12345678"}


@pytest.fixture
def app_and_person(database_url: str) -> Iterator[tuple[TestClient, UUID]]:
    app = create_app(load_settings(database_url=database_url))
    registrar = make_caller(app.state.engine, ACNUR, Role.REGISTRAR)
    body = {
        "request_id": "find-0001",
        "location": "Reynosa",
        "registered_by": "ACNUR",
        "consent_given": True,
        "members": [member(documents=[{"kind": "a_number", "number": "A012345678"}])],
    }
    with TestClient(app) as client:
        created = client.post("/api/v1/registrations", json=body, headers=registrar.headers)
        assert created.status_code == 201, created.text
        yield client, UUID(created.json()["persons"][0]["id"])
    app.state.engine.dispose()


def _found(client: TestClient, headers: dict[str, str], query: dict[str, str]) -> list[UUID]:
    response = client.get("/api/v1/persons", params=query, headers=headers)
    assert response.status_code == 200, response.text
    return [UUID(p["id"]) for p in response.json()["persons"]]


def test_the_owner_finds_by_phone_and_a_number_and_others_do_not(
    app_and_person: tuple[TestClient, UUID],
) -> None:
    client, person_id = app_and_person
    engine = client.app.state.engine  # type: ignore[attr-defined]
    owner = make_caller(engine, ACNUR, Role.REGISTRAR).headers
    assert _found(client, owner, PHONE) == [person_id]
    assert _found(client, owner, A_NUMBER) == [person_id]
    assert _found(client, owner, {"phone": "+52 664 765 4321"}) == []
    assert client.get("/api/v1/persons", params=PHONE).status_code == 401
    analyst = make_caller(engine, ACNUR, Role.ANALYST).headers
    assert client.get("/api/v1/persons", params=PHONE, headers=analyst).status_code == 403
    foreign = make_caller(engine, SHELTER, Role.REGISTRAR).headers
    assert _found(client, foreign, PHONE) == []
    bad = client.get("/api/v1/persons", params={**PHONE, **A_NUMBER}, headers=owner)
    assert bad.status_code in (400, 422)


def test_a_share_without_contact_data_does_not_answer_who_has_a_phone(
    app_and_person: tuple[TestClient, UUID],
) -> None:
    client, person_id = app_and_person
    engine = client.app.state.engine  # type: ignore[attr-defined]
    since = datetime.now(UTC) - timedelta(days=1)
    categories = frozenset({C.REFERENCE, C.IDENTITY, C.DOCUMENTS})
    lawyer = make_caller(engine, LEGAL, Role.LEGAL_REPRESENTATIVE).headers
    share(
        engine, ACNUR, LEGAL, Purpose.LEGAL_REPRESENTATION, frozenset({"person"}), categories, since
    )
    consent(engine, person_id, Purpose.LEGAL_REPRESENTATION, since)
    assert _found(client, lawyer, PHONE) == []
    response = client.get("/api/v1/persons", params=A_NUMBER, headers=lawyer)
    (found,) = response.json()["persons"]
    assert UUID(found["id"]) == person_id and found["documents"][0]["number"] == "A012345678"
    assert found["phones"] is None and "phones" in found["redacted"]
