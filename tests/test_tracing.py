"""Opt-in OpenTelemetry tracing: a request's span continues the caller's trace, each GraphQL
operation has a span named after it on both endpoints, database commands are its children, and
log lines carry the trace id; off, nothing of OpenTelemetry is even loaded."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from cms import logs, model
from cms.config import Settings
from cms.domain import accounts
from cms.store import Store
from tests import factories, newsroom
from tests.conftest import Api, Clock, running_app
from tests.media_api import agency_jpeg, bearer, upload
from tests.newsroom import LOGIN, PASSWORD

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"
TRACEPARENT = {"traceparent": f"00-{TRACE_ID}-{CALLER_SPAN}-01"}

STORY = "query Story($slug: String!) { article(slug: $slug) { headline } }"
RENDITION = "query Rendition($id: ID!) { media(id: $id) { url(width: 320) } }"


@dataclass
class Traced:
    api: Api
    spans: InMemorySpanExporter

    def finished(self) -> list[ReadableSpan]:
        return list(self.spans.get_finished_spans())


@pytest.fixture
async def traced(settings: Settings, store: Store, clock: Clock) -> AsyncIterator[Traced]:
    """The app with tracing on, its spans kept in memory."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    on = settings.model_copy(update={"tracing": True})
    async with running_app(on, store, clock, tracer_provider=provider) as api:
        yield Traced(api, exporter)
    provider.shutdown()


def _hex(number: int, width: int) -> str:
    return f"{number:0{width}x}"


def _one(spans: list[ReadableSpan], name: str) -> ReadableSpan:
    found = [span for span in spans if span.name == name]
    assert len(found) == 1, [span.name for span in spans]
    return found[0]


async def test_a_delivery_query_is_followed_from_the_caller_to_the_database(
    traced: Traced,
) -> None:
    api = traced.api
    await factories.section(api.store)
    ada = await factories.author(api.store)
    await factories.story(api.store, slug="harbour-bridge-closes", author_ids=(ada,))
    traced.spans.clear()

    answer = await api.client.post(
        "/graphql",
        json={"query": STORY, "variables": {"slug": "harbour-bridge-closes"}},
        headers=TRACEPARENT,
    )

    assert answer.json()["data"]["article"]["headline"]
    spans = traced.finished()
    assert {_hex(span.context.trace_id, 32) for span in spans} == {TRACE_ID}, "one trace"
    server = _one(spans, "POST /graphql")
    assert server.kind is SpanKind.SERVER
    assert server.parent is not None
    assert _hex(server.parent.span_id, 16) == CALLER_SPAN, "the caller's trace, continued"
    operation = _one(spans, "query Story")
    assert operation.parent is not None
    assert operation.parent.span_id == server.context.span_id
    assert operation.attributes is not None
    assert operation.attributes["graphql.operation.name"] == "Story"
    assert operation.attributes["graphql.operation.type"] == "query"
    assert operation.attributes["cms.graphql.endpoint"] == "delivery"
    parents = {
        span.name: span.parent.span_id
        for span in spans
        if span.kind is SpanKind.CLIENT and span.parent is not None
    }
    rate_count = parents.pop(f"{api.settings.database}.findAndModify")
    assert rate_count == server.context.span_id, "the rate limit counts before GraphQL runs"
    assert parents, "the story's reads are traced"
    assert set(parents.values()) == {operation.context.span_id}, "children of the operation"


async def test_an_editors_operation_is_named_after_it_on_the_management_endpoint(
    traced: Traced,
) -> None:
    api = traced.api
    email = "night-desk@newsroom.example"
    await accounts.create_user(
        api.store, email=email, role=model.Role.EDITOR, password=PASSWORD, now=api.clock()
    )
    traced.spans.clear()

    await api.as_editor(None).gql(LOGIN, {"email": email, "password": PASSWORD})
    anonymous = await api.client.post("/graphql", json={"query": "{ sections { slug } }"})

    assert anonymous.status_code == 200
    spans = traced.finished()
    login = _one(spans, "mutation Login")
    assert login.attributes is not None
    assert login.attributes["cms.graphql.endpoint"] == "management"
    assert _one(spans, "query").attributes == {
        "cms.graphql.endpoint": "delivery",
        "graphql.operation.type": "query",
    }


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the app logs, as `cms serve` writes it with tracing on (JSON lines)."""
    written = io.StringIO()
    handler = logs.handler(json_lines=True, tracing=True, stream=written)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield written
    finally:
        root.removeHandler(handler)


async def test_a_log_line_carries_the_trace_of_its_request(
    traced: Traced, log_lines: io.StringIO
) -> None:
    api = traced.api
    token = await newsroom.user(api, model.Role.EDITOR)
    asset = await upload(api, token, agency_jpeg())
    address = (await api.as_editor(token).gql(RENDITION, {"id": asset["id"]}))["media"]["url"]
    (api.settings.media_dir / asset["url"].rsplit("/", 1)[1]).unlink()  # the disk lost it

    failed = await api.client.get(address, headers={**bearer(token), **TRACEPARENT})

    assert failed.status_code == 500
    error_id = failed.json()["errors"][0]["extensions"]["errorId"]
    lines = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    logged = [line for line in lines if error_id in line["message"]]
    assert len(logged) == 1, lines
    assert logged[0]["trace_id"] == TRACE_ID
    assert logged[0]["span_id"] != "-"
    assert logged[0]["request_id"] == failed.headers["x-request-id"]


def test_tracing_off_loads_nothing_of_opentelemetry() -> None:
    program = (
        "import sys\n"
        "from cms.app import create_app\n"
        "from cms.config import Settings\n"
        "create_app(Settings(env='test', mongodb_uri='mongodb://127.0.0.1:1'))\n"
        "print(sorted(m for m in sys.modules if m.startswith('opentelemetry')))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"
