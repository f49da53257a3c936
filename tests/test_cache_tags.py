"""Cache tags agree with their purges: every tag a delivery answer carries is one that some
write purges, because the reader and tags_for_change build names with the same functions."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from cms.api import cache_tags
from cms.api.cache import header_tag
from cms.api.delivery import delivery_schema
from cms.demo import content as demo_content
from cms.demo import load_demo
from cms.domain import fronts, tags
from cms.store import Change
from cms.store.files import LocalMediaFiles
from tests import factories
from tests.conftest import Api

FIND = """
query Find($slug: String!) {
  article(slug: $slug) {
    tags path authors { slug path } section { path } leadMedia { asset { id } }
  }
}
"""

STORY_PAGE = """
query Page($slug: String!) {
  article(slug: $slug) {
    headline tags adsPolicy corrections { text }
    authors { name avatar { url } }
    bylines { author { slug } }
    section { slug parent { slug } }
    leadMedia { url }
    seo { socialImage { url } }
    body {
      __typename
      ... on MediaBlock { url }
      ... on RelatedLink { article { slug headline } }
      ... on AdSlotBlock { slot { code } }
    }
  }
}
"""
PLAIN = "query Plain($slug: String!) { article(slug: $slug) { headline section { slug } } }"
LIST = """
query List($section: String, $tag: String, $author: String) {
  articles(first: 5, section: $section, tag: $tag, author: $author) {
    edges { node { slug authors { name } leadMedia { url } body { __typename } } }
  }
}
"""
AUTHOR = """
query Author($slug: String!) {
  author(slug: $slug) { name avatar { url } articles(first: 3) { edges { node { slug } } } }
}
"""
SECTION = """
query Section($slug: String!) {
  section(slug: $slug) { name parent { slug } articles(first: 3) { edges { node { slug } } } }
}
"""
SECTIONS = "{ sections { slug name } }"
MEDIA = "query Media($id: ID!) { media(id: $id) { url } }"
FRONT = """
query Front($section: String) {
  front(section: $section) { curatedCount section { slug } articles { slug authors { name } } }
}
"""

ROUTE = """
query Route($path: String!) {
  route(path: $path) {
    path redirect { path }
    ... on Article { headline tagList { name } }
    ... on Tag { name articles(first: 3) { edges { node { slug } } } }
  }
}
"""
TAG = "query Tag($slug: String!) { tag(slug: $slug) { name path redirect { path } } }"
TAGS = "{ tags(first: 10) { edges { node { slug name } } } }"
AUTHORS = "{ authors(first: 10) { edges { node { slug name path } } } }"

# Each root field of the delivery schema, and the documents above that ask for it.
ASKED = {
    "route": (ROUTE,),
    "tag": (TAG,),
    "tags": (TAGS,),
    "authors": (AUTHORS,),
    "article": (STORY_PAGE, PLAIN),
    "articles": (LIST,),
    "author": (AUTHOR,),
    "section": (SECTION,),
    "sections": (SECTIONS,),
    "media": (MEDIA,),
    "front": (FRONT,),
}


async def _tags(api: Api, query: str, variables: dict[str, Any]) -> set[str]:
    answer = await api.client.get(
        "/graphql", params={"query": query, "variables": json.dumps(variables)}
    )
    assert answer.status_code == 200, answer.text
    assert "errors" not in answer.json(), answer.json()
    return set(answer.headers["surrogate-key"].split(" "))


def test_the_answers_below_ask_for_every_root_field() -> None:
    roots = set(delivery_schema()._schema.query_type.fields)
    assert roots == set(ASKED), (
        "a delivery root field was added: ask for it in ASKED, so its tags are checked below"
    )


async def test_every_tag_an_answer_carries_is_one_that_a_write_purges(api: Api) -> None:
    writes: list[Change] = []
    api.store.on_own_writes(writes.append)
    await load_demo(api.store, LocalMediaFiles(api.settings.media_dir), now=datetime.now(UTC))
    breaking = {"slug": demo_content.BREAKING_SLUG}
    story = (await api.gql(FIND, breaking))["article"]
    sections = [s["slug"] for s in (await api.gql(SECTIONS))["sections"]]

    seen: set[str] = set()
    for found in (breaking, {"slug": "no-such-story"}):
        seen |= await _tags(api, STORY_PAGE, found)
        seen |= await _tags(api, PLAIN, found)
    for where in (
        {},
        {"section": sections[0]},
        {"tag": story["tags"][0]},
        {"author": story["authors"][0]["slug"]},
        {"author": "no-such-author"},
    ):
        seen |= await _tags(api, LIST, where)
    for slug in (story["authors"][0]["slug"], "no-such-author"):
        seen |= await _tags(api, AUTHOR, {"slug": slug})
    for slug in (*sections, "no-such-section"):
        seen |= await _tags(api, SECTION, {"slug": slug})
    seen |= await _tags(api, SECTIONS, {})
    seen |= await _tags(api, MEDIA, {"id": story["leadMedia"]["asset"]["id"]})
    tag = story["tags"][0]
    for path in (
        story["path"],
        story["section"]["path"],
        story["authors"][0]["path"],
        f"/tags/{tag}",
        "/tags/no-such-tag",
    ):
        seen |= await _tags(api, ROUTE, {"path": path})
    for slug in (tag, "no-such-tag"):
        seen |= await _tags(api, TAG, {"slug": slug})
    seen |= await _tags(api, TAGS, {})
    seen |= await _tags(api, AUTHORS, {})
    for section in (None, sections[0], "no-such-section"):
        seen |= await _tags(api, FRONT, {"section": section})

    # What was asked for and not found yet comes into being.
    await factories.section(api.store, slug="no-such-section", name="Later")
    author = await factories.author(api.store, slug="no-such-author", name="Noor Later")
    await factories.story(
        api.store, slug="no-such-story", author_ids=(author,), tags=(tag, "no-such-tag")
    )
    # Editors rename a tag.
    await tags.rename_tag(
        api.store, factories.DESK, slug=tag, name="Renamed", expected_version=None, now=api.clock()
    )
    # And what goes away: a deleted author's slug is no longer known to its change.
    await api.store.authors.delete(await factories.author(api.store, slug="gone", name="Ex"))
    # Editors save the fronts.
    for section in (None, sections[0]):
        await fronts.set_front(
            api.store,
            factories.DESK,
            section=section,
            article_ids=[],
            expected_version=0,
            now=api.clock(),
        )
    # A front goes away (with its section): its change no longer knows the section.
    saved = await api.store.fronts.of(sections[0])
    assert saved is not None
    await api.store.fronts.delete(saved.id)

    purged = {header_tag(tag) for change in writes for tag in cache_tags.tags_for_change(change)}
    assert seen - purged == set(), "tags no write purges"
    kinds = {tag.split(":")[0] for tag in seen}
    assert kinds == {
        "article",
        "slug",
        "list",
        "author",
        "author-slug",
        "author-slugs",
        "media",
        "live-media",
        "sections",
        "ad-slots",
        "front",
        "fronts",
        "tag",
        "tags",
        "authors",
    }, "the answers above carry every kind of tag"


async def test_a_list_of_a_tags_stories_carries_the_tag_its_rename_and_merge_purge(
    api: Api,
) -> None:
    await factories.section(api.store)
    author = await factories.author(api.store)
    await factories.story(api.store, slug="river-bursts-its-banks", author_ids=(author,))
    listed = await _tags(
        api, "query($tag: String) { articles(tag: $tag) { totalCount } }", {"tag": "flooding"}
    )
    assert {"tag:flooding", "list:tag:flooding"} <= listed
    whole = await _tags(api, "{ articles { totalCount } }", {})
    assert not any(t.startswith("tag:") for t in whole)
