"""A take-down takes a story down everywhere: previews, its pictures, CDN copies, archiving."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cms import model
from tests import factories, newsroom
from tests.conftest import Api, running_app
from tests.media_api import UPDATE_MEDIA, bearer, halves, upload
from tests.newsroom import CREATE, step

PAGE = """
query Page($slug: String!, $token: String) {
  article(slug: $slug, previewToken: $token) {
    headline
    leadMedia { url asset { url(width: 160, height: 90) } }
  }
}
"""

MINT = "mutation Mint($id: ID!) { createPreviewToken(id: $id) { token } }"
SLUG = "harbour-bridge-closes"


class Newsdesk:
    """An editor and a live story whose lead picture is its own, with a body picture that
    another live story shows too."""

    def __init__(self, api: Api, editor: Api, story_id: str, own: str, shared: str) -> None:
        self.api, self.editor = api, editor
        self.story_id, self.own, self.shared = story_id, own, shared

    async def take(self, mutation: str, version: int, *extra: str, **values: Any) -> Any:
        return await self.editor.post(
            step(mutation, *extra), {"id": self.story_id, "v": version, **values}
        )


async def _newsdesk(api: Api) -> Newsdesk:
    token = await newsroom.user(api, model.Role.ADMIN)
    editor = api.as_editor(token)
    refs = await newsroom.newsroom(api)
    own = (await upload(api, token, halves()))["id"]
    shared = (await upload(api, token, halves((300, 200))))["id"]
    for asset_id in (own, shared):
        await editor.gql(UPDATE_MEDIA, {"id": asset_id, "input": {"credit": "Ana Lim/Valeport"}})
    story = newsroom.story_input({**refs, "picture": own})
    story["body"].append({"media": {"assetId": shared}})
    created = (await editor.gql(CREATE, {"input": story}))["createArticle"]
    for version, mutation in enumerate(("submitArticle", "approveArticle", "publishArticle"), 1):
        await editor.gql(step(mutation), {"id": created["id"], "v": version})
    await factories.story(
        api.store, slug="ferry-returns", author_ids=(refs["author"],), lead_id=shared
    )
    return Newsdesk(api, editor, created["id"], own, shared)


async def _readers_urls(api: Api, asset_id: str) -> list[str]:
    query = "query U($id: ID!) { media(id: $id) { url rendition: url(width: 160, height: 90) } }"
    found = (await api.gql(query, {"id": asset_id}))["media"]
    return [found["url"], found["rendition"]]


async def test_a_preview_token_minted_before_a_take_down_shows_nothing(api: Api) -> None:
    desk = await _newsdesk(api)
    token = (await desk.editor.gql(MINT, {"id": desk.story_id}))["createPreviewToken"]["token"]
    before = await api.gql(PAGE, {"slug": SLUG, "token": token})
    preview_urls = [before["article"]["leadMedia"]["url"]]
    preview_urls.append(before["article"]["leadMedia"]["asset"]["url"])
    for url in preview_urls:
        assert (await api.client.get(url)).status_code == 200

    taken = await desk.take("takeDownArticle", 4, "reason", reason="Court order.")
    assert "errors" not in taken, taken

    assert await api.error_codes(PAGE, {"slug": SLUG, "token": token}) == ["TAKEN_DOWN"]
    for url in preview_urls:
        assert (await api.client.get(url)).status_code == 404, "the token opens no picture"
    minted = await desk.editor.post(MINT, {"id": desk.story_id})
    assert minted["errors"][0]["extensions"]["code"] == "TAKEN_DOWN"


async def test_its_own_pictures_go_and_shared_ones_stay(api: Api) -> None:
    desk = await _newsdesk(api)
    own, shared = await _readers_urls(api, desk.own), await _readers_urls(api, desk.shared)
    for url in own + shared:
        assert (await api.client.get(url)).status_code == 200

    await desk.take("takeDownArticle", 4, "reason", reason="Court order.")

    for url in own:
        assert (await api.client.get(url)).status_code == 404, url
        editors = await api.client.get(
            url.replace("/media/", "/admin/media/").replace("/renditions/", "/admin/renditions/"),
            headers=bearer(desk.editor.token),
        )
        assert editors.headers["cache-control"] == "private, no-store", "the desk still sees it"
    for url in shared:
        assert (await api.client.get(url)).status_code == 200, "another live story shows it"


async def test_an_archived_take_down_still_answers_taken_down(api: Api) -> None:
    desk = await _newsdesk(api)
    await desk.take("takeDownArticle", 4, "reason", reason="Court order.")

    archived = await desk.take("archiveArticle", 5)
    assert archived["data"]["archiveArticle"]["status"] == "ARCHIVED"

    assert await api.error_codes(PAGE, {"slug": SLUG}) == ["TAKEN_DOWN"]
    minted = await desk.editor.post(MINT, {"id": desk.story_id})
    assert minted["errors"][0]["extensions"]["code"] == "TAKEN_DOWN"


class Purges:
    """What a CDN's purge endpoint was sent: the tags of each purge, in order."""

    def __init__(self) -> None:
        self.received: list[list[str]] = []
        self._arrived = asyncio.Event()

    def add(self, tags: list[str]) -> None:
        self.received.append(tags)
        self._arrived.set()

    async def wait_for(self, tag: str, *, after: int = 0) -> None:
        """Until a purge numbered ``after`` or later names the tag (the webhook is called
        without holding up the answer that made the write)."""
        while not any(tag in tags for tags in self.received[after:]):
            self._arrived.clear()
            await asyncio.wait_for(self._arrived.wait(), timeout=10)


@asynccontextmanager
async def purge_receiver() -> AsyncIterator[tuple[str, Purges]]:
    """A CDN's purge endpoint on a free port: its URL, and the purges it got."""
    purges = Purges()

    async def hook(request: Request) -> Response:
        purges.add((await request.json())["tags"])
        return Response(status_code=204)

    # Listening before the server starts: a purge sent meanwhile waits in the backlog.
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    app = Starlette(routes=[Route("/purge", hook, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/purge", purges
    finally:
        server.should_exit = True
        await serving
        sock.close()


async def test_a_take_down_purges_its_own_pictures_from_the_cdn(api: Api) -> None:
    async with purge_receiver() as (url, purges):
        settings = api.settings.model_copy(
            update={
                "purge_webhook_url": url,
                "webhooks_enabled": True,
                "webhook_poll_seconds": 0.05,
            }
        )
        async with running_app(settings, api.store, api.clock) as app:
            desk = await _newsdesk(app)
            wanted = f"media:{desk.own}"
            for asset_id in (desk.own, desk.shared):  # the setup's (an edit purges its asset)
                await purges.wait_for(f"media:{asset_id}")
            earlier = len(purges.received)
            await desk.take("takeDownArticle", 4, "reason", reason="Court order.")
            await purges.wait_for(wanted, after=earlier)
    purged = {tag for tags in purges.received[earlier:] for tag in tags}
    assert wanted in purged
    assert f"media:{desk.shared}" not in purged, "another live story still shows it"
