"""What every API and page module shares: the app's engine and keyring, and the problem details
its routes declare in the OpenAPI document."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from sqlalchemy import Engine
from starlette.types import Scope

from puente.access.domain.envelope import Keyring
from puente.web.problems import PROBLEM_MEDIA_TYPE

# Set (to "true") on the answer to a repeated request id: the first request's result, with
# nothing stored again.
REPLAY_HEADER = "Idempotent-Replayed"

# A route may answer with problem details (RFC 9457) under any of these statuses.
PROBLEM: dict[str, Any] = {"content": {PROBLEM_MEDIA_TYPE: {}}}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of a route that answers problem details with these statuses."""
    return {status: PROBLEM for status in statuses}


ERRORS = problems(400, 401, 403, 404, 409, 422)


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def keyring_of(request: Request) -> Keyring:
    keyring: Keyring = request.app.state.keyring
    return keyring


def client_address(scope: Scope) -> str:
    """The client's address (from the trusted proxy's headers when there is one), or
    ``"unknown"`` when the server names none; ``request.scope`` for a FastAPI route."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"
