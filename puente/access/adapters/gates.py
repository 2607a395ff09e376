"""Builds the access gate on SQL for a principal, and finds the principal of a CLI's API token."""

from __future__ import annotations

from sqlalchemy import Engine

from puente.access.adapters.store.audit_store import SqlAuditStore
from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.adapters.store.sharing_store import SqlSharingTerms
from puente.access.domain.decisions import Principal
from puente.access.services.authentication import token_principal
from puente.access.services.guard import Gate
from puente.shared.db import utc_now
from puente.shared.errors import NotAuthenticated

CLI_SOURCE = "cli"


def sql_gate(engine: Engine, principal: Principal, source: str) -> Gate:
    return Gate(
        principal=principal,
        source=source,
        terms=SqlSharingTerms(engine),
        audit=SqlAuditStore(engine),
        clock=utc_now,
    )


def token_gate(engine: Engine, token: str | None) -> Gate:
    """The gate of the API token a command was given; commands act as the token's user."""
    if not token:
        raise NotAuthenticated()
    with SqlCredentialStore(engine) as store:
        principal = token_principal(store, token.strip(), utc_now())
    if principal is None:
        raise NotAuthenticated()
    return sql_gate(engine, principal, CLI_SOURCE)
