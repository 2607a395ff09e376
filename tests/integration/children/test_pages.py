"""Children's and shelters' pages on both engines: guarded, Spanish and English, redacted alike."""

from __future__ import annotations

from tests.integration.children.world import (
    STATUS,
    World,
    facility,
    record,
    shelter,
    sponsor,
)


def test_pages_need_a_log_in_and_the_right_role(world: World) -> None:
    w = world
    for path in ("/custody", "/placement", "/shelters/00000000-0000-4000-8000-000000000001"):
        response = w.client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
        assert w.client.get(path, headers=w.analyst.headers).status_code == 403
    assert w.client.get("/placement", headers=w.officer.headers).status_code == 403


def test_board_is_red_before_the_deadline_in_both_languages(world: World) -> None:
    w = world
    facility(w)
    record(w, hours_ago=62)
    record(w, hours_ago=5)
    spanish = w.client.get("/custody", headers=w.officer.headers)
    assert spanish.status_code == 200
    assert "Niñas y niños en custodia fronteriza" in spanish.text
    assert spanish.text.index('data-level="red"') < spanish.text.index('data-level="ok"')
    english = w.client.get("/custody?lang=en", headers=w.officer.headers)
    assert "Children in border custody" in english.text and "Transfer deadline" in english.text


def test_the_record_page_never_shows_enforcement_a_sponsors_status(world: World) -> None:
    w = world
    facility(w)
    child = record(w)["id"]
    application = sponsor(w, child)
    officer = w.client.get(f"/custody/{child}?lang=en", headers=w.officer.headers)
    assert officer.status_code == 200 and "submitted" in officer.text
    assert STATUS not in officer.text and "Ana López" not in officer.text
    assert "Immigration status" not in officer.text
    caseworker = w.client.get(f"/custody/{child}?lang=en", headers=w.caseworker.headers)
    assert STATUS in caseworker.text
    case = w.client.get(f"/sponsors/{application}?lang=en", headers=w.caseworker.headers)
    assert STATUS in case.text and 'value="identity_verified"' in case.text
    assert 'value="released"' not in case.text  # not offered before the checks
    moved = w.client.post(
        f"/sponsors/{application}/steps",
        data={"state": "identity_verified", "note": "passport seen"},
        headers=w.caseworker.headers,
        follow_redirects=False,
    )
    assert moved.status_code == 303
    after = w.client.get(f"/sponsors/{application}?lang=en", headers=w.caseworker.headers)
    assert "passport seen" in after.text and 'value="relationship_verified"' in after.text


def test_placement_page_runs_the_queue_and_the_shelter_page_shows_who_is_in(world: World) -> None:
    w = world
    facility(w)
    child = record(w, hours_ago=30)["id"]
    w.client.post(f"/api/v1/custody/records/{child}/refer", headers=w.officer.headers)
    shelter_id = shelter(w, beds=1)
    queue = w.client.get("/placement?lang=en", headers=w.caseworker.headers)
    assert child in queue.text and "Run placement over the queue" in queue.text
    run = w.client.post("/placement/run", headers=w.caseworker.headers, follow_redirects=False)
    assert run.status_code == 303
    page = w.client.get("/placement?lang=en", headers=w.caseworker.headers)
    assert "Placed 1 of 1 children." in page.text and "placed at Casa Padre" in page.text
    occupancy = w.client.get(f"/shelters/{shelter_id}?lang=es", headers=w.operator.headers)
    assert occupancy.status_code == 200 and child[:8] in occupancy.text
    assert "1 de 1 camas ocupadas" in occupancy.text
    full = w.client.post(
        f"/shelters/{shelter_id}/check-in",
        data={"occupant_id": "00000000-0000-4000-8000-000000000009", "sex": "M", "age": "14"},
        headers=w.operator.headers,
    )
    assert full.status_code == 422 and "override" in full.text
