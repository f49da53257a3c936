"""Cursor pagination of live stories: newest first, complete across pages, ties included."""

from __future__ import annotations

from datetime import timedelta

from tests import factories
from tests.conftest import Api

PAGE = """
query Page($first: Int, $after: String, $section: String, $tag: String, $author: String) {
  articles(first: $first, after: $after, section: $section, tag: $tag, author: $author) {
    edges { cursor node { slug publishedAt } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def _walk(api: Api, first: int, **filters: str) -> list[list[str]]:
    pages: list[list[str]] = []
    after = None
    while True:
        variables = {"first": first, "after": after, **filters}
        connection = (await api.gql(PAGE, variables))["articles"]
        pages.append([edge["node"]["slug"] for edge in connection["edges"]])
        info = connection["pageInfo"]
        if connection["edges"]:
            assert info["endCursor"] == connection["edges"][-1]["cursor"]
            assert info["startCursor"] == connection["edges"][0]["cursor"]
        if not info["hasNextPage"]:
            return pages
        after = info["endCursor"]


async def test_pages_cover_every_story_once_even_with_equal_publication_times(api: Api) -> None:
    store = api.store
    await factories.section(store)
    ada = await factories.author(store)
    expected = []
    # Seven stories, three of them published in the same millisecond.
    times = [factories.NOW - timedelta(hours=h) for h in (0, 1, 1, 1, 2, 3, 4)]
    for index, when in enumerate(times):
        await factories.story(store, slug=f"story-{index}", author_ids=(ada,), published_at=when)
        expected.append(f"story-{index}")

    pages = await _walk(api, first=2)

    assert [len(page) for page in pages] == [2, 2, 2, 1]
    flat = [slug for page in pages for slug in page]
    assert sorted(flat) == sorted(expected), "every story exactly once"
    assert flat[0] == "story-0"
    assert flat[-2:] == ["story-5", "story-6"]
    # Ties are broken by id, newest first: stable and the same on every request.
    assert set(flat[1:4]) == {"story-1", "story-2", "story-3"}
    assert pages == await _walk(api, first=2)


async def test_page_info_at_the_edges(api: Api) -> None:
    store = api.store
    await factories.section(store)
    ada = await factories.author(store)
    for index in range(3):
        when = factories.NOW - timedelta(minutes=index)
        await factories.story(store, slug=f"s-{index}", author_ids=(ada,), published_at=when)

    whole = (await api.gql(PAGE, {"first": 3}))["articles"]
    assert whole["pageInfo"]["hasNextPage"] is False
    assert whole["pageInfo"]["hasPreviousPage"] is False
    rest = (await api.gql(PAGE, {"first": 3, "after": whole["edges"][0]["cursor"]}))["articles"]
    assert [e["node"]["slug"] for e in rest["edges"]] == ["s-1", "s-2"]
    assert rest["pageInfo"]["hasPreviousPage"] is True
    empty = (await api.gql(PAGE, {"first": 0}))["articles"]
    assert empty["edges"] == []
    assert empty["pageInfo"]["endCursor"] is None
    default = (await api.gql(PAGE, {}))["articles"]
    assert len(default["edges"]) == 3


async def test_filters_by_section_tag_and_author(api: Api) -> None:
    store = api.store
    await factories.section(store, "news", "News")
    await factories.section(store, "sport", "Sport")
    ada = await factories.author(store)
    bo = await factories.author(store, "bo-writer", "Bo Writer")
    await factories.story(store, slug="a", author_ids=(ada,), tags=("rain",))
    await factories.story(store, slug="b", section="sport", author_ids=(bo, ada), tags=("cup",))
    await factories.story(store, slug="c", section="sport", author_ids=(bo,), tags=("rain",))

    async def slugs(**filters: str) -> set[str]:
        edges = (await api.gql(PAGE, {"first": 10, **filters}))["articles"]["edges"]
        return {edge["node"]["slug"] for edge in edges}

    assert await slugs(section="sport") == {"b", "c"}
    assert await slugs(tag="rain") == {"a", "c"}
    assert await slugs(author="ada-reporter") == {"a", "b"}
    assert await slugs(author="bo-writer", tag="rain") == {"c"}
    assert await slugs(author="nobody") == set()
    assert await slugs(section="weather") == set()
    assert len(await _walk(api, first=1, section="sport")) == 2
