"""The one table of who may use each route, and what each role must and must not see.

Every route of the application has an entry here; a route without one fails the access matrix
test. Expectations are declared, not derived from the code under test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from puente.access.domain.roles import DataCategory as C
from puente.access.domain.roles import Permission as P  # noqa: N817
from puente.access.domain.roles import Role

RecordKind = Literal["person", "registration", "family"]


@dataclass(frozen=True)
class Public:
    """Open to anyone, with the reason it may be."""

    reason: str


@dataclass(frozen=True)
class Guarded:
    """Needs ``permission``; a route on a record is checked for own, shared and foreign ones.

    ``shows`` names the probe values of the fixture person the route's answer contains when
    the reader may see their category; ``write`` routes change the record (own organisation).
    """

    permission: P
    record: RecordKind | None = None
    shows: frozenset[str] = frozenset()
    write: bool = False


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
    ("POST", "/api/v1/registrations"): Guarded(P.REGISTRY_WRITE, write=True),
    ("GET", "/api/v1/registrations/{registration_id}"): Guarded(
        P.REGISTRY_READ, "registration", ALL_PROBES
    ),
    ("GET", "/api/v1/persons/{person_id}"): Guarded(P.REGISTRY_READ, "person", ALL_PROBES),
    ("PATCH", "/api/v1/persons/{person_id}"): Guarded(P.REGISTRY_WRITE, "person", write=True),
    ("GET", "/api/v1/families/{family_id}"): Guarded(
        P.REGISTRY_READ, "family", ALL_PROBES - {"vulnerability", "registered_by"}
    ),
    # registry pages
    ("GET", "/register"): Guarded(P.REGISTRY_WRITE),
    ("POST", "/register"): Guarded(P.REGISTRY_WRITE, write=True),
    ("GET", "/registrations"): Guarded(P.REGISTRY_READ, "registration", frozenset({"name"})),
    ("GET", "/persons/{person_id}"): Guarded(P.REGISTRY_READ, "person", PAGE_PROBES),
    ("GET", "/families/{family_id}"): Guarded(P.REGISTRY_READ, "family", frozenset({"name"})),
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
