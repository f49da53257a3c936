"""Moving stories through the workflow: review, publication, embargoes, corrections, kills.

Each step is checked against the table in ``workflow`` and written by ``stories.commit``: the
working copy, the audit event and the live copy change together or not at all. Publishing
snapshots the working copy into the live copy; a crash leaves the old live copy or the new one.
The scheduler releases embargoed stories through the same steps, and because every step is a
version-checked write, two schedulers racing publish a story exactly once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from datetime import datetime

from cms import model
from cms.domain import body, events, media, media_access, stories, tagging, workflow
from cms.domain.workflow import Action
from cms.errors import BadUserInput, Conflict, InvalidTransition, PublishBlocked
from cms.store import Store
from cms.store.codec import new_id

log = logging.getLogger(__name__)


async def import_article(
    store: Store, article: model.Article, *, actor: model.Principal, now: datetime
) -> model.Article:
    """Bring in a story as it stands elsewhere (an archive, the demo): draft or live.

    A story imported as PUBLISHED must pass the same checks as one published here; its working
    copy, first revision, audit event and live copy are written in one transaction.
    """
    if await store.articles.slug_taken(article.slug):
        raise BadUserInput(
            f"slug {article.slug!r} is already in use.", field="slug", reason="DUPLICATE"
        )
    ids = body.keep_ids(article.body or (), before=None, article_id=article.id)
    article = dataclasses.replace(article, body=ids)
    live = article.status is model.Status.PUBLISHED
    if live:
        await _check_publishable(store, article, at=now)
        published_at = article.published_at or now
        article = dataclasses.replace(
            article,
            published_at=published_at,
            first_published_at=article.first_published_at or published_at,
        )
    revision = model.Revision(
        id=new_id(),
        article_id=article.id,
        number=1,
        version=article.version,
        actor_id=actor.user_id,
        at=now,
        content=article,
    )
    event = model.AuditEvent(
        id=new_id(),
        article_id=article.id,
        actor_id=actor.user_id,
        action="IMPORT",
        at=now,
        from_status=article.status,
        to_status=article.status,
        version=article.version,
    )

    happened = events.of_story_step(
        action="IMPORT",
        before=None,
        after=article,
        by=actor.user_id,
        now=now,
        put=article if live else None,
    )

    async def write(tx: Store) -> None:
        await tx.articles.insert(article)
        await tx.revisions.insert(revision)
        await tx.audit_events.insert(event)
        await tagging.ensure_tags(tx, article.tags, now=now)
        if live:
            await tx.live_articles.put(article)
            await tagging.claim_slug(tx, article)
        await tx.events.insert(*happened)

    await store.atomically(write)
    return article


async def publish_problems(store: Store, article: model.Article, *, at: datetime) -> dict[str, str]:
    """Every reason this story cannot go live at ``at`` (now, or its embargo), by field;
    empty when it can."""
    problems: dict[str, str] = {}
    if not article.headline.strip():
        problems["headline"] = "a headline is required"
    if not article.slug:
        problems["slug"] = "a slug is required"
    elif await _slug_in_use(store, article):
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
    problem = await _lead_media_problem(store, article.lead_media, at=at)
    if problem:
        problems["leadMedia"] = problem
    return problems


async def _slug_in_use(store: Store, article: model.Article) -> bool:
    if await store.articles.slug_taken(article.slug, except_id=article.id):
        return True
    live = await store.live_articles.by_slug(article.slug)
    return live is not None and live.id != article.id


async def _lead_media_problem(
    store: Store, use: model.MediaUse | None, *, at: datetime
) -> str | None:
    if use is None:
        return "lead media is required"
    asset = await store.media.get(use.asset_id)
    if asset is None:
        return "the lead media asset does not exist"
    if not (use.credit or asset.credit):
        return "the lead media needs a credit"
    if media.rights_expired(asset, now=at):
        # Readers would get the story without its picture: a desk decision, not a default.
        return "the lead media's rights will have expired when the story goes live"
    return None


async def _check_publishable(store: Store, article: model.Article, *, at: datetime) -> None:
    problems = await publish_problems(store, article, at=at)
    if problems:
        raise PublishBlocked(problems)


def _required(text: str | None, what: str) -> str:
    if text is None or not text.strip():
        raise BadUserInput(f"A {what} is required.", field=what)
    return text.strip()


async def _step(
    store: Store,
    principal: model.Principal,
    *,
    article_id: str,
    expected_version: int,
    action: Action,
) -> tuple[model.Article, model.Status]:
    """Load the story, check the version the caller held and that the step is allowed."""
    article = await stories.load(store, article_id)
    await stories.check_version(store, article, expected_version)
    return article, workflow.next_status(principal, article, action)


async def move(
    store: Store,
    principal: model.Principal,
    *,
    article_id: str,
    expected_version: int,
    action: Action,
    now: datetime,
    comment: str | None = None,
) -> model.Article:
    """A step that changes only the status: submit, request changes, approve, unschedule,
    archive."""
    if action is Action.REQUEST_CHANGES:
        comment = _required(comment, "comment")
    article, target = await _step(
        store,
        principal,
        article_id=article_id,
        expected_version=expected_version,
        action=action,
    )
    extra = {"publish_at": None} if action is Action.UNSCHEDULE else {}
    after = stories.next_state(article, now, status=target, **extra)
    change = stories.Change(
        before=article,
        after=after,
        actor=principal,
        action=action.value,
        now=now,
        comment=comment,
    )
    return await stories.commit(store, change)


async def publish(
    store: Store,
    principal: model.Principal,
    *,
    article_id: str,
    expected_version: int,
    now: datetime,
) -> model.Article:
    """Make the working copy live now; the first publication time is kept forever."""
    article, target = await _step(
        store,
        principal,
        article_id=article_id,
        expected_version=expected_version,
        action=Action.PUBLISH,
    )
    await _check_publishable(store, article, at=now)
    after = stories.next_state(
        article,
        now,
        status=target,
        published_at=now,
        first_published_at=article.first_published_at or now,
        publish_at=None,
        has_unpublished_changes=False,
    )
    change = stories.Change(
        before=article, after=after, actor=principal, action="PUBLISH", now=now, live="put"
    )
    return await stories.commit(store, change)


async def schedule(
    store: Store,
    principal: model.Principal,
    *,
    article_id: str,
    expected_version: int,
    publish_at: datetime | None,
    unpublish_at: datetime | None,
    now: datetime,
) -> model.Article:
    """Embargo a story until ``publish_at`` (and/or set when it comes down again)."""
    article, target = await _step(
        store,
        principal,
        article_id=article_id,
        expected_version=expected_version,
        action=Action.SCHEDULE,
    )
    live = article.status is model.Status.PUBLISHED
    if not live and (publish_at is None or publish_at <= now):
        raise BadUserInput("publishAt must be in the future.", field="publishAt")
    if live and unpublish_at is None:
        raise BadUserInput("A live story can only be scheduled to come down.", field="unpublishAt")
    start = article.published_at if live else publish_at
    if unpublish_at is not None and (unpublish_at <= now or (start and unpublish_at <= start)):
        raise BadUserInput("unpublishAt must come after publishAt.", field="unpublishAt")
    await _check_publishable(store, article, at=now if live or publish_at is None else publish_at)
    after = stories.next_state(
        article,
        now,
        status=target,
        publish_at=None if live else publish_at,
        unpublish_at=unpublish_at,
    )
    change = stories.Change(
        before=article, after=after, actor=principal, action="SCHEDULE", now=now
    )
    return await stories.commit(store, change)


async def take_off(
    store: Store,
    principal: model.Principal,
    *,
    article_id: str,
    expected_version: int,
    action: Action,
    reason: str | None,
    now: datetime,
) -> model.Article:
    """Unpublish, or take down (a legal kill that must stay down): the live copy goes, and so
    do the pictures only it showed, from readers and from CDNs."""
    reason = _required(reason, "reason")
    article, target = await _step(
        store,
        principal,
        article_id=article_id,
        expected_version=expected_version,
        action=action,
    )
    extra = {"taken_down_at": now} if action is Action.TAKE_DOWN else {}
    after = stories.next_state(
        article, now, status=target, publish_at=None, unpublish_at=None, **extra
    )
    shown = await store.live_articles.whole_by_ids([article_id])
    change = stories.Change(
        before=article,
        after=after,
        actor=principal,
        action=action.value,
        now=now,
        comment=reason,
        live="remove",
    )
    taken_off = await stories.commit(store, change)
    if article_id in shown:
        await media_access.withdraw_unshown(store, model.media_ids_of(shown[article_id]))
    return taken_off


async def add_correction(
    store: Store,
    principal: model.Principal,
    *,
    article_id: str,
    expected_version: int,
    text: str | None,
    now: datetime,
) -> model.Article:
    """Append a dated correction to a live story; readers see it and the new updatedAt."""
    workflow.check_desk(principal)
    text = _required(text, "text")
    article = await stories.load(store, article_id)
    await stories.check_version(store, article, expected_version)
    if article.status is not model.Status.PUBLISHED:
        raise InvalidTransition(
            "Only a published story takes corrections.", status=article.status.value
        )
    live = await store.live_articles.whole_by_ids([article_id])
    correction = model.Correction(text=text, at=now)
    after = stories.next_state(article, now, corrections=(*article.corrections, correction))
    live_copy = dataclasses.replace(
        live[article_id], corrections=after.corrections, updated_at=now, version=after.version
    )
    change = stories.Change(
        before=article,
        after=after,
        actor=principal,
        action="CORRECT",
        now=now,
        comment=text,
        live="put",
        live_copy=live_copy,
    )
    return await stories.commit(store, change)


async def run_schedule(store: Store, *, now: datetime) -> int:
    """Release embargoed stories whose time has come, take down expired ones, and tell of
    pictures whose rights ended; returns how many story steps this process took (another
    process may have taken the rest)."""
    await media.tell_rights_ended(store, now=now)
    taken = 0
    for article_id in await store.articles.due(
        status=model.Status.SCHEDULED, field="publish_at", now=now
    ):
        taken += await release_due(store, article_id, now=now, action=Action.PUBLISH)
    for article_id in await store.articles.due(
        status=model.Status.PUBLISHED, field="unpublish_at", now=now
    ):
        taken += await release_due(store, article_id, now=now, action=Action.UNPUBLISH)
    return taken


async def release_due(store: Store, article_id: str, *, now: datetime, action: Action) -> int:
    """Take the scheduler's step for one story if it is still due when read again: the list
    of due stories is a moment old, and in between another scheduler may have taken the step
    or an editor may have rescheduled it. Returns 1 if this call took the step, else 0."""
    article = await stories.load(store, article_id)
    if action is Action.PUBLISH:
        status, due_at = model.Status.SCHEDULED, article.publish_at
    else:
        status, due_at = model.Status.PUBLISHED, article.unpublish_at
    if article.status is not status or due_at is None or due_at > now:
        return 0
    try:
        if action is Action.PUBLISH:
            await publish(
                store,
                model.SCHEDULER,
                article_id=article_id,
                expected_version=article.version,
                now=now,
            )
        else:
            await take_off(
                store,
                model.SCHEDULER,
                article_id=article_id,
                expected_version=article.version,
                action=action,
                reason="Scheduled unpublish time reached.",
                now=now,
            )
    except (Conflict, InvalidTransition):
        return 0  # another process (or an editor) got there first
    except PublishBlocked as blocked:
        await _hand_back(store, article, blocked, now=now)
        return 0
    return 1


async def _hand_back(
    store: Store, article: model.Article, blocked: PublishBlocked, *, now: datetime
) -> None:
    """An embargoed story that cannot go live at its time goes back to the desk, approved and
    unscheduled, with the reasons in its history: left scheduled, it would be retried (and
    logged) every tick while the desk believed it out. The stories due after it still go."""
    log.warning("embargoed story %s cannot go live: %s", article.id, blocked.message)
    # Unless an editor, or another scheduler, changed it first.
    with contextlib.suppress(Conflict, InvalidTransition):
        await move(
            store,
            model.SCHEDULER,
            article_id=article.id,
            expected_version=article.version,
            action=Action.UNSCHEDULE,
            now=now,
            comment=f"Not published at its embargo time. {blocked.message}",
        )
