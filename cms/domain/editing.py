"""Writing and revising stories: create, partial update, restore a revision, edit leases.

An update names the version it was made against and changes only the fields it carries.
Someone else's live edit lease blocks it with LEASE_HELD; a stale version with CONFLICT.
Editing a published story changes only its working copy: readers keep the live copy until
the story is published again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from cms import model
from cms.domain import body, events, furniture, richtext, security, stories, tagging, workflow
from cms.errors import BadUserInput, LeaseHeld, NotFound, TakenDown
from cms.store import Store
from cms.store.codec import new_id

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# As long as the database's validators let a slug be (cms/store/collections.py).
MAX_SLUG = 200


def is_slug(text: str) -> bool:
    """Lowercase letters and digits in words joined by single hyphens, at most 200 long."""
    return len(text) <= MAX_SLUG and SLUG.match(text) is not None


LIVE_STATUSES = frozenset({model.Status.PUBLISHED})
# The paragraphs one block quote may hold: a statement, not a second story.
MAX_QUOTED = 20


def _problems_in_form(
    changes: Mapping[str, Any], *, article_id: str | None, now: datetime
) -> dict[str, str]:
    """What is wrong with the values themselves, before looking anything up."""
    problems = _furniture_problems(changes, article_id=article_id, now=now)
    slug = changes.get("slug")
    if slug is not None and not is_slug(slug):
        problems["slug"] = f"use lowercase letters, digits and single hyphens, at most {MAX_SLUG}"
    if "headline" in changes and not (changes["headline"] or "").strip():
        problems["headline"] = "a headline cannot be empty"
    for tag in changes.get("tags") or ():
        if not is_slug(tag):
            problems["tags"] = f"{tag[:40]!r} is not a tag slug (at most {MAX_SLUG} characters)"
    for block in changes.get("body") or ():
        problem = _block_problem(block) or _link_problem(block)
        if problem:
            problems["body"] = problem
    problem = body.ids_problem(changes.get("body") or ())
    if problem:
        problems["body"] = problem
    seo = changes.get("seo")
    if (
        seo is not None
        and seo.canonical_url is not None
        and not richtext.is_web_url(seo.canonical_url)
    ):
        problems["seo"] = "a canonical URL is an http(s) address"
    return problems


def _furniture_problems(
    changes: Mapping[str, Any], *, article_id: str | None, now: datetime
) -> dict[str, str]:
    found = {
        "kicker": furniture.kicker_problem(changes.get("kicker")),
        "breaking_until": furniture.breaking_problem(changes.get("breaking_until"), now=now),
        "related_article_ids": furniture.related_problem(
            changes.get("related_article_ids") or (), article_id=article_id
        ),
    }
    return {name: problem for name, problem in found.items() if problem is not None}


def _link_problem(block: model.Block) -> str | None:
    """Every link a block stores must be one a reader may follow."""
    runs: tuple[model.Inline, ...] = ()
    if isinstance(block, model.Paragraph):
        runs = block.inlines
    elif isinstance(block, model.BlockQuote):
        runs = tuple(inline for paragraph in block.paragraphs for inline in paragraph)
    elif isinstance(block, model.ListBlock):
        runs = tuple(inline for item in block.items for inline in item)
    if any(i.href is not None and not richtext.is_safe_link(i.href) for i in runs):
        return "links are http(s), mailto: or a path on this site (/…)"
    return None


def _block_problem(block: model.Block) -> str | None:
    if isinstance(block, model.Heading) and not 2 <= block.level <= 6:
        return "heading levels run from 2 to 6"
    if isinstance(block, model.RelatedLink) and (block.article_id is None) == (block.url is None):
        return "a related link names either an article or a URL"
    if isinstance(block, model.Embed) and not richtext.is_web_url(block.url):
        return "an embed needs an http(s) URL"
    if isinstance(block, model.BlockQuote) and not 1 <= len(block.paragraphs) <= MAX_QUOTED:
        return f"a block quote has 1 to {MAX_QUOTED} paragraphs"
    if (
        isinstance(block, model.RelatedLink)
        and block.url is not None
        and not (richtext.is_web_url(block.url) or richtext.is_site_path(block.url))
    ):
        return "a related link's URL is an http(s) address or a path on this site"
    return None


async def _problems_in_references(store: Store, changes: Mapping[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    section = changes.get("section")
    if section is not None and not await store.sections.by_slugs([section]):
        problems["section"] = f"there is no section {section!r}"
    author_ids = {b.author_id for b in changes.get("bylines") or ()}
    if author_ids and len(await store.authors.by_ids(author_ids)) != len(author_ids):
        problems["bylines"] = "a byline names an unknown author"
    asset_ids = _asset_ids(changes)
    if asset_ids and len(await store.media.by_ids(asset_ids)) != len(asset_ids):
        problems["media"] = "a media reference names an unknown asset"
    related = set(changes.get("related_article_ids") or ())
    if related and len(await store.articles.teasers_by_ids(related)) != len(related):
        problems["related_article_ids"] = "a related story names no story"
    return problems


def _asset_ids(changes: Mapping[str, Any]) -> set[str]:
    ids = {b.media.asset_id for b in changes.get("body") or () if isinstance(b, model.MediaBlock)}
    lead = changes.get("lead_media")
    if lead is not None:
        ids.add(lead.asset_id)
    seo = changes.get("seo")
    if seo is not None and seo.social_image_id is not None:
        ids.add(seo.social_image_id)
    return ids


async def validate(
    store: Store, changes: Mapping[str, Any], *, article_id: str | None, now: datetime
) -> None:
    """Every problem with the proposed content at once, or nothing."""
    unknown = set(changes) - set(model.CONTENT_FIELDS)
    assert not unknown, f"not content fields: {unknown}"
    problems = _problems_in_form(changes, article_id=article_id, now=now)
    # Ids that are not ids are not looked up.
    checked = _without_related(changes) if "related_article_ids" in problems else changes
    problems = {**await _problems_in_references(store, checked), **problems}
    slug = changes.get("slug")
    if (
        slug is not None
        and "slug" not in problems
        and await store.articles.slug_taken(slug, except_id=article_id)
    ):
        problems["slug"] = f"{slug!r} is used by another story"
    if problems:
        raise BadUserInput(
            "The article input is not valid: "
            + "; ".join(f"{f}: {why}" for f, why in problems.items()),
            fields={stories.public_name(f): why for f, why in problems.items()},
        )


def _without_related(changes: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in changes.items() if k != "related_article_ids"}


async def create_article(
    store: Store, principal: model.Principal, *, content: Mapping[str, Any], now: datetime
) -> model.Article:
    """A new draft owned by its creator, with its first revision."""
    if "slug" not in content or "headline" not in content:
        raise BadUserInput(
            "A new article needs a slug and a headline.", fields=["slug", "headline"]
        )
    await validate(store, content, article_id=None, now=now)
    article_id = new_id()
    if "body" in content:
        content = {
            **content,
            "body": body.keep_ids(content["body"], before=None, article_id=article_id),
        }
    article = model.Article(
        id=article_id,
        created_at=now,
        updated_at=now,
        updated_by_id=principal.user_id,
        owner_id=principal.user_id,
        **content,
    )
    event = model.AuditEvent(
        id=new_id(),
        article_id=article.id,
        actor_id=principal.user_id,
        action="CREATE",
        at=now,
        from_status=article.status,
        to_status=article.status,
        version=1,
    )
    revision = model.Revision(
        id=new_id(),
        article_id=article.id,
        number=1,
        version=1,
        actor_id=principal.user_id,
        at=now,
        content=article,
    )

    created = events.of_story_step(
        action="CREATE", before=None, after=article, by=principal.user_id, now=now
    )

    async def write(tx: Store) -> None:
        await tx.articles.insert(article)
        await tx.revisions.insert(revision)
        await tx.audit_events.insert(event)
        await tagging.ensure_tags(tx, article.tags, now=now)
        await tx.events.insert(*created)

    await store.atomically(write)
    return article


async def _check_lease(
    store: Store, principal: model.Principal, article_id: str, now: datetime
) -> None:
    lease = await store.edit_leases.current(article_id, now=now)
    if lease is not None and lease.user_id != principal.user_id:
        raise LeaseHeld(
            "Another editor holds the edit lease on this article; take it over to save.",
            holder=lease.user_id,
            expiresAt=lease.expires_at.isoformat(),
        )


async def _save_content(
    store: Store,
    principal: model.Principal,
    article: model.Article,
    content: Mapping[str, Any],
    *,
    action: str,
    now: datetime,
) -> model.Article:
    if "body" in content:
        kept = body.keep_ids(content["body"], before=article.body, article_id=article.id)
        content = {**content, "body": kept}
    after = stories.next_state(
        article, now, has_unpublished_changes=article.status in LIVE_STATUSES, **content
    )
    change = stories.Change(
        before=article, after=after, actor=principal, action=action, now=now, revision=True
    )
    return await stories.commit(store, change)


async def update_article(
    store: Store,
    principal: model.Principal,
    *,
    article_id: str,
    expected_version: int,
    changes: Mapping[str, Any],
    now: datetime,
) -> model.Article:
    """Change the given fields of the working copy; the others stay as they are."""
    article = await stories.load(store, article_id)
    await stories.check_version(store, article, expected_version)
    workflow.check_can_edit(principal, article)
    await _check_lease(store, principal, article_id, now)
    await validate(store, changes, article_id=article_id, now=now)
    return await _save_content(store, principal, article, changes, action="UPDATE", now=now)


async def restore_revision(
    store: Store,
    principal: model.Principal,
    *,
    article_id: str,
    expected_version: int,
    revision_id: str,
    now: datetime,
) -> model.Article:
    """Bring back an earlier revision's content, saved as a new revision."""
    article = await stories.load(store, article_id)
    revision = await store.revisions.get(revision_id)
    if revision is None or revision.article_id != article_id:
        raise NotFound(f"No revision {revision_id!r} of this article.", id=revision_id)
    await stories.check_version(store, article, expected_version)
    workflow.check_can_edit(principal, article)
    await _check_lease(store, principal, article_id, now)
    content = dict(stories.content_of(revision.content))
    # Its blocks keep the ids they read with then (derived, if it was stored without them).
    content["body"] = body.read_ids(article_id, revision.content.body or ())
    await validate(store, {"slug": content["slug"]}, article_id=article_id, now=now)
    return await _save_content(store, principal, article, content, action="RESTORE", now=now)


async def revision_diff(store: Store, *, from_id: str, to_id: str) -> list[stories.FieldChange]:
    found = await store.revisions.by_ids([from_id, to_id])
    if from_id not in found or to_id not in found:
        raise NotFound("No such revision.", ids=[i for i in (from_id, to_id) if i not in found])
    if found[from_id].article_id != found[to_id].article_id:
        raise BadUserInput("The two revisions belong to different articles.")
    return stories.diff(found[from_id].content, found[to_id].content)


async def acquire_lease(
    store: Store,
    principal: model.Principal,
    *,
    article_id: str,
    now: datetime,
    ttl: timedelta,
    take_over: bool = False,
) -> model.EditLease:
    """Take (or renew) the short edit lease; ``take_over`` takes it from whoever holds it."""
    article = await stories.load(store, article_id)
    workflow.check_can_edit(principal, article)
    lease = model.EditLease(id=article_id, user_id=principal.user_id, expires_at=now + ttl)
    if take_over:
        return await _take_over(store, lease, article=article, now=now)
    taken = await store.edit_leases.acquire(lease, now=now)
    if taken is None:
        await _check_lease(store, principal, article_id, now)
        raise LeaseHeld("Another editor holds the edit lease on this article.")
    return taken


async def _take_over(
    store: Store, lease: model.EditLease, *, article: model.Article, now: datetime
) -> model.EditLease:
    """Take the lease and, when it was someone else's and still running, record that they
    lost it (their "what needs me" says so) and tell the desk, in one transaction."""

    async def take(tx: Store) -> model.EditLease:
        before = await tx.edit_leases.take_over(lease)
        if before is not None and before.user_id != lease.user_id and before.expires_at > now:
            taken = model.LeaseTakeover(
                id=new_id(),
                article_id=article.id,
                user_id=before.user_id,
                by_id=lease.user_id,
                at=now,
            )
            await tx.lease_takeovers.insert(taken)
            await tx.events.insert(
                events.lease_taken(article, by=lease.user_id, from_user=before.user_id, now=now)
            )
        return lease

    return await store.atomically(take)


async def release_lease(store: Store, principal: model.Principal, *, article_id: str) -> None:
    await store.edit_leases.release(article_id, user_id=principal.user_id)


async def mint_preview(
    store: Store,
    principal: model.Principal,
    *,
    article_id: str,
    secret: str,
    ttl: timedelta,
    now: datetime,
) -> tuple[str, datetime]:
    """A short-lived token that shows this one story's working copy on the delivery API;
    never for a story that was taken down."""
    article = await stories.load(store, article_id)
    workflow.check_can_preview(principal, article)
    if article.was_taken_down:
        raise TakenDown("This story was taken down: it cannot be previewed.", id=article.id)
    token = security.sign(
        secret=secret,
        audience=security.PREVIEW,
        subject=article.id,
        token_id=new_id(),
        now=now,
        ttl=ttl,
    )
    return token, now + ttl
