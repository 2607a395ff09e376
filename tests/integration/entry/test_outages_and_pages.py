"""The outage log records the system's own failures on entry routes, and the public evidence
shows them; the self-service, planner and officer pages work without JavaScript.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from puente.access.domain.roles import OrganisationKind, Role
from puente.entry.services import self_service
from puente.settings import load_settings
from puente.web.app import create_app
from tests.integration.entry.support import BIRTH, register_family, seed_ports, seed_window, today
from tests.support.callers import make_caller, organisation


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    app = create_app(load_settings(database_url=database_url))
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()


def test_a_failure_is_logged_and_its_reference_proves_it(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("the database is gone")

    monkeypatch.setattr(self_service, "my_status", broken)
    proof = {"registration_id": "0b7e3f5a-2c4d-4e6f-8a1b-3c5d7e9f1a2b", "birth_date": BIRTH}
    failed = client.post("/api/v1/entry/self/status", json=proof)
    assert failed.status_code == 500
    reference = failed.json()["reference"]
    assert failed.headers["x-puente-reference"] == reference and reference in failed.text
    day = today().isoformat()
    evidence = client.get(
        "/api/v1/entry/outages/evidence",
        params={"start": f"{day}T00:00:00Z", "end": f"{day}T23:59:59Z", "reference": reference},
    ).json()
    assert [f["operation"] for f in evidence["failures"]] == ["POST /api/v1/entry/self/status"]
    assert evidence["failures"][0]["error"] == "RuntimeError"
    page = client.get("/entry/outages", params={"start": day, "end": day, "reference": reference})
    assert "POST /api/v1/entry/self/status" in page.text
    # Other contexts' failures are not the entry system's outages.
    assert client.get("/api/v1/entry/outages/evidence").status_code == 422


def test_self_service_pages_in_spanish_and_english(client: TestClient, engine: Engine) -> None:
    seed_ports(engine)
    seed_window(engine, None)
    registration_id, _ = register_family(engine)
    form = client.get("/entry")
    assert (
        form.status_code == 200 and "Solicitar una cita" in form.text and "<script" not in form.text
    )
    wrong = client.post(
        "/entry/ask?lang=en",
        data={"registration_id": str(registration_id), "birth_date": "1991-01-01"},
    )
    assert wrong.status_code == 422 and "We could not find a registration" in wrong.text
    asked = client.post(
        "/entry/ask?lang=en",
        data={
            "registration_id": str(registration_id),
            "birth_date": BIRTH,
            "preferences": ["ELP"],
            "message_language": "por",
        },
    )
    assert asked.status_code == 200 and "Your request was received" in asked.text
    status = client.post(
        "/entry/status?lang=es", data={"registration_id": str(registration_id), "birth_date": BIRTH}
    )
    assert "Estado" in status.text and "abierta" in status.text


def test_planner_and_officer_pages_need_the_role(client: TestClient, engine: Engine) -> None:
    seed_ports(engine)
    assert client.get("/entry/plan", follow_redirects=False).status_code == 303
    cbp = organisation("CBP", OrganisationKind.US_FEDERAL_AGENCY, "US")
    planner = make_caller(engine, cbp, Role.ANALYST)
    page = client.get("/entry/plan", headers=planner.headers)
    assert page.status_code == 200 and "San Ysidro" in page.text
    assert re.search(r"0/20", page.text)
    changed = client.post(
        "/entry/plan",
        data={"action": "capacity", "port": "ELP", "day": today().isoformat(), "persons": "35"},
        headers=planner.headers,
    )
    assert changed.status_code == 200 and "0/35" in changed.text
    refused = client.post(
        "/entry/plan",
        data={"action": "run", "day": today().isoformat(), "window_id": "none", "secret": "x"},
        headers=planner.headers,
    )
    assert refused.status_code == 422 and 'id="problem"' in refused.text
    officer = make_caller(engine, cbp, Role.PORT_OFFICER)
    assert client.get("/entry/plan", headers=officer.headers).status_code == 403
    check_in = client.get("/entry/check-in", headers=officer.headers)
    assert check_in.status_code == 200 and 'name="pass"' in check_in.text
    bad = client.post("/entry/check-in", data={"pass": "PE1.nonsense"}, headers=officer.headers)
    assert bad.status_code == 422
