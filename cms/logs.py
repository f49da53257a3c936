"""Logging: one line per event, JSON in production, each with the request id it belongs to."""

from __future__ import annotations

import contextvars
import logging

from pythonjsonlogger.json import JsonFormatter

# The id of the request being served (set by cms.http.middleware.RequestIds), on every log line.
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class _RequestId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


def configure(*, json_lines: bool, level: int = logging.INFO) -> None:
    """Send every log record to stderr, as JSON objects or as readable text."""
    handler = logging.StreamHandler()
    handler.addFilter(_RequestId())
    if json_lines:
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
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
    configure(json_lines=(chosen or ("json" if production else "text")) == "json")
