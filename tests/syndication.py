"""A small invented newsroom for the tests of feeds, sitemaps, structured data and ninjs."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from cms import model
from cms.config import Settings
from cms.domain import publishing, tags
from cms.domain.publishing import import_article
from cms.domain.workflow import Action
from cms.store import Store
from cms.store.codec import new_id
from tests import factories
from tests.conftest import Api

SITE = "https://www.example-news.org"
LOGO = "https://www.example-news.org/logo.png"


def publisher_settings(settings: Settings) -> Settings:
    """The test settings with a public website and a publisher's logo."""
    return settings.model_copy(
        update={
            "site_url": SITE,
            "publisher_logo_url": LOGO,
            "newsroom_name": "The Valeport Courier",
            "publication_language": "en-GB",
        }
    )


async def picture(
    store: Store,
    *,
    width: int = 1600,
    height: int = 1200,
    rights_expire_at: datetime | None = None,
    caption: str = "Floodwater reaches the steps of the town hall.",
) -> model.MediaAsset:
    asset = model.MediaAsset(
        id=new_id(),
        kind=model.MediaKind.IMAGE,
        mime_type="image/jpeg",
        file=f"{new_id()}.jpg",
        width=width,
        height=height,
        caption=caption,
        credit="Photo by Mara Quist/Valeport Press via Wirestream",
        creator="Mara Quist",
        agency="Valeport Press",
        distributor="Wirestream",
        copyright="© 2036 Valeport Press",
        license="Agency subscription",
        usage_terms="Editorial use only.",
        alt_text="Brown water around a stone staircase.",
        rights_expire_at=rights_expire_at,
        created_at=factories.NOW,
    )
    await store.media.insert(asset)
    return asset


@dataclass
class Newsroom:
    """Sections (news, with politics below it; sport), two authors, and the stories filed."""

    api: Api
    author_ids: dict[str, str] = field(default_factory=dict)
    stories: dict[str, model.Article] = field(default_factory=dict)

    @property
    def store(self) -> Store:
        return self.api.store

    async def story(
        self,
        slug: str,
        *,
        hours_ago: float,
        section: str = "news",
        tags: tuple[str, ...] = ("flooding",),
        authors: tuple[str, ...] = ("ada-reporter",),
        lead: model.MediaAsset | None = None,
        body: tuple[model.Block, ...] | None = None,
        **extra: Any,
    ) -> model.Article:
        """A story published ``hours_ago`` before the test clock's now."""
        lead = lead or await picture(self.store)
        when = self.api.clock() - timedelta(hours=hours_ago)
        fields: dict[str, Any] = {
            "headline": f"Council answers questions on {slug.replace('-', ' ')}",
            "dek": "Residents asked how the river defences will be paid for.",
            **extra,
        }
        article = model.Article(
            id=new_id(),
            slug=slug,
            section=section,
            tags=tags,
            bylines=tuple(model.Byline(author_id=self.author_ids[a]) for a in authors),
            dateline="Valeport, UK",
            lead_media=model.MediaUse(asset_id=lead.id),
            body=body or (factories.paragraph("The council met on Tuesday evening."),),
            created_at=when - timedelta(hours=1),
            updated_at=when,
            status=model.Status.PUBLISHED,
            published_at=when,
            first_published_at=when,
            **fields,
        )
        stored = await import_article(self.store, article, actor=factories.DESK, now=when)
        self.stories[slug] = stored
        return stored

    async def take_down(self, slug: str, action: Action = Action.TAKE_DOWN) -> None:
        story = await self.store.articles.get(self.stories[slug].id)
        assert story is not None
        await publishing.take_off(
            self.store,
            factories.DESK,
            article_id=story.id,
            expected_version=story.version,
            action=action,
            reason="A court order.",
            now=self.api.clock(),
        )


async def newsroom(api: Api) -> Newsroom:
    room = Newsroom(api)
    await factories.section(api.store, "news", "News")
    await factories.section(api.store, "politics", "Politics", parent="news")
    await factories.section(api.store, "sport", "Sport")
    room.author_ids["ada-reporter"] = await factories.author(api.store)
    room.author_ids["ben-writer"] = await factories.author(api.store, "ben-writer", "Ben Writer")
    return room


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return publisher_settings(settings)


async def cached(api: Api, path: str) -> httpx.Response:
    """The answer at ``path`` once it is served from the cache (the change stream may still
    bring the test's own arranging writes and purge the first one kept)."""
    for _ in range(100):
        response = await api.client.get(path)
        assert response.status_code == 200, response.text
        if response.headers["x-cache"] == "HIT":
            return response
        await asyncio.sleep(0.02)
    raise AssertionError(f"{path} was never served from the cache")


async def rename_tag(api: Api, slug: str, name: str) -> None:
    await tags.rename_tag(
        api.store, factories.DESK, slug=slug, name=name, expected_version=None, now=api.clock()
    )
