"""Prometheus metrics: requests, latencies, GraphQL errors, database commands and webhook
deliveries, per process.

Exposed at /metrics in the Prometheus text format. Each server process has its own registry;
with several workers, scrape each (or run one process per container, as recommended).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any, Protocol

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cms.store.monitoring import CommandCounter

CACHE_OUTCOMES = ("replayed", "hit", "miss")
_ROUTES = ("graphql", "admin", "media", "renditions", "healthz", "readyz", "metrics")


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "cms_http_requests_total",
            "HTTP requests by route, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "cms_http_request_duration_seconds",
            "Time to answer, by route.",
            ["route"],
            registry=self.registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
        )
        self.in_progress = Gauge(
            "cms_http_requests_in_progress",
            "Requests being answered right now.",
            registry=self.registry,
        )
        self.graphql_errors = Counter(
            "cms_graphql_errors_total",
            "GraphQL errors by extensions.code.",
            ["code"],
            registry=self.registry,
        )
        self.db_commands = Counter(
            "cms_db_commands_total",
            "Database commands sent, by name.",
            ["command"],
            registry=self.registry,
        )

        self.webhook_deliveries = Counter(
            "cms_webhook_deliveries_total",
            "Webhook delivery attempts by what came of them: delivered, retrying (to be tried "
            "again) or failed (retries ran out).",
            ["outcome"],
            registry=self.registry,
        )
        self.outbox_lag = Gauge(
            "cms_outbox_lag_seconds",
            "Age of the oldest event not yet delivered to every endpoint that wants it, as this "
            "process's dispatcher last saw it (0: none waiting).",
            registry=self.registry,
        )

        for outcome in ("delivered", "retrying", "failed"):
            self.webhook_deliveries.labels(outcome)
        self.delivery_cache = Counter(
            "cms_delivery_cache_total",
            "Delivery answers (/graphql) by where they came from: replayed (a cached answer sent "
            "again as the stack sent it), hit (found in the response cache by the endpoint), "
            "miss (executed).",
            ["outcome"],
            registry=self.registry,
        )
        self._cache_outcomes = {o: self.delivery_cache.labels(o) for o in CACHE_OUTCOMES}

    def watch_live(self, live: LiveFigures) -> None:
        """Report the live subscriptions' figures, read when scraped."""
        self.registry.register(_LiveCollector(live))

    def count_delivery(self, outcome: str) -> None:
        self.webhook_deliveries.labels(outcome).inc()

    def set_outbox_lag(self, seconds: float) -> None:
        self.outbox_lag.set(seconds)

    def command_listener(self) -> CommandCounter:
        return CommandCounter(lambda name: self.db_commands.labels(name).inc())

    def count_cache(self, outcome: str) -> None:
        """One delivery answer: ``replayed``, ``hit`` or ``miss``."""
        self._cache_outcomes[outcome].inc()

    def count_errors(self, codes: list[str]) -> None:
        for code in codes:
            self.graphql_errors.labels(code).inc()

    async def endpoint(self, request: Request) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class LiveFigures(Protocol):
    """What the live subscriptions tell the metrics: read at each scrape."""

    def open_subscriptions(self) -> dict[str, int]: ...
    def open_connections(self) -> dict[str, int]: ...
    def dropped(self) -> int: ...
    def events(self) -> int: ...
    def stream_reopened(self) -> int: ...


class _LiveCollector(Collector):
    def __init__(self, live: LiveFigures) -> None:
        self.live = live

    def collect(self) -> Iterator[Metric]:
        subscriptions = GaugeMetricFamily(
            "cms_subscriptions_open",
            "Open GraphQL subscriptions, by endpoint.",
            labels=["endpoint"],
        )
        for endpoint, count in self.live.open_subscriptions().items():
            subscriptions.add_metric([endpoint], count)
        connections = GaugeMetricFamily(
            "cms_subscription_connections_open",
            "Open subscription WebSockets, by endpoint.",
            labels=["endpoint"],
        )
        for endpoint, count in self.live.open_connections().items():
            connections.add_metric([endpoint], count)
        yield subscriptions
        yield connections
        yield CounterMetricFamily(
            "cms_subscribers_dropped",
            "Subscriptions ended because their client read too slowly.",
            value=self.live.dropped(),
        )
        yield CounterMetricFamily(
            "cms_subscription_events",
            "Outbox events the change stream brought to this process.",
            value=self.live.events(),
        )
        yield CounterMetricFamily(
            "cms_subscription_stream_reopened",
            "Times the outbox's change stream broke and was resumed.",
            value=self.live.stream_reopened(),
        )


def _route(path: str) -> str:
    first = path.strip("/").split("/", 1)[0]
    return first if first in _ROUTES else "other"


class MetricsMiddleware:
    """Counts and times every HTTP request (pure ASGI: streaming responses stay streaming)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics
        # The labelled series, looked up once each (prometheus_client's ``labels`` checks
        # and joins its arguments on every call).
        self._counted: dict[tuple[str, str, str], Any] = {}
        self._timed: dict[str, Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        route, started, status = _route(scope["path"]), time.perf_counter(), 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        self.metrics.in_progress.inc()
        try:
            await self.app(scope, receive, sending)
        finally:
            self.metrics.in_progress.dec()
            key = (route, scope["method"], str(status))
            counted = self._counted.get(key)
            if counted is None:
                counted = self._counted[key] = self.metrics.requests.labels(*key)
            counted.inc()
            timed = self._timed.get(route)
            if timed is None:
                timed = self._timed[route] = self.metrics.latency.labels(route)
            timed.observe(time.perf_counter() - started)
