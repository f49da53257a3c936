"""The demo newsroom: what `cms seed` and `scripts/serve` load, queried as a frontend would."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cms.demo import DemoAlreadyLoaded, load_demo
from cms.demo import content as demo_content
from cms.demo.newsroom import rich
from cms.model import Inline, Mark
from cms.store.files import LocalMediaFiles
from tests.conftest import Api

BREAKING = """
query Breaking($slug: String!) {
  article(slug: $slug) {
    headline dek dateline kicker storyType
    relatedArticles(first: 3) { slug }
    authors { name }
    leadMedia { url caption credit }
    body {
      __typename
      ... on BlockQuote { text attribution paragraphs { text } }
      ... on RelatedLink { label text article { slug } }
      ... on AdSlotBlock { slot { code adUnitPath } }
    }
  }
  articles(first: 100) { edges { node { slug } } }
  sections { slug }
}
"""


async def _load(api: Api) -> None:
    files = LocalMediaFiles(api.settings.media_dir)
    await load_demo(api.store, files, now=datetime.now(UTC))


async def test_the_breaking_story_reads_like_a_wire_story(api: Api) -> None:
    await _load(api)

    data = await api.gql(BREAKING, {"slug": demo_content.BREAKING_SLUG})

    story = data["article"]
    assert len(story["authors"]) == 1
    assert story["dateline"]
    assert story["leadMedia"]["caption"]
    assert story["leadMedia"]["credit"].startswith("Photo by ")
    assert " via " in story["leadMedia"]["credit"]
    kinds = [block["__typename"] for block in story["body"]]
    assert kinds.count("Paragraph") >= 4
    quote = next(b for b in story["body"] if b["__typename"] == "BlockQuote")
    assert quote["attribution"]
    assert story["kicker"] == "Breaking"
    assert story["storyType"] == "NEWS"
    related = [s["slug"] for s in story["relatedArticles"]]
    assert related[0] == "state-regulators-tighten-chemical-storage-rules", "the desk's choice"
    assert len(related) == 2, "topped up by the one other story sharing its tags"
    assert len(quote["paragraphs"]) == 2, "the official statement is quoted in two paragraphs"
    related = next(b for b in story["body"] if b["__typename"] == "RelatedLink")
    assert related["label"] == "READ:"
    assert related["article"]["slug"]
    ad = kinds.index("AdSlotBlock")
    assert kinds[ad - 1] == "Paragraph"
    assert kinds[ad + 1] == "Paragraph", "the ad sits between paragraphs"
    assert len(data["articles"]["edges"]) >= 30
    assert len(data["sections"]) >= 3


async def test_demo_pictures_are_served_at_their_urls(api: Api) -> None:
    await _load(api)
    data = await api.gql(BREAKING, {"slug": demo_content.BREAKING_SLUG})
    url = data["article"]["leadMedia"]["url"]

    response = await api.client.get(url)

    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.content[:3] == b"\xff\xd8\xff"


async def test_drafts_of_the_demo_stay_out_of_delivery(api: Api) -> None:
    await _load(api)
    drafts = [s["slug"] for s in demo_content.STORIES if s["status"] == "DRAFT"]
    assert drafts
    data = await api.gql(BREAKING, {"slug": drafts[0]})
    assert data["article"] is None
    live = {edge["node"]["slug"] for edge in data["articles"]["edges"]}
    assert live.isdisjoint(drafts)
    assert await api.store.articles.count() == len(demo_content.STORIES)


async def test_the_demo_is_never_loaded_twice(api: Api) -> None:
    await _load(api)
    with pytest.raises(DemoAlreadyLoaded):
        await _load(api)
    assert await api.store.articles.count() == len(demo_content.STORIES)


def test_demo_markup_becomes_inline_runs() -> None:
    assert rich("A **bold** and _quiet_ [link](https://example.org) end") == (
        Inline("A "),
        Inline("bold", (Mark.BOLD,)),
        Inline(" and "),
        Inline("quiet", (Mark.ITALIC,)),
        Inline(" "),
        Inline("link", href="https://example.org"),
        Inline(" end"),
    )


PICTURES = """
query Pictures($slug: String!) {
  article(slug: $slug) {
    structuredData
    leadMedia { asset { width height credit creator agency distributor } }
  }
  articles(first: 100) {
    edges { node { leadMedia { asset { width height credit creator agency distributor } } } }
  }
}
"""


async def test_demo_pictures_are_big_enough_for_structured_data(api: Api) -> None:
    await _load(api)
    data = await api.gql(PICTURES, {"slug": demo_content.BREAKING_SLUG})
    assets = [e["node"]["leadMedia"]["asset"] for e in data["articles"]["edges"]]
    assert len(assets) > 10
    for asset in assets:
        assert asset["width"] >= 1600
        assert asset["height"] >= 1200
        # The credit line is kept in its parts, as an upload's is, and printed from them.
        assert asset["agency"], asset["credit"]
        assert asset["agency"] in asset["credit"]
    lead = data["article"]["leadMedia"]["asset"]
    assert (
        lead["credit"] == f"Photo by {lead['creator']}/{lead['agency']} via {lead['distributor']}"
    )
    [article] = [n for n in data["article"]["structuredData"]["@graph"] if "image" in n]
    widths = sorted((image["width"], image["height"]) for image in article["image"])
    assert widths == [(1200, 1200), (1600, 900), (1600, 1200)]
