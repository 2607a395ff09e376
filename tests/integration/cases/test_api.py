"""The cases API and pages on both engines, with the access rules: who may read and change a
case, what a shelter operator never sees, and what a sharing agreement lets through."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from puente.access.domain.roles import DataCategory, OrganisationKind, Role
from puente.access.domain.sharing import Purpose
from puente.cases.adapters import cli as cases_cli
from puente.settings import load_settings
from puente.web.app import create_app
from tests.integration.cases.people import add_person
from tests.support.callers import Caller, consent, make_caller, organisation, share
from tests.support.statements import statements_sent

NARRATIVE = "Threatened by a gang in San Pedro Sula after refusing to pay"
REASON = "Fear of return stated at the port"
LEGAL_AID = organisation("Al Otro Lado", OrganisationKind.LEGAL_AID_PROVIDER, "US")
OTHER = organisation("Another NGO", OrganisationKind.NGO, "MX")


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    app = create_app(load_settings(database_url=database_url))
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()


@pytest.fixture
def engine_of(client: TestClient) -> Engine:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    return engine


@pytest.fixture
def caseworker(engine_of: Engine) -> Caller:
    return make_caller(engine_of, LEGAL_AID, Role.CASEWORKER)


def _post(client: TestClient, caller: Caller, path: str, body: dict[str, Any]) -> Any:
    response = client.post(f"/api/v1{path}", json=body, headers=caller.headers)
    assert response.status_code == 201, response.text
    return response.json()


def _move(client: TestClient, caller: Caller, case_id: str, target: str, at: str) -> Any:
    body = {"target": target, "at": at, "timezone": "America/Tijuana", "reason": REASON}
    return client.post(f"/api/v1/cases/{case_id}/transitions", json=body, headers=caller.headers)


def _case_in_court(client: TestClient, engine: Engine, caller: Caller) -> tuple[str, UUID]:
    person = add_person(engine, owner_id=caller.organisation.id)
    case = _post(
        client,
        caller,
        "/cases",
        {
            "person_ids": [str(person)],
            "opened_at": "2021-10-01T09:00:00-07:00",
            "timezone": "America/Tijuana",
            "caseworker": "ana",
        },
    )
    case_id = case["id"]
    for day, target in enumerate(
        ["eligibility_confirmed", "waiting_in_mexico", "presented_at_port", "nta_issued"], 2
    ):
        assert (
            _move(client, caller, case_id, target, f"2021-10-{day:02d}T10:00:00-07:00").status_code
            == 201
        )
    assert (
        _move(client, caller, case_id, "in_court", "2021-10-20T10:00:00-05:00").status_code == 201
    )
    _post(
        client,
        caller,
        f"/cases/{case_id}/hearings",
        {
            "kind": "master_calendar",
            "court_code": "CHI",
            "court_name": "Chicago Immigration Court",
            "court_city": "Chicago",
            "court_timezone": "America/Chicago",
            "scheduled_at": "2021-11-10T09:00:00-06:00",
            "judge": "IJ Rivera",
        },
    )
    _post(
        client,
        caller,
        f"/cases/{case_id}/notes",
        {"text": NARRATIVE, "confidentiality": "confidential"},
    )
    return case_id, person


def test_a_case_from_opening_to_court_with_its_deadlines_on_their_own_clocks(
    client: TestClient, engine_of: Engine, caseworker: Caller, database_url: str
) -> None:
    case_id, _ = _case_in_court(client, engine_of, caseworker)
    case = client.get(f"/api/v1/cases/{case_id}", headers=caseworker.headers).json()
    assert case["state"] == "in_court" and case["redacted"] == []
    assert [e["target"] for e in case["timeline"]][-1] == "in_court"
    assert case["timeline"][0]["timezone"] == "America/Tijuana"
    assert case["hearings"][0]["scheduled_at"] == "2021-11-10T09:00:00-06:00"
    deadlines = {d["kind"]: d for d in case["deadlines"]}
    # Ten days before 09:00 CST on the court's wall clock is 09:00 CDT, across the DST change.
    assert deadlines["hearing_notice"]["due_at"] == "2021-10-31T09:00:00-05:00"
    assert deadlines["asylum_application"]["timezone"] == "America/Tijuana"
    assert case["notes"][0]["text"] == NARRATIVE
    assert case["persons"][0]["name"] == "María José de la Cruz"

    queue = client.get(
        "/api/v1/cases/queue",
        params={"caseworker": "ana", "now": "2021-10-21T00:00:00-05:00"},
        headers=caseworker.headers,
    ).json()
    assert [d["kind"] for d in queue["deadlines"]] == ["hearing_notice"]
    assert [h["court"] for h in queue["hearings"]] == ["CHI"]
    page = client.get(f"/cases/{case_id}", headers=caseworker.headers)
    assert "En el tribunal de inmigración" in page.text and "America/Chicago" in page.text
    queue_page = client.get(
        "/cases/queue?caseworker=ana&on=2021-10-21&lang=en", headers=caseworker.headers
    )
    assert (
        "Chicago Immigration Court" in queue_page.text
        and "Notice of the first hearing" in queue_page.text
    )
    reminders = client.get(f"/api/v1/cases/{case_id}/reminders", headers=caseworker.headers)
    assert {r["language"] for r in reminders.json()} == {"spa"}
    command = ["queue", "--caseworker", "ana", "--now", "2021-10-21T00:00:00-05:00"]
    refused = CliRunner().invoke(cases_cli.app, command, env={"PUENTE_API_TOKEN": ""})
    assert refused.exit_code == 2
    listed = CliRunner().invoke(
        cases_cli.app,
        [*command, "--token", caseworker.token],
        env={"PUENTE_DATABASE_URL": database_url},
    )
    assert listed.exit_code == 0, listed.output
    assert "hearing_notice" in listed.output and case_id[:8] in listed.output


def test_an_illegal_move_is_a_409_naming_both_states(
    client: TestClient, engine_of: Engine, caseworker: Caller
) -> None:
    person = add_person(engine_of, owner_id=caseworker.organisation.id)
    case = _post(client, caseworker, "/cases", {"person_ids": [str(person)]})
    response = _move(client, caseworker, case["id"], "merits_hearing", "2030-01-01T10:00:00-08:00")
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert "'registered'" in response.json()["detail"]
    assert "'merits_hearing'" in response.json()["detail"]
    assert (
        client.get(f"/api/v1/cases/{case['id']}", headers=caseworker.headers).json()["timeline"]
        == []
    )


def test_no_case_on_a_person_the_caller_may_not_read(
    client: TestClient, engine_of: Engine, caseworker: Caller
) -> None:
    # A case shows its people's names: it must not be a way around the registry's sharing.
    someone_elses = add_person(engine_of)
    response = client.post(
        "/api/v1/cases", json={"person_ids": [str(someone_elses)]}, headers=caseworker.headers
    )
    assert response.status_code == 422
    assert response.json()["field"] == "person_ids.0"


def test_a_shelter_operator_sees_the_case_steps_but_never_the_narrative(
    client: TestClient, engine_of: Engine, caseworker: Caller
) -> None:
    case_id, _ = _case_in_court(client, engine_of, caseworker)
    shelter = make_caller(engine_of, LEGAL_AID, Role.SHELTER_OPERATOR)
    case = client.get(f"/api/v1/cases/{case_id}", headers=shelter.headers).json()
    assert case["state"] == "in_court" and case["hearings"]
    assert all(e["reason"] is None for e in case["timeline"])
    assert "timeline[].reason" in case["redacted"]
    assert case["notes"] == []
    assert NARRATIVE not in str(case) and REASON not in str(case)
    page = client.get(f"/cases/{case_id}?lang=en", headers=shelter.headers)
    assert page.status_code == 200 and "Chicago Immigration Court" in page.text
    assert NARRATIVE not in page.text and REASON not in page.text
    mine = client.get(f"/cases/{case_id}?lang=en", headers=caseworker.headers)
    assert NARRATIVE in mine.text and REASON in mine.text
    # Nor can a shelter operator write.
    note = {"text": "x", "confidentiality": "case_team"}
    refused = client.post(f"/api/v1/cases/{case_id}/notes", json=note, headers=shelter.headers)
    assert refused.status_code == 403


def test_who_may_read_and_change_a_case(
    client: TestClient, engine_of: Engine, caseworker: Caller
) -> None:
    case_id, person = _case_in_court(client, engine_of, caseworker)
    path = f"/api/v1/cases/{case_id}"
    assert client.get(path).status_code == 401
    assert client.get(f"/cases/{case_id}", follow_redirects=False).status_code == 303
    analyst = make_caller(engine_of, LEGAL_AID, Role.ANALYST)
    assert client.get(path, headers=analyst.headers).status_code == 403
    stranger = make_caller(engine_of, OTHER, Role.CASEWORKER)
    assert client.get(path, headers=stranger.headers).status_code == 404
    assert client.get(f"/cases/{case_id}", headers=stranger.headers).status_code == 404
    move = _move(client, stranger, case_id, "master_calendar", "2021-10-22T10:00:00-05:00")
    assert move.status_code == 404
    queue = client.get(
        "/api/v1/cases/queue",
        params={"caseworker": "ana", "now": "2021-10-21T00:00:00-05:00"},
        headers=stranger.headers,
    ).json()
    assert queue["deadlines"] == []

    # Shared for case processing, with the person's consent: case steps only, no names, no notes.
    share(
        engine_of,
        LEGAL_AID,
        OTHER,
        Purpose.CASE_PROCESSING,
        frozenset({"case", "case_note"}),
        frozenset({DataCategory.CASE_PROCEEDINGS}),
        datetime.now().astimezone() - timedelta(days=1),
    )
    consent(
        engine_of, person, Purpose.CASE_PROCESSING, datetime.now().astimezone() - timedelta(hours=1)
    )
    shared = client.get(path, headers=stranger.headers).json()
    assert shared["state"] == "in_court"
    assert shared["persons"][0]["name"] is None and "persons[].name" in shared["redacted"]
    assert shared["notes"] == []
    # Seeing a case is not holding it: changes stay with the organisation that holds it.
    move = _move(client, stranger, case_id, "master_calendar", "2021-10-22T10:00:00-05:00")
    assert move.status_code == 404  # as for any record another organisation holds


def test_encounters_and_pathways_follow_the_dated_policy(
    client: TestClient, engine_of: Engine, caseworker: Caller
) -> None:
    person = add_person(engine_of, owner_id=caseworker.organisation.id)
    encounter = _post(
        client,
        caseworker,
        "/encounters",
        {
            "encounter_id": str(uuid4()),
            "place": "San Ysidro",
            "place_kind": "port_presentation",
            "timezone": "America/Tijuana",
            "at": "2021-04-15T12:00:00-07:00",
            "agency": "cbp_ofo",
            "person_ids": [str(person)],
            "title8_outcome": "nta_released",
        },
    )
    assert encounter["authority"] == "title_42" and encounter["outcome"] == "expelled"
    found = client.get(f"/api/v1/encounters/{encounter['id']}", headers=caseworker.headers)
    assert found.json()["policy_ids"] == encounter["policy_ids"]
    adult = client.post(
        "/api/v1/pathways", json={"encounter_id": encounter["id"]}, headers=caseworker.headers
    ).json()
    assert adult["authority"] == "title_42"
    child = client.post(
        "/api/v1/pathways",
        json={"encounter_id": encounter["id"], "facts": {"unaccompanied_child": True}},
        headers=caseworker.headers,
    ).json()
    assert child["authority"] == "title_8"
    later = client.post(
        "/api/v1/pathways",
        json={"at": "2023-05-12T12:00:00-07:00", "facts": {"transited_third_country": True}},
        headers=caseworker.headers,
    ).json()
    assert "lawful_pathways_presumption" in str(later) or later["pathways"]
    port_officer = make_caller(engine_of, OTHER, Role.PORT_OFFICER)
    assert (
        client.get(
            f"/api/v1/encounters/{encounter['id']}", headers=port_officer.headers
        ).status_code
        == 403
    )


def test_notices_filings_and_hearing_outcomes_through_the_api_and_the_case_page(
    client: TestClient, engine_of: Engine, caseworker: Caller
) -> None:
    case_id, person = _case_in_court(client, engine_of, caseworker)
    hearing_id = client.get(f"/api/v1/cases/{case_id}", headers=caseworker.headers).json()[
        "hearings"
    ][0]["id"]
    sent = {
        "hearing_id": hearing_id,
        "person_id": str(person),
        "sent_at": "2021-10-25T10:00:00-05:00",
        "country": "US",
        "line1": "4521 W Cermak Rd",
        "city": "Chicago",
    }
    case = _post(client, caseworker, f"/cases/{case_id}/notices", sent)
    (notice,) = case["notices"]
    # The registry has no address on record for the person: the notice is flagged, and the
    # notice deadline stays open.
    assert notice["flagged"] and notice["address"]["line1"] == "4521 W Cermak Rd"
    assert notice["reason"] == "no address was on record when it was sent"
    deadlines = {d["kind"]: d for d in case["deadlines"]}
    assert deadlines["hearing_notice"]["closed_at"] is None
    stranger = {**sent, "person_id": str(uuid4())}
    refused = client.post(
        f"/api/v1/cases/{case_id}/notices", json=stranger, headers=caseworker.headers
    )
    assert refused.status_code == 422

    filing = {"form": "i-589", "filed_at": "2021-11-01T12:00:00-05:00"}
    with statements_sent(engine_of) as sent:
        case = _post(client, caseworker, f"/cases/{case_id}/filings", filing)
    # Who holds the case and whom it concerns are read once for the change and the answer.
    holdings = "SELECT cases.id, cases.owner_id \nFROM cases"
    summaries = "SELECT persons.id, persons.name_as_written"
    assert [sum(s.startswith(q) for s in sent) for q in (holdings, summaries)] == [1, 1]
    assert [f["form"] for f in case["filings"]] == ["I-589"]
    deadlines = {d["kind"]: d for d in case["deadlines"]}
    closed = datetime.fromisoformat(deadlines["asylum_application"]["closed_at"])
    assert closed == datetime.fromisoformat(filing["filed_at"])  # on the deadline's own clock

    outcome = f"/cases/{case_id}/hearings/{hearing_id}/outcome"
    case = _post(client, caseworker, outcome, {"outcome": "held"})
    assert case["hearings"][0]["outcome"] == "held"
    again = client.post(
        f"/api/v1{outcome}", json={"outcome": "decided"}, headers=caseworker.headers
    )
    assert again.status_code == 422

    page = client.get(f"/cases/{case_id}?lang=en", headers=caseworker.headers).text
    assert "Hearing notices" in page and "4521 W Cermak Rd, Chicago" in page
    assert "Not the address on record" in page and "I-589" in page and ">Held<" in page
