"""The application: every route in one place, and the resources its lifespan opens and closes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute

from cms import logs
from cms.api.delivery import delivery_schema
from cms.api.management import management_schema
from cms.api.webhooks_admin import policy_from
from cms.config import Settings
from cms.demo import DemoAlreadyLoaded, load_demo
from cms.domain import security, tagging, webhooks
from cms.domain.live import Broadcast
from cms.errors import DatabaseUnavailable, StorageUnavailable
from cms.http import auth, feeds, ninjs, sitemaps
from cms.http import middleware as web
from cms.http.compression import CompressAnswers
from cms.http.delivery import GRAPHQL_RESPONSE, DeliveryEndpoint, DeliveryState
from cms.http.desk import PATH as DESK_PATH
from cms.http.desk import PREFIX as DESK_PREFIX
from cms.http.desk import desk_endpoint, redirect_to_desk
from cms.http.live import LiveEndpoint, LiveFigures, plain_document
from cms.http.management import JsonGuard, ManagementGraphQL, SignedInUploads
from cms.http.media import EDITORS_PATH as EDITORS_MEDIA_PATH
from cms.http.media import PATH as MEDIA_PATH
from cms.http.media import original_endpoint
from cms.http.metrics import Metrics, MetricsMiddleware
from cms.http.rate_limits import SharedLimit
from cms.http.renditions import EDITORS_PATH as EDITORS_RENDITION_PATH
from cms.http.renditions import PATH as RENDITION_PATH
from cms.http.renditions import RenditionEndpoint
from cms.http.replay import Replays
from cms.http.subscribers import (
    connect_editor,
    connect_reader,
    delivery_document,
    still_signed_in,
)
from cms.http.upload_limit import BodyLimit
from cms.http.webhooks import Sender
from cms.server import counting, dispatcher, runtime, scheduler
from cms.server.database import open_database
from cms.server.media_storage import open_media_files
from cms.server.tasks import running_while
from cms.server.tracing import Tracing
from cms.store import Store, StreamPosition
from cms.store.files import MediaFiles

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

log = logging.getLogger("cms")


async def _load_demo_if_empty(store: Store, files: MediaFiles) -> None:
    try:
        summary = await load_demo(store, files, now=datetime.now(UTC))
    except DemoAlreadyLoaded:
        log.info("database already has content; demo newsroom not loaded")
        return
    log.info("loaded the demo newsroom: %s", summary)


async def _give_tags_documents(store: Store, *, now: datetime) -> None:
    """Tags that stories saved before tags were documents name get theirs (see tagging)."""
    made = await tagging.give_tags_documents(store, now=now)
    if made:
        log.info("gave %d tags named by older stories their documents", made)


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    store: Store = request.state.store
    try:
        await store.ping()
    except DatabaseUnavailable:
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, 503)
    return JSONResponse({"status": "ok", "database": "ok"})


async def _until_following(following: asyncio.Event, *, seconds: float) -> None:
    """Serve once the outbox is followed (or after ``seconds``, with a warning)."""
    try:
        await asyncio.wait_for(following.wait(), seconds)
    except TimeoutError:
        log.warning("the outbox's change stream is not open; subscriptions wait for it")


def utc_now() -> datetime:
    return datetime.now(UTC)


def _dispatcher(store: Store, settings: Settings, metrics: Metrics) -> dispatcher.Dispatcher:
    """The webhook dispatcher of this process, sending with webhooks' HTTP client; it keeps
    its own clock (the network's time, for retries and signatures), not the app's."""
    policy = policy_from(settings)
    sender = Sender(policy=policy, timeout=settings.webhook_timeout_seconds)
    return dispatcher.Dispatcher(
        store,
        send=sender.send,
        close=sender.close,
        policy=policy,
        poll_seconds=settings.webhook_poll_seconds,
        concurrency=settings.webhook_concurrency,
        clock=utc_now,
        report=dispatcher.Report(delivery=metrics.count_delivery, lag=metrics.set_outbox_lag),
    )


def create_app(
    settings: Settings,
    *,
    load_demo: bool = False,
    command_listeners: Sequence[Any] = (),
    clock: Callable[[], datetime] = utc_now,
    settle_heap: bool = False,
    tracer_provider: TracerProvider | None = None,
) -> Starlette:
    """The CMS as an ASGI app; nothing is opened until its lifespan starts.

    ``settle_heap``: a serving process (not a test) freezes what startup built once it is
    ready, so the garbage collector stops walking the schema on every full collection.
    ``tracer_provider``: where spans go with ``CMS_TRACING=true`` (by default a provider
    exporting as the ``OTEL_*`` variables say, shut down with the app).
    """
    security.configure_hashing(settings)
    metrics = Metrics()
    login_limiter = SharedLimit(limit=settings.login_attempts_per_minute, window_seconds=60)
    tracing = Tracing.start(settings, tracer_provider)
    listeners = [metrics.command_listener(), *command_listeners, *tracing.command_listeners]
    renditions = RenditionEndpoint(settings)
    # Live subscriptions: one broadcast per process, fed by one change stream on the outbox.
    broadcast = Broadcast(
        queue_size=settings.subscription_queue, per_client=settings.subscriptions_per_client
    )
    position = StreamPosition()
    following = asyncio.Event()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        async with (
            tracing.running(),
            open_media_files(settings) as files,
            open_database(settings, listeners=listeners) as store,
        ):
            await _give_tags_documents(store, now=clock())
            if load_demo:
                await _load_demo_if_empty(store, files)
            delivery_state = DeliveryState.build(settings, store)
            delivery_state.followers.append(renditions.on_change)
            store.on_own_writes(delivery_state.on_own_write)
            events = store.follow_events(
                on_event=broadcast.publish, on_open=following.set, position=position
            )
            await webhooks.keep_cdn_purge(store, url=settings.purge_webhook_url, now=utc_now())
            outbox = _dispatcher(store, settings, metrics) if settings.webhooks_enabled else None
            if outbox is not None:
                store.on_own_writes(outbox.wake_on)
            async with (
                scheduler.running(store, settings=settings, clock=clock),
                counting.running(store, settings=settings),
                running_while(delivery_state.follow_changes(), name="change-follower"),
                running_while(events, name="event-follower"),
                dispatcher.running(outbox),
            ):
                await delivery_state.wait_until_watching(seconds=5)
                await _until_following(following, seconds=5)
                if settle_heap:
                    runtime.settle_heap()
                yield {
                    "store": store,
                    "files": files,
                    "settings": settings,
                    "clock": clock,
                    "delivery": delivery_state,
                    "metrics": metrics,
                    "login_limiter": login_limiter,
                    "live": broadcast,
                }

    limits = settings.query_limits()
    # What a stranger may learn of the schemas: the same on both endpoints.
    shown = {
        "introspection": settings.allows_introspection,
        "suggestions": not settings.is_production,
    }
    delivery = DeliveryEndpoint(
        delivery_schema(limits, **shown, traced=tracing.operation_spans("delivery")),
        graphiql=not settings.is_production,
    )
    management = ManagementGraphQL(
        management_schema(limits, **shown, traced=tracing.operation_spans("management")),
        graphql_ide=None if settings.is_production else "graphiql",
        allow_queries_via_get=False,
        multipart_uploads_enabled=True,
    )
    originals = original_endpoint()
    delivery_live = LiveEndpoint(
        delivery.schema, name="delivery", connect=connect_reader, check_document=delivery_document
    )
    management_live = LiveEndpoint(
        management.schema,  # type: ignore[arg-type]
        name="management",
        connect=connect_editor,
        check_document=plain_document,
        still_allowed=still_signed_in,
    )
    for endpoint in (delivery_live, management_live):
        endpoint.count_errors = metrics.count_errors
    metrics.watch_live(LiveFigures(broadcast, position, (delivery_live, management_live)))
    routes = [
        Route("/graphql", delivery.handle, methods=["GET", "POST"]),
        Route(
            "/admin/graphql",
            SignedInUploads(
                BodyLimit(
                    JsonGuard(management, max_bytes=2 * settings.max_document_bytes),
                    max_upload_bytes=settings.max_upload_bytes,
                )
            ),
            methods=["GET", "POST"],
        ),
        WebSocketRoute("/graphql", delivery_live),
        WebSocketRoute("/admin/graphql", management_live),
        Route(RENDITION_PATH, renditions.serve, methods=["GET", "HEAD"]),
        Route(MEDIA_PATH, originals, methods=["GET", "HEAD"]),
        # The same files for the desk, under /admin where its session cookie goes.
        Route(EDITORS_RENDITION_PATH, renditions.serve, methods=["GET", "HEAD"]),
        Route(EDITORS_MEDIA_PATH, originals, methods=["GET", "HEAD"]),
        Route(DESK_PREFIX, redirect_to_desk, methods=["GET", "HEAD"]),
        Route(DESK_PATH, desk_endpoint(settings.desk_dir), methods=["GET", "HEAD"]),
        # Syndication and search engines: feeds, sitemaps, robots.txt, ninjs.
        Route("/feeds/{format}", feeds.feed, methods=["GET", "HEAD"]),
        Route("/feeds/{format}/{kind}/{slug}", feeds.feed, methods=["GET", "HEAD"]),
        Route("/rss", feeds.feed, methods=["GET", "HEAD"]),
        Route("/feed", feeds.feed, methods=["GET", "HEAD"]),
        Route(sitemaps.INDEX_PATH, sitemaps.index, methods=["GET", "HEAD"]),
        Route(sitemaps.NEWS_PATH, sitemaps.news, methods=["GET", "HEAD"]),
        Route(sitemaps.SECTIONS_PATH, sitemaps.sections, methods=["GET", "HEAD"]),
        Route(sitemaps.AUTHORS_PATH, sitemaps.authors, methods=["GET", "HEAD"]),
        Route("/sitemaps/articles/{month}.xml", sitemaps.articles, methods=["GET", "HEAD"]),
        Route("/robots.txt", sitemaps.robots, methods=["GET", "HEAD"]),
        Route(ninjs.PATH, ninjs.story, methods=["GET", "HEAD"]),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/metrics", metrics.endpoint),
    ]
    rate_check = None
    if settings.rate_limit:
        limit = SharedLimit(
            limit=settings.rate_limit_burst,
            window_seconds=settings.rate_limit_burst / settings.rate_limit_per_second,
        )
        rate_check = auth.limit_by_caller(limit)
    middleware = [
        Middleware(web.RequestIds),
        Middleware(MetricsMiddleware, metrics=metrics),
        # A cached delivery answer is sent as the stack below sent it (cms/http/replay.py).
        Middleware(
            Replays,
            max_bytes=settings.response_cache_bytes // 4,
            metrics=metrics,
            rate_check=rate_check,
        ),
        # Text answers over 1 KB, in what the client accepts: zstd, brotli or gzip.
        Middleware(
            CompressAnswers,
            skip=DESK_PREFIX,
            compressed_types=(GRAPHQL_RESPONSE, *feeds.MEDIA_TYPES.values(), "application/xml"),
        ),
        Middleware(web.SecurityHeaders, production=settings.is_production),
        Middleware(web.LastResort),
        Middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["authorization", "content-type", "x-request-id", *web.PREFLIGHT_HEADERS],
            expose_headers=["etag", "x-request-id", "x-cache"],
            max_age=600,
        ),
        Middleware(web.CsrfGuard),
    ]
    # Outermost: the request's span (continuing the caller's `traceparent`) covers it all.
    middleware[:0] = tracing.middleware
    if rate_check is not None:
        middleware.append(Middleware(web.RateLimit, check=rate_check))
    return Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={
            HTTPException: web.http_error,
            DatabaseUnavailable: web.unavailable,
            StorageUnavailable: web.unavailable,
        },
    )


def app_from_environment() -> Starlette:
    """The app for each of several worker processes, configured from CMS_* variables."""
    logs.configure_from_environment()
    return create_app(Settings(), settle_heap=True)
