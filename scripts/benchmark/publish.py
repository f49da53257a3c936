"""How long a publish takes to show on the cached server."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from benchmark.load import Load
from benchmark.measuring import Bench, post
from benchmark.newsroom import Newsroom
from benchmark.options import DATABASE, EDITOR_EMAIL, EDITOR_PASSWORD, W1, W2
from cms import model
from cms.domain import accounts
from cms.store import open_store


@dataclass
class PublishResult:
    publish_ms: float
    visible_page_ms: float | None
    visible_front_ms: float | None
    written_on: str
    watched_on: str


async def _admin(client: httpx.AsyncClient, url: str, query: str, token: str | None = None) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await client.post(url, json={"query": query}, headers=headers)
    body = response.json()
    if body.get("errors"):
        raise RuntimeError(f"/admin/graphql: {body['errors']}")
    return body["data"]


async def publish_visible(bench: Bench, uri: str, newsroom: Newsroom) -> PublishResult:
    """Edit and republish the newest story on one CMS process; time until the cached one shows
    the new headline on its story page and its section front."""
    store = open_store(uri, DATABASE, timeout_ms=30_000)
    try:
        await accounts.create_user(
            store,
            email=EDITOR_EMAIL,
            role=model.Role.EDITOR,
            password=EDITOR_PASSWORD,
            now=datetime.now(UTC),
        )
    finally:
        await store.close()
    writer, watched = bench.servers["cms"], bench.servers["cms-cached"]
    admin = f"{writer.base}/admin/graphql"
    page = Load("/graphql", W1, "slug", (newsroom.newest_slug,))
    front = Load("/graphql", W2, "section", (newsroom.newest_section,))
    headline = f"Updated at {datetime.now(UTC):%H:%M:%S.%f}"
    async with httpx.AsyncClient(timeout=30) as client:
        login = await _admin(
            client,
            admin,
            f'mutation {{ login(email: "{EDITOR_EMAIL}", password: "{EDITOR_PASSWORD}") '
            "{ token } }",
        )
        token = login["login"]["token"]
        story = newsroom.newest_id
        edited = await _admin(
            client,
            admin,
            f'mutation {{ updateArticle(id: "{story}", expectedVersion: 1, '
            f'input: {{ headline: "{headline}" }}) {{ version }} }}',
            token,
        )
        version = edited["updateArticle"]["version"]

        async def shows(load: Load, value: str) -> bool:
            response = await post(client, f"{watched.base}/graphql", load, value)
            return headline in response.text

        for load, value in ((page, page.values[0]), (front, front.values[0])):
            await shows(load, value)  # cached now, with the old headline
            if await shows(load, value):
                raise RuntimeError("the cached server shows an edit that was not published")
        started = time.perf_counter()
        await _admin(
            client,
            admin,
            f'mutation {{ publishArticle(id: "{story}", expectedVersion: {version}) '
            "{ version status } }",
            token,
        )
        published = time.perf_counter()
        seen: dict[str, float] = {}
        while len(seen) < 2 and time.perf_counter() - started < 10:
            for name, load, value in (
                ("page", page, page.values[0]),
                ("front", front, front.values[0]),
            ):
                if name not in seen and await shows(load, value):
                    seen[name] = (time.perf_counter() - started) * 1000
            await asyncio.sleep(0.002)
    return PublishResult(
        publish_ms=(published - started) * 1000,
        visible_page_ms=seen.get("page"),
        visible_front_ms=seen.get("front"),
        written_on=writer.name,
        watched_on=watched.name,
    )
