"""Hands each route its caller's access gate, through which every protected read and write goes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from fastapi import Request, Response

from puente.access.adapters.gates import sql_gate
from puente.access.domain.redaction import Redacted
from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.web.routing import engine_of
from puente.web.security import RequestIdentity, require


def gate_of(request: Request, identity: RequestIdentity) -> Gate:
    return sql_gate(engine_of(request), identity.principal, identity.source)


def guarded(permission: Permission) -> Callable[[Request], Awaitable[Gate]]:
    """A dependency: the caller's gate; the caller must hold ``permission`` to get one."""
    check = require(permission)

    async def dependency(request: Request) -> Gate:
        return gate_of(request, await check(request))

    dependency.__name__ = f"gate_{permission.name.lower()}"
    return dependency


def shown(redacted: Redacted) -> dict[str, Any]:
    """A redacted view as it is answered: the fields, and which of them were blanked."""
    return {**redacted.data, "redacted": list(redacted.removed)}


def json_response(
    redacted: Redacted, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """The view serialised once, without validating it again against the response model."""
    body = orjson.dumps(shown(redacted), option=orjson.OPT_UTC_Z)
    return Response(body, status_code, headers, media_type="application/json")
