"""Errors as RFC 9457 problem details for the API, and as pages for people using a browser."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from puente.shared.errors import (
    FieldProblem,
    Forbidden,
    IdempotencyConflict,
    IllegalTransition,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    StaleVersion,
    Unavailable,
)
from puente.web.templating import render

PROBLEM_MEDIA_TYPE = "application/problem+json"
API_PATH = "/api/"


def problem_response(
    status: int, title: str, detail: str, instance: str, **extra: Any
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE)


def _respond(request: Request, status: int, title: str, detail: str, **extra: Any) -> Response:
    if request.url.path.startswith(API_PATH):
        return problem_response(status, title, detail, request.url.path, **extra)
    return render(
        request,
        "error.html",
        {"status": status, "title": title, "detail": detail, "errors": extra.get("errors", [])},
        status_code=status,
    )


def _retry_soon(request: Request, title: str, detail: str) -> Response:
    """503 with ``Retry-After``: nothing was stored and a retry is safe (writes are idempotent
    by request id)."""
    response = _respond(request, 503, title, f"{detail}; retry")
    response.headers["Retry-After"] = "1"
    return response


def _field_path(location: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _invalid(request: Request, problems: list[FieldProblem]) -> Response:
    errors = [{"field": p.field, "message": p.message} for p in problems]
    return _respond(
        request,
        422,
        "Invalid input",
        "; ".join(f"{p.field}: {p.message}" for p in problems),
        field=problems[0].field if problems else None,
        errors=errors,
    )


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def request_invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            FieldProblem(_field_path(err.get("loc", ())), str(err.get("msg", "invalid")))
            for err in exc.errors()
        ]
        return _invalid(request, problems)

    @app.exception_handler(InvalidInput)
    async def domain_invalid(request: Request, exc: InvalidInput) -> Response:
        return _invalid(request, exc.problems)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _respond(request, 404, "Not found", str(exc))

    @app.exception_handler(IdempotencyConflict)
    async def idempotency(request: Request, exc: IdempotencyConflict) -> Response:
        return _respond(request, 409, "Request id reused", str(exc), field="request_id")

    @app.exception_handler(IllegalTransition)
    async def transition(request: Request, exc: IllegalTransition) -> Response:
        return _respond(request, 409, "Illegal transition", str(exc))

    @app.exception_handler(StaleVersion)
    async def stale(request: Request, exc: StaleVersion) -> Response:
        return _respond(
            request,
            409,
            "Outdated version",
            str(exc),
            field="expected_version",
            current_version=exc.current_version,
        )

    @app.exception_handler(NotAuthenticated)
    async def unauthenticated(request: Request, exc: NotAuthenticated) -> Response:
        if request.url.path.startswith(API_PATH):
            response = problem_response(401, "Not authenticated", str(exc), request.url.path)
            response.headers["WWW-Authenticate"] = "Bearer"
            return response
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)

    @app.exception_handler(DBAPIError)
    async def database_unavailable(request: Request, exc: DBAPIError) -> Response:
        # Connections are not pinged before use: when the database restarted, the request that
        # meets a dead connection gets this answer and the pool reconnects. Writes are
        # idempotent by request id, so a retry is always safe.
        if not exc.connection_invalidated:
            raise exc
        return _retry_soon(request, "Database unavailable", "the database connection was lost")

    @app.exception_handler(Unavailable)
    async def unavailable(request: Request, exc: Unavailable) -> Response:
        return _retry_soon(request, "Unavailable", str(exc))

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return _respond(request, 403, "Forbidden", str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        response = _respond(request, exc.status_code, str(exc.detail), str(exc.detail))
        response.headers.update(exc.headers or {})
        return response
