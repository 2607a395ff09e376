"""A caseworker logs in with a second factor, finds a case in the queue, reads its timeline,
deadlines on the court's clock and a flagged hearing notice, and adds a confidential note, in
real Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from uuid import uuid4
from zoneinfo import ZoneInfo

import pyotp
import pytest
from playwright.sync_api import Page, expect

from puente.access.adapters.keys import keyring_from
from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.domain.roles import OrganisationKind, Role
from puente.access.services.authentication import create_user
from puente.cases.adapters.store.people import SqlPeopleDirectory
from puente.cases.adapters.store.unit_of_work import SqlCasesUnitOfWork
from puente.cases.domain.hearings import HearingKind
from puente.cases.domain.states import CaseState
from puente.cases.services.commands import MoveCase, OpenCase, ScheduleHearing, SendNotice
from puente.cases.services.court import schedule_hearing, send_notice
from puente.cases.services.pathway import move_case, open_case
from puente.settings import load_settings
from puente.shared.db import make_engine
from puente.shared.migrations import upgrade
from tests.integration.cases.people import add_person
from tests.support.callers import TEST_PASSWORD, organisation
from tests.support.keys import KEYRING
from tests.support.live_server import LiveServer, live_server

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]
CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture(scope="module")
def database_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("e2e-cases") / "puente.db"


@pytest.fixture(scope="module")
def cases_server(database_path: Path) -> Iterator[LiveServer]:
    url = f"sqlite:///{database_path}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    with live_server(url) as running:
        yield running


def _caseworker_with_a_case_in_court(database_path: Path) -> tuple[str, str]:
    engine = make_engine(f"sqlite:///{database_path}")
    org = organisation("Al Otro Lado", OrganisationKind.LEGAL_AID_PROVIDER, "US")
    now = datetime.now(UTC)
    with SqlCredentialStore(engine) as store:
        store.add_organisation(org, now)
        store.commit()
        user = create_user(
            store,
            keyring_from(load_settings()),
            org,
            "ana",
            "Ana",
            TEST_PASSWORD,
            frozenset({Role.CASEWORKER}),
            now,
        )
    assert user.totp_secret is not None
    case_id = uuid4()
    person = add_person(engine)
    uow = partial(SqlCasesUnitOfWork, engine, KEYRING, org.id)
    opened = now - timedelta(days=10)
    open_case(
        uow,
        OpenCase(
            case_id=case_id,
            person_ids=[person],
            opened_at=opened,
            caseworker=str(user.user_id),
        ),
    )
    steps = [
        CaseState.ELIGIBILITY_CONFIRMED,
        CaseState.WAITING_IN_MEXICO,
        CaseState.PRESENTED_AT_PORT,
        CaseState.NTA_ISSUED,
        CaseState.IN_COURT,
    ]
    for day, target in enumerate(steps, start=1):
        at = (opened + timedelta(days=day)).astimezone(ZoneInfo("America/Tijuana"))
        move_case(
            uow,
            MoveCase(
                case_id=case_id,
                target=target,
                at=at,
                actor="ana",
                reason="Miedo declarado en el puerto",
            ),
        )
    hearing_day = (now + timedelta(days=20)).astimezone(CHICAGO)
    hearing_id = uuid4()
    schedule_hearing(
        uow,
        ScheduleHearing(
            hearing_id=hearing_id,
            case_id=case_id,
            kind=HearingKind.MASTER_CALENDAR,
            court_code="CHI",
            court_name="Chicago Immigration Court",
            court_city="Chicago",
            court_timezone="America/Chicago",
            scheduled_at=hearing_day.replace(hour=9, minute=0),
            judge="IJ Rivera",
        ),
    )
    # The person has no address on record: the notice is flagged on the case page.
    send_notice(
        uow,
        SqlPeopleDirectory(engine, KEYRING),
        SendNotice(
            case_id=case_id,
            hearing_id=hearing_id,
            person_id=person,
            sent_at=now - timedelta(days=1),
            country="US",
            line1="4521 W Cermak Rd",
            city="Chicago",
        ),
    )
    engine.dispose()
    return str(case_id), user.totp_secret


def test_a_caseworker_reads_a_case_from_the_queue_and_adds_a_note(
    page: Page, cases_server: LiveServer, database_path: Path
) -> None:
    case_id, secret = _caseworker_with_a_case_in_court(database_path)
    page.goto(f"{cases_server.url}/cases/queue")
    expect(page).to_have_url(re.compile(r"/login\?next=/cases/queue$"))
    page.fill("#username", "ana")
    page.fill("#password", TEST_PASSWORD)
    page.click("button[type='submit']")
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("button[type='submit']")

    expect(page).to_have_url(re.compile(r"/cases/queue$"))
    expect(page.locator("tr.queue-deadline")).to_contain_text(
        "Notificación de la primera audiencia"
    )
    expect(page.locator("tr.queue-hearing")).to_contain_text("Chicago Immigration Court")
    page.click("tr.queue-deadline a")

    expect(page).to_have_url(re.compile(rf"/cases/{case_id}$"))
    expect(page.locator("#case-title")).to_have_text("Caso de asilo")
    expect(page.locator("#case-state")).to_have_text("En el tribunal de inmigración")
    expect(page.locator("tr.event-row")).to_have_count(5)
    expect(page.locator("tr.hearing-row")).to_contain_text("America/Chicago")
    expect(page.locator("tr.notice-row.flagged")).to_contain_text("4521 W Cermak Rd, Chicago")
    expect(page.locator("tr.notice-row.flagged")).to_contain_text("No es el domicilio registrado")
    page.fill("#note-text", "Amenazas de una pandilla en San Pedro Sula")
    page.select_option("#note-level", "confidential")
    page.click("form[action$='/notes'] button")

    expect(page).to_have_url(re.compile(rf"/cases/{case_id}#notes$"))
    expect(page.locator("li.note")).to_contain_text("Confidencial")
    expect(page.locator("li.note")).to_contain_text("Amenazas de una pandilla")
