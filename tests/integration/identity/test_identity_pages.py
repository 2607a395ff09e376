"""Identity pages on both engines: a person's identity history and the registrar's
possible-matches step, which takes the registration form as it is and carries its values on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from puente.access.domain.roles import Role
from puente.identity.adapters.store.records import person_records
from puente.settings import load_settings
from puente.web.app import create_app
from tests.integration.identity.conftest import Held
from tests.support.callers import make_caller, organisation


@pytest.fixture
def client(database_url: str, held: Held) -> Iterator[TestClient]:
    held.run()
    app = create_app(load_settings(database_url=database_url))
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()


def test_history_page_shows_the_person_and_is_not_found_elsewhere(
    client: TestClient, held: Held
) -> None:
    person = next(iter(held.person_of.values()))
    registrar = make_caller(held.engine, held.holder, Role.REGISTRAR)
    page = client.get(f"/identity/persons/{person}?lang=en", headers=registrar.headers)
    assert page.status_code == 200
    assert 'id="cluster-id"' in page.text and "placed by an automatic run" in page.text
    # A registrar may look but not merge: no merge form for them.
    assert 'action="/identity/merges"' not in page.text
    outsider = make_caller(held.engine, organisation("Elsewhere"), Role.REGISTRAR)
    assert client.get(f"/identity/persons/{person}", headers=outsider.headers).status_code == 404
    assert client.get(f"/identity/persons/{person}", follow_redirects=False).status_code == 303


def test_possible_matches_step_lists_matches_and_carries_the_form(
    client: TestClient, held: Held
) -> None:
    with held.engine.connect() as connection:
        first = person_records(connection).iloc[0]
    form = {
        "request_id": "form-1",
        "location": "Tijuana",
        "members-0-given_names": first["given_names"],
        "members-0-first_surname": first["first_surname"],
        "members-0-second_surname": first["second_surname"],
        "members-0-sex": first["sex"],
        "members-0-birth_date": first["birth_date"],
        "members-0-nationality": first["nationality"],
        "action": "check_matches",
    }
    registrar = make_caller(held.engine, held.holder, Role.REGISTRAR)
    page = client.post("/identity/possible-matches?lang=en", data=form, headers=registrar.headers)
    assert page.status_code == 200
    assert f"/identity/persons/{first['record_id']}" in page.text
    assert 'name="request_id" value="form-1"' in page.text
    assert 'name="action" value="check_matches"' not in page.text
    analyst = make_caller(held.engine, held.holder, Role.ANALYST)
    assert (
        client.post("/identity/possible-matches", data=form, headers=analyst.headers).status_code
        == 403
    )
