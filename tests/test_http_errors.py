"""Errors outside GraphQL: every layer answers in the API's JSON shape, with its headers.

Starlette's own refusals (no route, a method a route does not take), an exception nothing
else caught, and the database going away under ``/media`` and ``/renditions`` all answer
``{"errors": [{"message", "extensions": {"code"}}]}`` with the security headers and an
``X-Request-ID``, as the GraphQL endpoints do.
"""

from __future__ import annotations

import logging

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cms.config import Settings
from cms.http import middleware as web
from cms.server.embedded import MEMORY, EmbeddedDatabase
from cms.store import open_store
from tests.conftest import Api, Clock, running_app


def _error(response: httpx.Response) -> dict[str, object]:
    assert response.headers["x-request-id"], response.headers
    assert response.headers["x-content-type-options"] == "nosniff", response.headers
    assert response.headers["content-type"].startswith("application/json"), response.headers
    errors = response.json()["errors"]
    assert len(errors) == 1, errors
    error: dict[str, object] = errors[0]
    return error


async def test_no_route_and_a_wrong_method_are_json(api: Api) -> None:
    missing = await api.client.get("/no-such-page")
    assert missing.status_code == 404
    assert _error(missing)["extensions"] == {"code": "NOT_FOUND"}
    wrong = await api.client.delete("/graphql")
    assert wrong.status_code == 405
    assert _error(wrong)["extensions"] == {"code": "METHOD_NOT_ALLOWED"}
    assert set(wrong.headers["allow"].split(", ")) >= {"GET", "POST"}


async def test_an_unexpected_exception_is_masked_with_headers_and_request_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The app's middleware around a route that fails: the last resort answers for it."""

    async def broken(request: Request) -> Response:
        raise RuntimeError("secret internals")

    app = Starlette(
        routes=[Route("/broken", broken)],
        middleware=[
            Middleware(web.RequestIds),
            Middleware(web.SecurityHeaders, production=True),
            Middleware(web.LastResort),
        ],
    )
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="cms"):
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            response = await client.get("/broken", headers={"x-request-id": "req-42"})
    assert response.status_code == 500
    error = _error(response)
    assert error["message"] == "Unexpected error."
    extensions = error["extensions"]
    assert isinstance(extensions, dict)
    assert extensions["code"] == "INTERNAL_SERVER_ERROR"
    assert extensions["requestId"] == "req-42" == response.headers["x-request-id"]
    assert "secret internals" not in response.text
    assert [r.message for r in caplog.records if extensions["errorId"] in r.message], "logged once"
    assert response.headers["strict-transport-security"]


async def test_media_and_renditions_while_the_database_is_down(
    settings: Settings, clock: Clock
) -> None:
    server = EmbeddedDatabase(MEMORY)
    server.start()
    local = settings.model_copy(update={"mongodb_uri": server.uri, "db_timeout_ms": 300})
    store = open_store(server.uri, local.database, timeout_ms=300)
    try:
        async with running_app(local, store, clock) as api:
            transport = httpx.ASGITransport(
                app=api.client._transport.app,  # type: ignore[attr-defined]
                raise_app_exceptions=False,
            )
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
                server.stop()
                answers = [
                    await http.get("/media/" + "a" * 64 + ".jpg"),
                    await http.get("/renditions/" + "6" * 24 + "/v1/640x-contain-q80.webp"),
                ]
        for response in answers:
            assert response.status_code == 503, response.text
            assert response.headers["retry-after"] == "1"
            assert response.headers["cache-control"] == "no-store"
            assert _error(response)["extensions"] == {"code": "SERVICE_UNAVAILABLE"}
    finally:
        await store.close()
        server.stop()
