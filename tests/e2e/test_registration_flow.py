"""A registrar registers a family through the form in real Chromium and finds it again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.live_server import LiveServer

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


def _fill_member(page: Page, index: int, fields: dict[str, str]) -> None:
    for suffix, value in fields.items():
        selector = f"[name='members-{index}-{suffix}']"
        if page.locator(selector).evaluate("e => e.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)


def test_register_a_family_and_see_it_on_the_person_page(page: Page, server: LiveServer) -> None:
    page.goto(f"{server.url}/register")
    expect(page.locator("h1")).to_have_text("Registrar a una persona o una familia")
    page.fill("#location", "Matamoros")
    page.fill("#registered_by", "Voluntaria ACNUR")
    page.check("input[name='consent_given']")
    _fill_member(
        page,
        0,
        {
            "given_names": "María José",
            "first_surname": "de la Cruz",
            "second_surname": "Hernández",
            "sex": "female",
            "birth_date": "1990-05-17",
            "nationality": "HN",
            "language": "spa",
            "phone": "868 123 4567",
            "relationship": "head",
        },
    )
    page.check("input[name='members-0-vulnerabilities'][value='single_caregiver']")
    page.click("button[value='add_member']")
    # The form comes back with what was typed and a second person.
    expect(page.locator("[name='members-0-given_names']")).to_have_value("María José")
    _fill_member(
        page,
        1,
        {
            "given_names": "Wislande",
            "first_surname": "Saint-Fleur",
            "estimated_age": "7",
            "nationality": "HT",
            "language": "hat",
            "relationship": "child",
        },
    )
    page.click("button[value='register']")

    expect(page).to_have_url(re.compile(r"/families/[0-9a-f-]{36}$"))
    expect(page.locator("#family-label")).to_contain_text("de la Cruz Hernández")
    rows = page.locator("tr.member-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("Wislande Saint-Fleur")
    expect(rows.nth(1)).to_contain_text("Haití")

    page.click("text=María José de la Cruz Hernández")
    expect(page).to_have_url(re.compile(r"/persons/[0-9a-f-]{36}$"))
    expect(page.locator("#person-name")).to_have_text("María José de la Cruz Hernández")
    expect(page.locator("table.details")).to_contain_text("+528681234567")
    expect(page.locator("table.details")).to_contain_text("Honduras")


def test_bad_input_is_shown_next_to_the_form_and_nothing_is_lost(
    page: Page, server: LiveServer
) -> None:
    page.goto(f"{server.url}/register?lang=en")
    expect(page.locator("h1")).to_have_text("Register a person or a family")
    page.fill("#location", "Tijuana")
    page.fill("#registered_by", "Staff 12")
    _fill_member(
        page, 0, {"given_names": "Jean3", "first_surname": "Pierre", "birth_date": "1990-13-01"}
    )
    page.click("button[value='register']")
    errors = page.locator("#form-errors")
    expect(errors).to_contain_text("members.0.given_names")
    expect(errors).to_contain_text("members.0.birth_date")
    expect(page.locator("[name='members-0-first_surname']")).to_have_value("Pierre")


def test_the_language_switch_changes_the_page(page: Page, server: LiveServer) -> None:
    page.goto(f"{server.url}/register?lang=en")
    expect(page.locator("label[for='location']")).to_have_text("Place of registration")
    page.select_option("#lang-select", "es")
    expect(page.locator("label[for='location']")).to_have_text("Lugar de registro")
