"""The delivery cache: hits, precise invalidation (this process and others), HTTP caching,
persisted queries, and GraphQL-over-HTTP answers."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import re
import socket
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cms import model
from cms.api import cache, cache_tags
from cms.api.cache import Entry, ResponseCache
from cms.store import Change, open_store
from tests import factories, newsroom
from tests.conftest import Api, running_app

LIST = "{ articles(first: 5) { edges { node { slug headline authors { name } } } } }"
STORY = "query S($slug: String!) { article(slug: $slug) { headline authors { name } } }"


async def _get(api: Api, query: str, **params: Any) -> Any:
    return await api.client.get("/graphql", params={"query": query, **params})


async def _one_story(api: Api) -> model.Article:
    await factories.section(api.store)
    author = await factories.author(api.store)
    return await factories.story(api.store, slug="tram-line-opens", author_ids=(author,))


async def test_a_repeated_query_is_served_from_the_cache_without_the_database(api: Api) -> None:
    story = await _one_story(api)
    spaced = "{ articles(first: 5) {edges{node{slug headline authors{name}}}} }"
    first = await _get(api, LIST)
    assert first.headers["x-cache"] == "MISS"
    # The change stream still reports the writes above a moment later (each one drops the
    # answers it touches again); once it is quiet, the same document is a hit.
    for _ in range(100):
        api.commands.names.clear()
        again = await _get(api, spaced)
        if again.headers["x-cache"] == "HIT":
            break
        await asyncio.sleep(0.02)
    assert again.headers["x-cache"] == "HIT", "the same document, spaced differently"
    assert again.content == first.content
    assert api.commands.names == []
    keys = first.headers["surrogate-key"].split()
    assert f"article:{story.id}" in keys
    assert "list:all" in keys
    assert any(k.startswith("author:") for k in keys)
    assert first.headers["cache-control"] == (
        "public, max-age=30, s-maxage=300, stale-while-revalidate=60"
    )


async def _replayed(api: Api) -> float:
    text = (await api.client.get("/metrics")).text
    found = re.search(r'^cms_delivery_cache_total\{outcome="replayed"\} (\S+)$', text, re.M)
    assert found is not None
    return float(found.group(1))


def _own(response: Any) -> list[tuple[bytes, bytes]]:
    """A response's headers but its request id, which is every request's own."""
    return sorted((k, v) for k, v in response.headers.raw if k.lower() != b"x-request-id")


# An answer large enough to be compressed (over 1 KB).
PAGE = """query Page($slug: String!) {
  article(slug: $slug) { headline authors { name } seo { title description canonicalUrl }
    body { __typename ... on Paragraph { html text inlines { text bold italic href } } } }
}"""


async def test_a_cached_answer_is_sent_again_exactly_as_the_stack_sent_it(api: Api) -> None:
    await factories.section(api.store)
    author = await factories.author(api.store)
    body = tuple(
        factories.paragraph(f"Passengers on the new tram line queued at stop {n} before dawn.")
        for n in range(12)
    )
    story = await factories.story(
        api.store, slug="tram-line-opens", author_ids=(author,), body=body
    )
    query = {"query": PAGE, "variables": {"slug": story.slug}}
    for encoding in ("identity", "gzip", "br", "zstd"):
        for accept in ("application/json", "application/graphql-response+json"):
            asked = {"accept": accept, "accept-encoding": encoding}
            for _ in range(100):  # until the change stream has settled and it is kept
                if (await api.client.post("/graphql", json=query, headers=asked)).headers[
                    "x-cache"
                ] == "HIT":
                    break
                await asyncio.sleep(0.02)
            before = await _replayed(api)
            again = await api.client.post("/graphql", json=query, headers=asked)
            assert await _replayed(api) == before + 1, (encoding, accept)
            # The stack's own answer to the same request (an If-None-Match that matches
            # nothing goes through it, and is answered in full).
            stack = await api.client.post(
                "/graphql", json=query, headers={**asked, "if-none-match": '"elsewhere"'}
            )
            assert await _replayed(api) == before + 1
            assert again.status_code == stack.status_code == 200
            assert _own(again) == _own(stack), (encoding, accept)
            assert again.content == stack.content
            assert again.json()["data"]["article"]["authors"] == [{"name": "Ada Reporter"}]
            assert again.headers["content-type"].startswith(accept)
            assert again.headers.get("content-encoding", "identity") == encoding
    # What the stack alone answers goes through it: CORS for a page on another site.
    before = await _replayed(api)
    cors = await api.client.post("/graphql", json=query, headers={"origin": "https://x.example"})
    assert cors.headers["x-cache"] == "HIT"
    assert "Origin" in cors.headers["vary"]
    assert await _replayed(api) == before


async def test_a_change_ends_the_replay_of_what_it_made_stale(api: Api) -> None:
    story = await _one_story(api)
    query = {"query": STORY, "variables": {"slug": story.slug}}
    for _ in range(100):
        if (await api.client.post("/graphql", json=query)).headers["x-cache"] == "HIT":
            break
        await asyncio.sleep(0.02)
    before = await _replayed(api)
    assert (await api.client.post("/graphql", json=query)).json()["data"]["article"][
        "headline"
    ] == story.headline
    assert await _replayed(api) == before + 1
    await api.store.live_articles.put(dataclasses.replace(story, headline="Tram line delayed"))
    changed = await api.client.post("/graphql", json=query)
    assert changed.headers["x-cache"] == "MISS"
    assert changed.json()["data"]["article"]["headline"] == "Tram line delayed"


async def test_etags_and_not_modified(api: Api) -> None:
    await _one_story(api)
    first = await _get(api, LIST)
    etag = first.headers["etag"]
    assert etag.startswith('W/"'), "weak: compression gives the same content other bytes"
    unchanged = await api.client.get(
        "/graphql", params={"query": LIST}, headers={"if-none-match": etag}
    )
    assert unchanged.status_code == 304
    assert unchanged.content == b""


async def test_publishing_here_shows_at_once(api: Api) -> None:
    refs = await newsroom.newsroom(api)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    assert (await api.gql(LIST))["articles"]["edges"] == []
    created = await editor.gql(newsroom.CREATE, {"input": newsroom.story_input(refs)})
    story_id = created["createArticle"]["id"]
    for version, step in enumerate(("submitArticle", "approveArticle", "publishArticle"), 1):
        await editor.gql(newsroom.step(step), {"id": story_id, "v": version})

    edges = (await api.gql(LIST))["articles"]["edges"]
    assert [e["node"]["slug"] for e in edges] == ["harbour-bridge-closes"]
    shown = await api.gql(STORY, {"slug": "harbour-bridge-closes"})
    assert shown["article"]["headline"].startswith("Harbour bridge")


async def test_an_author_change_refreshes_the_pages_that_show_them(api: Api) -> None:
    story = await _one_story(api)
    assert (await api.gql(STORY, {"slug": story.slug}))["article"]["authors"] == [
        {"name": "Ada Reporter"}
    ]
    author = await api.store.authors.by_slug("ada-reporter")
    assert author is not None
    await api.store.authors.replace(dataclasses.replace(author, name="Ada Q. Reporter"))
    assert (await api.gql(STORY, {"slug": story.slug}))["article"]["authors"] == [
        {"name": "Ada Q. Reporter"}
    ]


async def test_a_list_by_an_author_nobody_has_yet_shows_them_once_they_publish(
    api: Api,
) -> None:
    by_author = '{ articles(author: "noor-field") { edges { node { slug } } } }'
    assert (await api.gql(by_author))["articles"]["edges"] == []
    await factories.section(api.store)
    author = await factories.author(api.store, slug="noor-field", name="Noor Field")
    await factories.story(api.store, slug="first-dispatch", author_ids=(author,))
    edges = (await api.gql(by_author))["articles"]["edges"]
    assert edges == [{"node": {"slug": "first-dispatch"}}], "the empty list was not kept"


async def test_another_process_publishing_reaches_this_cache_within_a_second(api: Api) -> None:
    await factories.section(api.store)
    author = await factories.author(api.store)
    assert (await api.gql(STORY, {"slug": "late-story"}))["article"] is None
    assert api.settings.mongodb_uri is not None
    other = open_store(api.settings.mongodb_uri, api.settings.database, timeout_ms=5000)
    try:
        await factories.story(other, slug="late-story", author_ids=(author,))
        loop = asyncio.get_running_loop()
        started = loop.time()
        while (await api.gql(STORY, {"slug": "late-story"}))["article"] is None:
            assert loop.time() - started < 1.0, "the change stream did not invalidate in time"
            await asyncio.sleep(0.02)
    finally:
        await other.close()


async def test_another_process_renaming_an_author_reaches_this_process_within_a_second(
    api: Api,
) -> None:
    """Delivery keeps the authors it has shown in memory: the change stream must make it forget
    them (the cached answers, and the author read again when the page is built anew)."""
    story = await _one_story(api)
    assert (await api.gql(STORY, {"slug": story.slug}))["article"]["authors"] == [
        {"name": "Ada Reporter"}
    ]
    assert api.settings.mongodb_uri is not None
    other = open_store(api.settings.mongodb_uri, api.settings.database, timeout_ms=5000)
    try:
        author = await other.authors.by_slug("ada-reporter")
        assert author is not None
        await other.authors.replace(dataclasses.replace(author, name="Ada Q. Reporter"))
        loop = asyncio.get_running_loop()
        started = loop.time()
        while (await api.gql(STORY, {"slug": story.slug}))["article"]["authors"] != [
            {"name": "Ada Q. Reporter"}
        ]:
            assert loop.time() - started < 1.0, "the change stream did not reach the authors"
            await asyncio.sleep(0.02)
    finally:
        await other.close()


async def test_errors_and_previews_are_never_cached(api: Api) -> None:
    bad = await api.client.post(
        "/graphql", json={"query": "{ articles(first: 500) { edges { cursor } } }"}
    )
    assert bad.headers["cache-control"] == "no-store"
    preview = await api.client.post(
        "/graphql",
        json={"query": 'query { article(slug: "x", previewToken: "nope") { slug } }'},
    )
    assert preview.headers["cache-control"] == "no-store"


async def test_automatic_persisted_queries(api: Api) -> None:
    await _one_story(api)
    digest = hashlib.sha256(LIST.encode()).hexdigest()
    extensions = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": digest}})

    unknown = await api.client.get("/graphql", params={"extensions": extensions})
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    registered = await api.client.get("/graphql", params={"query": LIST, "extensions": extensions})
    assert registered.status_code == 200
    short = await api.client.get("/graphql", params={"extensions": extensions})
    assert short.json() == registered.json()
    lying = await api.client.get(
        "/graphql", params={"query": "{ sections { slug } }", "extensions": extensions}
    )
    assert lying.status_code == 400


async def test_allowlist_mode_runs_only_registered_documents(api: Api, tmp_path: Any) -> None:
    allowed = tmp_path / "persisted.json"
    allowed.write_text(json.dumps([LIST]))
    settings = api.settings.model_copy(
        update={"persisted_queries_only": True, "persisted_queries_file": allowed}
    )
    async with running_app(settings, api.store, api.clock) as strict:
        ok = await strict.client.post("/graphql", json={"query": LIST})
        refused = await strict.client.post("/graphql", json={"query": "{ sections { slug } }"})
        digest = hashlib.sha256(LIST.encode()).hexdigest()
        by_hash = await strict.client.get(
            "/graphql",
            params={
                "extensions": json.dumps({"persistedQuery": {"version": 1, "sha256Hash": digest}})
            },
        )
    assert ok.status_code == 200
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"
    assert by_hash.status_code == 200


async def test_graphql_over_http_answers(api: Api) -> None:
    wrong_type = await api.client.post(
        "/graphql", content=b"query", headers={"content-type": "text/plain"}
    )
    assert wrong_type.status_code == 415
    broken = await api.client.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert broken.status_code == 400
    assert broken.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    parse_error = await api.client.post(
        "/graphql",
        json={"query": "{ articles("},
        headers={"accept": "application/graphql-response+json"},
    )
    assert parse_error.status_code == 400
    assert parse_error.headers["content-type"].startswith("application/graphql-response+json")
    legacy = await api.client.post("/graphql", json={"query": "{ articles("})
    assert legacy.status_code == 200
    assert legacy.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    batch = await api.client.post("/graphql", json=[{"query": LIST}])
    assert batch.status_code == 400


def test_the_cache_is_bounded_and_drops_exactly_the_tagged_entries() -> None:
    responses = ResponseCache(max_bytes=100)
    for name, tags in (("a", {"article:1"}), ("b", {"article:2"}), ("c", {"article:1", "x"})):
        assert responses.put(name, Entry(b"x" * 30, '"e"', frozenset(tags)), generation=0)
    assert responses.invalidate({"article:1"}) == 2
    assert responses.get("b") is not None
    assert responses.get("a") is None
    stale = responses.generation - 1
    assert not responses.put("d", Entry(b"y", '"e"', frozenset()), generation=stale)
    for n in range(10):
        responses.put(
            f"k{n}", Entry(b"z" * 30, '"e"', frozenset()), generation=responses.generation
        )
    assert responses.size <= 100
    assert len(responses) == 3


async def test_each_write_is_purged_once_whichever_process_made_it(api: Api) -> None:
    """Every process follows every write to refresh its own cache, but the CDN is purged
    through the outbox: each write's event is delivered once, by whichever process's
    dispatcher claims it, so a CDN does not get N purges per write from N processes."""
    received: list[Any] = []

    async def hook(request: Request) -> Response:
        received.append(await request.json())
        return Response(status_code=204)

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            Starlette(routes=[Route("/purge", hook, methods=["POST"])]),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
        )
    )
    serving = asyncio.create_task(server.serve())
    settings = api.settings.model_copy(
        update={
            "purge_webhook_url": f"http://127.0.0.1:{port}/purge",
            "webhooks_enabled": True,
            "webhook_poll_seconds": 0.05,
        }
    )
    assert settings.mongodb_uri is not None
    other = open_store(settings.mongodb_uri, settings.database, timeout_ms=5000)
    try:
        async with running_app(settings, api.store, api.clock) as app:
            await factories.section(app.store)
            author = await factories.author(app.store)
            story = await factories.story(app.store, slug="purged", author_ids=(author,))
            elsewhere = await factories.story(other, slug="written-elsewhere", author_ids=(author,))
            # Once another process's later write has reached this one's cache, the stream
            # has also delivered this process's own earlier write.
            for _ in range(100):
                if (await app.gql(STORY, {"slug": "written-elsewhere"}))["article"] is not None:
                    break
                await asyncio.sleep(0.02)
            else:
                raise AssertionError("the change stream did not deliver the other write")
            for _ in range(250):  # and both writes' purges have been delivered
                if all(
                    any(f"article:{written.id}" in r["tags"] for r in received)
                    for written in (story, elsewhere)
                ):
                    break
                await asyncio.sleep(0.02)
            await asyncio.sleep(0.1)
    finally:
        await other.close()
        server.should_exit = True
        await serving
    mentioning = [r["tags"] for r in received if f"article:{story.id}" in r["tags"]]
    assert len(mentioning) == 1, received
    assert "list:section:news" in mentioning[0]
    other_process = [r for r in received if f"article:{elsewhere.id}" in r["tags"]]
    assert len(other_process) == 1, "another process's write is purged once too"


PICTURED = "query S($slug: String!) { article(slug: $slug) { leadMedia { caption } } }"


async def test_a_picture_change_refreshes_the_story_pages_that_show_it(api: Api) -> None:
    story = await _one_story(api)
    assert story.lead_media is not None
    before = await api.gql(PICTURED, {"slug": story.slug})
    assert before["article"]["leadMedia"] == {"caption": "Flood water on Mill Lane."}
    asset = await api.store.media.get(story.lead_media.asset_id)
    assert asset is not None
    await api.store.media.replace(dataclasses.replace(asset, caption="Mill Lane, under water."))

    after = await api.gql(PICTURED, {"slug": story.slug})

    assert after["article"]["leadMedia"] == {"caption": "Mill Lane, under water."}


async def test_a_huge_slug_does_not_make_huge_headers(api: Api) -> None:
    """An attacker-chosen slug once went into Surrogate-Key and Cache-Tag whole (a 90,000-
    character slug made 180 KB of headers): a long tag travels as its kind and a hash, the
    same one the purge webhook sends for a write to that slug."""
    slug = "a" * 90_000
    response = await api.client.post("/graphql", json={"query": STORY, "variables": {"slug": slug}})
    assert response.status_code == 200, response.text
    assert response.json() == {"data": {"article": None}}
    headers = response.headers
    assert len(headers["surrogate-key"]) < 300, headers["surrogate-key"][:300]
    assert len(headers["cache-tag"]) < 300
    purged = {cache.header_tag(t) for t in cache_tags.tags_for_change(_live_change(slug))}
    assert cache.header_tag(f"slug:{slug}") in headers["surrogate-key"].split(" ")
    assert cache.header_tag(f"slug:{slug}") in purged, "the purge names the tag the answer had"
    assert all(len(tag) <= cache.MAX_HEADER_TAG for tag in headers["cache-tag"].split(","))


def _live_change(slug: str) -> Change:
    """What the change stream reports when a story with this slug goes live."""
    return Change(collection="live_articles", id="6b0000000000000000000009", facts={"slug": slug})
