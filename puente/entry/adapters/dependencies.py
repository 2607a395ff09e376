"""FastAPI dependencies of the entry routes: unit of work, registry link, pass key, limiter."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import Request
from sqlalchemy import Engine

from puente.access.adapters.store.audit_store import in_transaction
from puente.access.services.guard import WriteAudit
from puente.entry.adapters.keys import signer_from_secret
from puente.entry.adapters.rate_limit import FailureLimiter
from puente.entry.adapters.registry_link import SqlPartyDirectory
from puente.entry.adapters.store.unit_of_work import SqlEntryUnitOfWork
from puente.entry.domain.passes import PassSigner
from puente.entry.services.unit_of_work import EntryUnitOfWork
from puente.settings import Settings


async def entry_uow(request: Request) -> Callable[[], EntryUnitOfWork]:
    engine: Engine = request.app.state.engine
    return partial(SqlEntryUnitOfWork, engine)


AuditedFactory = Callable[[WriteAudit], Callable[[], EntryUnitOfWork]]


async def audited_entry_uow(request: Request) -> AuditedFactory:
    """Unit-of-work factories whose commit adds the authorised write's audit entry."""
    engine: Engine = request.app.state.engine
    return lambda audit: partial(SqlEntryUnitOfWork, engine, in_transaction(audit))


async def party_directory(request: Request) -> SqlPartyDirectory:
    return SqlPartyDirectory(request.app.state.engine, request.app.state.keyring)


def signer_of(request: Request) -> PassSigner:
    """The pass key, derived once per process."""
    state = request.app.state
    if not hasattr(state, "entry_pass_signer"):
        settings: Settings = state.settings
        state.entry_pass_signer = signer_from_secret(settings.secret_key.get_secret_value())
    signer: PassSigner = state.entry_pass_signer
    return signer


# Dependencies are async although they await nothing: FastAPI runs a plain def dependency in
# the thread pool, a hop that costs CPU on every request of a rush.
async def pass_signer(request: Request) -> PassSigner:
    return signer_of(request)


async def pass_keys(request: Request) -> dict[bytes, Ed25519PublicKey]:
    signer = signer_of(request)
    return {signer.key_id: signer.public_key}


async def limiter(request: Request) -> FailureLimiter:
    state = request.app.state
    if not hasattr(state, "entry_limiter"):
        state.entry_limiter = FailureLimiter()
    found: FailureLimiter = state.entry_limiter
    return found
