"""HTTP surface around GraphQL: health, readiness, GraphiQL only outside production."""

from __future__ import annotations

import httpx
from asgi_lifespan import LifespanManager

from cms.app import create_app
from cms.config import Settings
from cms.embedded import MEMORY, EmbeddedDatabase
from tests.conftest import Api


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
        LifespanManager(production) as manager,
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
            LifespanManager(app) as manager,
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=manager.app), base_url="http://testserver"
            ) as client,
        ):
            query = {"query": "{ sections { slug } }"}
            assert (await client.post("/graphql", json=query)).json() == {"data": {"sections": []}}
            server.stop()

            # a question not answered before: the response cache cannot hide the outage
            fresh = {"query": "{ sections { slug name } }"}
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
