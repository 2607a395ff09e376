"""The entry API end to end on both engines: a family asks for itself, the planner runs the
day, the family confirms, the port officer checks them in without seeing their vulnerability.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from puente.access.domain.roles import OrganisationKind, Role
from puente.entry.services.self_service import SelfAsk, SelfStatus
from puente.settings import load_settings
from puente.shared.errors import PuenteError
from puente.shared.group_commit import GroupCommit
from puente.web.app import create_app
from tests.integration.entry.support import (
    BIRTH,
    SECRET,
    WINDOW,
    close_window,
    register_family,
    seed_ports,
    seed_window,
    today,
)
from tests.support.callers import Caller, make_caller, organisation

SELF = "/api/v1/entry/self"


@dataclass
class World:
    client: TestClient
    engine: Engine
    planner: Caller
    officer: Caller
    caseworker: Caller
    registration_id: UUID
    person_ids: tuple[UUID, ...]

    def proof(self, **extra: Any) -> dict[str, Any]:
        return {"registration_id": str(self.registration_id), "birth_date": BIRTH, **extra}


@pytest.fixture
def world(database_url: str, engine: Engine) -> Iterator[World]:
    app = create_app(load_settings(database_url=database_url))
    cbp = organisation("CBP", OrganisationKind.US_FEDERAL_AGENCY, "US")
    planner = make_caller(engine, cbp, Role.ANALYST)
    seed_ports(engine)
    seed_window(engine, cbp.id)
    registration_id, person_ids = register_family(engine)
    with TestClient(app) as client:
        yield World(
            client,
            engine,
            planner,
            make_caller(engine, cbp, Role.PORT_OFFICER),
            make_caller(engine, cbp, Role.CASEWORKER),
            registration_id,
            person_ids,
        )
    app.state.engine.dispose()


def allocate(world: World) -> dict[str, Any]:
    close_window(world.engine)
    body = {"day": today().isoformat(), "window_id": WINDOW, "secret": SECRET}
    response = world.client.post("/api/v1/entry/runs", json=body, headers=world.planner.headers)
    assert response.status_code == 200, response.text
    run: dict[str, Any] = response.json()
    return run


def test_a_family_asks_confirms_and_is_checked_in(world: World) -> None:
    client = world.client
    first = client.post(f"{SELF}/requests", json=world.proof(preferences=["SYS"]))
    assert first.status_code == 201, first.text
    again = client.post(f"{SELF}/requests", json=world.proof(preferences=["ELP"]))
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert again.json()["request_id"] == first.json()["request_id"]
    assert first.json()["party_size"] == 2

    run = allocate(world)
    assert (run["allocated"], run["considered"]) == (1, 1)
    assert {r["rule"] for r in run["report"]["by_rule"] if r["persons"]} == {"vulnerability"}

    status = client.post(f"{SELF}/status", json=world.proof(language="hat")).json()
    assert status["appointment"]["port"] == "SYS" and status["appointment"]["state"] == "offered"
    assert status["explanation"]["text_language"] == "hat"
    assert status["explanation"]["text"].startswith("Ou gen yon randevou")
    assert status["pass"] is None  # the pass comes with the confirmation

    confirmed = client.post(f"{SELF}/confirm", json=world.proof()).json()
    assert confirmed["appointment"]["state"] == "confirmed"
    token = confirmed["pass"]
    assert token.startswith("PE1.")

    seen = client.post(
        "/api/v1/entry/check-in/verify", json={"pass": token}, headers=world.officer.headers
    )
    assert seen.status_code == 200, seen.text
    view = seen.json()
    assert [m["name"] for m in view["members"]][1].startswith("Kevin")
    assert view["vulnerability"] is None and "vulnerability" in view["redacted"]
    assert view["appointment"]["party_size"] == 2

    done = client.post(
        "/api/v1/entry/check-in", json={"pass": token}, headers=world.officer.headers
    )
    assert done.status_code == 200 and done.json()["appointment"]["state"] == "checked_in"

    request_id = first.json()["request_id"]
    record = client.get(
        f"/api/v1/entry/requests/{request_id}", headers=world.caseworker.headers
    ).json()
    assert record["vulnerability"]["level"] == "urgent_medical" and record["redacted"] == []
    assert record["appointment"]["state"] == "checked_in"


def test_a_failed_proof_never_says_which_part_was_wrong(world: World) -> None:
    client = world.client
    wrong_date = client.post(f"{SELF}/status", json=world.proof(birth_date="1990-05-18"))
    unknown = client.post(
        f"{SELF}/status",
        json={"registration_id": "0b7e3f5a-2c4d-4e6f-8a1b-3c5d7e9f1a2b", "birth_date": BIRTH},
    )
    assert wrong_date.status_code == unknown.status_code == 404
    assert wrong_date.json()["detail"] == unknown.json()["detail"]
    for _ in range(4):
        client.post(f"{SELF}/status", json=world.proof(birth_date="1990-05-18"))
    # Five failures for this registration: even the right date is refused for a while.
    limited = client.post(f"{SELF}/status", json=world.proof())
    assert limited.status_code == 429


def test_an_ask_names_the_wrong_field_and_is_rate_limited_like_the_other_routes(
    world: World,
) -> None:
    client = world.client
    wrong = client.post(f"{SELF}/requests", json=world.proof(birth_date="18 May 1990"))
    assert wrong.status_code == 422
    assert wrong.headers["content-type"] == "application/problem+json"
    assert (
        wrong.json()["field"] == "birth_date" and wrong.json()["errors"][0]["field"] == "birth_date"
    )
    nested = client.post(f"{SELF}/requests", json=world.proof(preferences=["SYS", 7]))
    assert nested.json()["field"] == "preferences.1"
    not_json = client.post(f"{SELF}/requests", content=b"registration_id=1")
    assert not_json.status_code == 422 and not_json.json()["field"] == "body"
    broken = client.post(
        f"{SELF}/requests", content=b"{", headers={"content-type": "application/json"}
    )
    assert broken.status_code == 422 and broken.json()["field"] == "body"
    huge = client.post(f"{SELF}/requests", json=world.proof(language="x" * 20_000))
    assert huge.status_code == 413
    assert huge.headers["content-type"] == "application/problem+json"
    for _ in range(5):
        failed = client.post(f"{SELF}/requests", json=world.proof(birth_date="1990-05-18"))
        assert failed.status_code == 404
    # Five failed proofs for this registration: the right date is refused too, for a while.
    limited = client.post(f"{SELF}/requests", json=world.proof())
    assert limited.status_code == 429
    assert limited.headers["content-type"] == "application/problem+json"


def test_the_bare_ask_route_is_described_in_the_openapi_document(world: World) -> None:
    document = world.client.get("/api/v1/openapi.json").json()
    operation = document["paths"][f"{SELF}/requests"]["post"]
    reference = operation["requestBody"]["content"]["application/json"]["schema"]
    assert reference == {"$ref": "#/components/schemas/SelfAskBody"}
    body = document["components"]["schemas"]["SelfAskBody"]
    assert {"registration_id", "birth_date"} <= set(body["required"])
    assert "preferences" in body["properties"]
    assert "parameters" not in operation  # the endpoint's signature documents the body only
    assert set(operation["responses"]) >= {"200", "201", "413", "422", "429", "503"}
    created = operation["responses"]["201"]["content"]["application/json"]["schema"]
    assert created == {"$ref": "#/components/schemas/SelfStatusOut"}


def test_staff_routes_need_a_caller_and_the_right_role(world: World) -> None:
    client = world.client
    token = {"pass": "PE1.xxxx"}
    assert client.post("/api/v1/entry/check-in/verify", json=token).status_code == 401
    assert client.get("/api/v1/entry/calendar").status_code == 401
    run = {"day": today().isoformat(), "window_id": WINDOW, "secret": SECRET}
    officer = world.officer.headers
    assert client.post("/api/v1/entry/runs", json=run, headers=officer).status_code == 403
    planner = world.planner.headers
    verify = client.post("/api/v1/entry/check-in/verify", json=token, headers=planner)
    assert verify.status_code == 403
    calendar = client.get("/api/v1/entry/calendar", headers=planner)
    assert calendar.status_code == 200
    assert [p["code"] for p in calendar.json()] == ["SYS", "ELP"]


def test_an_ask_meeting_a_full_queue_is_told_to_retry_and_stores_nothing(world: World) -> None:
    def never(asks: Sequence[SelfAsk]) -> list[tuple[SelfStatus, bool] | PuenteError]:
        raise AssertionError("a refused ask reaches no writer")

    state = world.client.app.state  # type: ignore[attr-defined]
    state.entry_self_asks = GroupCommit(never, writers=1, max_pending=0)
    state.closing.append(state.entry_self_asks.close)
    response = world.client.post(f"{SELF}/requests", json=world.proof(preferences=["SYS"]))
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == "1"
    assert response.headers["content-type"].startswith("application/problem+json")
    status = world.client.post(f"{SELF}/status", json=world.proof())
    assert status.json()["request_id"] is None
