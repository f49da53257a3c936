"""Lists that hold still: first publication order, LAST_UPDATED on request, updatedSince,
totalCount, backward paging, sections with their subsections, and breadcrumbs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from cms import model
from tests import factories, newsroom
from tests.conftest import Api

PAGE = """
query Page(
  $first: Int, $after: String, $last: Int, $before: String, $order: ArticleOrder,
  $since: DateTime, $section: String, $subsections: Boolean = true
) {
  articles(
    first: $first, after: $after, last: $last, before: $before, orderBy: $order,
    updatedSince: $since, section: $section, includeSubsections: $subsections
  ) {
    totalCount
    edges { cursor node { slug } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""
VERSION = "query V($id: ID!) { article(id: $id) { version } }"
EDIT = """
mutation E($id: ID!, $v: Int!) {
  updateArticle(id: $id, expectedVersion: $v, input: {headline: "Bridge shut until March"}) {
    version
  }
}
"""


async def _page(api: Api, **variables: Any) -> dict[str, Any]:
    connection: dict[str, Any] = (await api.gql(PAGE, variables))["articles"]
    return connection


def _slugs(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["slug"] for edge in connection["edges"]]


async def _stories(api: Api, count: int, *, section: str = "news") -> list[model.Article]:
    ada = await factories.author(api.store, slug=f"writer-{section}")
    return [
        await factories.story(
            api.store,
            slug=f"{section}-story-{index}",
            section=section,
            author_ids=(ada,),
            published_at=factories.NOW - timedelta(minutes=index),
        )
        for index in range(count)
    ]


async def _republish(api: Api, story: model.Article) -> None:
    """An editor changes a live story and publishes it again, now."""
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    version = (await editor.gql(VERSION, {"id": story.id}))["article"]["version"]
    await editor.gql(EDIT, {"id": story.id, "v": version})
    await editor.gql(newsroom.step("publishArticle"), {"id": story.id, "v": version + 1})


async def test_a_crawl_sees_every_story_once_while_one_is_republished(api: Api) -> None:
    await factories.section(api.store)
    stories = await _stories(api, 32)
    seen: list[str] = []
    after = None
    for page_number in range(100):
        connection = await _page(api, first=5, after=after)
        seen += _slugs(connection)
        if page_number == 2:  # a correction to a story the crawl has already passed
            await _republish(api, stories[3])
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert seen == [story.slug for story in stories], "every story once, in first-publish order"
    assert connection["totalCount"] == 32


async def test_last_updated_order_and_updated_since(api: Api) -> None:
    await factories.section(api.store)
    stories = await _stories(api, 4)
    await _republish(api, stories[2])
    assert _slugs(await _page(api))[:2] == ["news-story-0", "news-story-1"]
    by_update = _slugs(await _page(api, order="LAST_UPDATED"))
    assert by_update == ["news-story-2", "news-story-0", "news-story-1", "news-story-3"]
    since = (api.clock() - timedelta(minutes=1)).isoformat()
    changed = await _page(api, since=since)
    assert _slugs(changed) == ["news-story-2"]
    assert changed["totalCount"] == 1


async def test_backward_paging_with_last_and_before(api: Api) -> None:
    await factories.section(api.store)
    await _stories(api, 7)
    everything = _slugs(await _page(api))
    last = await _page(api, last=3)
    assert _slugs(last) == everything[-3:]
    assert last["pageInfo"]["hasPreviousPage"] is True
    assert last["pageInfo"]["hasNextPage"] is False
    earlier = await _page(api, last=3, before=last["pageInfo"]["startCursor"])
    assert _slugs(earlier) == everything[1:4]
    assert earlier["pageInfo"]["hasNextPage"] is True
    first = await _page(api, last=3, before=earlier["pageInfo"]["startCursor"])
    assert _slugs(first) == everything[:1]
    assert first["pageInfo"]["hasPreviousPage"] is False
    middle = await _page(
        api, first=10, after=first["pageInfo"]["endCursor"], before=last["pageInfo"]["startCursor"]
    )
    assert _slugs(middle) == everything[1:4], "after and before bound one page"


async def test_first_zero_says_truly_whether_stories_follow(api: Api) -> None:
    await factories.section(api.store)
    empty = await _page(api, first=0)
    assert empty["pageInfo"]["hasNextPage"] is False
    await _stories(api, 2)
    none = await _page(api, first=0)
    assert none["edges"] == []
    assert none["pageInfo"]["hasNextPage"] is True
    assert none["totalCount"] == 2


async def test_cursors_belong_to_their_order_and_first_or_last_not_both(api: Api) -> None:
    await factories.section(api.store)
    await _stories(api, 3)
    cursor = (await _page(api, first=1))["pageInfo"]["endCursor"]
    codes = await api.error_codes(PAGE, {"after": cursor, "order": "LAST_UPDATED"})
    assert codes == ["BAD_USER_INPUT"]
    assert await api.error_codes(PAGE, {"first": 1, "last": 1}) == ["BAD_USER_INPUT"]
    assert await api.error_codes(PAGE, {"last": 101}) == ["BAD_USER_INPUT"]


SECTION = """
query S($slug: String!) {
  section(slug: $slug) {
    name
    parent { slug }
    children { slug }
    ancestors { slug }
    articles(first: 10) { totalCount edges { node { slug } } }
    own: articles(first: 10, includeSubsections: false) { edges { node { slug } } }
  }
}
"""


async def test_a_section_has_its_subsections_stories_breadcrumbs_and_children(api: Api) -> None:
    await factories.section(api.store, "news", "News")
    await factories.section(api.store, "uk", "UK", parent="news")
    await factories.section(api.store, "scotland", "Scotland", parent="uk")
    await factories.section(api.store, "wales", "Wales", parent="uk")
    await _stories(api, 1, section="news")
    await _stories(api, 1, section="scotland")

    news = (await api.gql(SECTION, {"slug": "news"}))["section"]
    assert {e["node"]["slug"] for e in news["articles"]["edges"]} == {
        "news-story-0",
        "scotland-story-0",
    }
    assert news["articles"]["totalCount"] == 2
    assert [e["node"]["slug"] for e in news["own"]["edges"]] == ["news-story-0"]
    assert news["parent"] is None
    assert news["ancestors"] == []
    assert news["children"] == [{"slug": "uk"}]
    scotland = (await api.gql(SECTION, {"slug": "scotland"}))["section"]
    assert scotland["ancestors"] == [{"slug": "news"}, {"slug": "uk"}]
    assert scotland["parent"] == {"slug": "uk"}
    uk = (await api.gql(SECTION, {"slug": "uk"}))["section"]
    assert uk["children"] == [{"slug": "scotland"}, {"slug": "wales"}]
    own = await _page(api, section="news", subsections=False)
    assert _slugs(own) == ["news-story-0"]

    # A story published in a subsection reaches the cached list of the section above it.
    await _stories(api, 1, section="wales")
    again = (await api.gql(SECTION, {"slug": "news"}))["section"]
    assert again["articles"]["totalCount"] == 3
