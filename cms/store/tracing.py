"""Database commands as OpenTelemetry spans (``CMS_TRACING=true`` only): the maintained PyMongo
instrumentation's listener, on our client alone, for commands a traced request sends."""

from __future__ import annotations

from opentelemetry import trace
from opentelemetry.instrumentation.pymongo import CommandTracer
from pymongo import monitoring


class RequestCommandTracer(CommandTracer):
    """Spans for the commands sent inside a trace (a request's); the background loops' own
    polling (the change stream, the scheduler, rate-limit counts outside a request) would
    otherwise start a trace of its own every second."""

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if trace.get_current_span().get_span_context().is_valid:
            super().started(event)


def command_tracer(provider: trace.TracerProvider) -> monitoring.CommandListener:
    """A listener for ``open_store``'s ``listeners`` that traces with this provider."""
    tracer = trace.get_tracer("cms.store", tracer_provider=provider)
    listener: monitoring.CommandListener = RequestCommandTracer(tracer)
    return listener
