"""HTTP hardening: request ids, security headers, CORS, CSRF, rate limits, masked errors, logs,
and a database that goes away and comes back."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
from collections.abc import AsyncIterator
from ipaddress import ip_network
from pathlib import Path

import httpx
import pytest
import uvicorn
from graphql import GraphQLError

from cms import logs, model
from cms.api.errors import format_error
from cms.app import create_app
from cms.cli import uvicorn_options
from cms.config import Settings
from cms.http.middleware import TokenBuckets, client_address
from cms.logs import request_id
from cms.server.embedded import EmbeddedDatabase
from cms.store import Store
from tests import newsroom
from tests.conftest import Api, Clock, lifespan, running_app
from tests.newsroom import LOGIN

SECTIONS = {"query": "{ sections { slug } }"}


@pytest.fixture
async def guarded(settings: Settings, store: Store, clock: Clock) -> AsyncIterator[Api]:
    """Tight limits and one allowed browser origin."""
    tight = settings.model_copy(
        update={
            "rate_limit_per_second": 0.5,
            "rate_limit_burst": 3,
            "login_attempts_per_minute": 2,
            "cors_origins": ["https://www.newsroom.example"],
        }
    )
    async with running_app(tight, store, clock) as running:
        yield running


async def test_every_response_has_a_request_id(api: Api) -> None:
    fresh = await api.client.post("/graphql", json=SECTIONS)
    again = await api.client.post("/graphql", json=SECTIONS)
    assert re.fullmatch(r"[0-9a-f]{12}-[0-9a-f]+", fresh.headers["x-request-id"])
    assert again.headers["x-request-id"] != fresh.headers["x-request-id"]
    given = await api.client.post("/graphql", json=SECTIONS, headers={"x-request-id": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    hostile = await api.client.post(
        "/graphql", json=SECTIONS, headers={"x-request-id": "<script>" * 20}
    )
    assert hostile.headers["x-request-id"] != "<script>" * 20


async def test_security_headers(api: Api) -> None:
    response = await api.client.post("/graphql", json=SECTIONS)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert "strict-transport-security" not in response.headers
    ide = await api.client.get("/graphql", headers={"accept": "text/html"})
    assert "content-security-policy" not in ide.headers, "GraphiQL loads its own scripts"


async def test_cors_allows_only_listed_origins(guarded: Api) -> None:
    allowed = await guarded.client.options(
        "/graphql",
        headers={
            "origin": "https://www.newsroom.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert allowed.headers["access-control-allow-origin"] == "https://www.newsroom.example"
    other = await guarded.client.post(
        "/graphql", json=SECTIONS, headers={"origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in other.headers


async def test_csrf_guard_refuses_form_shaped_requests_to_the_management_api(api: Api) -> None:
    for content_type in (
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
        "text/plain",
    ):
        response = await api.client.post(
            "/admin/graphql", content=b"--x--", headers={"content-type": content_type}
        )
        assert response.status_code == 400, content_type
        assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_CHECK_FAILED"
    json_post = await api.client.post("/admin/graphql", json={"query": "{ me { email } }"})
    assert json_post.status_code == 200


async def test_rate_limit_per_client(guarded: Api) -> None:
    """Three requests per six-second window (burst 3 at 0.5 a second) for each client."""
    token = await newsroom.user(guarded, model.Role.WRITER)  # its login counts too: then
    guarded.clock.advance(seconds=6)  # a new window
    answers = [await guarded.client.post("/graphql", json=SECTIONS) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert 1 <= int(refused.headers["retry-after"]) <= 6
    assert (await guarded.client.get("/healthz")).status_code == 200, "health is never limited"

    signed_in = {"authorization": f"Bearer {token}"}
    mine = [await guarded.client.post("/graphql", json=SECTIONS, headers=signed_in)]
    assert mine[0].status_code == 200, "a signed-in user is their own client"
    guarded.clock.advance(seconds=6)
    assert (await guarded.client.post("/graphql", json=SECTIONS)).status_code == 200


async def test_unverified_tokens_count_against_their_address(guarded: Api) -> None:
    answers = [
        await guarded.client.post(
            "/graphql", json=SECTIONS, headers={"authorization": f"Bearer {secrets.token_hex()}"}
        )
        for _ in range(4)
    ]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]


async def test_the_limit_holds_across_processes(
    settings: Settings, store: Store, clock: Clock
) -> None:
    """Two apps over one database, as two workers or two instances are: one count."""
    tight = settings.model_copy(update={"rate_limit_per_second": 0.5, "rate_limit_burst": 3})
    async with running_app(tight, store, clock) as one, running_app(tight, store, clock) as two:
        answers = [await (one, two)[n % 2].client.post("/graphql", json=SECTIONS) for n in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert (await one.client.post("/graphql", json=SECTIONS)).status_code == 429


async def test_logins_are_limited_more_strictly(guarded: Api) -> None:
    await newsroom.user(guarded, model.Role.EDITOR, "desk@newsroom.example")  # one login
    anonymous = guarded.as_editor(None)
    bad = {"email": "desk@newsroom.example", "password": "wrong password"}
    assert await anonymous.error_codes(LOGIN, bad) == ["UNAUTHENTICATED"]
    refused = await guarded.client.post("/admin/graphql", json={"query": LOGIN, "variables": bad})
    assert refused.status_code == 429, "as the README says: 429 with Retry-After"
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    retry_after = int(refused.headers["retry-after"])
    assert retry_after == refused.json()["errors"][0]["extensions"]["retryAfter"] >= 1


def test_token_buckets_refill_at_their_rate() -> None:
    buckets = TokenBuckets(rate=2, burst=2)
    assert buckets.take("a", now=0) == 0
    assert buckets.take("a", now=0) == 0
    assert buckets.take("a", now=0) == pytest.approx(0.5)
    assert buckets.take("a", now=0.5) == 0
    assert buckets.take("b", now=0.5) == 0


def test_unexpected_errors_are_masked_with_the_request_id() -> None:
    token = request_id.set("req-42")
    try:
        boom = GraphQLError("boom", original_error=RuntimeError("pymongo said: secret internals"))
        formatted = format_error(boom)
    finally:
        request_id.reset(token)
    assert formatted["message"] == "Unexpected error."
    assert formatted["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert formatted["extensions"]["requestId"] == "req-42"
    assert "pymongo" not in json.dumps(formatted)


def test_json_logs_carry_the_request_id(capsys: pytest.CaptureFixture[str]) -> None:
    previous = logging.getLogger().handlers[:]
    try:
        logs.configure(json_lines=True)
        token = request_id.set("req-7")
        logging.getLogger("cms.test").warning("publish took %d ms", 12)
        request_id.reset(token)
        line = capsys.readouterr().err.strip().splitlines()[-1]
    finally:
        logging.getLogger().handlers[:] = previous
    record = json.loads(line)
    assert record["message"] == "publish took 12 ms"
    assert record["request_id"] == "req-7"
    assert record["level"] == "WARNING"


async def test_the_database_goes_away_and_comes_back(settings: Settings, tmp_path: Path) -> None:
    server = EmbeddedDatabase(tmp_path / "db")
    server.start()
    app = create_app(
        settings.model_copy(
            update={"mongodb_uri": server.uri, "db_timeout_ms": 500, "response_cache": False}
        )
    )
    try:
        async with (
            lifespan(app) as manager,
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=manager.app), base_url="http://testserver"
            ) as client,
        ):
            store: Store = manager._state["store"]
            await store.sections.insert(
                model.Section(id="6b0000000000000000000001", slug="news", name="News")
            )
            server.stop()
            down = await client.post("/graphql", json=SECTIONS)
            assert down.status_code == 503
            assert down.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
            assert (await client.get("/readyz")).status_code == 503

            server.restart()
            for _ in range(50):
                up = await client.post("/graphql", json=SECTIONS)
                if up.status_code == 200:
                    break
            assert up.json() == {"data": {"sections": [{"slug": "news"}]}}, "nothing lost"
            assert (await client.get("/readyz")).status_code == 200
    finally:
        server.stop()


def _scope(peer: str, *forwarded: str) -> dict[str, object]:
    headers = [(b"x-forwarded-for", value.encode()) for value in forwarded]
    return {"type": "http", "client": (peer, 50000), "headers": headers}


def test_the_client_address_believes_only_our_own_proxies() -> None:
    proxies = [ip_network("10.0.0.0/8"), ip_network("127.0.0.1/32")]
    assert client_address(_scope("127.0.0.1", "203.0.113.7")) == "127.0.0.1", "off by default"
    assert client_address(_scope("198.51.100.20", "203.0.113.7"), proxies) == "198.51.100.20"
    assert client_address(_scope("10.0.0.2", "203.0.113.7"), proxies) == "203.0.113.7"
    # A client writes its own X-Forwarded-For; each of our proxies appends what it saw.
    forged = _scope("10.0.0.2", "192.0.2.1, 203.0.113.7, 10.0.0.3")
    assert client_address(forged, proxies) == "203.0.113.7"
    assert client_address(_scope("10.0.0.2", "192.0.2.1", "203.0.113.7"), proxies) == "203.0.113.7"
    assert client_address(_scope("10.0.0.2", "not-an-address, 10.0.0.3"), proxies) == "10.0.0.3"
    assert client_address(_scope("10.0.0.2"), proxies) == "10.0.0.2"


async def test_cms_serve_does_not_let_uvicorn_believe_forwarded_addresses(
    settings: Settings, store: Store
) -> None:
    """Through a real uvicorn with the options ``cms serve`` gives it: requests from this
    machine naming other clients in X-Forwarded-For (which uvicorn believes from loopback by
    default) are still one client."""
    tight = settings.model_copy(
        update={"rate_limit_per_second": 0.01, "rate_limit_burst": 3, "port": 0}
    )
    options = {**uvicorn_options(tight), "log_level": "warning"}
    server = uvicorn.Server(uvicorn.Config(create_app(tight), **options))
    serving = asyncio.create_task(server.serve())
    try:
        while not server.started:
            assert not serving.done(), "uvicorn stopped"
            await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            answers = [
                await client.post(
                    "/graphql", json=SECTIONS, headers={"x-forwarded-for": f"198.51.100.{n}"}
                )
                for n in range(4)
            ]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
    finally:
        server.should_exit = True
        await serving
