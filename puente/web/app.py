"""Builds the FastAPI application: the API under /api/v1 and the pages, from settings."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from puente.access.adapters import pages as access_pages
from puente.access.adapters.keys import audit_key_from, keyring_from
from puente.settings import Settings, load_settings
from puente.shared.db import make_engine
from puente.web import home
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
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings.database_url, settings.database_pool_size)
    app.state.keyring = keyring_from(settings)
    app.state.audit_key = audit_key_from(settings)
    install_problem_handlers(app)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.include_router(home.router)
    app.include_router(access_pages.router)
    _include_contexts(app)
    return app


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
