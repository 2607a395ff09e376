"""The registry API over HTTP on both engines: problem details, idempotency, corrections."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from puente.access.domain.roles import Role
from puente.settings import load_settings
from puente.web.app import create_app
from tests.support.callers import make_caller, organisation
from tests.unit.registry.factories import member


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    """A registrar of one organisation, authenticated by an API token."""
    app = create_app(load_settings(database_url=database_url))
    registrar = make_caller(app.state.engine, organisation("ACNUR Matamoros"), Role.REGISTRAR)
    with TestClient(app, headers=registrar.headers) as test_client:
        yield test_client
    app.state.engine.dispose()


def _body(request_id: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "request_id": request_id,
        "location": "Matamoros",
        "registered_by": "Global Response",
        "consent_given": True,
        "members": [
            member(relationship="head"),
            member(given_names="Lupe", birth_date="2016-03", relationship="child"),
        ],
    }
    body.update(overrides)
    return body


def test_register_then_replay_then_read(client: TestClient) -> None:
    first = client.post("/api/v1/registrations", json=_body("api-family-0001"))
    assert first.status_code == 201, first.text
    assert first.json()["redacted"] == []  # a registrar sees all of their own registration
    again = client.post("/api/v1/registrations", json=_body("api-family-0001"))
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    family_id = first.json()["family"]["id"]
    family = client.get(f"/api/v1/families/{family_id}").json()
    assert [m["given_names"] for m in family["members"]] == ["María José", "Lupe"]
    person_id = first.json()["persons"][1]["id"]
    record = client.get(f"/api/v1/persons/{person_id}").json()
    assert record["person"]["birth_date"] == "2016-03"
    assert record["person"]["birth_precision"] == "year_month"
    assert record["families"][0]["id"] == family_id
    assert record["redacted"] == []


def test_errors_are_problem_details_naming_the_field(client: TestClient) -> None:
    bad = _body("api-family-0002")
    bad["members"][1]["birth_date"] = "2016-13"
    bad["members"][0]["nationalities"] = ["Narnia"]
    response = client.post("/api/v1/registrations", json=bad)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422 and problem["type"] == "about:blank"
    assert {e["field"] for e in problem["errors"]} == {
        "members.1.birth_date",
        "members.0.nationalities.0",
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"consent_given": "perhaps"}, "consent_given"),
        ({"request_id": "x"}, "request_id"),
        ({"members": []}, "members"),
        ({"channel": "carrier pigeon"}, "channel"),
    ],
)
def test_malformed_requests_name_the_field(
    client: TestClient, change: dict[str, Any], field: str
) -> None:
    response = client.post("/api/v1/registrations", json={**_body("api-family-0003"), **change})
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_reusing_a_request_id_for_other_data_is_a_conflict(client: TestClient) -> None:
    assert client.post("/api/v1/registrations", json=_body("api-family-0004")).status_code == 201
    response = client.post(
        "/api/v1/registrations", json=_body("api-family-0004", location="Reynosa")
    )
    assert response.status_code == 409 and response.json()["field"] == "request_id"


def test_correct_a_person_with_version_check(client: TestClient) -> None:
    created = client.post("/api/v1/registrations", json=_body("api-family-0005")).json()
    person_id = created["persons"][0]["id"]
    patch = {
        "request_id": "api-correction-1",
        "corrected_by": "legal aid",
        "reason": "typo",
        "first_surname": "De La Cruz",
        "expected_version": 1,
    }
    response = client.patch(f"/api/v1/persons/{person_id}", json=patch)
    assert response.status_code == 200
    assert response.json()["changes"]["first_surname"]["new"] == "De La Cruz"
    stale = client.patch(
        f"/api/v1/persons/{person_id}", json={**patch, "request_id": "api-correction-2"}
    )
    assert stale.status_code == 409 and stale.json()["current_version"] == 2


def test_unknown_ids_are_404_problems(client: TestClient) -> None:
    response = client.get("/api/v1/persons/7d7c8e6c-1a36-4a53-9d1e-3f1f7a0e0c11")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_openapi_describes_the_api(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/registrations" in schema["paths"]
    assert "/api/v1/persons/{person_id}" in schema["paths"]


def test_the_registrations_page_pages_newest_first(client: TestClient) -> None:
    from puente.registry.adapters import pages

    ids = []
    for number in range(pages.PAGE_SIZE + 3):
        created = client.post("/api/v1/registrations", json=_body(f"api-page-{number:05d}"))
        ids.append(created.json()["family"]["id"])
    first = client.get("/registrations")
    assert first.status_code == 200
    assert ids[-1] in first.text and ids[2] not in first.text
    cursor = first.text.split('rel="next" href="/registrations?before=')[1].split('"')[0]
    second = client.get(f"/registrations?before={cursor}")
    assert all(i in second.text for i in ids[:3]) and ids[-1] not in second.text
    assert 'rel="next"' not in second.text
    assert client.get("/registrations?before=yesterday").status_code == 422


def test_a_persons_record_holds_their_own_vulnerabilities_not_their_relatives(
    client: TestClient,
) -> None:
    body = _body(
        "api-family-0009",
        members=[
            member(relationship="head"),
            member(given_names="Lupe", relationship="child", vulnerabilities=["medical"]),
        ],
    )
    created = client.post("/api/v1/registrations", json=body).json()
    head, child = (p["id"] for p in created["persons"])
    assert client.get(f"/api/v1/persons/{head}").json()["registrations"][0]["vulnerabilities"] == {}
    assert client.get(f"/api/v1/persons/{child}").json()["registrations"][0]["vulnerabilities"] == {
        child: ["medical"]
    }
