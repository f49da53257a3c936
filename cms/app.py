"""The application: every route in one place, and the resources its lifespan opens and closes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from cms import scheduler
from cms.api.delivery import delivery_schema
from cms.api.http import DeliveryGraphQL, ManagementGraphQL
from cms.api.management import management_schema
from cms.config import Settings
from cms.database import open_database
from cms.demo import DemoAlreadyLoaded, load_demo
from cms.errors import DatabaseUnavailable
from cms.store import Store
from cms.store.files import LocalMediaFiles

log = logging.getLogger("cms")


async def _load_demo_if_empty(store: Store, settings: Settings) -> None:
    try:
        summary = await load_demo(store, LocalMediaFiles(settings.media_dir), now=datetime.now(UTC))
    except DemoAlreadyLoaded:
        log.info("database already has content; demo newsroom not loaded")
        return
    log.info("loaded the demo newsroom: %s", summary)


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    store: Store = request.state.store
    try:
        await store.ping()
    except DatabaseUnavailable:
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, 503)
    return JSONResponse({"status": "ok", "database": "ok"})


def utc_now() -> datetime:
    return datetime.now(UTC)


def create_app(
    settings: Settings,
    *,
    load_demo: bool = False,
    command_listeners: Sequence[Any] = (),
    clock: Callable[[], datetime] = utc_now,
) -> Starlette:
    """The CMS as an ASGI app; nothing is opened until its lifespan starts."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        settings.media_dir.mkdir(parents=True, exist_ok=True)
        async with open_database(settings, listeners=command_listeners) as store:
            if load_demo:
                await _load_demo_if_empty(store, settings)
            async with scheduler.running(store, settings=settings, clock=clock):
                yield {"store": store, "settings": settings, "clock": clock}

    delivery = DeliveryGraphQL(
        delivery_schema(),
        graphql_ide=None if settings.is_production else "graphiql",
        allow_queries_via_get=True,
    )
    management = ManagementGraphQL(
        management_schema(),
        graphql_ide=None if settings.is_production else "graphiql",
        allow_queries_via_get=False,
    )
    routes = [
        Route("/graphql", delivery, methods=["GET", "POST"]),
        Route("/admin/graphql", management, methods=["GET", "POST"]),
        Mount("/media", StaticFiles(directory=settings.media_dir, check_dir=False), name="media"),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
    ]
    return Starlette(routes=routes, lifespan=lifespan)
