"""Stories on the editors' schema: the budget, editing, revisions, the workflow and leases.

Who may take which workflow step is decided by the domain's transition table, not here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import strawberry

from cms.api import inputs
from cms.api.editorial import (
    EditLease,
    EditorialArticle,
    EditorialArticleConnection,
    FieldChange,
    ManagementInfo,
    PreviewToken,
    StatusCount,
)
from cms.api.enums import Status
from cms.api.permissions import SignedIn
from cms.domain import editing, publishing, reading
from cms.domain.workflow import Action


@strawberry.type
class StoryQueries:
    @strawberry.field(permission_classes=[SignedIn], description="A story in any status, by id.")
    async def article(self, info: ManagementInfo, id: strawberry.ID) -> EditorialArticle | None:
        found = await info.context.loaders.articles_by_id.load(str(id))
        return None if found is None else EditorialArticle.build_editorial(found)

    @strawberry.field(
        permission_classes=[SignedIn],
        description="Working copies, most recently changed first. `mine`: only stories the "
        "caller created; `search`: stories where each word begins a word of the headline, "
        "the slug or a byline's name, in any case.",
    )
    async def articles(
        self,
        info: ManagementInfo,
        first: int | None = reading.DEFAULT_PAGE_SIZE,
        after: str | None = None,
        status: Status | None = None,
        section: str | None = None,
        author: str | None = None,
        mine: bool | None = False,
        search: str | None = None,
    ) -> EditorialArticleConnection:
        principal = info.context.actor()
        request = reading.PageRequest(first, after, info.context.settings.max_page_size)
        wanted = await reading.working_filter(
            info.context.store,
            status=status,
            section=section,
            author=author,
            owner_id=principal.user_id if mine else None,
            search=search,
        )
        page = await reading.working_page(
            info.context.store, wanted, request, now=info.context.now()
        )
        return EditorialArticleConnection.build(page, wanted=wanted, after=after)

    @strawberry.field(
        permission_classes=[SignedIn],
        description="How many stories are in each status (every status, zeros included) "
        "under the same filters as `articles`: the budget's tabs.",
    )
    async def article_counts(
        self,
        info: ManagementInfo,
        section: str | None = None,
        author: str | None = None,
        mine: bool | None = False,
        search: str | None = None,
    ) -> list[StatusCount]:
        principal = info.context.actor()
        wanted = await reading.working_filter(
            info.context.store,
            section=section,
            author=author,
            owner_id=principal.user_id if mine else None,
            search=search,
        )
        counts = await info.context.status_counts(wanted)
        return [StatusCount(status=s, count=n) for s, n in counts.items()]

    @strawberry.field(
        permission_classes=[SignedIn],
        description="What changed between two revisions of one story.",
    )
    async def revision_diff(
        self, info: ManagementInfo, from_id: strawberry.ID, to_id: strawberry.ID
    ) -> list[FieldChange]:
        changes = await editing.revision_diff(
            info.context.store, from_id=str(from_id), to_id=str(to_id)
        )
        return [FieldChange.build(change) for change in changes]


@strawberry.type
class StoryMutations:
    @strawberry.mutation(
        permission_classes=[SignedIn], description="A new draft, owned by its creator."
    )
    async def create_article(
        self, info: ManagementInfo, input: inputs.ArticleInput
    ) -> EditorialArticle:
        ctx = info.context
        article = await editing.create_article(
            ctx.store, ctx.actor(), content=inputs.article_content(input), now=ctx.now()
        )
        return EditorialArticle.build_editorial(article)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Change the fields given; the others stay. If the story changed since "
        "expectedVersion, the answer is CONFLICT (currentVersion, yourVersion, changedFields, "
        "currentValues: each changed field's value now) and nothing is written.",
    )
    async def update_article(
        self,
        info: ManagementInfo,
        id: strawberry.ID,
        expected_version: int,
        input: inputs.ArticleInput,
    ) -> EditorialArticle:
        ctx = info.context
        article = await editing.update_article(
            ctx.store,
            ctx.actor(),
            article_id=str(id),
            expected_version=expected_version,
            changes=inputs.article_content(input),
            now=ctx.now(),
        )
        return EditorialArticle.build_editorial(article)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Bring back an earlier revision's content as a new one.",
    )
    async def restore_revision(
        self,
        info: ManagementInfo,
        id: strawberry.ID,
        expected_version: int,
        revision_id: strawberry.ID,
    ) -> EditorialArticle:
        ctx = info.context
        article = await editing.restore_revision(
            ctx.store,
            ctx.actor(),
            article_id=str(id),
            expected_version=expected_version,
            revision_id=str(revision_id),
            now=ctx.now(),
        )
        return EditorialArticle.build_editorial(article)

    @strawberry.mutation(permission_classes=[SignedIn])
    async def submit_article(
        self, info: ManagementInfo, id: strawberry.ID, expected_version: int
    ) -> EditorialArticle:
        return await _move(info, id, expected_version, Action.SUBMIT)

    @strawberry.mutation(
        permission_classes=[SignedIn], description="Send back to the writer; a comment is required."
    )
    async def request_changes(
        self, info: ManagementInfo, id: strawberry.ID, expected_version: int, comment: str
    ) -> EditorialArticle:
        return await _move(info, id, expected_version, Action.REQUEST_CHANGES, comment)

    @strawberry.mutation(permission_classes=[SignedIn])
    async def approve_article(
        self, info: ManagementInfo, id: strawberry.ID, expected_version: int
    ) -> EditorialArticle:
        return await _move(info, id, expected_version, Action.APPROVE)

    @strawberry.mutation(
        permission_classes=[SignedIn], description="Take an embargoed story back to APPROVED."
    )
    async def unschedule_article(
        self, info: ManagementInfo, id: strawberry.ID, expected_version: int
    ) -> EditorialArticle:
        return await _move(info, id, expected_version, Action.UNSCHEDULE)

    @strawberry.mutation(permission_classes=[SignedIn])
    async def archive_article(
        self, info: ManagementInfo, id: strawberry.ID, expected_version: int
    ) -> EditorialArticle:
        return await _move(info, id, expected_version, Action.ARCHIVE)

    @strawberry.mutation(
        permission_classes=[SignedIn], description="Make the working copy live now."
    )
    async def publish_article(
        self, info: ManagementInfo, id: strawberry.ID, expected_version: int
    ) -> EditorialArticle:
        ctx = info.context
        article = await publishing.publish(
            ctx.store,
            ctx.actor(),
            article_id=str(id),
            expected_version=expected_version,
            now=ctx.now(),
        )
        return EditorialArticle.build_editorial(article)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Embargo until publishAt; optionally come down at unpublishAt.",
    )
    async def schedule_article(
        self,
        info: ManagementInfo,
        id: strawberry.ID,
        expected_version: int,
        publish_at: datetime | None = None,
        unpublish_at: datetime | None = None,
    ) -> EditorialArticle:
        ctx = info.context
        article = await publishing.schedule(
            ctx.store,
            ctx.actor(),
            article_id=str(id),
            expected_version=expected_version,
            publish_at=publish_at,
            unpublish_at=unpublish_at,
            now=ctx.now(),
        )
        return EditorialArticle.build_editorial(article)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Take a story off the site; a reason is required.",
    )
    async def unpublish_article(
        self, info: ManagementInfo, id: strawberry.ID, expected_version: int, reason: str
    ) -> EditorialArticle:
        return await _take_off(info, id, expected_version, Action.UNPUBLISH, reason)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="A legal kill: the story stays down; a reason is required.",
    )
    async def take_down_article(
        self, info: ManagementInfo, id: strawberry.ID, expected_version: int, reason: str
    ) -> EditorialArticle:
        return await _take_off(info, id, expected_version, Action.TAKE_DOWN, reason)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Append a dated correction to a published story; CONFLICT if it changed "
        "since expectedVersion.",
    )
    async def add_correction(
        self,
        info: ManagementInfo,
        id: strawberry.ID,
        text: str,
        expected_version: int,
    ) -> EditorialArticle:
        ctx = info.context
        article = await publishing.add_correction(
            ctx.store,
            ctx.actor(),
            article_id=str(id),
            expected_version=expected_version,
            text=text,
            now=ctx.now(),
        )
        return EditorialArticle.build_editorial(article)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="A short-lived token to preview this story on /graphql.",
    )
    async def create_preview_token(self, info: ManagementInfo, id: strawberry.ID) -> PreviewToken:
        ctx = info.context
        token, expires_at = await editing.mint_preview(
            ctx.store,
            ctx.actor(),
            article_id=str(id),
            secret=ctx.secret,
            ttl=timedelta(seconds=ctx.settings.preview_ttl_seconds),
            now=ctx.now(),
        )
        return PreviewToken(token=token, expires_at=expires_at)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Take or renew the edit lease; LEASE_HELD if another has it.",
    )
    async def acquire_edit_lease(self, info: ManagementInfo, id: strawberry.ID) -> EditLease:
        return await _lease(info, id, take_over=False)

    @strawberry.mutation(
        permission_classes=[SignedIn], description="Take the edit lease from whoever holds it."
    )
    async def take_over_edit_lease(self, info: ManagementInfo, id: strawberry.ID) -> EditLease:
        return await _lease(info, id, take_over=True)

    @strawberry.mutation(permission_classes=[SignedIn])
    async def release_edit_lease(self, info: ManagementInfo, id: strawberry.ID) -> bool:
        await editing.release_lease(info.context.store, info.context.actor(), article_id=str(id))
        return True


async def _move(
    info: ManagementInfo,
    id: strawberry.ID,
    expected_version: int,
    action: Action,
    comment: str | None = None,
) -> EditorialArticle:
    ctx = info.context
    article = await publishing.move(
        ctx.store,
        ctx.actor(),
        article_id=str(id),
        expected_version=expected_version,
        action=action,
        comment=comment,
        now=ctx.now(),
    )
    return EditorialArticle.build_editorial(article)


async def _take_off(
    info: ManagementInfo, id: strawberry.ID, expected_version: int, action: Action, reason: str
) -> EditorialArticle:
    ctx = info.context
    article = await publishing.take_off(
        ctx.store,
        ctx.actor(),
        article_id=str(id),
        expected_version=expected_version,
        action=action,
        reason=reason,
        now=ctx.now(),
    )
    return EditorialArticle.build_editorial(article)


async def _lease(info: ManagementInfo, id: strawberry.ID, *, take_over: bool) -> EditLease:
    ctx = info.context
    lease = await editing.acquire_lease(
        ctx.store,
        ctx.actor(),
        article_id=str(id),
        now=ctx.now(),
        ttl=timedelta(seconds=ctx.settings.lease_seconds),
        take_over=take_over,
    )
    return EditLease(expires_at=lease.expires_at, user_id=lease.user_id)
