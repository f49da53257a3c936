"""No N+1: a page of stories costs a fixed few database commands, whatever it holds."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from cms import model
from cms.config import Settings
from cms.store import Store
from tests import factories
from tests.conftest import Api, Clock, running_app


@pytest.fixture
async def api(settings: Settings, store: Store, clock: Clock) -> AsyncIterator[Api]:
    """The app with its response cache off: these tests measure the work behind a miss."""
    uncached = settings.model_copy(update={"response_cache": False})
    async with running_app(uncached, store, clock) as running:
        yield running


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
    """The commands of a query of the whole list in steady state: a list's first page in a
    process also learns how far back its stories go (``cms.store.windows``), which may take
    more reads, so the list is read once before (by slug alone: nothing else is read ahead)."""
    await api.gql("{ articles(first: 100) { edges { node { slug } } } }")
    api.commands.names.clear()
    await api.gql(query)
    return list(api.commands.names)


async def test_a_page_of_twenty_costs_the_same_few_commands_as_a_page_of_two(api: Api) -> None:
    await _newsroom(api, stories=20, authors=20)
    many = await _commands_for(api, FRONT)
    assert len((await api.gql(FRONT))["articles"]["edges"]) == 20

    # the page; then at once its sections, authors and lead pictures; then the avatars
    assert many == ["aggregate"] + ["find"] * 4


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
    assert commands == ["aggregate"] + ["find"] * 3


W1 = """
query Page($slug: String!) {
  article(slug: $slug) {
    headline dek dateline publishedAt section { slug name }
    authors { name slug } leadMedia { url caption credit }
    body { __typename ... on Paragraph { html } ... on BlockQuote { text attribution }
           ... on MediaBlock { url caption credit } ... on AdSlotBlock { slot { code } } }
  }
}
"""
W2 = """
query Front($section: String!) {
  articles(first: 20, section: $section) {
    edges { node { headline slug dek authors { name } leadMedia { url } } }
  }
}
"""


async def test_a_story_page_costs_one_command_and_a_section_front_two(api: Api) -> None:
    await _newsroom(api, stories=30, authors=12)
    store = api.store
    author_ids = [a.id for a in await store.authors.all()][:3]
    photo = await factories.picture(store, caption="Inline photo.")
    body = (
        factories.paragraph("First."),
        factories.paragraph("Second."),
        model.BlockQuote(paragraphs=((model.Inline("A statement."),),), attribution="Council"),
        model.MediaBlock(media=model.MediaUse(asset_id=photo)),
        *(factories.paragraph(f"Paragraph {n}.") for n in range(3, 9)),
    )
    await factories.story(store, slug="page-story", author_ids=tuple(author_ids), body=body)
    # Sections and the ad slot catalogue are read once per process, on the first request, and
    # an author when first shown (then kept until they change).
    first_page = await _commands_for_vars(api, W1, {"slug": "page-story"})
    page = await _commands_for_vars(api, W1, {"slug": "page-story"})
    await api.gql(W2, {"section": "world"})  # the list's first page learns where it ends
    front = await _commands_for_vars(api, W2, {"section": "world"})

    # the story joined with its pictures; its authors; the sections; the ad slot catalogue
    assert sorted(first_page) == ["aggregate", "find", "find", "find"], first_page
    assert page == ["aggregate"], page
    # the page; the lead pictures (the front's authors not yet shown are read once)
    assert front == ["aggregate", "find"], front
    answer = await api.gql(W1, {"slug": "page-story"})
    assert len(answer["article"]["authors"]) == 3
    assert [b["__typename"] for b in answer["article"]["body"]].count("MediaBlock") == 1


async def _commands_for_vars(api: Api, query: str, variables: dict[str, str]) -> list[str]:
    api.commands.names.clear()
    await api.gql(query, variables)
    return list(api.commands.names)


async def test_a_list_reads_ahead_only_what_its_selection_names(api: Api) -> None:
    await _newsroom(api, stories=6, authors=2)
    slugs_only = "{ articles(first: 6) { edges { node { slug } } } }"
    assert await _commands_for(api, slugs_only) == ["aggregate"], "no authors, no pictures"
    with_fragment = """
      { articles(first: 6) { edges { node { ...Byline } } } }
      fragment Byline on Article { authors { name } }
    """
    # the page, then its authors, asked for through a fragment
    assert await _commands_for(api, with_fragment) == ["aggregate", "find"]
    answer = await api.gql(with_fragment)
    names = [a["name"] for e in answer["articles"]["edges"] for a in e["node"]["authors"]]
    assert len(names) == 12
    assert set(names) == {"Writer 0", "Writer 1"}


async def test_a_story_page_without_authors_or_pictures_in_its_selection_is_one_find(
    api: Api,
) -> None:
    await _newsroom(api, stories=1, authors=1)
    query = "query S($slug: String!) { article(slug: $slug) { headline dek } }"
    assert await _commands_for_vars(api, query, {"slug": "story-0"}) == ["find"]
