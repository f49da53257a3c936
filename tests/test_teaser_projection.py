"""A list reads only the fields its selection shows, and shows them as the story page does."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cms import model
from cms.domain.publishing import import_article
from cms.store.codec import new_id
from tests import factories
from tests.conftest import Api

# Every Article field a teaser can show, each with a selection that proves its value.
SELECTIONS = {
    "id": "id",
    "slug": "slug",
    "headline": "headline",
    "dek": "dek",
    "dateline": "dateline",
    "tags": "tags",
    "publishedAt": "publishedAt",
    "firstPublishedAt": "firstPublishedAt",
    "updatedAt": "updatedAt",
    "section": "section { slug name adsPolicy }",
    "bylines": "bylines { role author { name slug } }",
    "authors": "authors { name title }",
    "leadMedia": "leadMedia { caption credit altText url }",
    "adsPolicy": "adsPolicy",
    "corrections": "corrections { text at }",
    "seo": "seo { title description canonicalUrl }",
    "path": "path",
    "url": "url",
    "tagList": "tagList { slug name url }",
    "body": "body { __typename ... on Paragraph { text } }",
}


@pytest.fixture
async def filed(api: Api) -> list[str]:
    store = api.store
    await factories.section(store, "politics", "Politics", ads_policy="SENSITIVE")
    writers = [await factories.author(store, f"writer-{i}", f"Writer {i}") for i in range(3)]
    slugs = []
    for index in range(3):
        published = factories.NOW - timedelta(hours=index)
        story = model.Article(
            id=new_id(),
            slug=f"budget-vote-{index}",
            headline=f"Council passes budget at the {index + 1}th attempt",
            dek="Libraries stay open; the swimming pool closes in March.",
            section="politics",
            tags=("budget", f"vote-{index}"),
            bylines=(
                model.Byline(author_id=writers[index], role="City hall reporter"),
                model.Byline(author_id=writers[(index + 1) % 3]),
            ),
            dateline="Millbrook, UK",
            lead_media=model.MediaUse(asset_id=await factories.picture(store), caption="Vote."),
            body=(factories.paragraph(f"The vote was {index + 20} to 19."),),
            seo=model.Seo(title=f"Budget vote {index}", description="How the council voted."),
            corrections=(
                model.Correction(text="An earlier version misstated the margin.", at=published),
            ),
            ads_policy=model.AdsPolicy.NONE if index == 1 else None,
            created_at=published - timedelta(days=1),
            updated_at=published,
            status=model.Status.PUBLISHED,
            published_at=published,
            first_published_at=published - timedelta(minutes=30),
        )
        await import_article(store, story, actor=factories.DESK, now=published)
        slugs.append(story.slug)
    return slugs


@pytest.mark.parametrize("name", SELECTIONS)
async def test_each_teaser_field_shows_what_the_story_page_shows(
    api: Api, filed: list[str], name: str
) -> None:
    selection = SELECTIONS[name]
    listed = await api.gql(
        f"{{ articles(first: 3) {{ edges {{ node {{ slug {selection} }} }} }} }}"
    )
    teasers = {e["node"]["slug"]: e["node"] for e in listed["articles"]["edges"]}
    assert sorted(teasers) == sorted(filed)
    for slug in filed:
        page = await api.gql(f'{{ article(slug: "{slug}") {{ slug {selection} }} }}')
        assert teasers[slug] == page["article"], name
        assert teasers[slug][name] not in (None, [], ""), f"{name} shows nothing to compare"


async def test_a_teaser_list_reads_only_the_fields_it_shows(api: Api, filed: list[str]) -> None:
    api.commands.commands.clear()
    await api.gql("{ articles(first: 3) { edges { node { slug headline dek } } } }")
    pages = [c for c in api.commands.commands if c.get("aggregate") == "live_articles"]
    assert pages, "the list is read in time windows, each with the same projection"
    projection = pages[0]["pipeline"][-1]["$project"]
    assert all(p["pipeline"][-1]["$project"] == projection for p in pages)
    assert projection.get("dek") == 1
    assert not {"body", "bylines", "lead_media", "seo", "corrections"} & projection.keys()
