"""Browser fixtures: Debian's Chromium driven by Playwright against a live server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from puente.access.domain.roles import Role
from puente.shared.db import make_engine
from puente.shared.migrations import upgrade
from tests.support.callers import StaffLogin, make_staff_login, organisation
from tests.support.live_server import LiveServer, live_server

CHROMIUM = Path("/usr/bin/chromium")
# Without these, Chromium keeps trying to reach Google's hosts, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.fail("Debian's chromium is not installed: run `make setup-test`")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    database_url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'puente.db'}"
    engine = make_engine(database_url)
    upgrade(engine)
    engine.dispose()
    return database_url


@pytest.fixture(scope="module")
def server(server_database: str) -> Iterator[LiveServer]:
    with live_server(server_database) as running:
        yield running


@pytest.fixture(scope="module")
def registrar_login(server_database: str) -> StaffLogin:
    engine = make_engine(server_database)
    login = make_staff_login(engine, organisation("ACNUR Matamoros"), Role.REGISTRAR)
    engine.dispose()
    return login


def log_in(page: Page, server: LiveServer, login: StaffLogin) -> None:
    """Log in through the pages, with the authenticator code when the role needs one."""
    page.goto(f"{server.url}/login")
    page.fill("#username", login.username)
    page.fill("#password", login.password)
    page.click("button[type='submit']")
    if login.totp_secret:
        page.fill("#code", pyotp.TOTP(login.totp_secret).now())
        page.click("button[type='submit']")
    expect(page).to_have_url(f"{server.url}/")


@pytest.fixture
def anonymous_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="es-MX")
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture
def page(anonymous_page: Page, server: LiveServer, registrar_login: StaffLogin) -> Page:
    """A registrar's browser, logged in."""
    log_in(anonymous_page, server, registrar_login)
    return anonymous_page
