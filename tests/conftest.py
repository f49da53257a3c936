"""One SecantusDB server per test session, a fresh database per test, the app in its lifespan."""

from __future__ import annotations

import functools
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from pydantic import SecretStr
from pymongo import monitoring

from cms.app import create_app
from cms.config import Settings
from cms.domain import security
from cms.server.embedded import MEMORY, EmbeddedDatabase
from cms.store import Store, open_store
from cms.store.collections import REQUEST_COUNTS


def _is_change_stream(event: monitoring.CommandStartedEvent) -> bool:
    """The app's change-stream cursor polls in the background; it is not a request's cost."""
    command = event.command
    if event.command_name == "getMore":
        return command.get("collection") == "$cmd.aggregate"
    pipeline = command.get("pipeline") or [{}]
    return event.command_name == "aggregate" and "$changeStream" in pipeline[0]


def _is_rate_count(event: monitoring.CommandStartedEvent) -> bool:
    """The rate limit's count (cms.http.rate_limits) comes before a request runs: it is not what
    the request itself cost, and tests of that cost leave it out."""
    return event.command_name == "findAndModify" and event.command.get("findAndModify") == (
        REQUEST_COUNTS
    )


class CommandLog(monitoring.CommandListener):
    """Every database command the app sends, by name, as pymongo reports them (but the change
    stream's polling and the rate limit's counts: see above)."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.commands: list[dict[str, Any]] = []  # the commands themselves, in the same order
        self.rate_counts = 0  # the rate limit's writes, apart

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if _is_rate_count(event):
            self.rate_counts += 1
        elif not _is_change_stream(event):
            self.names.append(event.command_name)
            self.commands.append(dict(event.command))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


class Clock:
    """The app's clock in tests: it stands still until a test moves it.

    It stands years ahead of the real clock: the database's TTL sweeper deletes sessions and
    edit leases by the real time, and a test clock in the past had it end sessions mid-test.
    """

    def __init__(self) -> None:
        self.now = datetime(2036, 11, 24, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Api:
    """The app as a client sees it, plus the store behind it for arranging content."""

    client: httpx.AsyncClient
    store: Store
    settings: Settings
    commands: CommandLog = field(default_factory=CommandLog)
    clock: Clock = field(default_factory=Clock)
    path: str = "/graphql"
    token: str | None = None
    # What the app's lifespan holds (its delivery state, its file store…), to look into.
    state: dict[str, Any] = field(default_factory=dict)

    def as_editor(self, token: str | None) -> Api:
        """The same app through /admin/graphql, with this bearer token (or none)."""
        return replace(self, path="/admin/graphql", token=token)

    async def post(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        headers = {} if self.token is None else {"authorization": f"Bearer {self.token}"}
        response = await self.client.post(
            self.path, json={"query": query, "variables": variables or {}}, headers=headers
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
    with EmbeddedDatabase(MEMORY, test_commands=True) as server:
        yield server.uri


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A real S3-compatible server for this test process: moto's, in a thread, on a free port."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


S3_CREDENTIALS = {"s3_access_key_id": "newsroom-test", "s3_region": "us-east-1"}
S3_SECRET = "newsroom-test-secret"


@pytest.fixture
def s3_settings(settings: Settings, s3_endpoint: str) -> Settings:
    """This test's settings with media in a bucket of its own on the S3 test server."""
    bucket = f"newsroom-{uuid.uuid4().hex[:12]}"
    configured = settings.model_copy(
        update={
            "media_storage": "s3",
            "s3_bucket": bucket,
            "s3_prefix": "media/",
            "s3_endpoint_url": s3_endpoint,
            "s3_secret_access_key": SecretStr(S3_SECRET),
            **S3_CREDENTIALS,
        }
    )
    s3_client(configured).create_bucket(Bucket=bucket)
    return configured


def s3_client(settings: Settings) -> Any:
    """A plain boto3 client on the test server, to look into the bucket as an operator would."""
    assert settings.s3_endpoint_url is not None
    return _s3_client(settings.s3_endpoint_url)


@functools.cache
def _s3_client(endpoint_url: str) -> Any:
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=S3_CREDENTIALS["s3_region"],
        aws_access_key_id=S3_CREDENTIALS["s3_access_key_id"],
        aws_secret_access_key=S3_SECRET,
    )


CHEAP_PASSWORD_HASHING = {
    "password_hash_time_cost": 1,
    "password_hash_memory_kib": 64,
    "password_hash_parallelism": 1,
}


@pytest.fixture
def settings(database_uri: str, tmp_path: Path) -> Settings:
    configured = Settings(
        env="test",
        mongodb_uri=database_uri,
        database=f"test_{uuid.uuid4().hex[:12]}",
        media_dir=tmp_path / "media",
        public_url="http://testserver",
        scheduler_enabled=False,
        # The webhook dispatcher polls the database: tests that count a request's commands
        # would count its polls too. Webhook tests turn it on.
        webhooks_enabled=False,
        # Hundreds of test users each hashed with argon2id's 64 MiB took about a fifth of the
        # suite's CPU; the hash's strength is not what these tests test (test_security does).
        **CHEAP_PASSWORD_HASHING,
    )
    security.configure_hashing(configured)  # as the app does; users made before it starts too
    return configured


@pytest.fixture
async def store(settings: Settings) -> AsyncIterator[Store]:
    """A store on this test's own database, dropped afterwards."""
    assert settings.mongodb_uri is not None
    store = open_store(settings.mongodb_uri, settings.database, timeout_ms=5000)
    await store.prepare()
    yield store
    await store.drop()
    await store.close()


def lifespan(app: Any) -> LifespanManager:
    """The app's lifespan, with time to start on a loaded machine.

    asgi-lifespan gives start-up and shut-down five seconds each; with two test processes, a
    browser and the embedded server sharing two cores, an app's start-up (indexes, the first
    change stream, the desk's files) has taken longer than that and failed a test that then
    passed when rerun. A real hang still fails, after LIFESPAN_WAIT seconds.
    """
    return LifespanManager(app, startup_timeout=LIFESPAN_WAIT, shutdown_timeout=LIFESPAN_WAIT)


LIFESPAN_WAIT = 60.0


@asynccontextmanager
async def running_app(
    settings: Settings, store: Store, clock: Clock, *, tracer_provider: Any = None
) -> AsyncIterator[Api]:
    """The app inside its lifespan, with an HTTP client on it."""
    commands = CommandLog()
    app = create_app(
        settings, command_listeners=[commands], clock=clock, tracer_provider=tracer_provider
    )
    async with (
        lifespan(app) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://testserver"
        ) as client,
    ):
        # Arrange content through the app's own store, as an editor's write would go, so the
        # app's caches hear of it at once (another process's writes arrive by change stream).
        app_store: Store = manager._state["store"]
        yield Api(
            client=client,
            store=app_store,
            settings=settings,
            commands=commands,
            clock=clock,
            state=manager._state,
        )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def api(settings: Settings, store: Store, clock: Clock) -> AsyncIterator[Api]:
    async with running_app(settings, store, clock) as running:
        yield running


@pytest.fixture
async def s3_api(s3_settings: Settings, store: Store, clock: Clock) -> AsyncIterator[Api]:
    """The app with its media in a bucket on the S3 test server."""
    async with running_app(s3_settings, store, clock) as running:
        yield running
