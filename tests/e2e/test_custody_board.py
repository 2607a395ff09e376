"""A port officer logs in with real Chromium and reads the border-custody board: longest held
first, red before the 72-hour deadline, the deadline on the facility's clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import pyotp
import pytest
from playwright.sync_api import Page, expect

from puente.access.adapters.keys import keyring_from
from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.domain.roles import Role
from puente.access.services.authentication import create_user
from puente.children.adapters.store.unit_of_work import SqlChildrenUnitOfWork
from puente.children.domain.custody import AgeBasis, CustodyRecord
from puente.children.services.custody import record_encounter, register_facility
from puente.children.services.unit_of_work import Facility
from puente.settings import load_settings
from puente.shared.db import make_engine, utc_now
from puente.shared.migrations import upgrade
from puente.shelters.domain.model import Sex
from tests.support.callers import TEST_PASSWORD, organisation
from tests.support.live_server import LiveServer, live_server

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]
USERNAME = "officer.donna"


def _seed(database_url: str) -> str:
    """Seed the officer and three children; returns the officer's authenticator secret."""
    engine = make_engine(database_url)
    upgrade(engine)
    agency = organisation("CBP Rio Grande Valley", country="US")
    with SqlCredentialStore(engine) as store:
        store.add_organisation(agency, utc_now())
        store.commit()
        created = create_user(
            store,
            keyring_from(load_settings()),
            agency,
            USERNAME,
            "Officer Donna",
            TEST_PASSWORD,
            frozenset({Role.PORT_OFFICER}),
            utc_now(),
        )
    assert created.totp_secret is not None  # custody data needs a second factor
    uow = SqlChildrenUnitOfWork(engine, agency.id)
    register_facility(uow, Facility("Donna", "America/Chicago", 26.17, -98.05))
    for hours, age in ((5, 16), (63, 12), (80, 15)):
        record_encounter(
            uow,
            CustodyRecord(
                uuid4(),
                datetime.now(UTC) - timedelta(hours=hours),
                "America/Chicago",
                "Donna",
                age,
                AgeBasis.INTERVIEW,
                Sex.FEMALE,
                "es",
                "GT",
            ),
        )
    engine.dispose()
    return created.totp_secret


@pytest.fixture(scope="module")
def seeded_board(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The seeded database and the officer's authenticator secret."""
    database_url = f"sqlite:///{Path(tmp_path_factory.mktemp('custody')) / 'puente.db'}"
    return database_url, _seed(database_url)


@pytest.fixture(scope="module")
def board_server(seeded_board: tuple[str, str]) -> Iterator[LiveServer]:
    with live_server(seeded_board[0]) as running:
        yield running


def test_a_port_officer_logs_in_and_sees_the_longest_held_child_first(
    page: Page, board_server: LiveServer, seeded_board: tuple[str, str]
) -> None:
    page.goto(f"{board_server.url}/custody")
    expect(page).to_have_url(f"{board_server.url}/login?next=/custody")
    page.fill("#username", USERNAME)
    page.fill("#password", TEST_PASSWORD)
    page.click("button[type='submit']")
    page.fill("#code", pyotp.TOTP(seeded_board[1]).now())
    page.click("button[type='submit']")
    expect(page.locator("h1")).to_have_text("Niñas y niños en custodia fronteriza")
    rows = page.locator("#board tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_have_attribute("data-level", "breach")
    expect(rows.nth(1)).to_have_attribute("data-level", "red")
    expect(rows.nth(2)).to_have_attribute("data-level", "ok")
    expect(rows.nth(1)).to_contain_text("rojo")
    # The deadline reads on the facility's clock (Central time), with its offset.
    expect(rows.nth(0).locator("td").nth(3)).to_contain_text("UTC-0")
    page.click("#board tbody tr >> nth=0 >> a")
    expect(page.locator("h1")).to_have_text("Registro de custodia")
