"""A caseworker records consent and an objection on a person's page in real Chromium."""

from __future__ import annotations

from functools import partial

import pytest
from playwright.sync_api import Browser, expect

from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.domain.roles import Role
from puente.registry.adapters.store.unit_of_work import SqlRegistryUnitOfWork
from puente.registry.services.registration import register
from puente.shared.db import make_engine, utc_now
from tests.e2e.conftest import log_in
from tests.support.callers import make_staff_login, organisation
from tests.support.keys import KEYRING
from tests.support.live_server import LiveServer
from tests.unit.registry.factories import register_command

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


def test_record_consent_then_an_objection_and_download_the_export(
    browser: Browser, server: LiveServer, server_database: str
) -> None:
    engine = make_engine(server_database)
    shelter = organisation("Casa del Migrante Reynosa")
    login = make_staff_login(engine, shelter, Role.CASEWORKER)
    with SqlCredentialStore(engine) as store:
        owner = store.organisation_named(shelter.name)
    assert owner is not None
    person = register(
        partial(SqlRegistryUnitOfWork, engine, KEYRING), register_command(), utc_now(), owner.id
    ).group.persons[0]
    engine.dispose()

    context = browser.new_context(locale="es-MX")
    page = context.new_page()
    log_in(page, server, login)
    page.goto(f"{server.url}/persons/{person.id}")
    page.click("#consent-link")
    expect(page.locator("h1")).to_have_text("Consentimiento y derechos")
    expect(page.locator("#consent-history")).to_contain_text("Aún no hay consentimiento")

    page.select_option("#consent-purpose", "orderly_entry")
    page.select_option("#consent-status", "given")
    page.select_option("#consent-channel", "in_person")
    page.click("#consent-form button[type='submit']")
    expect(page.locator("#consent-history")).to_contain_text("entrada ordenada")
    expect(page.locator("#consent-history td.consent-given")).to_have_count(1)

    page.select_option("#objection-purpose", "all")
    page.select_option("#objection-channel", "written")
    page.fill("#objection-reason", "No quiere que se compartan sus datos")
    page.click("#objection-form button[type='submit']")
    expect(page.locator("#objections")).to_contain_text("a todo tratamiento")
    expect(page.locator("#consent-history td.consent-withdrawn")).to_have_count(5)

    href = page.locator("#subject-export").get_attribute("href")
    exported = page.request.get(f"{server.url}{href}")
    assert exported.ok
    document = exported.json()
    assert document["objections"][0]["to_all_processing"] is True
    assert any(a["action"] == "record objection" for a in document["audit"])
    context.close()
