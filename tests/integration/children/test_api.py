"""Children and shelters API on both engines: guarded routes, redaction (enforcement never sees
a sponsor's immigration status), placement runs over the stored queue, release checks."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

import pytest
from sqlalchemy import select

from puente.access.adapters.store.tables import audit_pending
from puente.access.domain.roles import ROLE_CATEGORIES, DataCategory, OrganisationKind, Role
from puente.access.domain.sharing import Purpose
from puente.registry.adapters.store.unit_of_work import SqlRegistryUnitOfWork
from puente.registry.services.registration import register
from tests.integration.children.world import (
    STATUS,
    World,
    child_body,
    facility,
    now,
    record,
    shelter,
    sponsor,
    step,
)
from tests.support.callers import consent, make_caller, organisation, share, stored_organisation
from tests.support.keys import KEYRING
from tests.support.statements import statements_sent
from tests.unit.registry.factories import register_command


def test_every_route_needs_a_caller_with_the_right_permission(world: World) -> None:
    w = world
    facility(w)
    child = record(w)["id"]
    routes = [
        ("get", "/api/v1/custody/board", None),
        ("get", f"/api/v1/custody/records/{child}", None),
        ("post", "/api/v1/custody/records", child_body()),
        ("get", "/api/v1/placement/queue", None),
        ("post", "/api/v1/placement/runs", None),
        ("get", f"/api/v1/sponsor-applications/{child}", None),
        ("get", f"/api/v1/shelters/{child}", None),
    ]
    for method, path, body in routes:
        extra = {} if body is None else {"json": body}
        assert w.client.request(method, path, **extra).status_code == 401, path
        denied = w.client.request(method, path, headers=w.analyst.headers, **extra)
        assert denied.status_code == 403, path
    assert w.client.post("/api/v1/placement/runs", headers=w.officer.headers).status_code == 403
    assert (
        w.client.post(
            "/api/v1/custody/records", json=child_body(), headers=w.caseworker.headers
        ).status_code
        == 403
    )


def test_board_orders_by_hours_and_colours_the_clock(world: World) -> None:
    w = world
    facility(w)
    for hours in (10, 50, 65, 80):
        record(w, hours_ago=hours)
    board = w.client.get("/api/v1/custody/board", headers=w.officer.headers).json()["children"]
    assert [c["level"] for c in board] == ["breach", "red", "warning", "ok"]
    assert board[0]["hours_in_custody"] >= 80
    # The port officer's role does not include vulnerability: special needs are withheld.
    assert board[0]["special_needs"] is None and "special_needs" in board[0]["redacted"]
    assert board[0]["deadline_local"].endswith(("-05:00", "-06:00"))


def test_placement_run_places_siblings_together_and_reports_beds_short(world: World) -> None:
    w = world
    facility(w)
    older = record(w, age=15, hours_ago=60)["id"]
    younger = record(
        w,
        age=13,
        hours_ago=60,
        relatives=[{"relationship": "sibling", "name": "Luis", "child_id": older}],
    )["id"]
    alone = record(w, age=14, hours_ago=20)["id"]
    for child in (older, younger, alone):
        assert (
            w.client.post(
                f"/api/v1/custody/records/{child}/refer", headers=w.officer.headers
            ).status_code
            == 200
        )
    shelter_id = shelter(w, beds=2)
    queue = w.client.get("/api/v1/placement/queue", headers=w.caseworker.headers).json()["children"]
    assert [c["id"] for c in queue][-1] == alone
    run = w.client.post("/api/v1/placement/runs", headers=w.caseworker.headers)
    assert run.status_code == 201, run.text
    body = run.json()
    placed = {e["child_id"]: e["provider_id"] for e in body["explanations"]}
    assert placed == {older: shelter_id, younger: shelter_id, alone: None}
    assert body["beds_to_clear_queue"] == [
        {
            "setting": "shelter",
            "pool": "boys 13–15",
            "needs": ["asthma"],
            "tender_age": False,
            "beds": 1,
        }
    ]
    latest = w.client.get("/api/v1/placement/runs/latest", headers=w.caseworker.headers).json()
    assert latest["id"] == body["id"]

    def by_child(run: dict[str, Any]) -> list[dict[str, Any]]:
        return sorted(run["explanations"], key=lambda e: str(e["child_id"]))

    assert by_child(latest) == by_child(body)
    # Reading the run is reading about each child: through the gate, audited.
    with w.engine.connect() as connection:
        events = list(connection.scalars(select(audit_pending.c.event)))
    reads = [e for e in events if e["action"] == "placement.read"]
    assert [(e["outcome"], set(e["record_ids"])) for e in reads] == [
        ("allowed", {older, younger, alone})
    ]
    [ran] = [e for e in events if e["action"] == "placement.run" and e["outcome"] == "done"]
    assert body["id"] in ran["record_ids"]  # the run itself, whoever it placed
    # The answer explains every queued child, the unplaced one too: each is named.
    assert {older, younger, alone} <= set(ran["record_ids"])
    occupancy = w.client.get(f"/api/v1/shelters/{shelter_id}", headers=w.operator.headers).json()
    assert {o["occupant_id"] for o in occupancy["occupants"]} == {older, younger}
    assert occupancy["pools"][0]["free"] == 0 and occupancy["pools"][0]["overcrowded"]
    transferred = w.client.get(f"/api/v1/custody/records/{older}", headers=w.officer.headers).json()
    assert transferred["status"] == "transferred"


def test_a_placement_run_answers_only_what_the_callers_role_may_see(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No role runs placements without seeing custody today; the answer must follow the role
    # anyway, as every other read of a run does.
    w = world
    facility(w)
    child = record(w, age=15, hours_ago=60)["id"]
    w.client.post(f"/api/v1/custody/records/{child}/refer", headers=w.officer.headers)
    shelter(w, beds=1)
    narrowed = ROLE_CATEGORIES[Role.CASEWORKER] - {DataCategory.CUSTODY}
    monkeypatch.setitem(ROLE_CATEGORIES, Role.CASEWORKER, narrowed)
    run = w.client.post("/api/v1/placement/runs", headers=w.caseworker.headers)
    assert run.status_code == 201, run.text
    (explanation,) = run.json()["explanations"]
    assert explanation["child_id"] == child
    withheld = ["explanation", "km", "provider_id", "restrictiveness"]
    assert [explanation[f] for f in withheld] == [None] * 4
    assert sorted(explanation["redacted"]) == withheld
    latest = w.client.get("/api/v1/placement/runs/latest", headers=w.caseworker.headers).json()
    assert latest["explanations"] == [explanation]


def test_check_in_over_capacity_only_through_an_audited_override(world: World) -> None:
    w = world
    shelter_id = shelter(w, beds=1)
    url = f"/api/v1/shelters/{shelter_id}"
    first = {"occupant_id": "00000000-0000-4000-8000-000000000001", "sex": "M", "age": 14}
    second = {**first, "occupant_id": "00000000-0000-4000-8000-000000000002"}
    assert (
        w.client.post(f"{url}/check-in", json=first, headers=w.operator.headers).status_code == 200
    )
    full = w.client.post(f"{url}/check-in", json=second, headers=w.operator.headers)
    assert full.status_code == 422 and "override" in full.json()["detail"]
    override = {"sex": "M", "age": 14, "extra": 1, "reason": "hurricane evacuation"}
    assert (
        w.client.post(f"{url}/overrides", json=override, headers=w.operator.headers).status_code
        == 200
    )
    after = w.client.post(f"{url}/check-in", json=second, headers=w.operator.headers).json()
    assert after["occupied"] == 2 and after["movements"][0]["by_override"] is True
    assert after["overrides"][0]["granted_by"] == str(w.operator.user_id)
    with w.engine.connect() as connection:
        actions = [e["action"] for e in connection.scalars(select(audit_pending.c.event))]
    assert "shelter.over_capacity_override" in actions
    out = w.client.post(
        f"{url}/check-out", json={"occupant_id": first["occupant_id"]}, headers=w.operator.headers
    )
    assert out.json()["occupied"] == 1


STEPS = (
    "identity_verified",
    "relationship_verified",
    "background_cleared",
    "home_study_passed",
    "approved",
    "released",
    "post_release_services",
)


def test_release_is_refused_until_every_required_check_has_passed(world: World) -> None:
    w = world
    facility(w)
    child = record(w)["id"]
    w.client.post(f"/api/v1/custody/records/{child}/refer", headers=w.officer.headers)
    shelter(w, beds=1)
    w.client.post("/api/v1/placement/runs", headers=w.caseworker.headers)
    application = sponsor(w, child)
    assert step(w, application, "released").status_code == 409
    for state in STEPS[:3]:
        assert step(w, application, state).status_code == 200
    refused = step(w, application, "approved")
    assert (
        refused.status_code == 409
        and "'background_cleared' to 'approved'" in refused.json()["detail"]
    )
    for state in STEPS[3:]:
        assert step(w, application, state).status_code == 200, state
    case = w.client.get(
        f"/api/v1/sponsor-applications/{application}", headers=w.caseworker.headers
    ).json()
    assert case["state"] == "post_release_services" and case["immigration_status"] == STATUS
    assert case["steps"][-1]["by"] == str(w.caseworker.user_id)
    stranger = make_caller(w.engine, organisation("Otra ONG"), Role.CASEWORKER)
    body = {"state": "identity_verified", "at": now().isoformat(), "note": "?"}
    foreign = w.client.post(
        f"/api/v1/sponsor-applications/{application}/steps", json=body, headers=stranger.headers
    )
    assert foreign.status_code == 404
    # Every step's audit entry names the application, the refused one too.
    with w.engine.connect() as connection:
        events = list(connection.scalars(select(audit_pending.c.event)))
    moves = {f"sponsor.{state}" for state in STEPS}
    steps = [e for e in events if e["action"] in moves]
    assert [e["outcome"] for e in steps] == ["done"] * 7 + ["denied"]
    assert all(e["record_ids"] == [application] for e in steps)


def test_a_port_officer_never_sees_a_sponsors_immigration_status(world: World) -> None:
    w = world
    facility(w)
    child = record(w)["id"]
    sponsor(w, child)
    mine = w.client.get(f"/api/v1/custody/records/{child}", headers=w.caseworker.headers).json()
    assert mine["sponsors"][0]["immigration_status"] == STATUS
    seen = w.client.get(f"/api/v1/custody/records/{child}", headers=w.officer.headers)
    assert STATUS not in seen.text and "Ana López" not in seen.text
    summary = seen.json()["sponsors"][0]
    assert summary["immigration_status"] is None and summary["state"] == "submitted"
    assert "sponsors[].immigration_status" in seen.json()["redacted"]
    board = w.client.get("/api/v1/custody/board", headers=w.officer.headers)
    assert (
        STATUS not in board.text
        and board.json()["children"][0]["sponsors"][0]["immigration_status"] is None
    )
    export = w.client.get("/api/v1/custody/board.csv", headers=w.officer.headers)
    assert export.status_code == 200 and STATUS not in export.text
    assert "sponsor_immigration_status" in export.text.splitlines()[0]
    assert STATUS in w.client.get("/api/v1/custody/board.csv", headers=w.caseworker.headers).text
    application = mine["sponsors"][0]["id"]
    assert (
        w.client.get(
            f"/api/v1/sponsor-applications/{application}", headers=w.officer.headers
        ).status_code
        == 403
    )


def test_another_organisations_record_is_not_found_unless_shared_with_consent(world: World) -> None:
    w = world
    facility(w)
    holder = stored_organisation(w.engine, "Registro de prueba").id
    person = register(
        partial(SqlRegistryUnitOfWork, w.engine, KEYRING), register_command(), now(), holder
    )
    person_id = person.group.persons[0].id
    child = record(w, person_id=str(person_id))["id"]
    other = organisation("Kids in Need, test", OrganisationKind.NGO, "US")
    reader = make_caller(w.engine, other, Role.SHELTER_OPERATOR)
    url = f"/api/v1/custody/records/{child}"
    assert w.client.get(url, headers=reader.headers).status_code == 404
    start = now() - timedelta(days=1)
    share(
        w.engine,
        w.officer.organisation,
        other,
        Purpose.CHILD_PROTECTION,
        frozenset({"custody_record"}),
        frozenset({DataCategory.CUSTODY}),
        start,
    )
    assert w.client.get(url, headers=reader.headers).status_code == 404  # no consent yet
    consent(w.engine, person_id, Purpose.CHILD_PROTECTION, start)
    shared = w.client.get(url, headers=reader.headers)
    assert shared.status_code == 200
    body = shared.json()
    assert body["hours_in_custody"] > 49 and body["facility"] == "Donna"
    assert (
        body["age"] is None and body["special_needs"] is None and "nationality" in body["redacted"]
    )
    # The board lists the organisation's own children only.
    assert w.client.get("/api/v1/custody/board", headers=reader.headers).json()["children"] == []


def test_the_board_takes_as_many_statements_for_five_children_as_for_one(world: World) -> None:
    w = world
    facility(w)

    def statements_for_board() -> int:
        with statements_sent(w.engine) as sent:
            board = w.client.get("/api/v1/custody/board", headers=w.caseworker.headers)
        assert board.status_code == 200
        assert all(c["sponsors"] for c in board.json()["children"])
        return len(sent)

    sponsor(w, record(w)["id"])
    one = statements_for_board()
    for _ in range(4):
        sponsor(w, record(w)["id"])
    assert statements_for_board() == one
