"""Hands each route its caller's access gate, through which every protected read and write goes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request

from puente.access.adapters.store.audit_store import SqlAuditStore
from puente.access.adapters.store.sharing_store import SqlSharingTerms
from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.shared.db import utc_now
from puente.web.security import RequestIdentity, require


def gate_of(request: Request, identity: RequestIdentity) -> Gate:
    engine = request.app.state.engine
    return Gate(
        principal=identity.principal,
        source=identity.source,
        terms=SqlSharingTerms(engine),
        audit=SqlAuditStore(engine),
        clock=utc_now,
    )


def guarded(permission: Permission) -> Callable[[Request], Awaitable[Gate]]:
    """A dependency: the caller's gate; the caller must hold ``permission`` to get one."""
    check = require(permission)

    async def dependency(request: Request) -> Gate:
        return gate_of(request, await check(request))

    dependency.__name__ = f"gate_{permission.name.lower()}"
    return dependency
