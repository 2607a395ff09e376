"""In a real browser: a caseworker logs in with their second factor, opens the identity review
queue, sees a pair side by side with its evidence, and decides "different"."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyotp
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from puente.access.adapters.keys import keyring_from
from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.domain.roles import Role
from puente.access.services.authentication import create_user
from puente.identity.adapters.batch import DEFAULT_POLICY
from puente.identity.adapters.database_linker import splink_linker
from puente.identity.adapters.store.tables import identity_decisions
from puente.identity.adapters.store.unit_of_work import SqlIdentityUnitOfWork
from puente.identity.services.database_run import run_on_database
from puente.settings import load_settings
from puente.shared.db import make_engine, utc_now
from puente.shared.migrations import upgrade
from tests.integration.identity.held_persons import insert_persons
from tests.integration.identity.identity_population import build_population
from tests.support.callers import TEST_PASSWORD, organisation
from tests.support.live_server import LiveServer, live_server


@dataclass
class ReviewSite:
    server: LiveServer
    database_url: str
    username: str
    totp_secret: str


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReviewSite]:
    database_url = f"sqlite:///{tmp_path_factory.mktemp('e2e-identity') / 'puente.db'}"
    engine = make_engine(database_url)
    upgrade(engine)
    holder = organisation("Casa del Migrante")
    with SqlCredentialStore(engine) as store:
        store.add_organisation(holder, utc_now())
        store.commit()
        user = create_user(
            store,
            keyring_from(load_settings()),
            holder,
            "revisora",
            "Revisora",
            TEST_PASSWORD,
            frozenset({Role.CASEWORKER}),
            utc_now(),
        )
    assert user.totp_secret is not None
    insert_persons(engine, build_population(people=160, seed=7)[0], holder.id)
    run_on_database(
        lambda: SqlIdentityUnitOfWork(engine),
        splink_linker(seed=3),
        DEFAULT_POLICY,
        "e2e",
        utc_now,
    )
    engine.dispose()
    with live_server(database_url) as running:
        yield ReviewSite(running, database_url, "revisora", user.totp_secret)


def test_decide_a_pair_in_the_review_queue(page: Page, site: ReviewSite) -> None:
    url = site.server.url
    page.goto(f"{url}/identity/review")
    # Not logged in: the log-in page, then the authenticator code, then back to the queue.
    page.fill("#username", site.username)
    page.fill("#password", TEST_PASSWORD)
    page.click("button[type='submit']")
    page.fill("#code", pyotp.TOTP(site.totp_secret).now())
    page.click("main button[type='submit']")
    expect(page.locator("h1")).to_have_text("Revisión de identidad")
    first = page.locator("section.pair").first
    pair_id = (first.get_attribute("id") or "").removeprefix("pair-")
    expect(first.locator("table.evidence")).to_contain_text("fecha de nacimiento")
    expect(first.locator("table.side-by-side")).to_contain_text("Nombres")
    first.locator("button[value='different']").click()
    expect(page.locator("#decided")).to_have_text("Decisión guardada.")
    expect(page.locator(f"#pair-{pair_id}")).to_have_count(0)
    engine = make_engine(site.database_url)
    with engine.connect() as connection:
        verdicts = connection.scalars(select(identity_decisions.c.verdict)).all()
    engine.dispose()
    assert [str(v) for v in verdicts] == ["different"]
