"""FastAPI dependencies of the entry routes: unit of work, registry link, pass key, limiter,
and the queue that commits self-service asks in batches."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import Request
from starlette.datastructures import State

from puente.access.adapters.store.audit_store import in_transaction
from puente.access.services.guard import WriteAudit
from puente.entry.adapters.keys import signer_from_secret
from puente.entry.adapters.rate_limit import FailureLimiter
from puente.entry.adapters.registry_link import SqlPartyDirectory
from puente.entry.adapters.store.unit_of_work import SqlEntryUnitOfWork
from puente.entry.domain.passes import PassSigner
from puente.entry.services.self_service import SelfAsk, SelfStatus, ask_ourselves
from puente.entry.services.unit_of_work import EntryUnitOfWork
from puente.settings import Settings
from puente.shared.db import keyed_engine
from puente.shared.errors import PuenteError
from puente.shared.group_commit import GroupCommit
from puente.web.routing import engine_of


async def entry_uow(request: Request) -> Callable[[], EntryUnitOfWork]:
    return partial(SqlEntryUnitOfWork, engine_of(request))


AuditedFactory = Callable[[WriteAudit], Callable[[], EntryUnitOfWork]]


async def audited_entry_uow(request: Request) -> AuditedFactory:
    """Unit-of-work factories whose commit adds the authorised write's audit entry."""
    engine = engine_of(request)
    return lambda audit: partial(SqlEntryUnitOfWork, engine, in_transaction(audit))


async def party_directory(request: Request) -> SqlPartyDirectory:
    return SqlPartyDirectory(engine_of(request))


AskQueue = GroupCommit[SelfAsk, tuple[SelfStatus, bool]]
# A batch costs mostly per batch (statements, round trips), so a worker's asks are written by
# one thread (a second split them into half-size batches) that waits up to 20 ms for more
# (measured in bench/entry_rush.py: docs/entry.md, the rush benchmark).
ASK_WRITERS = 1
ASK_LINGER = 0.02


def ask_queue_of(state: State) -> AskQueue:
    """The worker's queue of self-service asks, committed in batches (started on first use);
    ``state`` is the app's."""
    if not hasattr(state, "entry_self_asks"):
        engine = keyed_engine(state.engine, ASK_WRITERS)

        def handle(asks: Sequence[SelfAsk]) -> list[tuple[SelfStatus, bool] | PuenteError]:
            return ask_ourselves(SqlEntryUnitOfWork(engine), asks)

        state.entry_self_asks = GroupCommit(
            handle, writers=ASK_WRITERS, linger=ASK_LINGER, name="entry-self-asks"
        )
        state.closing.append(state.entry_self_asks.close)
        if engine is not state.engine:
            state.closing.append(engine.dispose)
    asks: AskQueue = state.entry_self_asks
    return asks


def signer_of(state: State) -> PassSigner:
    """The pass key, derived once per process."""
    if not hasattr(state, "entry_pass_signer"):
        settings: Settings = state.settings
        state.entry_pass_signer = signer_from_secret(settings.secret_key.get_secret_value())
    signer: PassSigner = state.entry_pass_signer
    return signer


# Dependencies are async although they await nothing: FastAPI runs a plain def dependency in
# the thread pool, a hop that costs CPU on every request of a rush.
async def pass_signer(request: Request) -> PassSigner:
    return signer_of(request.app.state)


async def pass_keys(request: Request) -> dict[bytes, Ed25519PublicKey]:
    signer = signer_of(request.app.state)
    return {signer.key_id: signer.public_key}


async def self_asks(request: Request) -> AskQueue:
    return ask_queue_of(request.app.state)


def limiter_of(state: State) -> FailureLimiter:
    """The worker's failed-proof counters."""
    if not hasattr(state, "entry_limiter"):
        state.entry_limiter = FailureLimiter()
    found: FailureLimiter = state.entry_limiter
    return found


async def limiter(request: Request) -> FailureLimiter:
    return limiter_of(request.app.state)
