"""Bare routes: documented by FastAPI like any route (nested body models included), reached by
the dispatcher before routing, answering errors with the app's problem handlers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field
from starlette.types import Receive, Scope, Send

from puente.web.lean import (
    BareRoute,
    FastPaths,
    answer_error,
    documented_body,
    read_json_body,
    send_json,
)
from puente.web.problems import install_problem_handlers


class Place(BaseModel):
    port: str = Field(pattern=r"^[A-Z]{3}$")


class Wish(BaseModel):
    name: str
    places: list[Place] = Field(max_length=3)


class Echo:
    """Answers the parsed body and whether the router saw the request."""

    __signature__ = documented_body(Wish)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            wish = await read_json_body(scope, receive, Wish, limit=200)
        except Exception as error:
            await answer_error(scope, receive, send, error)
            return
        routed = "route" in scope
        await send_json(send, {"wish": wish.model_dump(), "routed": routed}, 201)


def make_app(dispatch: bool) -> FastAPI:
    app = FastAPI(openapi_url="/api/openapi.json")
    install_problem_handlers(app)
    if dispatch:
        app.add_middleware(FastPaths, routes=app.routes)
    router = APIRouter(prefix="/wishes")
    router.add_api_route("/new", Echo(), methods=["POST"], route_class_override=BareRoute)
    app.include_router(router, prefix="/api")
    return app


def refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def test_the_body_and_its_nested_models_are_in_the_document_and_every_ref_resolves() -> None:
    document = TestClient(make_app(dispatch=True)).get("/api/openapi.json").json()
    operation = document["paths"]["/api/wishes/new"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Wish"}
    assert "parameters" not in operation
    components = document["components"]["schemas"]
    assert {"Wish", "Place"} <= set(components)
    found = list(refs(document))
    assert "#/components/schemas/Place" in found
    for ref in found:
        assert ref.removeprefix("#/components/schemas/") in components, ref


def test_the_dispatcher_skips_routing_and_the_router_reaches_the_same_endpoint() -> None:
    body = {"name": "Rosa", "places": [{"port": "SYS"}]}
    for dispatch, routed in ((True, False), (False, True)):
        answer = TestClient(make_app(dispatch)).post("/api/wishes/new", json=body)
        assert answer.status_code == 201
        assert answer.json() == {"wish": body, "routed": routed}


def test_errors_are_problems_as_from_any_route() -> None:
    client = TestClient(make_app(dispatch=True))
    nested = client.post("/api/wishes/new", json={"name": "Rosa", "places": [{"port": "sys"}]})
    assert nested.status_code == 422
    assert nested.headers["content-type"] == "application/problem+json"
    assert nested.json()["field"] == "places.0.port"
    plain = client.post("/api/wishes/new", content=b'{"name": "Rosa", "places": []}')
    assert plain.status_code == 422 and plain.json()["field"] == "body"
    large = client.post("/api/wishes/new", json={"name": "R" * 300, "places": []})
    assert large.status_code == 413
    assert large.headers["content-type"] == "application/problem+json"
    assert large.headers["connection"] == "close"  # the server stops reading the upload
    streamed = client.post(
        "/api/wishes/new",
        content=iter([b'{"name": "', b"R" * 300, b'", "places": []}']),
        headers={"content-type": "application/json"},
    )
    assert streamed.status_code == 413  # no Content-Length: counted as it arrives
    assert streamed.headers["connection"] == "close"
    assert client.get("/api/wishes/new").status_code == 405
