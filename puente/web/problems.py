"""RFC 9457 problem details for every error the API returns, naming the fields that were wrong."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from puente.shared.errors import (
    FieldProblem,
    IdempotencyConflict,
    IllegalTransition,
    InvalidInput,
    NotFound,
    StaleVersion,
)

PROBLEM_MEDIA_TYPE = "application/problem+json"


def problem_response(
    status: int, title: str, detail: str, instance: str, **extra: Any
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE)


def _field_path(location: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _invalid(request: Request, problems: list[FieldProblem]) -> JSONResponse:
    errors = [{"field": p.field, "message": p.message} for p in problems]
    return problem_response(
        422,
        "Invalid input",
        "; ".join(f"{p.field}: {p.message}" for p in problems),
        request.url.path,
        field=problems[0].field if problems else None,
        errors=errors,
    )


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def request_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            FieldProblem(_field_path(err.get("loc", ())), str(err.get("msg", "invalid")))
            for err in exc.errors()
        ]
        return _invalid(request, problems)

    @app.exception_handler(InvalidInput)
    async def domain_invalid(request: Request, exc: InvalidInput) -> JSONResponse:
        return _invalid(request, exc.problems)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> JSONResponse:
        return problem_response(404, "Not found", str(exc), request.url.path)

    @app.exception_handler(IdempotencyConflict)
    async def idempotency(request: Request, exc: IdempotencyConflict) -> JSONResponse:
        return problem_response(
            409, "Request id reused", str(exc), request.url.path, field="request_id"
        )

    @app.exception_handler(IllegalTransition)
    async def transition(request: Request, exc: IllegalTransition) -> JSONResponse:
        return problem_response(409, "Illegal transition", str(exc), request.url.path)

    @app.exception_handler(StaleVersion)
    async def stale(request: Request, exc: StaleVersion) -> JSONResponse:
        return problem_response(
            409,
            "Outdated version",
            str(exc),
            request.url.path,
            field="expected_version",
            current_version=exc.current_version,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem_response(exc.status_code, str(exc.detail), str(exc.detail), request.url.path)
