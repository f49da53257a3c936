"""Tags as things: made by typing them on a story, renamed and merged by editors, read by
readers as tag pages, through the real HTTP stack and database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

from pymongo import AsyncMongoClient

from cms import model
from cms.api import cache_tags
from cms.config import Settings
from cms.domain import tagging
from cms.store import Store
from tests import factories, newsroom
from tests.conftest import Api, Clock, running_app

TAGS = """
query Tags($search: String, $after: String) {
  tags(first: 2, search: $search, after: $after) {
    edges { node { slug name version storyCount } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
CREATE = """
mutation Create($slug: String!, $name: String) { createTag(slug: $slug, name: $name) { slug name } }
"""
RENAME = """
mutation Rename($slug: String!, $name: String!, $v: Int) {
  renameTag(slug: $slug, name: $name, expectedVersion: $v) { slug name version }
}
"""
MERGE = """
mutation Merge($tags: [String!]!, $into: String!) {
  mergeTags(tags: $tags, into: $into) { tag { slug name } storyCount }
}
"""
STORY_TAGS = "query Story($id: ID!) { article(id: $id) { tags version } }"
TAG = """
query Tag($slug: String!) {
  tag(slug: $slug) {
    slug name path url redirect { path statusCode }
    articles(first: 5) { edges { node { slug tags tagList { name } } } }
  }
}
"""
PUBLIC_TAGS = """
query PublicTags($after: String) {
  tags(first: 2, after: $after) {
    edges { cursor node { slug name } } pageInfo { hasNextPage endCursor }
  }
}
"""
AUTHORS = """
query Authors($after: String) {
  authors(first: 2, after: $after) {
    edges { node { slug name path } } pageInfo { hasNextPage endCursor }
  }
}
"""


async def _editor(api: Api, role: model.Role = model.Role.EDITOR) -> Api:
    return api.as_editor(await newsroom.user(api, role))


async def test_typing_a_new_tag_on_a_story_makes_it_and_tags_keep_their_order(api: Api) -> None:
    refs = await newsroom.newsroom(api)
    writer = await _editor(api, model.Role.WRITER)
    story = newsroom.story_input(refs)
    story["tags"] = ["harbour-bridge", "transport", "port-averell"]
    created = (await writer.gql(newsroom.CREATE, {"input": story}))["createArticle"]
    saved = (await writer.gql(STORY_TAGS, {"id": created["id"]}))["article"]
    assert saved["tags"] == ["harbour-bridge", "transport", "port-averell"]
    listed = await writer.gql(TAGS)
    assert [e["node"] for e in listed["tags"]["edges"]] == [
        {"slug": "harbour-bridge", "name": "harbour bridge", "version": 1, "storyCount": 1},
        {"slug": "port-averell", "name": "port averell", "version": 1, "storyCount": 1},
    ]
    after = listed["tags"]["pageInfo"]["endCursor"]
    rest = await writer.gql(TAGS, {"after": after})
    assert [e["node"]["slug"] for e in rest["tags"]["edges"]] == ["transport"]
    assert rest["tags"]["pageInfo"]["hasNextPage"] is False
    found = await writer.gql(TAGS, {"search": "Aver"})
    assert [e["node"]["slug"] for e in found["tags"]["edges"]] == ["port-averell"]

    # A later save naming one more makes that one too, and only that one.
    story["tags"] = ["transport", "road-closures", "harbour-bridge"]
    await writer.gql(newsroom.UPDATE, {"id": created["id"], "v": 1, "input": story})
    assert (await writer.gql(STORY_TAGS, {"id": created["id"]}))["article"]["tags"] == [
        "transport",
        "road-closures",
        "harbour-bridge",
    ]
    assert await api.store.tags.existing(["road-closures", "port-averell"]) == {
        "road-closures",
        "port-averell",
    }


async def test_editors_create_and_rename_tags_and_writers_may_not(api: Api) -> None:
    editor = await _editor(api)
    writer = await _editor(api, model.Role.WRITER)
    made = await editor.gql(CREATE, {"slug": "city-council", "name": "  City   Council "})
    assert made["createTag"] == {"slug": "city-council", "name": "City Council"}
    assert await writer.error_codes(CREATE, {"slug": "harbour"}) == ["FORBIDDEN"]
    assert await writer.error_codes(RENAME, {"slug": "city-council", "name": "X"}) == ["FORBIDDEN"]
    assert await writer.error_codes(MERGE, {"tags": ["a"], "into": "b"}) == ["FORBIDDEN"]

    renamed = await editor.gql(
        RENAME, {"slug": "city-council", "name": "Millbrook Council", "v": 1}
    )
    assert renamed["renameTag"] == {
        "slug": "city-council",
        "name": "Millbrook Council",
        "version": 2,
    }
    stale = await editor.post(RENAME, {"slug": "city-council", "name": "Again", "v": 1})
    assert stale["errors"][0]["extensions"]["code"] == "CONFLICT"


async def test_bad_tag_input_is_refused_with_a_clear_code(api: Api) -> None:
    editor = await _editor(api)
    await editor.gql(CREATE, {"slug": "flooding"})
    refusals = [
        (CREATE, {"slug": "flooding"}, "BAD_USER_INPUT"),  # in use
        (CREATE, {"slug": "Not A Slug"}, "BAD_USER_INPUT"),
        (CREATE, {"slug": "ok-slug", "name": "   "}, "BAD_USER_INPUT"),
        (RENAME, {"slug": "flooding", "name": "x" * 201}, "BAD_USER_INPUT"),
        (RENAME, {"slug": "no-such-tag", "name": "Floods"}, "NOT_FOUND"),
        (MERGE, {"tags": ["flooding"], "into": "flooding"}, "BAD_USER_INPUT"),
        (MERGE, {"tags": [], "into": "flooding"}, "BAD_USER_INPUT"),
        (MERGE, {"tags": ["no-such-tag"], "into": "flooding"}, "NOT_FOUND"),
    ]
    for document, variables, code in refusals:
        assert await editor.error_codes(document, variables) == [code], variables
    assert await api.store.tags.existing(["ok-slug"]) == set()


async def _tagged_newsroom(api: Api) -> dict[str, model.Article]:
    """Two live stories and a draft, tagged with the same topic two ways."""
    await factories.section(api.store)
    author = await factories.author(api.store)
    return {
        "live": await factories.story(
            api.store,
            slug="river-bursts-its-banks",
            author_ids=(author,),
            tags=("floods", "millbrook", "flooding"),
        ),
        "other": await factories.story(
            api.store,
            slug="sandbags-run-out",
            author_ids=(author,),
            tags=("weather", "floods"),
            published_at=factories.NOW.replace(hour=9),
        ),
        "draft": await factories.story(
            api.store,
            slug="insurers-count-the-cost",
            author_ids=(author,),
            tags=("floods",),
            published_at=None,
        ),
    }


async def _tags_of(api: Api, story: model.Article) -> tuple[tuple[str, ...], tuple[str, ...]]:
    working = await api.store.articles.get(story.id)
    live = await api.store.live_articles.whole_by_ids([story.id])
    assert working is not None
    return working.tags, live[story.id].tags if story.id in live else ()


async def test_a_merge_retags_every_copy_in_order_once_and_the_old_slug_redirects(
    api: Api,
) -> None:
    stories = await _tagged_newsroom(api)
    editor = await _editor(api)
    await editor.gql(RENAME, {"slug": "flooding", "name": "Flooding"})
    before = (await api.gql(TAG, {"slug": "floods"}))["tag"]
    assert before["redirect"] is None
    assert len(before["articles"]["edges"]) == 2

    merged = await editor.gql(MERGE, {"tags": ["floods"], "into": "flooding"})
    assert merged["mergeTags"] == {"tag": {"slug": "flooding", "name": "Flooding"}, "storyCount": 3}
    assert await _tags_of(api, stories["live"]) == (
        ("flooding", "millbrook"),
        ("flooding", "millbrook"),
    )
    assert await _tags_of(api, stories["other"]) == (
        ("weather", "flooding"),
        ("weather", "flooding"),
    )
    assert await _tags_of(api, stories["draft"]) == (("flooding",), ())

    # The answer cached before the merge went with it: the old slug now leads on.
    after = (await api.gql(TAG, {"slug": "floods"}))["tag"]
    assert after["slug"] == "flooding"
    assert after["redirect"] == {"path": "/tags/flooding", "statusCode": 308}
    assert [e["node"]["slug"] for e in after["articles"]["edges"]] == [
        "river-bursts-its-banks",
        "sandbags-run-out",
    ]
    routed = await api.gql('{ route(path: "/tags/floods") { path redirect { path } } }')
    assert routed["route"] == {"path": "/tags/flooding", "redirect": {"path": "/tags/flooding"}}
    assert await api.store.tags.existing(["floods"]) == set()

    # An editor holding a retagged story open is told rather than saving the old tags back.
    held = stories["draft"].version
    stale = await editor.post(newsroom.UPDATE, {"id": stories["draft"].id, "v": held, "input": {}})
    assert stale["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert stale["errors"][0]["extensions"]["changedFields"] == ["tags"]


async def test_merging_into_a_new_slug_makes_it_and_chains_older_merges(api: Api) -> None:
    await _tagged_newsroom(api)
    editor = await _editor(api)
    await editor.gql(MERGE, {"tags": ["floods"], "into": "flooding"})
    await editor.gql(RENAME, {"slug": "flooding", "name": "Floods and flooding"})
    made = await editor.gql(MERGE, {"tags": ["flooding", "weather"], "into": "flood-watch"})
    assert made["mergeTags"]["tag"] == {"slug": "flood-watch", "name": "Floods and flooding"}
    for old in ("floods", "flooding", "weather"):
        found = (await api.gql(TAG, {"slug": old}))["tag"]
        assert (found["slug"], found["redirect"]["path"]) == ("flood-watch", "/tags/flood-watch")


@asynccontextmanager
async def _failing_update(api: Api, *, skip: int, command: str = "update") -> AsyncIterator[None]:
    """The database refuses one ``command`` (after ``skip`` of them): an error in the
    middle of a write, as a lost primary or a bug would cause."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(api.settings.mongodb_uri)
    data = {"failCommands": [command], "errorCode": 2, "errorLabels": []}
    try:
        await client.admin.command(
            {"configureFailPoint": "failCommand", "mode": {"skip": skip, "times": 1}, "data": data}
        )
        yield
    finally:
        await client.admin.command({"configureFailPoint": "failCommand", "mode": "off"})
        await client.close()


async def test_a_merge_that_fails_halfway_writes_nothing(api: Api) -> None:
    stories = await _tagged_newsroom(api)
    editor = await _editor(api)
    before = {name: await _tags_of(api, story) for name, story in stories.items()}
    async with _failing_update(api, skip=1):  # the second story's update fails
        codes = await editor.error_codes(MERGE, {"tags": ["floods", "weather"], "into": "storms"})
    assert codes == ["INTERNAL_SERVER_ERROR"]
    assert {name: await _tags_of(api, story) for name, story in stories.items()} == before
    assert await api.store.tags.existing(["floods", "weather", "storms"]) == {"floods", "weather"}
    assert (await api.gql(TAG, {"slug": "floods"}))["tag"]["redirect"] is None
    # And once the database is well again, the same merge goes through whole.
    done = await editor.gql(MERGE, {"tags": ["floods", "weather"], "into": "storms"})
    assert done["mergeTags"]["storyCount"] == 3


async def _told(api: Api, kind: model.AggregateKind, item_id: str) -> list[model.Event]:
    return await api.store.events.of_aggregate(kind, item_id)


async def _live_version(api: Api, story: model.Article) -> int:
    live = await api.store.live_articles.by_ids([story.id])
    return live[story.id].version


async def test_a_rename_and_a_merge_write_their_events_and_name_both_tags_to_purge(
    api: Api,
) -> None:
    stories = await _tagged_newsroom(api)
    editor = await _editor(api)
    flooding = await api.store.tags.by_slug("flooding")
    floods = await api.store.tags.by_slug("floods")
    assert flooding is not None
    assert floods is not None
    await editor.gql(RENAME, {"slug": "flooding", "name": "Flooding"})
    [renamed] = await _told(api, model.AggregateKind.TAG, flooding.id)
    assert (renamed.type, renamed.public) == (model.EventType.TAG_CHANGED, True)
    assert renamed.payload == {"slug": "flooding", "name": "Flooding"}
    assert renamed.aggregate.version == flooding.version + 1
    was_live = {name: await _live_version(api, stories[name]) for name in ("live", "other")}

    await editor.gql(MERGE, {"tags": ["floods"], "into": "flooding"})

    # The merged tag is told gone, one version past its last, leading to the other.
    [merged] = await _told(api, model.AggregateKind.TAG, floods.id)
    assert merged.type is model.EventType.TAG_CHANGED
    assert merged.payload == {"slug": "floods", "name": "floods", "merged_into": "flooding"}
    assert merged.aggregate.version == floods.version + 1
    # Each live story it retagged is told updated, with its new tags, at a later version.
    for name in ("live", "other"):
        story = stories[name]
        told = await _told(api, model.AggregateKind.ARTICLE, story.id)
        [updated] = [e for e in told if e.type is model.EventType.ARTICLE_UPDATED]
        assert updated.public is True
        assert updated.payload["tags"] == list((await _tags_of(api, story))[1])
        assert updated.payload["slug"] == story.slug
        now_live = await _live_version(api, story)
        assert updated.aggregate.version == updated.payload["version"] == now_live
        assert now_live > was_live[name]
    # The draft is retagged at the desk only: readers had nothing to be told of.
    draft_told = await _told(api, model.AggregateKind.ARTICLE, stories["draft"].id)
    assert [e for e in draft_told if e.public] == []
    # The CDN purge, a subscriber of these events, names the old tag and the new one.
    purged = cache_tags.tags_for_event(merged)
    assert {"tag:floods", "tag:flooding", "tags"} <= purged
    assert "tag:flooding" in cache_tags.tags_for_event(renamed)


async def test_a_rename_or_merge_whose_events_cannot_be_written_changes_nothing(
    api: Api,
) -> None:
    stories = await _tagged_newsroom(api)
    editor = await _editor(api)
    before = {name: await _tags_of(api, story) for name, story in stories.items()}
    events_before = await api.store.events.count()
    async with _failing_update(api, skip=0, command="insert"):  # the tag's event
        codes = await editor.error_codes(RENAME, {"slug": "flooding", "name": "Floods"})
    assert codes == ["INTERNAL_SERVER_ERROR"]
    flooding = await api.store.tags.by_slug("flooding")
    assert flooding is not None
    assert flooding.name == "flooding"

    # The stories' events are written (the first insert), the merged tag's is refused.
    async with _failing_update(api, skip=1, command="insert"):
        codes = await editor.error_codes(MERGE, {"tags": ["floods"], "into": "flooding"})
    assert codes == ["INTERNAL_SERVER_ERROR"]
    assert {name: await _tags_of(api, story) for name, story in stories.items()} == before
    assert await api.store.tags.existing(["floods"]) == {"floods"}
    assert (await api.gql(TAG, {"slug": "floods"}))["tag"]["redirect"] is None
    assert await api.store.events.count() == events_before


async def test_readers_see_only_tags_published_stories_name(api: Api) -> None:
    await _tagged_newsroom(api)
    editor = await _editor(api)
    await editor.gql(CREATE, {"slug": "embargoed-topic", "name": "Embargoed topic"})
    first = (await api.gql(PUBLIC_TAGS))["tags"]
    assert [e["node"]["slug"] for e in first["edges"]] == ["flooding", "floods"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = (await api.gql(PUBLIC_TAGS, {"after": first["pageInfo"]["endCursor"]}))["tags"]
    assert [e["node"]["slug"] for e in rest["edges"]] == ["millbrook", "weather"]
    assert rest["pageInfo"]["hasNextPage"] is False
    assert (await api.gql(TAG, {"slug": "embargoed-topic"}))["tag"] is None
    codes = await api.error_codes(PUBLIC_TAGS, {"after": "not-a-cursor"})
    assert codes == ["BAD_USER_INPUT"]


async def test_readers_page_through_the_authors(api: Api) -> None:
    for slug, name in (("ada-reporter", "Ada Reporter"), ("ben-ink", "Ben Ink"), ("cy-p", "Cy P")):
        await factories.author(api.store, slug=slug, name=name)
    first = (await api.gql(AUTHORS))["authors"]
    assert [e["node"] for e in first["edges"]] == [
        {"slug": "ada-reporter", "name": "Ada Reporter", "path": "/authors/ada-reporter"},
        {"slug": "ben-ink", "name": "Ben Ink", "path": "/authors/ben-ink"},
    ]
    rest = (await api.gql(AUTHORS, {"after": first["pageInfo"]["endCursor"]}))["authors"]
    assert [e["node"]["slug"] for e in rest["edges"]] == ["cy-p"]
    assert rest["pageInfo"]["hasNextPage"] is False
    private = await api.error_codes("{ authors { edges { node { email } } } }")
    assert private == ["GRAPHQL_VALIDATION_FAILED"], "readers never see an author's address"


async def test_tags_that_older_stories_name_get_their_documents_at_start(
    settings: Settings, store: Store, clock: Clock
) -> None:
    await factories.section(store)
    author = await factories.author(store)
    await factories.story(
        store, slug="river-bursts-its-banks", author_ids=(author,), tags=("flood-defences", "rain")
    )
    await factories.story(
        store,
        slug="insurers-count-the-cost",
        author_ids=(author,),
        tags=("insurance",),
        published_at=None,
    )
    # As stories saved before tags were documents left them: slugs with no tag behind them,
    # but for one tag an editor has named since.
    for tag in (await store.tags.by_slugs(["flood-defences", "insurance"])).values():
        assert await store.tags.remove(tag)
    rain = await store.tags.by_slug("rain")
    assert rain is not None
    assert await store.tags.replace(replace(rain, name="Rain and storms"))

    async with running_app(settings, store, clock) as api:
        listed = (await api.gql(PUBLIC_TAGS))["tags"]["edges"]
        assert [edge["node"] for edge in listed] == [
            {"slug": "flood-defences", "name": "flood defences"},
            {"slug": "rain", "name": "Rain and storms"},
        ]
    # A draft's tag too (kept from readers until the story is out).
    assert await store.tags.existing(["insurance"]) == {"insurance"}
    # Idempotent: run again, at the next start, it makes nothing.
    assert await tagging.give_tags_documents(store, now=clock()) == 0
