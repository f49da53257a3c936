"""GraphQL types only editors see: stories in any status with their workflow, people, history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from cms import model
from cms.api.context import ManagementContext
from cms.api.enums import Role, Status, WorkflowAction
from cms.api.types import Article, Author, PageInfo, Section
from cms.domain import reading, workflow
from cms.domain.stories import FieldChange as DomainFieldChange
from cms.store import WorkingFilter

ManagementInfo = strawberry.Info[ManagementContext, None]


@strawberry.type(description="Someone who logs in to the management API.")
class User:
    id: strawberry.ID
    email: str
    role: Role
    name: str | None
    created_at: datetime
    version: int = strawberry.field(
        description="One up on every change; pass it back as updateUser's expectedVersion."
    )

    @classmethod
    def build(cls, user: model.User) -> User:
        return cls(
            id=strawberry.ID(user.id),
            email=user.email,
            role=Role(user.role.value),
            name=user.name,
            created_at=user.created_at,
            version=user.version,
        )


async def _user(info: ManagementInfo, user_id: str | None) -> User | None:
    if user_id is None:
        return None
    found = await info.context.loaders.users_by_id.load(user_id)
    return None if found is None else User.build(found)


@strawberry.type(description="An author as admins see it, email included.")
class AuthorProfile(Author):
    email: str | None
    version: int = strawberry.field(
        description="One up on every change; pass it back as updateAuthor's expectedVersion."
    )

    @classmethod
    def build_profile(cls, author: model.Author) -> AuthorProfile:
        base = Author.build(author)
        return cls(**{**vars(base), "email": author.email, "version": author.version})


@strawberry.type(description="A section as editors see it, with its version.")
class EditorialSection(Section):
    version: int = strawberry.field(
        description="One up on every change; pass it back as updateSection's expectedVersion."
    )

    @classmethod
    def build_editorial(cls, section: model.Section) -> EditorialSection:
        base = Section.build(section)
        return cls(**{**vars(base), "version": section.version})


@strawberry.type(description="A saved state of a story's content.")
class Revision:
    id: strawberry.ID
    number: int
    version: int
    at: datetime
    actor_id: strawberry.Private[str]

    @strawberry.field(description="Who saved it; null for the system (imports, the scheduler).")
    async def actor(self, info: ManagementInfo) -> User | None:
        return await _user(info, self.actor_id)


@strawberry.type(description="One step in a story's history.")
class AuditEvent:
    action: str
    at: datetime
    from_status: Status
    to_status: Status
    version: int
    comment: str | None
    actor_id: strawberry.Private[str]

    @strawberry.field(description="Who took the step; null for the system.")
    async def actor(self, info: ManagementInfo) -> User | None:
        return await _user(info, self.actor_id)


@strawberry.type(description="A field that differs between two revisions, with both values.")
class FieldChange:
    field: str
    # null when the field was empty on that side (a dek added, a lead picture removed)
    before: JSON | None
    after: JSON | None

    @classmethod
    def build(cls, change: DomainFieldChange) -> FieldChange:
        return cls(field=change.field, before=change.before, after=change.after)


@strawberry.type(description="Who is editing a story right now, and until when.")
class EditLease:
    expires_at: datetime
    user_id: strawberry.Private[str]

    @strawberry.field
    async def user(self, info: ManagementInfo) -> User | None:
        return await _user(info, self.user_id)


@strawberry.type(description="A story as editors see it: its working copy, in any status.")
class EditorialArticle(Article):
    status: Status
    version: int = strawberry.field(description="Pass it back as expectedVersion when saving.")
    created_at: datetime
    published_at: datetime | None  # type: ignore[assignment]
    first_published_at: datetime | None  # type: ignore[assignment]
    publish_at: datetime | None = strawberry.field(description="The embargo: when it goes live.")
    unpublish_at: datetime | None
    has_unpublished_changes: bool = strawberry.field(
        description="The working copy differs from what readers see until it is published again."
    )
    breaking_until_set: datetime | None = strawberry.field(
        description="The end of breaking news as saved, even once past (breakingUntil is null "
        "then).",
    )
    display_date_set: datetime | None = strawberry.field(
        description="The display date the desk set; null: readers see the first publication's."
    )
    social_image_set: bool = strawberry.field(
        description="Whether the desk chose the social image (seo.socialImage is otherwise "
        "the lead picture)."
    )

    @strawberry.field(
        graphql_type=Section | None,
        description="The section it is filed in; null until one is chosen (publishing needs one).",
    )
    async def section(self, info: ManagementInfo) -> Section | None:
        slug = self.story.section
        if slug is None:
            return None
        found = await info.context.loaders.sections_by_slug.load(slug)
        return Section.unknown(slug) if found is None else Section.build(found)

    @strawberry.field(
        description="The stories the desk chose to show with this one, in order, in any "
        "status (delivery shows those live, topped up by shared tags); first: all of them."
    )
    async def related_articles(
        self, info: ManagementInfo, first: int | None = None
    ) -> list[EditorialArticle]:
        ids = list(self.story.related_article_ids)[:first]
        found = await info.context.loaders.teasers_by_id.load_many(ids)
        return [EditorialArticle.build_editorial(a) for a in found if a is not None]

    @strawberry.field(description="The writer who created the story and may edit it as a draft.")
    async def owner(self, info: ManagementInfo) -> User | None:
        return await _user(info, self.story.owner_id)

    @strawberry.field(
        description="The workflow steps the signed-in user may take on this story now, by the "
        "workflow's table and ownership (writers act only on their own stories). Each listed "
        "step succeeds when taken with valid arguments and the current version (publishing and "
        "scheduling still need a publishable story); every other step is refused."
    )
    def allowed_actions(self, info: ManagementInfo) -> list[WorkflowAction]:
        actions = workflow.allowed_actions(info.context.actor(), self.story)
        return list(actions)

    @strawberry.field(
        description="Whether the signed-in user may change this story's content now "
        "(updateArticle, restoreRevision, acquireEditLease), by its status and ownership. "
        "Another editor's edit lease (editLease) can still make a save answer LEASE_HELD."
    )
    def can_edit(self, info: ManagementInfo) -> bool:
        return workflow.can_edit(info.context.actor(), self.story)

    @strawberry.field(description="Saved states of the content, newest first.")
    async def revisions(self, info: ManagementInfo) -> list[Revision]:
        found = await info.context.store.revisions.of_article(self.story.id)
        return [
            Revision(
                id=strawberry.ID(r.id),
                number=r.number,
                version=r.version,
                at=r.at,
                actor_id=r.actor_id,
            )
            for r in found
        ]

    @strawberry.field(description="Every workflow step, oldest first: who, when, from, to, why.")
    async def history(self, info: ManagementInfo) -> list[AuditEvent]:
        found = await info.context.store.audit_events.of_article(self.story.id)
        return [
            AuditEvent(
                action=e.action,
                at=e.at,
                from_status=e.from_status,
                to_status=e.to_status,
                version=e.version,
                comment=e.comment,
                actor_id=e.actor_id,
            )
            for e in found
        ]

    @strawberry.field(description="Who made the last change; null for the system.")
    async def updated_by(self, info: ManagementInfo) -> User | None:
        return await _user(info, self.story.updated_by_id)

    @strawberry.field(description="Who holds the edit lease, if anyone.")
    async def edit_lease(self, info: ManagementInfo) -> EditLease | None:
        lease = await info.context.loaders.edit_leases_by_article.load(self.story.id)
        return (
            None if lease is None else EditLease(expires_at=lease.expires_at, user_id=lease.user_id)
        )

    @classmethod
    def build_editorial(cls, article: model.Article) -> EditorialArticle:
        base = Article.build(article)
        fields: dict[str, Any] = {
            **vars(base),
            "status": article.status,
            "version": article.version,
            "created_at": article.created_at,
            "published_at": article.published_at,
            "first_published_at": article.first_published_at,
            "publish_at": article.publish_at,
            "unpublish_at": article.unpublish_at,
            "has_unpublished_changes": article.has_unpublished_changes,
            "breaking_until_set": article.breaking_until,
            "display_date_set": article.display_date,
            "social_image_set": article.seo.social_image_id is not None,
        }
        return cls(**fields)


@strawberry.type
class EditorialArticleEdge:
    cursor: str
    node: EditorialArticle


@strawberry.type(description="Working copies, most recently changed first.")
class EditorialArticleConnection:
    edges: list[EditorialArticleEdge]
    page_info: PageInfo
    wanted: strawberry.Private[WorkingFilter | None]

    @strawberry.field(description="How many stories match the filter, on every page together.")
    async def total_count(self, info: ManagementInfo) -> int:
        counts = await info.context.status_counts(self.wanted)
        status = None if self.wanted is None else self.wanted.status
        return sum(counts.values()) if status is None else counts[status]

    @classmethod
    def build(
        cls, page: reading.Page, *, wanted: WorkingFilter | None, after: str | None
    ) -> EditorialArticleConnection:
        edges = [
            EditorialArticleEdge(
                cursor=reading.encode_position(a.updated_at, a.id),
                node=EditorialArticle.build_editorial(a),
            )
            for a in page.articles
        ]
        return cls(
            edges=edges,
            page_info=PageInfo.of(
                [e.cursor for e in edges], has_next_page=page.has_next_page, after=after
            ),
            wanted=wanted,
        )


@strawberry.type(description="How many stories are in one status: a tab of the budget.")
class StatusCount:
    status: Status
    count: int


@strawberry.type(description="The newsroom this server runs.")
class Newsroom:
    name: str
    time_zone: str = strawberry.field(
        description="An IANA time zone name: the newsroom's clock for embargoes and schedules."
    )
    delivery_url: str = strawberry.field(description="Where readers' frontends query stories.")


@strawberry.type
class LoginResult:
    token: str = strawberry.field(description="Send it as `Authorization: Bearer <token>`.")
    expires_at: datetime
    user: User


@strawberry.type(description="The desk's sign-in: the session travels in the cookie, not here.")
class SignInResult:
    user: User
    expires_at: datetime


@strawberry.type
class PreviewToken:
    token: str = strawberry.field(
        description="Pass it to the delivery API's article(previewToken:)."
    )
    expires_at: datetime
