"""A person asks for an appointment for their family in real Chromium, comes back after the
draw to read why in Haitian Creole, confirms, and gets their pass. No JavaScript is needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine

from puente.entry.adapters.store.unit_of_work import SqlEntryUnitOfWork
from puente.entry.domain.passes import PassSigner
from puente.entry.domain.policy import DEFAULT_POLICY
from puente.entry.services.allocating import run_allocation
from puente.shared.db import make_engine, utc_now
from puente.shared.migrations import upgrade
from tests.integration.entry.support import (
    BIRTH,
    SECRET,
    WINDOW,
    close_window,
    register_family,
    seed_ports,
    seed_window,
    today,
)
from tests.support.live_server import LiveServer, live_server

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


@dataclass
class Programme:
    server: LiveServer
    engine: Engine
    registration_id: UUID


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Programme]:
    path: Path = tmp_path_factory.mktemp("e2e-entry") / "puente.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    seed_ports(engine)
    seed_window(engine, None)
    registration_id, _ = register_family(engine)
    with live_server(f"sqlite:///{path}") as running:
        yield Programme(running, engine, registration_id)
    engine.dispose()


@pytest.fixture
def no_script_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="es-MX", java_script_enabled=False)
    opened = context.new_page()
    yield opened
    context.close()


def _prove(page: Page, programme: Programme) -> None:
    page.fill("#registration_id", str(programme.registration_id))
    page.fill("#birth_date", BIRTH)


def test_ask_read_the_reason_confirm_and_get_the_pass(
    no_script_page: Page, programme: Programme
) -> None:
    page = no_script_page
    page.goto(f"{programme.server.url}/entry")
    expect(page.locator("h1")).to_have_text("Solicitar una cita en un puerto de entrada")
    _prove(page, programme)
    page.check("input[name='preferences'][value='ELP']")
    page.select_option("#message_language", "hat")
    page.click("#ask")
    expect(page.locator("#created")).to_have_text("Recibimos su solicitud.")

    close_window(programme.engine)
    run_allocation(
        SqlEntryUnitOfWork(programme.engine),
        WINDOW,
        today(),
        SECRET,
        DEFAULT_POLICY,
        PassSigner(Ed25519PrivateKey.generate()),
        utc_now(),
    )

    page.goto(f"{programme.server.url}/entry/status")
    _prove(page, programme)
    page.select_option("#message_language", "hat")
    page.click("#see")
    expect(page.locator("#reason")).to_contain_text("Ou gen yon randevou nan El Paso")
    expect(page.locator("#appointment")).to_contain_text("ofrecida")
    page.click("#confirm")
    expect(page.locator("#appointment")).to_contain_text("confirmada")
    expect(page.locator("#pass")).to_contain_text("PE1.")
