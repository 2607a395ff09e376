"""Builds the FastAPI application: the API under /api/v1 and the pages, from settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from anyio import to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from puente.access.adapters import pages as access_pages
from puente.access.adapters.keys import audit_key_from, keyring_from
from puente.settings import Settings, load_settings
from puente.shared.db import make_engine
from puente.web import home
from puente.web.lean import FastPaths
from puente.web.problems import install_problem_handlers

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None) -> FastAPI:
    """The whole HTTP application; uvicorn calls this as a factory in each worker."""
    settings = settings or load_settings()
    app = FastAPI(
        title="Puente",
        version="0.1.0",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings.database_url, settings.database_pool_size)
    app.state.keyring = keyring_from(settings)
    app.state.audit_key = audit_key_from(settings)
    app.state.closing = []  # what a context started in this worker and stops at shutdown
    install_problem_handlers(app)
    # Added first, so it runs inside every middleware added later (the entry outage log): the
    # routes a rush calls skip routing and FastAPI's inner layers (puente/web/lean.py).
    app.add_middleware(FastPaths, routes=app.routes)
    # FastAPI tries routes in the order they were included: the public self-service routes,
    # which a rush calls thousands of times a second, are tried first.
    from puente.entry.adapters import self_api

    app.include_router(self_api.router, prefix=API_PREFIX)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.include_router(home.router)
    app.include_router(access_pages.router)
    _include_contexts(app)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Plain def endpoints run on anyio's 40 threads. With more of them than pooled connections,
    # SQLAlchemy opens an overflow connection per request under steady load and closes it
    # after, and PostgreSQL forks a backend each time (0.8 ms of its CPU per registration).
    settings: Settings = app.state.settings
    to_thread.current_default_thread_limiter().total_tokens = settings.database_pool_size
    yield
    for close in app.state.closing:
        close()


def _include_contexts(app: FastAPI) -> None:
    # Each context contributes an API router and a pages router; add new contexts here.
    from puente.registry.adapters import api as registry_api
    from puente.registry.adapters import pages as registry_pages

    app.include_router(registry_api.router, prefix=API_PREFIX)
    app.include_router(registry_pages.router)
    from puente.stats.adapters import api as stats_api
    from puente.stats.adapters import pages as stats_pages

    app.include_router(stats_api.router, prefix=API_PREFIX)
    app.include_router(stats_pages.router)
    from puente.access.adapters import consent_api, subject_pages, subject_rights_api

    app.include_router(consent_api.router, prefix=API_PREFIX)
    app.include_router(subject_rights_api.router, prefix=API_PREFIX)
    app.include_router(subject_pages.router)
    from puente.entry.adapters import api as entry_api
    from puente.entry.adapters import pages as entry_pages
    from puente.entry.adapters import planner_api, staff_pages
    from puente.entry.adapters.outage_log import OutageLog

    for entry_router in (entry_api.router, planner_api.router):
        app.include_router(entry_router, prefix=API_PREFIX)
    app.include_router(entry_pages.router)
    app.include_router(staff_pages.router)
    app.add_middleware(OutageLog)
    from puente.cases.adapters import api as cases_api
    from puente.cases.adapters import court_api as cases_court_api
    from puente.cases.adapters import pages as cases_pages

    app.include_router(cases_api.router, prefix=API_PREFIX)
    app.include_router(cases_court_api.router, prefix=API_PREFIX)
    app.include_router(cases_pages.router)
    from puente.children.adapters import api as children_api
    from puente.children.adapters import pages as children_pages
    from puente.shelters.adapters import api as shelters_api
    from puente.shelters.adapters import pages as shelters_pages

    app.include_router(children_api.router, prefix=API_PREFIX)
    app.include_router(children_pages.router)
    app.include_router(shelters_api.router, prefix=API_PREFIX)
    app.include_router(shelters_pages.router)
    from puente.identity.adapters import api as identity_api
    from puente.identity.adapters import pages as identity_pages

    app.include_router(identity_api.router, prefix=API_PREFIX)
    app.include_router(identity_pages.router)
