"""A world for the children's API and page tests: an agency with a port officer, a caseworker,
a shelter operator and an analyst, and helpers that record children, shelters and sponsors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.support.callers import Caller

STATUS = "asylum applicant, hearing pending"


@dataclass
class World:
    client: TestClient
    engine: Engine
    officer: Caller
    caseworker: Caller
    operator: Caller
    analyst: Caller


def now() -> datetime:
    return datetime.now(UTC)


def child_body(age: int = 14, hours_ago: float = 50, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "encountered_at": (now() - timedelta(hours=hours_ago)).isoformat(),
        "zone": "America/Chicago",
        "facility": "Donna",
        "age": age,
        "age_basis": "interview",
        "sex": "M",
        "language": "es",
        "nationality": "GT",
        "special_needs": ["asthma"],
    }
    body.update(extra)
    return body


def record(w: World, **extra: Any) -> dict[str, Any]:
    response = w.client.post(
        "/api/v1/custody/records", json=child_body(**extra), headers=w.officer.headers
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def facility(w: World) -> None:
    body = {"name": "Donna", "zone": "America/Chicago", "latitude": 26.17, "longitude": -98.05}
    response = w.client.post("/api/v1/custody/facilities", json=body, headers=w.officer.headers)
    assert response.status_code == 201, response.text


def shelter_body(beds: int, needs_served: list[str]) -> dict[str, Any]:
    """A licensed shelter in San Antonio with ``beds`` for boys of 13 to 15."""
    return {
        "name": "Casa Padre",
        "kind": "shelter",
        "licence": "licensed",
        "latitude": 29.4,
        "longitude": -98.5,
        "beds": [{"sex": "M", "band_low": 13, "band_high": 15, "beds": beds}],
        "needs_served": needs_served,
    }


def shelter(w: World, beds: int) -> str:
    body = shelter_body(beds, ["asthma"])
    response = w.client.post("/api/v1/shelters", json=body, headers=w.operator.headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def sponsor(w: World, child: str) -> str:
    body = {
        "child_id": child,
        "sponsor_name": "Ana López",
        "sponsor_type": 3,
        "category": "2B",
        "immigration_status": STATUS,
        "disability": True,
        "submitted_at": now().isoformat(),
    }
    response = w.client.post(
        "/api/v1/sponsor-applications", json=body, headers=w.caseworker.headers
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def step(w: World, application: str, state: str) -> Any:
    body = {"state": state, "at": now().isoformat(), "note": "checked"}
    return w.client.post(
        f"/api/v1/sponsor-applications/{application}/steps", json=body, headers=w.caseworker.headers
    )
