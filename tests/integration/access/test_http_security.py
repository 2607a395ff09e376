"""Sessions, CSRF, token scopes and the audit trail, through the real HTTP application."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.adapters.store.tables import audit_pending
from puente.access.domain.roles import Permission, Role
from puente.access.services.authentication import issue_api_token, revoke_api_token
from puente.settings import load_settings
from puente.shared.db import utc_now
from puente.web.app import create_app
from tests.support.callers import StaffLogin, make_caller, make_staff_login, organisation
from tests.unit.registry.factories import member

HOME = organisation("Casa del Migrante Reynosa")
REGISTRATION = {
    "request_id": "http-security-0001",
    "location": "Reynosa",
    "registered_by": "Voluntaria",
    "consent_given": True,
    "members": [member(given_names="Wislande", phones=["+52 899 555 1234"])],
}


@pytest.fixture
def app_client(database_url: str) -> Iterator[TestClient]:
    app = create_app(load_settings(database_url=database_url))
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def _engine(client: TestClient) -> Engine:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    return engine


def _log_in(client: TestClient, login: StaffLogin) -> str:
    """Log in through the pages; returns the session's CSRF token from a page's form."""
    client.post("/login", data={"username": login.username, "password": login.password})
    code_page = client.get("/login/code").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', code_page)
    assert csrf and login.totp_secret
    done = client.post(
        "/login/code",
        data={"code": pyotp.TOTP(login.totp_secret).now(), "csrf_token": csrf.group(1)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    form = client.get("/register").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token
    return token.group(1)


def test_a_session_change_needs_the_sessions_csrf_token(app_client: TestClient) -> None:
    login = make_staff_login(_engine(app_client), HOME, Role.REGISTRAR)
    csrf = _log_in(app_client, login)
    refused = app_client.post("/api/v1/registrations", json=REGISTRATION)
    assert refused.status_code == 403
    forged = app_client.post(
        "/api/v1/registrations", json=REGISTRATION, headers={"x-csrf-token": "0" * 43}
    )
    assert forged.status_code == 403
    accepted = app_client.post(
        "/api/v1/registrations", json=REGISTRATION, headers={"x-csrf-token": csrf}
    )
    assert accepted.status_code == 201


def test_a_logged_out_session_cannot_be_replayed(app_client: TestClient) -> None:
    login = make_staff_login(_engine(app_client), HOME, Role.REGISTRAR)
    csrf = _log_in(app_client, login)
    cookie = app_client.cookies.get("puente_session")
    assert cookie
    app_client.post("/logout", data={"csrf_token": csrf})
    app_client.cookies.set("puente_session", cookie)
    replayed = app_client.get("/registrations", follow_redirects=False)
    assert replayed.status_code == 303 and replayed.headers["location"].startswith("/login")


def test_a_token_does_no_more_than_its_scope_and_stops_when_revoked(
    app_client: TestClient,
) -> None:
    engine = _engine(app_client)
    caller = make_caller(engine, HOME, Role.REGISTRAR)
    with SqlCredentialStore(engine) as store:
        token_id, read_only = issue_api_token(
            store, caller.user_id, "reader", frozenset({Permission.REGISTRY_READ}), utc_now()
        )
    scoped = {"Authorization": f"Bearer {read_only}"}
    assert (
        app_client.post("/api/v1/registrations", json=REGISTRATION, headers=scoped).status_code
        == 403
    )
    created = app_client.post("/api/v1/registrations", json=REGISTRATION, headers=caller.headers)
    person = created.json()["persons"][0]["id"]
    assert app_client.get(f"/api/v1/persons/{person}", headers=scoped).status_code == 200
    with SqlCredentialStore(engine) as store:
        revoke_api_token(store, token_id, utc_now())
    assert app_client.get(f"/api/v1/persons/{person}", headers=scoped).status_code == 401


def test_reads_and_writes_are_audited_without_personal_data(app_client: TestClient) -> None:
    engine = _engine(app_client)
    caller = make_caller(engine, HOME, Role.REGISTRAR)
    created = app_client.post("/api/v1/registrations", json=REGISTRATION, headers=caller.headers)
    person = created.json()["persons"][0]["id"]
    app_client.get(f"/api/v1/persons/{person}", headers=caller.headers)
    with engine.connect() as connection:
        events = [row.event for row in connection.execute(select(audit_pending))]
    assert [(e["action"], e["outcome"]) for e in events] == [
        ("register", "done"),
        ("read person", "allowed"),
    ]
    assert all(e["actor"] == str(caller.user_id) for e in events)
    assert person in events[1]["record_ids"]
    text = str(events)
    assert "Wislande" not in text and "8995551234" not in text  # the phone, not a uuid digit run
