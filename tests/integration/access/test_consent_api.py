"""Consent and objections over HTTP on both engines: who may record them, what they stop, and
that a repeated request id (also two first-time requests racing with it) records once."""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, select

from puente.access.adapters.consent_api import audited_uow
from puente.access.adapters.store.audit_store import in_transaction
from puente.access.adapters.store.sharing_store import SqlSharingStore
from puente.access.adapters.store.subject_store import SqlSubjectStore, SqlSubjectUnitOfWork
from puente.access.adapters.store.tables import audit_pending
from puente.access.domain.roles import DataCategory, OrganisationKind, Role
from puente.access.domain.sharing import ConsentEvent, Purpose
from puente.access.domain.subject_rights import Objection
from puente.access.services.subject_rights import AuditedUowFactory
from puente.settings import load_settings
from puente.shared.db import utc_now
from puente.web.app import create_app
from tests.support.callers import Caller, make_caller, organisation, share
from tests.unit.registry.factories import member


@dataclass
class World:
    client: TestClient
    registrar: Caller
    caseworker: Caller
    officer: Caller
    person_id: str


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    app = create_app(load_settings(database_url=database_url))
    engine = app.state.engine
    unhcr = organisation("ACNUR Matamoros", OrganisationKind.UN_AGENCY)
    cbp = organisation("CBP Brownsville", OrganisationKind.US_FEDERAL_AGENCY, "US")
    registrar = make_caller(engine, unhcr, Role.REGISTRAR)
    caseworker = make_caller(engine, unhcr, Role.CASEWORKER)
    officer = make_caller(engine, cbp, Role.PORT_OFFICER)
    share(
        engine,
        unhcr,
        cbp,
        Purpose.ORDERLY_ENTRY,
        frozenset({"person"}),
        frozenset({DataCategory.IDENTITY}),
        utc_now() - timedelta(days=1),
    )
    with TestClient(app) as client:
        body = {
            "request_id": "consent-api-0001",
            "location": "Matamoros",
            "registered_by": "ACNUR",
            "consent_given": True,
            "members": [member()],
        }
        created = client.post("/api/v1/registrations", json=body, headers=registrar.headers)
        assert created.status_code == 201, created.text
        yield World(client, registrar, caseworker, officer, created.json()["persons"][0]["id"])
    engine.dispose()


def _consent(status: str, purpose: str = "orderly_entry") -> dict[str, Any]:
    return {"purpose": purpose, "status": status, "channel": "in_person"}


def test_withdrawn_consent_stops_the_partners_next_read(world: World) -> None:
    client, person = world.client, f"/api/v1/persons/{world.person_id}"
    assert client.get(person, headers=world.officer.headers).status_code == 404
    given = client.post(
        f"{person}/consents", json=_consent("given"), headers=world.registrar.headers
    )
    assert given.status_code == 201, given.text
    read = client.get(person, headers=world.officer.headers)
    assert read.status_code == 200
    assert read.json()["person"]["given_names"] == "María José"
    assert read.json()["person"]["phones"] is None and "person.phones" in read.json()["redacted"]
    withdrawn = client.post(
        f"{person}/consents", json=_consent("withdrawn"), headers=world.registrar.headers
    )
    assert withdrawn.status_code == 201
    assert client.get(person, headers=world.officer.headers).status_code == 404
    history = client.get(f"{person}/consents", headers=world.registrar.headers).json()
    assert [c["status"] for c in history["consents"]] == ["given", "withdrawn"]


def test_objection_to_a_purpose_withdraws_its_consent(world: World) -> None:
    client, person = world.client, f"/api/v1/persons/{world.person_id}"
    client.post(f"{person}/consents", json=_consent("given"), headers=world.registrar.headers)
    assert client.get(person, headers=world.officer.headers).status_code == 200
    objection = {"purpose": "orderly_entry", "reason": "", "channel": "written"}
    made = client.post(f"{person}/objections", json=objection, headers=world.caseworker.headers)
    assert made.status_code == 201, made.text
    assert made.json()["to_all_processing"] is False
    assert client.get(person, headers=world.officer.headers).status_code == 404
    history = client.get(f"{person}/consents", headers=world.caseworker.headers).json()
    assert history["consents"][-1]["status"] == "withdrawn"
    assert history["objections"][0]["purpose"] == "orderly_entry"


def test_objection_to_all_processing_withdraws_every_purpose(world: World) -> None:
    client, person = world.client, f"/api/v1/persons/{world.person_id}"
    made = client.post(
        f"{person}/objections",
        json={"purpose": None, "reason": "no", "channel": "in_person"},
        headers=world.caseworker.headers,
    )
    assert made.json()["to_all_processing"] is True
    history = client.get(f"{person}/consents", headers=world.caseworker.headers).json()
    assert {c["purpose"] for c in history["consents"]} == {p.value for p in Purpose}
    assert {c["status"] for c in history["consents"]} == {"withdrawn"}


def test_who_may_record_and_read_consent(world: World, database_url: str) -> None:
    client, person = world.client, f"/api/v1/persons/{world.person_id}"
    assert client.post(f"{person}/consents", json=_consent("given")).status_code == 401
    assert client.get(f"{person}/consents").status_code == 401
    # A port officer has no consent permission; a registrar may not record objections.
    wrong = client.post(f"{person}/consents", json=_consent("given"), headers=world.officer.headers)
    assert wrong.status_code == 403
    objection = {"purpose": None, "channel": "written"}
    assert (
        client.post(f"{person}/objections", json=objection, headers=world.registrar.headers)
    ).status_code == 403
    foreign = make_caller(
        client.app.state.engine,  # type: ignore[attr-defined]
        organisation("Al Otro Lado"),
        Role.REGISTRAR,
    )
    assert (
        client.post(f"{person}/consents", json=_consent("given"), headers=foreign.headers)
    ).status_code == 404
    assert client.get(f"{person}/consents", headers=foreign.headers).status_code == 404
    future = {**_consent("given"), "at": (utc_now() + timedelta(days=1)).isoformat()}
    late = client.post(f"{person}/consents", json=future, headers=world.registrar.headers)
    assert late.status_code == 422
    bad = client.post(
        f"{person}/consents", json=_consent("perhaps"), headers=world.registrar.headers
    )
    assert bad.status_code == 422


def test_the_consent_page_follows_the_same_rules(world: World) -> None:
    client, page = world.client, f"/persons/{world.person_id}/consent"
    anonymous = client.get(page, follow_redirects=False)
    assert anonymous.headers["location"].startswith("/login")  # pages send strangers to log in
    assert client.get(page, headers=world.officer.headers).status_code == 403
    shown = client.get(page, headers=world.registrar.headers)
    assert shown.status_code == 200 and 'id="consent-form"' in shown.text
    assert 'id="objection-form"' not in shown.text  # a registrar does not record objections
    form = {"purpose": "orderly_entry", "status": "refused", "channel": "phone"}
    posted = client.post(page, data=form, headers=world.registrar.headers, follow_redirects=False)
    assert posted.status_code == 303
    history = client.get(
        f"/api/v1/persons/{world.person_id}/consents", headers=world.registrar.headers
    )
    assert history.json()["consents"][0]["status"] == "refused"
    bad = client.post(page, data={**form, "status": "maybe"}, headers=world.registrar.headers)
    assert bad.status_code == 422
    foreign = make_caller(
        client.app.state.engine,  # type: ignore[attr-defined]
        organisation("Albergue Juventud 2000"),
        Role.CASEWORKER,
    )
    assert client.get(page, headers=foreign.headers).status_code == 404
    objection = {"purpose": "all", "channel": "written", "reason": ""}
    denied = client.post(
        f"/persons/{world.person_id}/objections", data=objection, headers=foreign.headers
    )
    assert denied.status_code == 404


def test_a_retried_consent_or_objection_with_its_request_id_records_nothing_again(
    world: World,
) -> None:
    client, person = world.client, f"/api/v1/persons/{world.person_id}"
    headers = world.caseworker.headers
    consent = {**_consent("given"), "request_id": str(uuid4())}
    first = client.post(f"{person}/consents", json=consent, headers=headers)
    again = client.post(f"{person}/consents", json=consent, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.headers["Idempotent-Replayed"] == "true" and again.json() == first.json()
    changed = {**consent, "status": "refused"}
    assert client.post(f"{person}/consents", json=changed, headers=headers).status_code == 409
    objection = {"purpose": None, "reason": "no", "channel": "written", "request_id": str(uuid4())}
    made = client.post(f"{person}/objections", json=objection, headers=headers)
    repeated = client.post(f"{person}/objections", json=objection, headers=headers)
    assert (made.status_code, repeated.status_code) == (201, 200)
    assert repeated.json() == made.json() and made.json()["id"] == objection["request_id"]
    history = client.get(f"{person}/consents", headers=headers).json()
    assert [c["status"] for c in history["consents"]].count("given") == 1
    assert len(history["objections"]) == 1
    assert len(history["consents"]) == 1 + len(Purpose)  # one withdrawal per purpose, once
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        events = list(connection.scalars(select(audit_pending.c.event)))
    outcomes = [
        e["outcome"] for e in events if e["action"] in ("record consent", "record objection")
    ]
    assert sorted(outcomes) == ["done", "done", "replayed", "replayed"]


class BothLookFirst:
    """Holds the first two look-ups of a request id until both are done, so that both requests
    find nothing and both go on to store it: the race, every time."""

    def __init__(self) -> None:
        self.barrier = threading.Barrier(2, timeout=30)
        self.lookups = itertools.count()

    def looked(self) -> None:
        if next(self.lookups) < 2:
            self.barrier.wait()


def racing_uow(engine: Engine, race: BothLookFirst) -> AuditedUowFactory:
    class HeldSharing(SqlSharingStore):
        def consent_for_request(self, request_id: UUID) -> ConsentEvent | None:
            found = super().consent_for_request(request_id)
            race.looked()
            return found

    class HeldSubjects(SqlSubjectStore):
        def objection(self, objection_id: UUID) -> Objection | None:
            found = super().objection(objection_id)
            race.looked()
            return found

    class RacingUnitOfWork(SqlSubjectUnitOfWork):
        def _bind(self, connection: Connection) -> None:
            self.sharing = HeldSharing(connection)
            self.subjects = HeldSubjects(connection)

    return lambda audit: RacingUnitOfWork(engine, in_transaction(audit))


def _race(world: World, path: str, body: dict[str, Any]) -> list[httpx.Response]:
    engine: Engine = world.client.app.state.engine  # type: ignore[attr-defined]
    race = BothLookFirst()
    world.client.app.dependency_overrides[audited_uow] = lambda: racing_uow(engine, race)  # type: ignore[attr-defined]

    def post(_: int) -> httpx.Response:
        return world.client.post(path, json=body, headers=world.caseworker.headers)

    with ThreadPoolExecutor(max_workers=2) as pool:
        responses = list(pool.map(post, range(2)))
    return sorted(responses, key=lambda r: r.status_code)


def _audited_outcomes(world: World, action: str) -> list[str]:
    engine: Engine = world.client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        events = list(connection.scalars(select(audit_pending.c.event)))
    return sorted(e["outcome"] for e in events if e["action"] == action)


def test_the_loser_of_a_consent_race_gets_the_replay(world: World) -> None:
    person = f"/api/v1/persons/{world.person_id}"
    body = {
        "purpose": "orderly_entry",
        "status": "given",
        "channel": "in_person",
        "request_id": str(uuid4()),
    }
    replay, first = _race(world, f"{person}/consents", body)
    assert (replay.status_code, first.status_code) == (200, 201), replay.text
    assert replay.headers["Idempotent-Replayed"] == "true" and replay.json() == first.json()
    history = world.client.get(f"{person}/consents", headers=world.caseworker.headers).json()
    assert len(history["consents"]) == 1
    assert _audited_outcomes(world, "record consent") == ["done", "replayed"]


def test_the_loser_of_an_objection_race_gets_the_replay(world: World) -> None:
    person = f"/api/v1/persons/{world.person_id}"
    body = {"purpose": None, "reason": "no", "channel": "written", "request_id": str(uuid4())}
    replay, first = _race(world, f"{person}/objections", body)
    assert (replay.status_code, first.status_code) == (200, 201), replay.text
    assert replay.headers["Idempotent-Replayed"] == "true" and replay.json() == first.json()
    history = world.client.get(f"{person}/consents", headers=world.caseworker.headers).json()
    assert len(history["objections"]) == 1
    assert _audited_outcomes(world, "record objection") == ["done", "replayed"]


def _form_request_id(page: str, form_id: str) -> str:
    form = page[page.index(f'id="{form_id}"') :]
    match = re.search(r'name="request_id" value="([^"]+)"', form[: form.index("</form>")])
    assert match is not None, f"{form_id} carries no request id"
    return match.group(1)


def test_the_consent_page_forms_sent_twice_record_once(world: World) -> None:
    client, page = world.client, f"/persons/{world.person_id}/consent"
    headers = world.caseworker.headers
    shown = client.get(page, headers=headers).text
    request_id = _form_request_id(shown, "consent-form")
    assert _form_request_id(client.get(page, headers=headers).text, "consent-form") != request_id
    form = {"purpose": "orderly_entry", "status": "given", "channel": "phone"}
    sent = {**form, "request_id": request_id}
    for _ in range(2):  # a double click, or the browser's "send the form again"
        posted = client.post(page, data=sent, headers=headers, follow_redirects=False)
        assert posted.status_code == 303
    changed = client.post(page, data={**sent, "status": "refused"}, headers=headers)
    assert changed.status_code == 409 and "vale la primera" in changed.text
    objection = {
        "purpose": "all",
        "channel": "written",
        "reason": "",
        "request_id": _form_request_id(shown, "objection-form"),
    }
    objections = f"/persons/{world.person_id}/objections"
    for _ in range(2):
        posted = client.post(objections, data=objection, headers=headers, follow_redirects=False)
        assert posted.status_code == 303
    history = client.get(f"/api/v1/persons/{world.person_id}/consents", headers=headers).json()
    assert [c["status"] for c in history["consents"]].count("given") == 1
    assert len(history["objections"]) == 1
    assert len(history["consents"]) == 1 + len(Purpose)
    assert _audited_outcomes(world, "record consent") == ["done", "replayed"]
    assert _audited_outcomes(world, "record objection") == ["done", "replayed"]


def test_a_consent_page_form_with_a_mangled_request_id_asks_for_a_reload(world: World) -> None:
    client, headers = world.client, world.caseworker.headers
    consents = f"/api/v1/persons/{world.person_id}/consents"
    before = client.get(consents, headers=headers).json()
    forms = {
        f"/persons/{world.person_id}/consent": {
            "purpose": "orderly_entry",
            "status": "given",
            "channel": "phone",
        },
        f"/persons/{world.person_id}/objections": {"purpose": "all", "channel": "written"},
    }
    for path, form in forms.items():
        posted = client.post(path, data={**form, "request_id": "not-an-id"}, headers=headers)
        assert posted.status_code == 400
        assert "Este formulario está desactualizado; recargue la página." in posted.text
        assert "Elija un valor" not in posted.text  # not a choice the staff member can fix
    assert client.get(consents, headers=headers).json() == before
