"""Invented newsroom content for tests, written through the same use cases editors use."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cms import model
from cms.domain.publishing import import_article
from cms.store import Store
from cms.store.codec import new_id

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
DESK = model.Principal(user_id=new_id(), role=model.Role.ADMIN, email="desk@newsroom.example")


def paragraph(text: str) -> model.Paragraph:
    return model.Paragraph(inlines=(model.Inline(text),))


async def section(store: Store, slug: str = "news", name: str = "News", **kw: str) -> str:
    await store.sections.insert(model.Section(id=new_id(), slug=slug, name=name, **kw))
    return slug


async def author(
    store: Store,
    slug: str = "ada-reporter",
    name: str = "Ada Reporter",
    *,
    avatar_id: str | None = None,
) -> str:
    item = model.Author(
        id=new_id(),
        slug=slug,
        name=name,
        title="City hall reporter",
        email=f"{slug}@newsroom.example",
        avatar_id=avatar_id,
    )
    await store.authors.insert(item)
    return item.id


async def picture(store: Store, *, caption: str = "Flood water on Mill Lane.") -> str:
    asset = model.MediaAsset(
        id=new_id(),
        kind=model.MediaKind.IMAGE,
        mime_type="image/jpeg",
        file=f"{new_id()}.jpg",
        width=1200,
        height=800,
        caption=caption,
        credit="Photo by Jo Lind/Riverside Press via Wirestream",
        alt_text="Brown water covering a village street.",
        created_at=NOW,
    )
    await store.media.insert(asset)
    return asset.id


async def story(
    store: Store,
    *,
    slug: str,
    section: str = "news",
    author_ids: tuple[str, ...],
    published_at: datetime | None = NOW,
    body: tuple[model.Block, ...] | None = None,
    tags: tuple[str, ...] = ("flooding",),
    lead_id: str | None = None,
) -> model.Article:
    """A story filed as a draft, and published at ``published_at`` unless that is None."""
    lead = lead_id or await picture(store)
    article = model.Article(
        id=new_id(),
        slug=slug,
        headline=f"Headline of {slug}",
        dek="Residents of Millbrook were told to move cars to higher ground.",
        section=section,
        tags=tags,
        bylines=tuple(model.Byline(author_id=i) for i in author_ids),
        dateline="Millbrook, UK",
        lead_media=model.MediaUse(asset_id=lead),
        body=body or (paragraph("The river rose two metres overnight."),),
        created_at=NOW - timedelta(days=1),
        updated_at=published_at or NOW - timedelta(days=1),
        status=model.Status.DRAFT if published_at is None else model.Status.PUBLISHED,
        published_at=published_at,
        first_published_at=published_at,
    )
    return await import_article(store, article, actor=DESK, now=published_at or NOW)
