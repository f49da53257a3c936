"""Opt-in OpenTelemetry tracing (``CMS_TRACING=true``): the provider that exports the spans.

The exporter is chosen as OpenTelemetry's own SDK documents it, by environment variables:
``OTEL_TRACES_EXPORTER`` (``otlp``, the default: OTLP over HTTP to
``OTEL_EXPORTER_OTLP_ENDPOINT`` or ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``, a collector at
``http://localhost:4318`` unless they say otherwise; ``console``, to standard output; ``none``),
``OTEL_SERVICE_NAME`` (default ``newsroom-cms``), ``OTEL_RESOURCE_ATTRIBUTES`` and
``OTEL_TRACES_SAMPLER``/``OTEL_TRACES_SAMPLER_ARG`` (default: every trace, or as the caller's
``traceparent`` decided). OpenTelemetry itself is imported only when tracing is on: it needs
the ``cms[otel]`` extra.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.middleware import Middleware

from cms.config import Settings

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter

DEFAULT_SERVICE_NAME = "newsroom-cms"


@dataclass(frozen=True, slots=True)
class Tracing:
    """What ``CMS_TRACING`` adds to the app: nothing at all when it is off (OpenTelemetry is not
    even imported); when on, a span per request (the maintained ASGI instrumentation), per
    GraphQL operation (``cms.api.tracing``) and per database command (``cms.store.tracing``)."""

    provider: TracerProvider | None = None
    owned: bool = False  # made here, so flushed and shut down with the app

    @classmethod
    def start(cls, settings: Settings, given: TracerProvider | None) -> Tracing:
        if not settings.tracing:
            return cls()
        if given is not None:
            return cls(given)
        return cls(tracer_provider(), owned=True)

    @property
    def command_listeners(self) -> list[Any]:
        if self.provider is None:
            return []
        from cms.store.tracing import command_tracer

        return [command_tracer(self.provider)]

    def operation_spans(self, endpoint: str) -> list[Callable[[], Any]]:
        """The schema extension naming a span after each operation on this endpoint."""
        if self.provider is None:
            return []
        from opentelemetry import trace

        from cms.api.tracing import OperationSpans

        tracer = trace.get_tracer("cms.api", tracer_provider=self.provider)
        return [lambda: OperationSpans(tracer=tracer, endpoint=endpoint)]

    @property
    def middleware(self) -> list[Middleware]:
        if self.provider is None:
            return []
        from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

        return [
            Middleware(
                OpenTelemetryMiddleware,
                tracer_provider=self.provider,
                exclude_spans=["receive", "send"],  # one span per request, not per message
            )
        ]

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """While the app runs; then what is left is sent (off the event loop) and the exporter
        let go of, when the provider was made here."""
        try:
            yield
        finally:
            if self.owned and self.provider is not None:
                await asyncio.to_thread(self.provider.shutdown)


def tracer_provider() -> TracerProvider:
    """A provider exporting spans in batches (off the request path) where the variables say."""
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    name = os.environ.get("OTEL_SERVICE_NAME") or DEFAULT_SERVICE_NAME
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: name}))
    exporter = _exporter(os.environ.get("OTEL_TRACES_EXPORTER", "otlp").strip().lower())
    if exporter is not None:
        provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


def _exporter(name: str) -> SpanExporter | None:
    if name == "none":
        return None
    if name == "console":
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        return ConsoleSpanExporter()
    if name != "otlp":
        raise ValueError(f"OTEL_TRACES_EXPORTER={name!r}: use otlp, console or none")
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()
