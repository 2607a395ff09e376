"""Who is making a request, and may they: API tokens or session cookies, CSRF, permissions.

Every route that touches personal data depends on ``require(permission)``; nothing is open by
default. A cookie-authenticated change must carry the session's CSRF token (header or form field).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.domain.credentials import same_secret
from puente.access.domain.decisions import Principal
from puente.access.domain.roles import Permission
from puente.access.services.authentication import session_principal, token_principal
from puente.shared.db import utc_now
from puente.shared.errors import Forbidden, NotAuthenticated
from puente.web.routing import client_address, engine_of

SESSION_COOKIE = "puente_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class RequestIdentity:
    principal: Principal
    via: Literal["session", "token"]
    csrf_token: str | None
    source: str


def _find_principal(request: Request) -> tuple[Principal, str | None, Literal["session", "token"]]:
    engine = engine_of(request)
    now = utc_now()
    authorization = request.headers.get("authorization", "")
    with SqlCredentialStore(engine) as store:
        if authorization.lower().startswith("bearer "):
            principal = token_principal(store, authorization[7:].strip(), now)
            if principal is None:
                raise NotAuthenticated()
            return principal, None, "token"
        cookie = request.cookies.get(SESSION_COOKIE)
        found = session_principal(store, cookie, now) if cookie else None
    if found is None:
        raise NotAuthenticated()
    return found[0], found[1].csrf_token, "session"


async def _check_csrf(request: Request, expected: str) -> None:
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        # Starlette caches the parsed form, so the route can still read it.
        field = (await request.form()).get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    if sent is None or not same_secret(sent, expected):
        raise Forbidden("the form or request is missing this session's CSRF token")


async def identify(request: Request) -> RequestIdentity:
    cached = getattr(request.state, "identity", None)
    if isinstance(cached, RequestIdentity):
        return cached
    principal, csrf, via = await run_in_threadpool(_find_principal, request)
    if via == "session" and request.method not in SAFE_METHODS:
        assert csrf is not None
        await _check_csrf(request, csrf)
    identity = RequestIdentity(principal, via, csrf, client_address(request.scope))
    request.state.identity = identity
    return identity


def require(permission: Permission) -> Callable[[Request], Awaitable[RequestIdentity]]:
    """A dependency: the caller, who must hold ``permission``."""

    async def dependency(request: Request) -> RequestIdentity:
        identity = await identify(request)
        if permission not in identity.principal.permissions:
            raise Forbidden(f"this needs the {permission.value} permission")
        return identity

    dependency.__name__ = f"require_{permission.name.lower()}"
    return dependency
