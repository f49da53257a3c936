"""What every saved story does for the addresses and tags it names: a tag typed new on a story
is created with it, and the old slug of a story once published keeps leading to it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from cms import model
from cms.store import Store
from cms.store.codec import new_id


def name_from_slug(slug: str) -> str:
    """The name a tag first typed on a story gets: its slug in words ("flood defences"),
    until an editor renames it."""
    return slug.replace("-", " ")


def new_tag(slug: str, name: str, now: datetime) -> model.Tag:
    return model.Tag(id=new_id(), slug=slug, name=name, created_at=now, updated_at=now)


async def ensure_tags(tx: Store, slugs: Sequence[str], *, now: datetime) -> list[model.Tag]:
    """Create the tags a story names that do not exist yet, in the caller's transaction."""
    existing = await tx.tags.existing(slugs)
    created = [
        new_tag(s, name_from_slug(s), now) for s in dict.fromkeys(slugs) if s not in existing
    ]
    for tag in created:
        await tx.tags.insert(tag)
        await tx.slug_redirects.forget(model.RedirectKind.TAG, tag.slug)
    return created


async def give_tags_documents(store: Store, *, now: datetime) -> int:
    """Give every tag a story names a document, as saving the story would have: stories saved
    before tags were documents named slugs only, and the lists of tags read documents.
    Idempotent and cheap (the tags indexes' distinct values), so it runs at every start, with
    the other upkeep; returns how many tags were made."""
    named = await store.articles.tags_named() | await store.live_articles.tags_named()
    missing = sorted(named - await store.tags.existing(named))
    return await store.tags.insert_missing(new_tag(s, name_from_slug(s), now) for s in missing)


async def keep_addresses(
    tx: Store, before: model.Article, after: model.Article, *, now: datetime
) -> None:
    """In a story's saving transaction: create the new tags it names, and when the slug of a
    story that was ever published changes, let the old slug lead to the story."""
    if after.tags != before.tags:
        await ensure_tags(tx, after.tags, now=now)
    if before.slug != after.slug and before.first_published_at is not None:
        redirect = model.SlugRedirect(
            id=new_id(),
            kind=model.RedirectKind.ARTICLE,
            slug=before.slug,
            target_id=after.id,
            at=now,
        )
        await tx.slug_redirects.point(redirect)


async def claim_slug(tx: Store, article: model.Article) -> None:
    """A story live under a slug owns it: an old slug of another story no longer leads there."""
    await tx.slug_redirects.forget(model.RedirectKind.ARTICLE, article.slug)
