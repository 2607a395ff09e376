"""The one table of who may use each route, and what each role must and must not see.

Every route of the application has an entry here; a route without one fails the access matrix
test. Expectations are declared, not derived from the code under test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal
from uuid import uuid4

from puente.access.domain.roles import DataCategory as C
from puente.access.domain.roles import Permission as P  # noqa: N817
from puente.access.domain.roles import Role

RecordKind = Literal["person", "registration", "family"]
Payload = tuple[Literal["json", "form"], dict[str, Any]]


@dataclass(frozen=True)
class Public:
    """Open to anyone, with the reason it may be."""

    reason: str


@dataclass(frozen=True)
class Guarded:
    """Needs ``permission``; a route on a record is checked for own, shared and foreign ones.

    ``shows`` names the probe values of the fixture person the route's answer contains when
    the reader may see their category; ``write`` routes change the record (own organisation
    only) with ``payload`` and answer ``done``; a record type no agreement shares
    (``shareable=False``) is as absent to a partner as a foreign one. ``gate_only`` routes are
    checked for who may call them (a caller with the permission is never refused).
    """

    permission: P
    record: RecordKind | None = None
    shows: frozenset[str] = frozenset()
    write: bool = False
    payload: Callable[[], Payload] | None = None
    done: int = 200
    shareable: bool = True
    gate_only: bool = False  # only who may call it: the route's own tests cover its records


Rule = Public | Guarded

# The fixture person carries these values; each belongs to one data category.
PROBES: dict[str, tuple[str, C]] = {
    "name": ("Wislande", C.IDENTITY),
    "phone": ("+526649871234", C.CONTACT),
    "document": ("A012345678", C.DOCUMENTS),
    "address": ("Calle Ñandú 7", C.CONTACT),
    "vulnerability": ("survivor_of_violence", C.VULNERABILITY),
    "registered_by": ("Voluntaria 17", C.REGISTRATION),
}
ALL_PROBES = frozenset(PROBES)
PAGE_PROBES = frozenset({"name", "phone", "document", "address"})

# What each role must see of its own organisation's records (and nothing more).
ROLE_SEES: dict[Role, frozenset[C]] = {
    Role.REGISTRAR: frozenset(
        {C.IDENTITY, C.CONTACT, C.DOCUMENTS, C.VULNERABILITY, C.REGISTRATION}
    ),
    Role.CASEWORKER: frozenset(
        {C.IDENTITY, C.CONTACT, C.DOCUMENTS, C.VULNERABILITY, C.REGISTRATION}
    ),
    Role.PORT_OFFICER: frozenset({C.IDENTITY}),
    Role.SHELTER_OPERATOR: frozenset({C.IDENTITY, C.CONTACT, C.VULNERABILITY}),
    Role.LEGAL_REPRESENTATIVE: frozenset(
        {C.IDENTITY, C.CONTACT, C.DOCUMENTS, C.VULNERABILITY, C.REGISTRATION}
    ),
    Role.ANALYST: frozenset(),
    Role.ORGANISATION_ADMIN: frozenset(),
    Role.SYSTEM_ADMIN: frozenset(),
}

# The partner organisation's agreement grants these; the person consented to its purpose.
SHARED_CATEGORIES = frozenset({C.REFERENCE, C.IDENTITY, C.CONTACT})


def _json(body: dict[str, Any]) -> Callable[[], Payload]:
    return lambda: ("json", body)


def _form(fields: dict[str, str]) -> Callable[[], Payload]:
    return lambda: ("form", fields)


def correction() -> Payload:
    return "json", {
        "request_id": f"fix-{uuid4()}",
        "corrected_by": "m",
        "reason": "typo",
        "sex": "female",
    }


def registration_form() -> Payload:
    return "form", {
        "request_id": str(uuid4()),
        "location": "Tijuana",
        "registered_by": "Voluntaria",
        "consent_given": "yes",
        "members-0-given_names": "Ana",
        "members-0-first_surname": "Pérez",
        "action": "register",
    }


CONSENT = {"purpose": "orderly_entry", "status": "given", "channel": "in_person"}
OBJECTION = {"purpose": "orderly_entry", "channel": "in_person", "reason": "no"}

SELF_SERVICE = Public(
    "the person themself: registration id and a date of birth, rate-limited, same answer when"
    " either is wrong"
)


def _gate(permission: P) -> Guarded:
    return Guarded(permission, gate_only=True)


STATISTICS = Public("published, aggregated public statistics (CBP, HHS, UNHCR)")
SIGN_IN = Public("signing in and out")

ROUTES: dict[tuple[str, str], Rule] = {
    ("GET", "/"): Public("the home page names no one"),
    ("GET", "/healthz"): Public("liveness probe"),
    ("GET", "/api/v1/openapi.json"): Public("the API's description"),
    ("GET", "/api/v1/docs"): Public("the API's documentation"),
    ("GET", "/docs/oauth2-redirect"): Public("the API documentation's sign-in helper"),
    ("GET", "/login"): SIGN_IN,
    ("POST", "/login"): SIGN_IN,
    ("GET", "/login/code"): SIGN_IN,
    ("POST", "/login/code"): SIGN_IN,
    ("POST", "/logout"): SIGN_IN,
    # registry API
    # The matrix test supplies a fresh registration body for this route.
    ("POST", "/api/v1/registrations"): Guarded(P.REGISTRY_WRITE, write=True, done=201),
    ("GET", "/api/v1/registrations/{registration_id}"): Guarded(
        P.REGISTRY_READ, "registration", ALL_PROBES
    ),
    ("GET", "/api/v1/persons/{person_id}"): Guarded(P.REGISTRY_READ, "person", ALL_PROBES),
    # who holds a phone or document: answered only with people the reader may see it for
    ("GET", "/api/v1/persons"): _gate(P.REGISTRY_READ),
    ("PATCH", "/api/v1/persons/{person_id}"): Guarded(
        P.REGISTRY_WRITE, "person", write=True, payload=correction
    ),
    ("GET", "/api/v1/families/{family_id}"): Guarded(
        P.REGISTRY_READ, "family", ALL_PROBES - {"vulnerability", "registered_by"}
    ),
    # registry pages
    ("GET", "/register"): Guarded(P.REGISTRY_WRITE),
    ("POST", "/register"): Guarded(
        P.REGISTRY_WRITE, write=True, payload=registration_form, done=303
    ),
    ("GET", "/registrations"): Guarded(P.REGISTRY_READ, "registration", frozenset({"name"})),
    ("GET", "/persons/{person_id}"): Guarded(P.REGISTRY_READ, "person", PAGE_PROBES),
    ("GET", "/families/{family_id}"): Guarded(P.REGISTRY_READ, "family", frozenset({"name"})),
    # consent, objections and subject access
    ("POST", "/api/v1/persons/{person_id}/consents"): Guarded(
        P.CONSENT_RECORD, "person", write=True, payload=_json(CONSENT), done=201
    ),
    ("GET", "/api/v1/persons/{person_id}/consents"): Guarded(
        P.CONSENT_RECORD, "person", shareable=False
    ),
    ("POST", "/api/v1/persons/{person_id}/objections"): Guarded(
        P.SUBJECT_RIGHTS, "person", write=True, payload=_json(OBJECTION), done=201
    ),
    ("GET", "/api/v1/persons/{person_id}/subject-export"): Guarded(
        P.SUBJECT_RIGHTS, "person", frozenset({"name", "phone", "document"}), shareable=False
    ),
    ("GET", "/persons/{person_id}/consent"): Guarded(P.CONSENT_RECORD, "person", shareable=False),
    ("POST", "/persons/{person_id}/consent"): Guarded(
        P.CONSENT_RECORD, "person", write=True, payload=_form(CONSENT), done=303
    ),
    ("POST", "/persons/{person_id}/objections"): Guarded(
        P.SUBJECT_RIGHTS, "person", write=True, payload=_form(OBJECTION), done=303
    ),
    # asylum cases (their own access tests cover own, shared and foreign cases)
    **{
        route: _gate(P.CASES_READ)
        for route in (
            ("GET", "/api/v1/cases/queue"),
            ("GET", "/api/v1/cases/{case_id}"),
            ("GET", "/api/v1/cases/{case_id}/reminders"),
            ("GET", "/api/v1/encounters/{encounter_id}"),
            ("POST", "/api/v1/pathways"),
            ("GET", "/cases/queue"),
            ("GET", "/cases/{case_id}"),
        )
    },
    **{
        route: _gate(P.CASES_WRITE)
        for route in (
            ("POST", "/api/v1/cases"),
            ("POST", "/api/v1/cases/{case_id}/hearings"),
            ("POST", "/api/v1/cases/{case_id}/hearings/{hearing_id}/outcome"),
            ("POST", "/api/v1/cases/{case_id}/notices"),
            ("POST", "/api/v1/cases/{case_id}/filings"),
            ("POST", "/api/v1/cases/{case_id}/notes"),
            ("POST", "/api/v1/cases/{case_id}/representation"),
            ("POST", "/api/v1/cases/{case_id}/transitions"),
            ("POST", "/cases/{case_id}/notes"),
        )
    },
    ("POST", "/api/v1/encounters"): _gate(P.ENCOUNTERS_RECORD),
    # unaccompanied children, shelters and sponsors (their own tests cover records and the
    # sponsor's immigration status, which enforcement never sees)
    **{
        route: _gate(P.CUSTODY_READ)
        for route in (
            ("GET", "/api/v1/custody/board"),
            ("GET", "/api/v1/custody/board.csv"),
            ("GET", "/api/v1/custody/records/{record_id}"),
            ("GET", "/custody"),
            ("GET", "/custody/{record_id}"),
        )
    },
    **{
        route: _gate(P.CUSTODY_WRITE)
        for route in (
            ("POST", "/api/v1/custody/facilities"),
            ("POST", "/api/v1/custody/records"),
            ("POST", "/api/v1/custody/records/{record_id}/refer"),
        )
    },
    **{
        route: _gate(P.PLACEMENT_RUN)
        for route in (
            ("GET", "/api/v1/placement/queue"),
            ("GET", "/api/v1/placement/runs/latest"),
            ("POST", "/api/v1/placement/runs"),
            ("GET", "/placement"),
            ("POST", "/placement/run"),
        )
    },
    **{
        route: _gate(P.SPONSORS_MANAGE)
        for route in (
            ("POST", "/api/v1/sponsor-applications"),
            ("GET", "/api/v1/sponsor-applications/{application_id}"),
            ("POST", "/api/v1/sponsor-applications/{application_id}/steps"),
            ("GET", "/sponsors/{application_id}"),
            ("POST", "/sponsors/{application_id}/steps"),
        )
    },
    **{
        route: _gate(P.SHELTERS_MANAGE)
        for route in (
            ("POST", "/api/v1/shelters"),
            ("GET", "/api/v1/shelters/{shelter_id}"),
            ("POST", "/api/v1/shelters/{shelter_id}/check-in"),
            ("POST", "/api/v1/shelters/{shelter_id}/check-out"),
            ("POST", "/api/v1/shelters/{shelter_id}/overrides"),
            ("GET", "/shelters/{shelter_id}"),
            ("POST", "/shelters/{shelter_id}/check-in"),
            ("POST", "/shelters/{shelter_id}/check-out"),
            ("POST", "/shelters/{shelter_id}/overrides"),
        )
    },
    # identity resolution (its own tests cover pairs across organisations)
    **{
        route: _gate(P.IDENTITY_REVIEW)
        for route in (
            ("GET", "/api/v1/identity/review-queue"),
            ("GET", "/api/v1/identity/pairs/{pair_id}"),
            ("POST", "/api/v1/identity/pairs/{pair_id}/decision"),
            ("POST", "/api/v1/identity/merges"),
            ("POST", "/api/v1/identity/merges/{event_id}/undo"),
            ("GET", "/identity/review"),
            ("POST", "/identity/pairs/{pair_id}/decision"),
            ("POST", "/identity/merges"),
            ("POST", "/identity/merges/{event_id}/undo"),
        )
    },
    ("GET", "/api/v1/identity/persons/{person_id}/history"): _gate(P.REGISTRY_READ),
    ("GET", "/identity/persons/{person_id}"): _gate(P.REGISTRY_READ),
    ("POST", "/api/v1/identity/possible-matches"): _gate(P.REGISTRY_WRITE),
    ("POST", "/identity/possible-matches"): _gate(P.REGISTRY_WRITE),
    # orderly entry
    ("POST", "/api/v1/entry/requests"): _gate(P.ENTRY_REQUEST),
    ("GET", "/api/v1/entry/requests/{request_id}"): _gate(P.ENTRY_READ),
    ("POST", "/api/v1/entry/appointments/{appointment_id}/confirm"): _gate(P.ENTRY_REQUEST),
    ("POST", "/api/v1/entry/check-in/verify"): _gate(P.ENTRY_CHECK_IN),
    ("POST", "/api/v1/entry/check-in"): _gate(P.ENTRY_CHECK_IN),
    **{
        route: _gate(P.ENTRY_PLAN)
        for route in (
            ("GET", "/api/v1/entry/calendar"),
            ("POST", "/api/v1/entry/ports"),
            ("POST", "/api/v1/entry/ports/{code}/capacity"),
            ("POST", "/api/v1/entry/ports/{code}/closures"),
            ("POST", "/api/v1/entry/windows"),
            ("POST", "/api/v1/entry/runs"),
            ("GET", "/api/v1/entry/fairness"),
            ("POST", "/api/v1/entry/outages"),
            ("POST", "/api/v1/entry/outages/{outage_id}/end"),
            ("GET", "/entry/plan"),
            ("POST", "/entry/plan"),
        )
    },
    ("GET", "/entry/check-in"): _gate(P.ENTRY_CHECK_IN),
    ("POST", "/entry/check-in"): _gate(P.ENTRY_CHECK_IN),
    ("POST", "/api/v1/entry/self/requests"): SELF_SERVICE,
    ("POST", "/api/v1/entry/self/status"): SELF_SERVICE,
    ("POST", "/api/v1/entry/self/confirm"): SELF_SERVICE,
    ("GET", "/entry"): SELF_SERVICE,
    ("POST", "/entry/ask"): SELF_SERVICE,
    ("GET", "/entry/status"): SELF_SERVICE,
    ("POST", "/entry/status"): SELF_SERVICE,
    ("GET", "/api/v1/entry/outages/evidence"): Public(
        "the system's own outage log: evidence a person may need, about no one"
    ),
    ("GET", "/entry/outages"): Public("the system's own outage log, about no one"),
    ("GET", "/api/v1/entry/pass-keys"): Public("public keys to verify passes offline"),
    # statistics
    **{
        ("GET", path): STATISTICS
        for path in (
            "/stats",
            "/stats/table",
            "/api/v1/stats/encounters",
            "/api/v1/stats/year-on-year",
            "/api/v1/stats/top-citizenships",
            "/api/v1/stats/highest-since",
            "/api/v1/stats/apprehensions",
            "/api/v1/stats/refugees",
            "/api/v1/stats/consistency",
            "/api/v1/stats/forecast",
            "/api/v1/stats/imports",
            "/api/v1/stats/imports/{import_id}/rejected",
            "/api/v1/stats/charts/{kind}.{fmt}",
        )
    },
}
