"""Who sees what of entry requests: the holding organisation, another one (not found), and
another one under a sharing agreement with the family's consent (redacted to its categories).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from puente.access.domain.roles import DataCategory, Role
from puente.access.domain.sharing import Purpose
from puente.settings import load_settings
from puente.shared.db import utc_now
from puente.web.app import create_app
from tests.integration.entry.support import register_family, seed_ports, seed_window
from tests.support.callers import Caller, consent, make_caller, organisation, share

PEOPLE = ["3f0c6d0e-8a51-4f55-9d1c-6f1a2b3c4d5e", "4a1d7e1f-9b62-4066-8e2d-7a2b3c4d5e6f"]
FAMILY = "5b2e8f20-ac73-4177-9f3e-8b3c4d5e6f70"


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    app = create_app(load_settings(database_url=database_url))
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()


def ask_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "person_ids": PEOPLE,
        "family_id": FAMILY,
        "preferences": ["ELP"],
        "registered_at": "2023-01-05T10:00:00-07:00",
        "vulnerability": "acute",
        "vulnerability_flags": ["survivor_of_violence"],
        "language": "spa",
        "nationality": "HN",
    }
    body.update(overrides)
    return body


def ask(client: TestClient, caller: Caller, **overrides: Any) -> Any:
    return client.post("/api/v1/entry/requests", json=ask_body(**overrides), headers=caller.headers)


def test_staff_ask_once_per_family_and_other_organisations_see_nothing(
    client: TestClient, engine: Engine
) -> None:
    ngo = organisation("Al Otro Lado")
    seed_ports(engine)
    seed_window(engine, None)
    caseworker = make_caller(engine, ngo, Role.CASEWORKER)
    first = ask(client, caseworker)
    assert first.status_code == 201, first.text
    again = ask(client, caseworker, preferences=["SYS"])
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert first.json()["vulnerability"]["level"] == "acute"
    split = ask(client, caseworker, person_ids=PEOPLE[:1], family_id=None)
    assert split.status_code == 422  # a member already in the family's request

    other = make_caller(engine, organisation("Otra ONG"), Role.CASEWORKER)
    request_id = first.json()["id"]
    assert (
        client.get(f"/api/v1/entry/requests/{request_id}", headers=other.headers).status_code == 404
    )
    # Asking for the same family from another organisation reveals nothing either.
    assert ask(client, other).status_code == 404
    analyst = make_caller(engine, ngo, Role.ANALYST)
    assert ask(client, analyst).status_code == 403
    assert client.post("/api/v1/entry/requests", json=ask_body()).status_code == 401


def test_shared_with_consent_shows_only_the_agreed_categories(
    client: TestClient, engine: Engine
) -> None:
    ngo, shelter = organisation("Al Otro Lado"), organisation("Casa del Migrante")
    seed_ports(engine)
    seed_window(engine, None)
    _, people = register_family(engine)
    caseworker = make_caller(engine, ngo, Role.CASEWORKER)
    request_id = ask(client, caseworker, person_ids=[str(p) for p in people]).json()["id"]
    reader = make_caller(engine, shelter, Role.SHELTER_OPERATOR)
    url = f"/api/v1/entry/requests/{request_id}"
    since = utc_now() - timedelta(days=1)
    share(
        engine,
        ngo,
        shelter,
        Purpose.ORDERLY_ENTRY,
        frozenset({"entry_request"}),
        frozenset({DataCategory.APPOINTMENT}),
        since,
    )
    assert client.get(url, headers=reader.headers).status_code == 404  # no consent yet
    for person in people:
        consent(engine, person, Purpose.ORDERLY_ENTRY, since)
    shown = client.get(url, headers=reader.headers)
    assert shown.status_code == 200, shown.text
    body = shown.json()
    assert body["state"] == "open" and body["preferences"] == ["ELP"]
    assert body["vulnerability"] is None and body["nationality"] is None
    assert {"vulnerability", "nationality", "language"} <= set(body["redacted"])
