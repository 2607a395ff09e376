"""Bare ASGI endpoints for the few paths a rush calls thousands of times a second: FastAPI still
routes and documents them, and a dispatcher in front of the app hands it their requests before
routing, FastAPI's request machinery and its inner middleware; errors reach the problem handlers.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import orjson
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Receive, Scope, Send

Body = TypeVar("Body", bound=BaseModel)
# A rush's ask is ~150 bytes; a body past this is refused (413) before it is read.
MAX_BODY = 16 * 1024
JSON_TYPES = (b"application/json", b"+json")
_JSON_HEADERS = [(b"content-type", b"application/json")]


class BareRoute(APIRoute):
    """A route whose endpoint is an ASGI app: FastAPI describes it from the endpoint's
    ``__signature__`` (the body model, see ``documented_body``) and its docstring, but calls the
    app directly, with no dependency solving, body parsing or response validation."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.methods and scope["method"] not in self.methods:
            await super().handle(scope, receive, send)  # 405, as for any route
            return
        await self.endpoint(scope, receive, send)


def documented_body(model: type[BaseModel]) -> inspect.Signature:
    """What FastAPI reads to document a bare endpoint's JSON body as ``model`` (its nested
    models land in the document's components like any route's)."""
    parameter = inspect.Parameter("body", inspect.Parameter.KEYWORD_ONLY, annotation=model)
    return inspect.Signature([parameter])


class FastPaths:
    """ASGI middleware: a request whose method and exact path belong to a ``BareRoute`` among
    ``routes`` goes straight to it; everything else to the app behind."""

    def __init__(self, app: ASGIApp, routes: Iterable[BaseRoute]) -> None:
        self.app = app
        self.paths: Mapping[tuple[str, str], ASGIApp] = {
            (method, context.path): context.original_route.endpoint
            for context in iter_route_contexts(list(routes))
            if isinstance(context.original_route, BareRoute) and context.path
            for method in context.methods or ()
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            bare = self.paths.get((scope["method"], scope["path"]))
            if bare is not None:
                await bare(scope, receive, send)
                return
        await self.app(scope, receive, send)


def header(scope: Scope, name: bytes) -> bytes:
    """A request header's value (``name`` in lower case), empty when absent."""
    found: bytes
    for key, found in scope["headers"]:
        if key == name:
            return found
    return b""


def _too_large() -> HTTPException:
    # The rest of the upload is left unread: closing the connection after the answer stops the
    # server reading it, where keep-alive would have to drain it to find the next request.
    return HTTPException(413, "Content Too Large", headers={"connection": "close"})


async def read_json_body(
    scope: Scope, receive: Receive, model: type[Body], limit: int = MAX_BODY
) -> Body:
    """The JSON body as ``model``: 413 past ``limit`` bytes; a 422 problem naming each wrong
    field, or ``body`` for a body that is not JSON or not sent as JSON (as FastAPI answers)."""
    declared = header(scope, b"content-length")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large()
    chunks, size, more = [], 0, True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _too_large()
        chunks.append(chunk)
        more = message.get("more_body", False)
    content_type = header(scope, b"content-type").split(b";")[0].strip().lower()
    if not content_type.endswith(JSON_TYPES):
        raise RequestValidationError(
            [{"type": "model_attributes_type", "loc": ("body",), "msg": "expected a JSON body"}]
        )
    try:
        return model.model_validate_json(b"".join(chunks))
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False)]
        ) from None


async def send_json(
    send: Send, payload: Any, status: int, headers: Iterable[tuple[bytes, bytes]] = ()
) -> None:
    body = orjson.dumps(payload)
    length = (b"content-length", str(len(body)).encode())
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [*_JSON_HEADERS, length, *headers],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def answer_error(scope: Scope, receive: Receive, send: Send, error: Exception) -> None:
    """Answer ``error`` with the app's own exception handler (a problem, as from any route);
    an error no handler takes is raised on (the outage log and the server answer it)."""
    handlers: Mapping[Any, Callable[..., Any]] = scope["app"].exception_handlers
    handler = next((handlers[k] for k in type(error).__mro__ if k in handlers), None)
    if handler is None:
        raise error
    response = await handler(Request(scope, receive), error)
    await response(scope, receive, send)
