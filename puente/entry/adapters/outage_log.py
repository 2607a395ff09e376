"""The system's own failures on the entry routes, logged as evidence: every answer of 500 or
more, and every unhandled error, becomes a failed request whose reference the person is shown.
"""

from __future__ import annotations

import logging
import uuid

from anyio import to_thread
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from puente.entry.adapters.store.unit_of_work import SqlEntryUnitOfWork
from puente.entry.services.outages import record_failure
from puente.shared.db import utc_now
from puente.web.problems import problem_response
from puente.web.templating import render

ENTRY_PATHS = ("/api/v1/entry", "/entry")
REFERENCE_HEADER = "x-puente-reference"
COMPONENT = "entry"
log = logging.getLogger(__name__)


class OutageLog:
    """ASGI middleware; other paths pass straight through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def _record(self, scope: Scope, error: str) -> str:
        operation = f"{scope['method']} {scope['path']}"[:200]
        try:
            failure = await to_thread.run_sync(
                lambda: record_failure(
                    SqlEntryUnitOfWork(scope["app"].state.engine),
                    COMPONENT,
                    operation,
                    error[:500],
                    utc_now(),
                )
            )
        except Exception:  # the database itself may be what failed: keep it in the server log
            reference = "L" + uuid.uuid4().hex[:11]
            log.exception("entry failure %s not stored: %s %s", reference, operation, error)
            return reference
        return failure.reference

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(ENTRY_PATHS):
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if message["status"] >= 500:
                    reference = await self._record(scope, f"HTTP {message['status']}")
                    headers = [
                        *message.get("headers", []),
                        (REFERENCE_HEADER.encode(), reference.encode()),
                    ]
                    message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as error:
            if started:
                raise
            log.exception("entry request failed")
            reference = await self._record(scope, type(error).__name__)
            await _failure_response(scope, reference)(scope, receive, send)


def _failure_response(scope: Scope, reference: str) -> ASGIApp:
    detail = (
        "Something failed on our side; your attempt was recorded. Keep this reference as "
        f"evidence that the system did not work: {reference}"
    )
    response: Response
    if scope["path"].startswith("/api/"):
        response = problem_response(500, "Server error", detail, scope["path"], reference=reference)
    else:
        response = render(
            Request(scope),
            "error.html",
            {"status": 500, "title": "Server error", "detail": detail, "errors": []},
            status_code=500,
        )
    response.headers[REFERENCE_HEADER] = reference
    return response
