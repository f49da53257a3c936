"""One SecantusDB server per test session, a fresh database per test, the app in its lifespan."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from pymongo import monitoring

from cms.app import create_app
from cms.config import Settings
from cms.embedded import MEMORY, EmbeddedDatabase
from cms.store import Store, open_store


class CommandLog(monitoring.CommandListener):
    """Every database command the app sends, by name, as pymongo reports them."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.names.append(event.command_name)

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@dataclass
class Api:
    """The app as a client sees it, plus the store behind it for arranging content."""

    client: httpx.AsyncClient
    store: Store
    settings: Settings
    commands: CommandLog = field(default_factory=CommandLog)

    async def post(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def gql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The data of a query that must succeed; fails the test on any error."""
        body = await self.post(query, variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def error_codes(self, query: str, variables: dict[str, Any] | None = None) -> list[str]:
        body = await self.post(query, variables)
        assert body.get("errors"), f"expected errors, got {body}"
        return [error["extensions"]["code"] for error in body["errors"]]


@pytest.fixture(scope="session")
def database_uri() -> Iterator[str]:
    with EmbeddedDatabase(MEMORY) as server:
        yield server.uri


@pytest.fixture
def settings(database_uri: str, tmp_path: Path) -> Settings:
    return Settings(
        env="test",
        mongodb_uri=database_uri,
        database=f"test_{uuid.uuid4().hex[:12]}",
        media_dir=tmp_path / "media",
        public_url="http://testserver",
    )


@pytest.fixture
async def store(settings: Settings) -> AsyncIterator[Store]:
    """A store on this test's own database, dropped afterwards."""
    assert settings.mongodb_uri is not None
    store = open_store(settings.mongodb_uri, settings.database, timeout_ms=5000)
    await store.prepare()
    yield store
    await store.drop()
    store.close()


@pytest.fixture
async def api(settings: Settings, store: Store) -> AsyncIterator[Api]:
    commands = CommandLog()
    app = create_app(settings, command_listeners=[commands])
    async with (
        LifespanManager(app) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://testserver"
        ) as client,
    ):
        yield Api(client=client, store=store, settings=settings, commands=commands)
