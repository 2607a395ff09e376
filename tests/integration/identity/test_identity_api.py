"""The identity API on both engines: who may see and decide pairs, merges, history, and the
registrar's possible-matches check; other organisations' persons only as the gate allows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from uuid import UUID

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from puente.access.domain.roles import DataCategory, Role
from puente.access.domain.sharing import Purpose
from puente.identity.adapters.store.records import person_records
from puente.identity.adapters.store.tables import identity_clusters
from puente.settings import load_settings
from puente.shared.db import utc_now
from puente.web.app import create_app
from tests.integration.identity.conftest import Held
from tests.integration.identity.held_persons import insert_persons
from tests.support.callers import Caller, consent, make_caller, organisation, share

QUEUE = "/api/v1/identity/review-queue"


@pytest.fixture
def client(database_url: str, held: Held) -> Iterator[TestClient]:
    held.run()
    app = create_app(load_settings(database_url=database_url))
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()


@pytest.fixture
def reviewer(held: Held) -> Caller:
    return make_caller(held.engine, held.holder, Role.CASEWORKER)


@pytest.fixture
def outsider(held: Held) -> Caller:
    return make_caller(held.engine, organisation("Another NGO"), Role.CASEWORKER)


def test_queue_needs_a_log_in_and_the_review_permission(
    client: TestClient, held: Held, reviewer: Caller
) -> None:
    assert client.get(QUEUE).status_code == 401
    registrar = make_caller(held.engine, held.holder, Role.REGISTRAR)
    assert client.get(QUEUE, headers=registrar.headers).status_code == 403
    pairs = client.get(QUEUE, headers=reviewer.headers).json()
    assert pairs
    first = pairs[0]
    assert first["left"]["given_names"] and first["right"]["birth_date"] is not None
    assert {"given_name", "surname", "birth_date"} <= {e["comparison"] for e in first["evidence"]}
    assert first["redacted"] == []


def test_another_organisations_pairs_are_not_found(
    client: TestClient, reviewer: Caller, outsider: Caller
) -> None:
    pair_id = client.get(QUEUE, headers=reviewer.headers).json()[0]["pair_id"]
    assert client.get(QUEUE, headers=outsider.headers).json() == []
    assert (
        client.get(f"/api/v1/identity/pairs/{pair_id}", headers=outsider.headers).status_code == 404
    )
    decision = client.post(
        f"/api/v1/identity/pairs/{pair_id}/decision",
        json={"verdict": "different"},
        headers=outsider.headers,
    )
    assert decision.status_code == 404


def test_shared_with_consent_shows_the_pair_redacted_to_the_agreement(
    client: TestClient, held: Held, reviewer: Caller, outsider: Caller
) -> None:
    pair = client.get(QUEUE, headers=reviewer.headers).json()[0]
    people = [pair["left"]["person_id"], pair["right"]["person_id"]]
    start = utc_now() - timedelta(days=1)
    share(
        held.engine,
        held.holder,
        outsider.organisation,
        Purpose.CASE_PROCESSING,
        frozenset({"person"}),
        frozenset({DataCategory.REFERENCE}),
        start,
    )
    url = f"/api/v1/identity/pairs/{pair['pair_id']}"
    assert client.get(url, headers=outsider.headers).status_code == 404  # no consent yet
    for person in people:
        consent(held.engine, UUID(person), Purpose.CASE_PROCESSING, start)
    shown = client.get(url, headers=outsider.headers).json()
    assert shown["left"]["given_names"] is None and "given_names" in shown["left"]["redacted"]
    assert shown["evidence"] is None and shown["redacted"] == ["evidence"]
    # Seeing is not deciding: records are changed only by the organisation holding them.
    decision = client.post(f"{url}/decision", json={"verdict": "same"}, headers=outsider.headers)
    assert decision.status_code == 404  # as for any record another organisation holds


def test_decide_merge_and_undo_over_http(client: TestClient, held: Held, reviewer: Caller) -> None:
    pair = client.get(QUEUE, headers=reviewer.headers).json()[0]
    decided = client.post(
        f"/api/v1/identity/pairs/{pair['pair_id']}/decision",
        json={"verdict": "same"},
        headers=reviewer.headers,
    )
    assert decided.status_code == 200
    event_id = decided.json()["merge_event_id"]
    assert event_id
    left = pair["left"]["person_id"]
    history = client.get(f"/api/v1/identity/persons/{left}/history", headers=reviewer.headers)
    assert pair["right"]["person_id"] in {p["person_id"] for p in history.json()["same_person"]}
    undo = f"/api/v1/identity/merges/{event_id}/undo"
    assert (
        client.post(undo, json={"reason": "checked"}, headers=reviewer.headers).status_code == 201
    )
    assert client.post(undo, json={"reason": "again"}, headers=reviewer.headers).status_code == 409
    # The merge moved one of the two (the smaller cluster's): their history ends with it undone.
    ends = [
        [
            e["kind"]
            for e in client.get(
                f"/api/v1/identity/persons/{p}/history", headers=reviewer.headers
            ).json()["events"]
        ][-2:]
        for p in (left, pair["right"]["person_id"])
    ]
    assert ["merged", "unmerged"] in ends


def test_possible_matches_shows_only_persons_the_gate_allows(
    client: TestClient, held: Held, outsider: Caller
) -> None:
    registrar = make_caller(held.engine, held.holder, Role.REGISTRAR)
    someone = {
        "given_names": "María José",
        "first_surname": "Martínez",
        "second_surname": "Cruz",
        "sex": "female",
        "birth_date": "1990-05-17",
        "nationality": "MX",
    }
    url = "/api/v1/identity/possible-matches"
    assert client.post(url, json=someone).status_code == 401
    with held.engine.connect() as connection:
        first = person_records(connection).iloc[0]
    probe = {k: str(first[k]) for k in ("given_names", "first_surname", "second_surname", "sex")}
    probe |= {"birth_date": str(first["birth_date"]), "nationality": str(first["nationality"])}
    found = client.post(url, json=probe, headers=registrar.headers).json()
    assert found["model_ready"] is True
    assert first["record_id"] in {m["person"]["person_id"] for m in found["matches"]}
    analyst = make_caller(held.engine, held.holder, Role.ANALYST)
    assert client.post(url, json=probe, headers=analyst.headers).status_code == 403
    other_registrar = make_caller(held.engine, outsider.organisation, Role.REGISTRAR)
    assert client.post(url, json=probe, headers=other_registrar.headers).json()["matches"] == []


def test_possible_matches_cover_persons_registered_since_the_run(
    client: TestClient, held: Held
) -> None:
    with held.engine.connect() as connection:
        first = person_records(connection).iloc[0]
    registrar = make_caller(held.engine, held.holder, Role.REGISTRAR)
    probe = {k: str(first[k]) for k in ("given_names", "first_surname", "birth_date", "sex")}
    url = "/api/v1/identity/possible-matches"
    client.post(url, json=probe, headers=registrar.headers)  # builds the matcher
    row = first.drop(["created_at"]).to_dict()
    new = insert_persons(
        held.engine, pd.DataFrame([{**row, "record_id": "NEW-1"}]), held.holder.id
    )["NEW-1"]
    with held.engine.begin() as connection:  # identity holds them once a registration is placed
        connection.execute(
            insert(identity_clusters).values(
                person_id=UUID(new),
                cluster_id="I-new",
                updated_at=utc_now(),
            )
        )
    found = client.post(url, json=probe, headers=registrar.headers).json()["matches"]
    assert {new, first["record_id"]} <= {m["person"]["person_id"] for m in found}
