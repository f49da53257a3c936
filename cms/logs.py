"""Logging: one line per event, JSON in production, each with the request id it belongs to
(and, with ``CMS_TRACING=true``, the OpenTelemetry trace and span it was written in)."""

from __future__ import annotations

import contextvars
import logging
from typing import IO

from pythonjsonlogger.json import JsonFormatter

# The id of the request being served (set by cms.http.middleware.RequestIds), on every log line.
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class _RequestId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class _TraceIds(logging.Filter):
    """The trace and span current where the record was written (``-`` outside any)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from opentelemetry import trace

        context = trace.get_current_span().get_span_context()
        record.trace_id = trace.format_trace_id(context.trace_id) if context.is_valid else "-"
        record.span_id = trace.format_span_id(context.span_id) if context.is_valid else "-"
        return True


def handler(
    *, json_lines: bool, tracing: bool = False, stream: IO[str] | None = None
) -> logging.Handler:
    """A handler writing to stderr (or ``stream``), as JSON objects or readable text, each line
    with its request id, and with its trace and span ids when tracing is on."""
    written = logging.StreamHandler(stream)
    written.addFilter(_RequestId())
    ids = "%(request_id)s"
    if tracing:
        written.addFilter(_TraceIds())
        ids += " %(trace_id)s %(span_id)s"
    if json_lines:
        written.setFormatter(
            JsonFormatter(
                f"%(asctime)s %(levelname)s %(name)s %(message)s {ids}",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        written.setFormatter(
            logging.Formatter(f"%(asctime)s %(levelname)s %(name)s [{ids}] %(message)s")
        )
    return written


def configure(*, json_lines: bool, tracing: bool = False, level: int = logging.INFO) -> None:
    """Send every log record to stderr (see ``handler``)."""
    root = logging.getLogger()
    root.handlers[:] = [handler(json_lines=json_lines, tracing=tracing)]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True


def configure_from_environment() -> None:
    """JSON lines in production (or with CMS_LOG_FORMAT=json), readable text otherwise."""
    from pydantic import ValidationError

    from cms.config import Settings

    try:
        settings: Settings | None = Settings()
    except ValidationError:
        settings = None  # each command reports bad settings itself, clearly
    chosen = settings.log_format if settings is not None else None
    production = settings is not None and settings.is_production
    configure(
        json_lines=(chosen or ("json" if production else "text")) == "json",
        tracing=settings is not None and settings.tracing,
    )
