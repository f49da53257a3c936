"""A span per GraphQL operation, named as OpenTelemetry's conventions say (``query Story``).

Used only with ``CMS_TRACING=true``: the app adds ``OperationSpans`` to both schemas, and
nothing here is imported otherwise.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from graphql import GraphQLError
from opentelemetry import trace
from strawberry.extensions import SchemaExtension

# Seen on every operation's span, so a trace says which API served it.
ENDPOINT = "cms.graphql.endpoint"


class OperationSpans(SchemaExtension):
    """Wraps each operation (parsing, validation and execution) in a span; the database
    commands and anything else it does are its children."""

    def __init__(self, *, tracer: trace.Tracer, endpoint: str) -> None:
        self.tracer = tracer
        self.endpoint = endpoint

    def on_operation(self) -> Iterator[None]:
        with self.tracer.start_as_current_span(
            "GraphQL operation", kind=trace.SpanKind.INTERNAL
        ) as span:
            span.set_attribute(ENDPOINT, self.endpoint)
            yield
            context = self.execution_context
            name = context.operation_name
            kind = "query"
            # A document without the operation asked for has no type: call it a query.
            with contextlib.suppress(RuntimeError, GraphQLError):
                kind = context.operation_type.value
            span.update_name(f"{kind} {name}" if name else kind)
            span.set_attribute("graphql.operation.type", kind)
            if name:
                span.set_attribute("graphql.operation.name", name)
            errors = context.pre_execution_errors or (
                context.result.errors if context.result is not None else None
            )
            if errors:
                span.set_status(trace.Status(trace.StatusCode.ERROR, errors[0].message))
