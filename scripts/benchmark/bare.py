"""The reference apps of scripts/bench: a bare starlette handler on each driver, and the HTTP floor.

``bare_app`` (Motor, the driver issue 6 measured against) and ``bare_async_app`` (PyMongo's own
``AsyncMongoClient``, which the CMS uses) answer the two benchmark workloads the way a careful
hand-written handler would, with no GraphQL, no dataclasses and no cache: W1 (a story page by
slug) is one ``find`` on ``live_articles``, then at once one ``$in`` on ``authors`` and one on
``media`` (lead and inline pictures); W2 (a section front) is the section's 20 newest live
stories without their bodies, then at once ``$in`` authors and ``$in`` media. It takes the same
POST bodies as our ``/graphql`` (a ``slug`` variable means W1, a ``section`` variable W2),
answers JSON shaped like our GraphQL answer, keeps the sections in memory as the CMS does, and
counts its own database commands with a pymongo CommandListener (``GET /stats``, with the
requests served).

``floor_app`` is the HTTP floor: a starlette endpoint that reads the request and returns a
constant JSON body, as large as a typical answer of each workload (``POST /floor/W1``).

Both are ASGI factories for ``python -m uvicorn --factory --app-dir scripts benchmark.bare:...``;
they are configured by environment variables (``BENCH_MONGODB_URI``, ``BENCH_DATABASE``,
``BENCH_PUBLIC_URL``; ``BENCH_FLOOR_BYTES``, e.g. ``{"W1": 5200, "W2": 3900}``).
"""

from __future__ import annotations

import asyncio
import json
import os
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from html import escape
from typing import Any
from urllib.parse import urlsplit

from motor.motor_asyncio import AsyncIOMotorClient
from pymongo import AsyncMongoClient, monitoring
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

Doc = dict[str, Any]

FRONT_SIZE = 20
_ARTICLE_FIELDS = [
    "headline",
    "dek",
    "dateline",
    "published_at",
    "section",
    "bylines",
    "lead_media",
    "body",
]
_TEASER_FIELDS = ["headline", "slug", "dek", "published_at", "bylines", "lead_media"]
_MEDIA_FIELDS = ["file", "source_url", "caption", "credit", "rights_expire_at"]
_SAFE_SCHEMES = ("http", "https", "mailto")


class CommandCount(monitoring.CommandListener):
    """Every command the client sends, by name (and the requests served, for /stats)."""

    def __init__(self) -> None:
        self.by_name: Counter[str] = Counter()
        self.requests = 0

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.by_name[event.command_name] += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


def _dumps(payload: Any) -> bytes:
    return json.dumps(payload, separators=(",", ":"), default=str).encode()


# --- Rendering, as the delivery API renders ---------------------------------------------------


def _safe_link(href: str) -> bool:
    if href.startswith("/") and not href.startswith("//"):
        return True
    return urlsplit(href).scheme.lower() in _SAFE_SCHEMES


def _html(runs: list[Doc]) -> str:
    parts = []
    for run in runs:
        html = escape(run["text"], quote=False)
        marks = sorted(run.get("marks", ()))
        for mark in marks:
            tag = "strong" if mark == "BOLD" else "em"
            html = f"<{tag}>{html}</{tag}>"
        href = run.get("href")
        if href is not None and _safe_link(href):
            html = f'<a href="{escape(href)}">{html}</a>'
        parts.append(html)
    return "".join(parts)


class Renderer:
    def __init__(self, public_url: str, now: datetime) -> None:
        self.public_url, self.now = public_url, now

    def media_url(self, asset: Doc) -> str:
        if asset.get("file") is not None:
            return f"{self.public_url}/media/{asset['file']}"
        return str(asset.get("source_url") or "")

    def shown(self, asset: Doc | None) -> Doc | None:
        """Readers never get a picture past its rights."""
        if asset is None:
            return None
        expires = asset.get("rights_expire_at")
        return None if expires is not None and expires <= self.now else asset

    def placed(self, use: Doc | None, media: dict[Any, Doc]) -> Doc | None:
        if use is None:
            return None
        asset = self.shown(media.get(use["asset_id"]))
        if asset is None:
            return None
        return {
            "url": self.media_url(asset),
            "caption": use.get("caption") or asset.get("caption"),
            "credit": use.get("credit") or asset.get("credit"),
        }

    def block(self, block: Doc, media: dict[Any, Doc]) -> Doc | None:
        kind = block["type"]
        if kind == "paragraph":
            return {"__typename": "Paragraph", "html": _html(block["inlines"])}
        if kind == "block_quote":
            paragraphs = block.get("paragraphs") or [block.get("inlines") or []]
            text = "\n\n".join("".join(run["text"] for run in p) for p in paragraphs)
            return {
                "__typename": "BlockQuote",
                "text": text,
                "attribution": block.get("attribution"),
            }
        if kind == "media":
            placed = self.placed(block["media"], media)
            return None if placed is None else {"__typename": "MediaBlock", **placed}
        return {"__typename": kind}  # the benchmark's stories hold no other kind of block


# --- The handler ---------------------------------------------------------------------------------


class Bare:
    """W1 and W2 with dicts and either driver: the reference the CMS is measured against."""

    def __init__(self, db: Any, public_url: str) -> None:
        self.db, self.public_url = db, public_url
        self.sections: dict[str, Doc] = {}

    async def load_sections(self) -> None:
        cursor = self.db.sections.find({}, {"slug": 1, "name": 1, "_id": 0})
        self.sections = {doc["slug"]: doc async for doc in cursor}

    async def _by_ids(
        self, collection: str, ids: Iterable[Any], fields: list[str]
    ) -> dict[Any, Doc]:
        wanted = list(set(ids))
        if not wanted:
            return {}
        cursor = self.db[collection].find({"_id": {"$in": wanted}}, fields)
        return {doc["_id"]: doc async for doc in cursor}

    async def page(self, slug: str) -> Doc:
        story = await self.db.live_articles.find_one({"slug": slug}, _ARTICLE_FIELDS)
        if story is None:
            return {"article": None}
        body = story.get("body", [])
        media_ids = [b["media"]["asset_id"] for b in body if b["type"] == "media"]
        if "lead_media" in story:
            media_ids.append(story["lead_media"]["asset_id"])
        author_ids = [b["author_id"] for b in story.get("bylines", [])]
        authors, media = await asyncio.gather(
            self._by_ids("authors", author_ids, ["name", "slug"]),
            self._by_ids("media", media_ids, _MEDIA_FIELDS),
        )
        render = Renderer(self.public_url, datetime.now(UTC))
        section = self.sections.get(story.get("section", ""))
        blocks = (render.block(block, media) for block in body)
        return {
            "article": {
                "headline": story["headline"],
                "dek": story.get("dek"),
                "dateline": story.get("dateline"),
                "publishedAt": story["published_at"].isoformat().replace("+00:00", "Z"),
                "section": None if section is None else {k: section[k] for k in ("slug", "name")},
                "authors": [
                    {"name": authors[i]["name"], "slug": authors[i]["slug"]}
                    for i in author_ids
                    if i in authors
                ],
                "leadMedia": render.placed(story.get("lead_media"), media),
                "body": [block for block in blocks if block is not None],
            }
        }

    async def front(self, section: str) -> Doc:
        cursor = (
            self.db.live_articles.find({"section": section}, _TEASER_FIELDS)
            .sort([("published_at", -1), ("_id", -1)])
            .limit(FRONT_SIZE)
        )
        stories = [doc async for doc in cursor]
        author_ids = [b["author_id"] for s in stories for b in s.get("bylines", [])]
        lead_ids = [s["lead_media"]["asset_id"] for s in stories if "lead_media" in s]
        authors, media = await asyncio.gather(
            self._by_ids("authors", author_ids, ["name"]),
            self._by_ids("media", lead_ids, _MEDIA_FIELDS),
        )
        render = Renderer(self.public_url, datetime.now(UTC))

        def node(story: Doc) -> Doc:
            lead = render.shown(media.get(story.get("lead_media", {}).get("asset_id")))
            names = [b["author_id"] for b in story.get("bylines", [])]
            return {
                "headline": story["headline"],
                "slug": story["slug"],
                "dek": story.get("dek"),
                "authors": [{"name": authors[i]["name"]} for i in names if i in authors],
                "leadMedia": None if lead is None else {"url": render.media_url(lead)},
            }

        return {"articles": {"edges": [{"node": node(story)} for story in stories]}}


def bare_app() -> Starlette:
    """The bare handler on Motor, reading BENCH_MONGODB_URI / BENCH_DATABASE / BENCH_PUBLIC_URL."""
    counter = CommandCount()
    client: AsyncIOMotorClient[Doc] = AsyncIOMotorClient(
        os.environ["BENCH_MONGODB_URI"], tz_aware=True, event_listeners=[counter]
    )

    async def close() -> None:
        client.close()

    return _bare(client, counter, close)


def bare_async_app() -> Starlette:
    """The same handler on PyMongo's AsyncMongoClient, the driver of cms/store."""
    counter = CommandCount()
    client: AsyncMongoClient[Doc] = AsyncMongoClient(
        os.environ["BENCH_MONGODB_URI"], tz_aware=True, event_listeners=[counter]
    )
    return _bare(client, counter, client.close)


def _bare(client: Any, counter: CommandCount, close: Callable[[], Awaitable[None]]) -> Starlette:
    bare = Bare(
        client[os.environ.get("BENCH_DATABASE", "newsroom")], os.environ["BENCH_PUBLIC_URL"]
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await bare.load_sections()
        yield
        await close()

    async def graphql(request: Request) -> Response:
        variables = json.loads(await request.body()).get("variables") or {}
        if "slug" in variables:
            data = await bare.page(str(variables["slug"]))
        elif "section" in variables:
            data = await bare.front(str(variables["section"]))
        else:
            return JSONResponse({"errors": [{"message": "W1 or W2 only"}]}, status_code=400)
        counter.requests += 1  # counted when answered, as our metrics middleware does
        return Response(_dumps({"data": data}), media_type="application/json")

    async def stats(request: Request) -> Response:
        return JSONResponse({"requests": counter.requests, "commands": dict(counter.by_name)})

    routes = [
        Route("/graphql", graphql, methods=["POST"]),
        Route("/stats", stats),
        Route("/healthz", healthz),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


# --- The HTTP floor ------------------------------------------------------------------------------


def constant_body(size: int) -> bytes:
    """A JSON object of exactly ``size`` bytes (at least the smallest one we can write)."""
    shell = b'{"data":{"pad":""}}'
    return shell[:-3] + b"x" * max(0, size - len(shell)) + shell[-3:]


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


def floor_app() -> Starlette:
    """POST /floor/{workload}: a constant body of BENCH_FLOOR_BYTES[workload] bytes."""
    sizes: dict[str, int] = json.loads(os.environ.get("BENCH_FLOOR_BYTES", "{}"))
    bodies = {name: constant_body(size) for name, size in sizes.items()}
    served = [0]

    async def floor(request: Request) -> Response:
        served[0] += 1
        await request.body()
        body = bodies.get(request.path_params["workload"])
        if body is None:
            return JSONResponse({"error": "unknown workload"}, status_code=404)
        return Response(body, media_type="application/json")

    async def stats(request: Request) -> Response:
        return JSONResponse({"requests": served[0], "commands": {}})

    routes = [
        Route("/floor/{workload}", floor, methods=["POST"]),
        Route("/stats", stats),
        Route("/healthz", healthz),
    ]
    return Starlette(routes=routes)
