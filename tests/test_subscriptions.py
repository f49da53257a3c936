"""Live GraphQL subscriptions over WebSocket (graphql-transport-ws), on a real uvicorn."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import pytest

from cms import model
from cms.config import Settings
from cms.http.middleware import SESSION_COOKIE
from cms.store import Store
from tests import factories, newsroom
from tests.conftest import Api, Clock
from tests.live import Served, error_codes, serving, socket_to
from tests.newsroom import CREATE, UPDATE, step

R = model.Role

ARTICLE_UPDATED = """
subscription Live($slug: String!) {
  articleUpdated(slug: $slug) { change slug at article { headline dek } }
}
"""
PUBLISHED = """
subscription Front($section: String, $tag: String) {
  articlesPublished(section: $section, tag: $tag) { change slug article { slug headline } }
}
"""
FRONT = """
subscription Front($section: String, $below: Boolean) {
  articlesPublished(section: $section, includeSubsections: $below) {
    slug article { section { slug } }
  }
}
"""
STORY_CHANGED = """
subscription Story($id: ID!) {
  storyChanged(id: $id) { change storyId version status title by { id name } }
}
"""
DESK_ACTIVITY = "subscription { deskActivity { change storyId title } }"


async def test_a_socket_without_graphql_transport_ws_is_refused(
    settings: Settings, store: Store, clock: Clock
) -> None:
    async with (
        serving(settings, clock) as served,
        socket_to(f"{served.ws_url}/graphql", subprotocols=("graphql-ws",)) as ws,
    ):
        closed = await ws.closed()
    assert closed.code == 4406
    assert "graphql-transport-ws" in closed.reason


async def test_only_subscriptions_run_over_the_socket(
    settings: Settings, store: Store, clock: Clock
) -> None:
    async with serving(settings, clock) as served, socket_to(f"{served.ws_url}/graphql") as ws:
        assert (await ws.init())["type"] == "connection_ack"
        await ws.subscribe("1", "{ sections { slug } }")
        refused = await ws.receive()
    assert refused["type"] == "error"
    assert refused["id"] == "1"
    assert await error_codes(refused) == ["METHOD_NOT_ALLOWED"]


async def _approved_story(editor: Api, refs: dict[str, str], slug: str) -> tuple[str, int]:
    """A story created, submitted and approved by the editor: (id, version)."""
    created = await editor.gql(CREATE, {"input": newsroom.story_input(refs, slug)})
    story_id = created["createArticle"]["id"]
    await editor.gql(step("submitArticle"), {"id": story_id, "v": 1})
    await editor.gql(step("approveArticle"), {"id": story_id, "v": 2})
    return story_id, 3


async def test_a_reader_sees_a_publish_within_a_second_and_never_a_draft(
    settings: Settings, store: Store, clock: Clock
) -> None:
    async with serving(settings, clock) as served:
        api = served.api
        refs = await newsroom.newsroom(api)
        editor = api.as_editor(await newsroom.user(api, R.EDITOR))
        story_id, version = await _approved_story(editor, refs, "harbour-bridge-closes")
        async with socket_to(f"{served.ws_url}/graphql") as reader:
            assert (await reader.init())["type"] == "connection_ack"
            await reader.subscribe("page", ARTICLE_UPDATED, {"slug": "harbour-bridge-closes"})
            await reader.subscribe("front", PUBLISHED, {"section": "news"})
            await served.until_open(2)
            metrics = (await api.client.get("/metrics")).text
            draft = {"headline": "Harbour bridge: a draft nobody may read yet"}
            await editor.gql(UPDATE, {"id": story_id, "v": version, "input": draft})

            sent = time.perf_counter()
            await editor.gql(step("publishArticle"), {"id": story_id, "v": version + 1})
            first = await reader.receive()
            took = time.perf_counter() - sent
            second = await reader.receive()
            by_id = {first["id"]: first, second["id"]: second}

            # A later draft edit stays private: the next thing the page hears is the unpublish.
            secret = {"headline": "Harbour bridge: the desk's second thoughts"}
            await editor.gql(UPDATE, {"id": story_id, "v": version + 2, "input": secret})
            await editor.gql(
                step("unpublishArticle", "reason"),
                {"id": story_id, "v": version + 3, "reason": "Legal asked for a pause."},
            )
            gone = await reader.receive()
    assert took < 1.0, f"the publish took {took:.3f} s to reach the subscriber"
    assert 'cms_subscriptions_open{endpoint="delivery"} 2.0' in metrics
    page = by_id["page"]["payload"]["data"]["articleUpdated"]
    assert page["change"] == "PUBLISHED"
    assert page["article"]["headline"] == draft["headline"], "as published, read at that time"
    front = by_id["front"]["payload"]["data"]["articlesPublished"]
    assert front == {
        "change": "PUBLISHED",
        "slug": "harbour-bridge-closes",
        "article": {"slug": "harbour-bridge-closes", "headline": draft["headline"]},
    }
    assert gone["id"] == "page"
    assert gone["payload"]["data"]["articleUpdated"]["change"] == "UNPUBLISHED"
    assert gone["payload"]["data"]["articleUpdated"]["article"] is None


async def test_a_section_front_hears_of_its_subsections_unless_it_asks_for_it_alone(
    settings: Settings, store: Store, clock: Clock
) -> None:
    async with serving(settings, clock) as served:
        api = served.api
        refs = await newsroom.newsroom(api)
        await factories.section(api.store, "politics", "Politics", parent="news")
        editor = api.as_editor(await newsroom.user(api, R.EDITOR))
        async with socket_to(f"{served.ws_url}/graphql") as reader:
            await reader.init()
            await reader.subscribe("with", FRONT, {"section": "news"})
            await reader.subscribe("alone", FRONT, {"section": "news", "below": False})
            await served.until_open(2)
            for slug, section in (("council-tax-vote", "politics"), ("ferry-strike", "news")):
                story = {**newsroom.story_input(refs, slug), "section": section}
                created = await editor.gql(CREATE, {"input": story})
                story_id = created["createArticle"]["id"]
                for v, mutation in enumerate(("submitArticle", "approveArticle", "publishArticle")):
                    await editor.gql(step(mutation), {"id": story_id, "v": v + 1})
            # The front alone would hear of the politics story before the news one.
            heard = [await reader.receive() for _ in range(3)]
    told = sorted((m["id"], m["payload"]["data"]["articlesPublished"]["slug"]) for m in heard)
    assert told == [
        ("alone", "ferry-strike"),
        ("with", "council-tax-vote"),
        ("with", "ferry-strike"),
    ]
    politics = next(m for m in heard if m["id"] == "with" and "council" in str(m))
    assert politics["payload"]["data"]["articlesPublished"]["article"]["section"] == {
        "slug": "politics"
    }


# A story page as a live page shows it: with its authors, read joined in one command.
PAGE = """
subscription Page($slug: String!) {
  articleUpdated(slug: $slug) { article { headline authors { name } } }
}
"""
NEWEST = "subscription { articlesPublished { article { headline authors { name } } } }"
# The same with the story's lead picture: the story is read joined with its pictures.
PAGE_PICTURED = PAGE.replace("authors { name }", "authors { name } leadMedia { caption }")
NEWEST_PICTURED = NEWEST.replace("authors { name }", "authors { name } leadMedia { caption }")


def first_answer(heard: list[dict[str, Any]]) -> Any:
    data = heard[0]["payload"]["data"]
    return (data.get("articleUpdated") or data["articlesPublished"])["article"]


def _page_reads(served: Served, slug: str) -> int:
    """How many times a story page was read by its slug (the story joined with its pictures,
    in one aggregate)."""
    return sum(
        command.get("aggregate") == "live_articles"
        and command["pipeline"][0] == {"$match": {"slug": slug}}
        for command in served.api.commands.commands
    )


async def test_the_subscribers_of_one_event_share_one_read_of_the_story(
    settings: Settings, store: Store, clock: Clock
) -> None:
    async with serving(settings, clock) as served:
        api = served.api
        refs = await newsroom.newsroom(api)
        editor = api.as_editor(await newsroom.user(api, R.EDITOR))
        story_id, version = await _approved_story(editor, refs, "harbour-bridge-closes")
        async with (
            socket_to(f"{served.ws_url}/graphql") as first,
            socket_to(f"{served.ws_url}/graphql") as second,
            socket_to(f"{served.ws_url}/graphql") as third,
        ):
            readers = (first, second, third)
            for reader in readers:
                await reader.init()
                for page in ("a", "b"):
                    await reader.subscribe(page, PAGE_PICTURED, {"slug": "harbour-bridge-closes"})
            await first.subscribe("front", NEWEST_PICTURED)
            await served.until_open(7)
            api.commands.commands.clear()
            await editor.gql(step("publishArticle"), {"id": story_id, "v": version})
            heard = [await reader.receive() for reader in readers for _ in "ab"]
            heard.append(await first.receive())
    assert sorted(m["id"] for m in heard) == ["a", "a", "a", "b", "b", "b", "front"]
    for message in heard:
        data = message["payload"]["data"]
        found = data.get("articleUpdated") or data["articlesPublished"]
        assert found["article"] == {
            "headline": "Harbour bridge closes for six weeks of repairs",
            "authors": [{"name": "Ada Reporter"}],
            "leadMedia": found["article"]["leadMedia"],
        }
        assert found["article"] == first_answer(heard)
    # Seven subscribers on three connections, answered from one read of the story.
    assert _page_reads(served, "harbour-bridge-closes") == 1


async def test_a_take_down_ends_the_page_subscription_with_taken_down(
    settings: Settings, store: Store, clock: Clock
) -> None:
    async with serving(settings, clock) as served:
        api = served.api
        refs = await newsroom.newsroom(api)
        editor = api.as_editor(await newsroom.user(api, R.EDITOR))
        story_id, version = await _approved_story(editor, refs, "council-leak")
        await editor.gql(step("publishArticle"), {"id": story_id, "v": version})
        async with socket_to(f"{served.ws_url}/graphql") as reader:
            await reader.init()
            await reader.subscribe("page", ARTICLE_UPDATED, {"slug": "council-leak"})
            await served.until_open(1)
            reason = {"reason": "Court order."}
            await editor.gql(
                step("takeDownArticle", "reason"), {"id": story_id, "v": version + 1, **reason}
            )
            ended = await reader.receive()
            completed = await reader.receive()
            # Asked again, the slug is refused at once.
            await reader.subscribe("again", ARTICLE_UPDATED, {"slug": "council-leak"})
            again = await reader.receive()
    assert await error_codes(ended) == ["TAKEN_DOWN"]
    assert completed == {"id": "page", "type": "complete"}
    assert again["id"] == "again"
    assert await error_codes(again) == ["TAKEN_DOWN"]


async def test_a_desk_subscriber_sees_another_editors_save(
    settings: Settings, store: Store, clock: Clock
) -> None:
    async with serving(settings, clock) as served:
        api = served.api
        refs = await newsroom.newsroom(api)
        first, _ = await newsroom.login_as(api, R.EDITOR)
        second, second_id = await newsroom.login_as(api, R.EDITOR)
        other = api.as_editor(second)
        created = await api.as_editor(first).gql(CREATE, {"input": newsroom.story_input(refs)})
        story_id = created["createArticle"]["id"]
        async with socket_to(f"{served.ws_url}/admin/graphql") as desk:
            assert (await desk.init({"token": first}))["type"] == "connection_ack"
            await desk.subscribe("story", STORY_CHANGED, {"id": story_id})
            await desk.subscribe("budget", DESK_ACTIVITY)
            await served.until_open(2)
            changed = {"headline": "Harbour bridge shut until March"}
            await other.gql(UPDATE, {"id": story_id, "v": 1, "input": changed})
            messages = {m["id"]: m for m in [await desk.receive(), await desk.receive()]}
    story = messages["story"]["payload"]["data"]["storyChanged"]
    assert story["change"] == "SAVED"
    assert story["storyId"] == story_id
    assert story["version"] == 2
    assert story["title"] == changed["headline"]
    assert story["by"]["id"] == second_id
    budget = messages["budget"]["payload"]["data"]["deskActivity"]
    assert budget == {"change": "SAVED", "storyId": story_id, "title": changed["headline"]}


async def test_the_desk_socket_needs_a_session_and_a_cookie_only_counts_from_our_pages(
    settings: Settings, store: Store, clock: Clock
) -> None:
    async with serving(settings, clock) as served:
        token, _ = await newsroom.login_as(served.api, R.WRITER)
        url = f"{served.ws_url}/admin/graphql"
        async with socket_to(url) as anonymous:
            await anonymous.send({"type": "connection_init", "payload": {}})
            nobody = await anonymous.closed()
        async with socket_to(url) as forged:
            await forged.send({"type": "connection_init", "payload": {"token": "not-a-token"}})
            bad_token = await forged.closed()
        cookie = {"cookie": f"{SESSION_COOKIE}={token}"}
        async with socket_to(url, headers=cookie, origin="https://elsewhere.example") as foreign:
            await foreign.send({"type": "connection_init", "payload": {}})
            other_site = await foreign.closed()
        async with socket_to(
            url, headers=cookie, origin=str(served.api.client.base_url).rstrip("/")
        ) as own:
            own_page = await own.init()
        async with socket_to(url, headers={"authorization": f"Bearer {token}"}) as header:
            by_header = await header.init()
        # Subscribing before connection_ack is the protocol's 4401.
        async with socket_to(url) as hasty:
            await hasty.subscribe("1", DESK_ACTIVITY)
            too_soon = await hasty.closed()
    assert nobody.code == 4403
    assert nobody.reason.startswith("UNAUTHENTICATED: ")
    assert bad_token.code == 4403
    assert bad_token.reason.startswith("UNAUTHENTICATED: ")
    assert other_site.code == 4403
    assert other_site.reason.startswith("CSRF_CHECK_FAILED: ")
    assert own_page["type"] == "connection_ack"
    assert by_header["type"] == "connection_ack"
    assert too_soon.code == 4401


async def test_limits_on_subscriptions_are_refused_with_clear_errors(
    settings: Settings, store: Store, clock: Clock
) -> None:
    tight = settings.model_copy(
        update={"subscriptions_per_connection": 2, "subscriptions_per_client": 3, "max_depth": 4}
    )
    page = {"slug": "harbour-bridge-closes"}
    async with (
        serving(tight, clock) as served,
        socket_to(f"{served.ws_url}/graphql") as first,
        socket_to(f"{served.ws_url}/graphql") as second,
    ):
        await first.init()
        await second.init()
        for n in range(3):
            await first.subscribe(f"a{n}", ARTICLE_UPDATED, page)
        per_connection = await first.receive()
        await served.until_open(2)
        await second.subscribe("b0", ARTICLE_UPDATED, page)
        await served.until_open(3)
        await second.subscribe("b1", ARTICLE_UPDATED, page)
        per_client = [await second.receive(), await second.receive()]
        deep = """subscription { articleUpdated(slug: "x") { article {
            bylines { author { articles { edges { node { slug } } } } } } } }"""
        await second.subscribe("deep", deep)
        too_deep = await second.receive()
        await second.send({"id": "odd", "type": "subscribe", "payload": "not an object"})
        malformed = await second.closed()
    assert per_connection["id"] == "a2"
    assert await error_codes(per_connection) == ["TOO_MANY_SUBSCRIPTIONS"]
    assert per_connection["payload"][0]["extensions"]["limit"] == 2
    assert [m["id"] for m in per_client] == ["b1", "b1"]
    assert await error_codes(per_client[0]) == ["TOO_MANY_SUBSCRIPTIONS"]
    assert per_client[1]["type"] == "complete"
    assert too_deep["id"] == "deep"
    assert await error_codes(too_deep) == ["GRAPHQL_VALIDATION_FAILED"]
    assert malformed.code == 4400


async def test_persisted_queries_only_mode_holds_for_subscriptions(
    settings: Settings, store: Store, clock: Clock, tmp_path: Path
) -> None:
    allowed = tmp_path / "documents.json"
    allowed.write_text(json.dumps([ARTICLE_UPDATED]))
    strict = settings.model_copy(
        update={"persisted_queries_file": allowed, "persisted_queries_only": True}
    )
    digest = hashlib.sha256(ARTICLE_UPDATED.encode()).hexdigest()
    async with serving(strict, clock) as served, socket_to(f"{served.ws_url}/graphql") as ws:
        await ws.init()
        await ws.subscribe("free", PUBLISHED)
        refused = await ws.receive()
        extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
        payload = {"variables": {"slug": "harbour-bridge-closes"}, "extensions": extensions}
        await ws.send({"id": "known", "type": "subscribe", "payload": payload})
        await served.until_open(1)
    assert refused["id"] == "free"
    assert await error_codes(refused) == ["PERSISTED_QUERY_NOT_ALLOWED"]


async def test_the_server_pings_and_closes_silent_or_idle_sockets(
    settings: Settings, store: Store, clock: Clock
) -> None:
    quick = settings.model_copy(
        update={"subscription_ping_seconds": 0.2, "subscription_idle_seconds": 0.6}
    )
    url = "/graphql"
    async with serving(quick, clock) as served:
        async with socket_to(served.ws_url + url) as answering:
            await answering.init()
            await answering.subscribe("page", ARTICLE_UPDATED, {"slug": "harbour-bridge-closes"})
            # Past the idle time, answering pings, with a subscription open: kept.
            with pytest.raises(TimeoutError):
                await answering.receive(seconds=1.0)
            kept = answering.pings
        async with socket_to(served.ws_url + url, answer_pings=False) as silent:
            await silent.init()
            await silent.subscribe("page", ARTICLE_UPDATED, {"slug": "harbour-bridge-closes"})
            no_pong = await silent.closed()
        async with socket_to(served.ws_url + url) as idle:
            await idle.init()
            idle_close = await idle.closed()
    assert kept >= 3
    assert no_pong.code == 1001
    assert idle_close.code == 1000
    assert "Idle" in idle_close.reason


async def test_a_subscription_sent_over_http_is_refused_with_where_to_send_it(api: Api) -> None:
    token = await newsroom.user(api, R.EDITOR)
    headers = {"authorization": f"Bearer {token}"}
    desk = await api.client.post("/admin/graphql", json={"query": DESK_ACTIVITY}, headers=headers)
    reader = await api.client.post("/graphql", json={"query": PUBLISHED})
    assert desk.status_code == 405
    assert desk.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert "WebSocket" in desk.json()["errors"][0]["message"]
    assert reader.status_code == 405
