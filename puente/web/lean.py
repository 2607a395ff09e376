"""Lean routes for the few endpoints a rush calls thousands of times a second: the handler takes
the raw request, parses its JSON body with Pydantic and answers orjson bytes, skipping FastAPI's
per-request dependency solving and response validation; the OpenAPI document still shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import orjson
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from starlette.responses import Response

Body = TypeVar("Body", bound=BaseModel)
JSON_TYPES = ("application/json", "+json")


class LeanRoute(APIRoute):
    """Calls the endpoint with the request alone; the endpoint returns the ``Response``.
    Validation errors and HTTP exceptions still reach the app's problem handlers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        endpoint: Callable[[Request], Coroutine[Any, Any, Response]] = self.endpoint
        return endpoint


def json_request_body(model: type[BaseModel]) -> dict[str, Any]:
    """``requestBody`` for ``openapi_extra``: the body a lean route parses itself."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


async def parse_body(request: Request, model: type[Body]) -> Body:
    """The JSON body as ``model``; a problem naming each wrong field (as FastAPI would) if not."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not content_type.endswith(JSON_TYPES):
        raise RequestValidationError(
            [{"type": "model_attributes_type", "loc": ("body",), "msg": "expected a JSON body"}]
        )
    try:
        return model.model_validate_json(await request.body())
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False)]
        ) from None


def json_response(payload: Any, status_code: int) -> Response:
    return Response(orjson.dumps(payload), status_code, media_type="application/json")
