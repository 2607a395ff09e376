"""Every route × every role × own, shared and foreign records: allowed, denied and blanked as the
route table declares (``route_access.py``). A route missing from the table fails."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from puente.access.domain.roles import DataCategory, OrganisationKind, Role, permissions_of
from puente.access.domain.sharing import Purpose
from puente.settings import load_settings
from puente.web.app import create_app
from tests.integration.access.route_access import (
    PROBES,
    ROLE_SEES,
    ROUTES,
    SHARED_CATEGORIES,
    Guarded,
    Public,
)
from tests.support.callers import Caller, consent, make_caller, organisation, share
from tests.unit.registry.factories import member

RELATIONS = ("own", "shared", "foreign")
AGREED = datetime(2021, 7, 1, tzinfo=UTC)
API = "/api/v1/"


def app_routes(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path) of every route the application answers, included routers too."""
    found: set[tuple[str, str]] = set()
    for route in app.routes:
        candidates = getattr(route, "effective_candidates", None)
        routes = candidates() if candidates else [route]
        for candidate in routes:
            for method in getattr(candidate, "methods", None) or ():
                if method != "HEAD":
                    found.add((method, candidate.path))
    return found


def probe_values(index: int) -> dict[str, str]:
    """The fixture values of one relation's person, distinct per relation."""
    return {
        "name": ["Saint-Fleur", "Jean-Louis", "Pierre-Paul"][index],
        "phone": f"+5266498712{index}{index}",
        "document": f"A01234567{index}",
        "address": f"Calle Ñandú {index + 7}",
        "vulnerability": "survivor_of_violence",
        "registered_by": f"Voluntaria 1{index}",
    }


def registration_body(values: dict[str, str]) -> dict[str, Any]:
    return {
        "request_id": f"matrix-{uuid4()}",
        "location": "Tijuana",
        "registered_by": values["registered_by"],
        "consent_given": True,
        "members": [
            member(
                given_names="Wislande",
                first_surname=values["name"],
                second_surname=None,
                nationalities=["HT"],
                phones=[values["phone"]],
                documents=[{"kind": "a_number", "number": values["document"]}],
                address={"country": "MX", "line1": values["address"], "city": "Tijuana"},
                vulnerabilities=[values["vulnerability"]],
                relationship="head",
            ),
            member(given_names="Kervens", first_surname=values["name"], relationship="child"),
        ],
    }


@dataclass
class World:
    client: TestClient
    callers: dict[Role, Caller]
    records: dict[str, dict[str, str]]  # relation -> {"person_id": …, "family_id": …, …}
    values: dict[str, dict[str, str]]  # relation -> probe values


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    app = create_app(load_settings(database_url=database_url))
    engine = app.state.engine
    home = organisation("Casa del Migrante")
    partner = organisation("ACNUR Tijuana", OrganisationKind.UN_AGENCY)
    stranger = organisation("Otra ONG")
    holders = {"own": home, "shared": partner, "foreign": stranger}
    callers = {role: make_caller(engine, home, role) for role in Role}
    with TestClient(app) as client:
        records, values = {}, {}
        for index, relation in enumerate(RELATIONS):
            values[relation] = probe_values(index)
            registrar = make_caller(engine, holders[relation], Role.REGISTRAR)
            created = client.post(
                "/api/v1/registrations",
                json=registration_body(values[relation]),
                headers=registrar.headers,
            ).json()
            records[relation] = {
                "registration_id": created["id"],
                "person_id": created["persons"][0]["id"],
                "family_id": created["family"]["id"],
            }
            if relation == "shared":
                share(
                    engine,
                    partner,
                    home,
                    Purpose.LEGAL_REPRESENTATION,
                    frozenset({"person", "registration", "family"}),
                    SHARED_CATEGORIES,
                    AGREED,
                )
                for person_id in created["person_ids"]:
                    consent(engine, UUID(person_id), Purpose.LEGAL_REPRESENTATION, AGREED)
        yield World(client, callers, records, values)
    engine.dispose()


def _request(
    world: World, method: str, path: str, rule: Guarded, relation: str, caller: Caller | None
) -> Response:
    ids = world.records[relation]
    fillers = {
        "import_id": str(uuid4()),
        "kind": "x",
        "fmt": "svg",
        "code": "SYS",
        **{
            name: str(uuid4())
            for name in (
                "request_id",
                "appointment_id",
                "outage_id",
                "case_id",
                "encounter_id",
                "record_id",
                "application_id",
                "shelter_id",
                "pair_id",
                "event_id",
                "hearing_id",
            )
        },
    }
    url = path.format(**{**fillers, **ids})
    headers = caller.headers if caller else {}
    if method == "GET":
        return world.client.get(url, headers=headers, follow_redirects=False)
    kind, data = rule.payload() if rule.payload else ("json", registration_body(probe_values(0)))
    if kind == "json":
        return world.client.request(method, url, json=data, headers=headers, follow_redirects=False)
    return world.client.request(method, url, data=data, headers=headers, follow_redirects=False)


def _expected_denial(path: str, anonymous: bool) -> set[int]:
    if anonymous:
        return {401} if path.startswith(API) else {303}
    return {403}


def _check(world: World, method: str, path: str, rule: Guarded) -> Iterator[str]:
    """Every way the route departs from the table, as readable lines."""
    for role, relation in itertools.product([None, *Role], RELATIONS):
        caller = world.callers[role] if role else None
        response = _request(world, method, path, rule, relation, caller)
        where = f"{method} {path} as {role.value if role else 'anonymous'} on {relation} record"
        allowed = role is not None and rule.permission in permissions_of(frozenset({role}))
        if not allowed:
            if response.status_code not in _expected_denial(path, role is None):
                yield f"{where}: expected a denial, got {response.status_code}"
            continue
        assert role is not None
        if rule.gate_only:
            if response.status_code in (401, 403) or response.status_code >= 500:
                yield f"{where}: a caller with the permission got {response.status_code}"
            continue
        if rule.record is None:
            expected_status = rule.done if rule.write else 200
            if response.status_code != expected_status:
                yield f"{where}: expected {expected_status}, got {response.status_code}"
            continue
        if "{" not in path:
            yield from _check_list(world, where, response, role)
            continue
        if rule.write:
            expected = {rule.done} if relation == "own" else {403, 404}
            if response.status_code not in expected:
                yield f"{where}: expected {expected}, got {response.status_code}"
            continue
        if relation == "foreign" or (relation == "shared" and not rule.shareable):
            if response.status_code != 404:
                yield f"{where}: a foreign record must look absent, got {response.status_code}"
            continue
        if response.status_code != 200:
            yield f"{where}: expected 200, got {response.status_code} {response.text[:200]}"
            continue
        visible = ROLE_SEES[role] if relation == "own" else ROLE_SEES[role] & SHARED_CATEGORIES
        yield from _check_probes(world, where, response.text, relation, rule.shows, visible)


def _check_probes(
    world: World,
    where: str,
    text: str,
    relation: str,
    shows: frozenset[str],
    visible: frozenset[DataCategory],
) -> Iterator[str]:
    for probe in sorted(shows):
        category = PROBES[probe][1]
        value = world.values[relation][probe]
        present = value in text
        if present and category not in visible:
            yield f"{where}: LEAK of {probe} ({category.value})"
        if not present and category in visible:
            yield f"{where}: {probe} ({category.value}) missing"


def _check_list(world: World, where: str, response: Response, role: Role) -> Iterator[str]:
    if response.status_code != 200:
        yield f"{where}: expected 200, got {response.status_code}"
        return
    for relation in RELATIONS:
        listed = world.values[relation]["name"] in response.text
        should = relation != "foreign" and DataCategory.IDENTITY in ROLE_SEES[role]
        if listed != should:
            yield f"{where}: {relation} record {'listed' if listed else 'missing'} in the list"


def test_every_route_has_an_entry_in_the_table(world: World) -> None:
    routes = app_routes(world.client.app)  # type: ignore[arg-type]
    missing = sorted(routes - set(ROUTES))
    assert not missing, f"routes without an access rule in route_access.py: {missing}"
    stale = sorted(set(ROUTES) - routes)
    assert not stale, f"rules for routes that no longer exist: {stale}"


def test_every_route_allows_denies_and_blanks_as_declared(world: World) -> None:
    problems: list[str] = []
    for (method, path), rule in sorted(ROUTES.items()):
        if isinstance(rule, Public):
            continue
        problems.extend(_check(world, method, path, rule))
    assert not problems, "\n".join(problems)
