"""HTTP surface around GraphQL: health, readiness, GraphiQL only outside production."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pymongo import monitoring

from cms.app import create_app
from cms.config import Settings
from cms.server import scheduler
from cms.server.embedded import MEMORY, EmbeddedDatabase
from cms.store import Store, open_store
from tests.conftest import Api, lifespan


async def test_health_and_readiness(api: Api) -> None:
    assert (await api.client.get("/healthz")).json() == {"status": "ok"}
    ready = await api.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["database"] == "ok"


async def test_graphiql_in_development_only(api: Api, settings: Settings) -> None:
    page = await api.client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()

    production = create_app(settings.model_copy(update={"env": "production"}))
    async with (
        lifespan(production) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://testserver"
        ) as client,
    ):
        page = await client.get("/graphql", headers={"accept": "text/html"})
        assert "graphiql" not in page.text.lower()


async def test_queries_over_get_work_for_cdn_caching(api: Api) -> None:
    response = await api.client.get("/graphql", params={"query": "{ sections { slug } }"})
    assert response.status_code == 200
    assert response.json() == {"data": {"sections": []}}


async def test_a_lost_database_is_a_clear_error_not_a_crash(settings: Settings) -> None:
    server = EmbeddedDatabase(MEMORY)
    server.start()
    app = create_app(settings.model_copy(update={"mongodb_uri": server.uri, "db_timeout_ms": 300}))
    try:
        async with (
            lifespan(app) as manager,
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=manager.app), base_url="http://testserver"
            ) as client,
        ):
            query = {"query": "{ sections { slug } }"}
            assert (await client.post("/graphql", json=query)).json() == {"data": {"sections": []}}
            server.stop()

            # a question not answered before, and one that needs the database (the section
            # tree is held in memory): the response cache cannot hide the outage
            fresh = {"query": '{ article(slug: "pier-fire-inquiry") { headline } }'}
            body = (await client.post("/graphql", json=fresh)).json()
            ready = await client.get("/readyz")

            assert body["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
            assert "not reachable" in body["errors"][0]["message"]
            assert ready.status_code == 503
    finally:
        server.stop()


async def test_metrics_count_requests_errors_and_database_commands(api: Api) -> None:
    await api.client.post("/graphql", json={"query": "{ sections { slug } }"})
    await api.client.post(
        "/graphql", json={"query": "{ articles(first: 500) { edges { cursor } } }"}
    )

    text = (await api.client.get("/metrics")).text

    assert 'cms_http_requests_total{method="POST",route="graphql",status="200"}' in text
    assert 'cms_graphql_errors_total{code="BAD_USER_INPUT"} 1.0' in text
    assert 'cms_db_commands_total{command="find"}' in text
    assert "cms_http_request_duration_seconds_bucket" in text


def _follower(store: Store) -> Coroutine[Any, Any, None]:
    return store.follow_changes(on_change=lambda change: None, on_reset=lambda: None)


def _embargo_clock(store: Store) -> Coroutine[Any, Any, None]:
    return scheduler.loop(store, interval=0.01, clock=lambda: datetime(2036, 11, 24, tzinfo=UTC))


class CancelOnFailedHeartbeat(monitoring.ServerHeartbeatListener):
    """Cancels a task just after the driver's monitor finds the server gone and, in the same turn
    of the loop, wakes every task waiting to select a server."""

    def __init__(self) -> None:
        self.target: asyncio.Task[None] | None = None

    def started(self, event: monitoring.ServerHeartbeatStartedEvent) -> None:
        pass

    def succeeded(self, event: monitoring.ServerHeartbeatSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.ServerHeartbeatFailedEvent) -> None:
        if self.target is not None:
            asyncio.get_running_loop().call_soon(self.target.cancel)
            self.target = None


@pytest.mark.parametrize("work", [_follower, _embargo_clock], ids=["change-follower", "scheduler"])
async def test_background_work_stops_when_cancelled_while_the_database_is_gone(
    work: Callable[[Store], Coroutine[Any, Any, None]],
) -> None:
    """On Python 3.11, a task cancelled in the turn of the loop in which its wait for a server
    ends is not told (``asyncio.wait_for``, fixed in 3.12); PyMongo then reports that the server
    is gone. A loop that retried on that never stopped, and the app hung in its shutdown."""
    server = EmbeddedDatabase(MEMORY)
    server.start()
    heartbeat = CancelOnFailedHeartbeat()
    # Server selection outlasts a heartbeat (every 0.5 s), so each failed one meets a waiter.
    store = open_store(server.uri, "gone", timeout_ms=2000, listeners=[heartbeat])  # type: ignore[list-item]
    try:
        await store.ping()
        server.stop()
        for attempt in range(2):
            task = asyncio.create_task(work(store))
            heartbeat.target = task
            done, _ = await asyncio.wait({task}, timeout=3)
            assert done, f"attempt {attempt}: still running 3 s after it was cancelled"
            assert task.cancelled(), task
    finally:
        await store.close()
        server.stop()
