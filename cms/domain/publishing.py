"""Filing and publishing stories: validate everything first, then write atomically.

Publishing snapshots the working copy into the live copy. Both writes happen in one
transaction, so a crash leaves either the old live copy or the new one, never half of each.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from cms import model
from cms.errors import BadUserInput, Conflict, NotFound, PublishBlocked
from cms.store import Store


async def file_article(store: Store, article: model.Article) -> model.Article:
    """Store a new working copy; its slug must not be taken by any other story."""
    if await store.articles.slug_taken(article.slug):
        raise BadUserInput(
            f"slug {article.slug!r} is already in use.", field="slug", reason="DUPLICATE"
        )
    return await store.articles.insert(article)


async def publish_problems(store: Store, article: model.Article) -> dict[str, str]:
    """Every reason this story cannot go live yet, by field; empty when it can."""
    problems: dict[str, str] = {}
    if not article.headline.strip():
        problems["headline"] = "a headline is required"
    if not article.slug:
        problems["slug"] = "a slug is required"
    elif await store.articles.slug_taken(article.slug, except_id=article.id):
        problems["slug"] = f"{article.slug!r} is used by another story"
    if article.section is None:
        problems["section"] = "a section is required"
    elif not await store.sections.by_slugs([article.section]):
        problems["section"] = f"there is no section {article.section!r}"
    if not article.bylines:
        problems["authors"] = "at least one author is required"
    else:
        wanted = {byline.author_id for byline in article.bylines}
        if len(await store.authors.by_ids(wanted)) != len(wanted):
            problems["authors"] = "a byline names an unknown author"
    if not article.body:
        problems["body"] = "the body is empty"
    problem = await _lead_media_problem(store, article.lead_media)
    if problem:
        problems["leadMedia"] = problem
    return problems


async def _lead_media_problem(store: Store, use: model.MediaUse | None) -> str | None:
    if use is None:
        return "lead media is required"
    asset = await store.media.get(use.asset_id)
    if asset is None:
        return "the lead media asset does not exist"
    if not (use.credit or asset.credit):
        return "the lead media needs a credit"
    return None


async def publish_article(store: Store, *, article_id: str, now: datetime) -> model.Article:
    """Make the working copy live, now; the first publication time is kept forever."""
    article = await store.articles.get(article_id)
    if article is None:
        raise NotFound(f"No article with id {article_id!r}.", id=article_id)
    problems = await publish_problems(store, article)
    if problems:
        raise PublishBlocked(problems)
    published = dataclasses.replace(
        article,
        status=model.Status.PUBLISHED,
        published_at=now,
        first_published_at=article.first_published_at or now,
        updated_at=now,
        version=article.version + 1,
    )

    async def write(tx: Store) -> None:
        if not await tx.articles.replace(published, expected_version=article.version):
            raise Conflict(
                "The article changed while it was being published; nothing was written.",
                currentVersion=article.version,
            )
        await tx.live_articles.put(published)

    await store.atomically(write)
    return published
