"""FastAPI dependencies that hand the registry's use cases a unit-of-work factory."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from fastapi import Request

from puente.registry.adapters.store.unit_of_work import (
    AuditedFactory,
    SqlRegistryUnitOfWork,
    audited_factory,
)
from puente.registry.services.unit_of_work import RegistryUnitOfWork
from puente.web.routing import engine_of, keyring_of


async def registry_uow(request: Request) -> Callable[[], RegistryUnitOfWork]:
    # async although it awaits nothing: FastAPI runs a plain def dependency in the thread pool,
    # a hop that cost about a tenth of the server's CPU per registration.
    engine = engine_of(request)
    return partial(SqlRegistryUnitOfWork, engine, keyring_of(request))


__all__ = ["AuditedFactory", "audited_registry_uow", "registry_uow"]


async def audited_registry_uow(request: Request) -> AuditedFactory:
    """Unit-of-work factories whose commit also adds the write's audit entry."""
    return audited_factory(engine_of(request), keyring_of(request))
