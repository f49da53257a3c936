"""No N+1: a page of stories costs a fixed few database commands, whatever it holds."""

from __future__ import annotations

from datetime import timedelta

from tests import factories
from tests.conftest import Api

FRONT = """
{
  articles(first: 20) {
    edges { node {
      slug headline dek publishedAt
      section { slug name }
      authors { name slug avatar { url } }
      leadMedia { url caption credit altText }
    } }
  }
}
"""


async def _newsroom(api: Api, *, stories: int, authors: int) -> None:
    store = api.store
    await factories.section(store, "news", "News")
    await factories.section(store, "world", "World")
    people = [
        await factories.author(
            store, f"writer-{i}", f"Writer {i}", avatar_id=await factories.picture(store)
        )
        for i in range(authors)
    ]
    for index in range(stories):
        byline = (people[index % authors], people[(index + 1) % authors])
        await factories.story(
            store,
            slug=f"story-{index}",
            section=("news", "world")[index % 2],
            author_ids=byline,
            published_at=factories.NOW - timedelta(minutes=index),
        )


async def _commands_for(api: Api, query: str) -> list[str]:
    api.commands.names.clear()
    await api.gql(query)
    return list(api.commands.names)


async def test_a_page_of_twenty_costs_the_same_few_commands_as_a_page_of_two(api: Api) -> None:
    await _newsroom(api, stories=20, authors=20)
    many = await _commands_for(api, FRONT)
    assert len((await api.gql(FRONT))["articles"]["edges"]) == 20

    # the page; then at once its sections, authors and lead pictures; then the avatars
    assert many == ["find"] * 5


async def test_cost_does_not_grow_with_the_number_of_authors_or_pictures(api: Api) -> None:
    await _newsroom(api, stories=4, authors=1)
    few = await _commands_for(api, FRONT)
    await api.store.drop()
    await api.store.prepare()
    await _newsroom(api, stories=20, authors=20)
    many = await _commands_for(api, FRONT)
    assert len(many) == len(few)


async def test_bodies_of_a_list_are_read_in_one_batch(api: Api) -> None:
    await _newsroom(api, stories=10, authors=3)
    query = "{ articles(first: 10) { edges { node { body { __typename } } } } }"
    commands = await _commands_for(api, query)
    # the page (without bodies), every body at once, then for the whole page at once the ad
    # slot catalogue and the sections (their default ads policy); nothing per story
    assert commands == ["find"] * 4
