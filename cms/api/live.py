"""Live subscriptions, on both schemas: what changed, with the thing as it now reads.

Each root field listens on one topic of the process's ``Broadcast`` (``cms.domain.live``).
An event's object (``article`` below) is read when the event arrives, through the same reader
and loaders as a query, fresh for each event: what a subscriber sees is what the same query
would answer at that moment, no more (a draft is never read for delivery). On delivery, every
subscriber of one event is answered by one reader (``ArticleUpdate.reads``, see
``cms.http.subscribers``), so the story is read once per event however many pages are open.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from enum import Enum

import strawberry

from cms import model
from cms.api.context import DeliveryContext
from cms.api.editorial import EditorialArticle, ManagementInfo, User
from cms.api.enums import Status
from cms.api.permissions import SignedIn
from cms.api.types import Article, Info
from cms.domain import live
from cms.domain.live import Listener, SharedReads, Told
from cms.errors import BadUserInput, TakenDown

EventType = model.EventType


@strawberry.enum(description="What happened to a live story, as readers see it.")
class ArticleChange(Enum):
    PUBLISHED = "article.published"
    UPDATED = "article.updated"
    CORRECTED = "article.corrected"
    UNPUBLISHED = "article.unpublished"


@strawberry.enum(description="What happened to a story at the desk.")
class StoryChange(Enum):
    SAVED = "story.saved"
    WORKFLOW = "story.workflow"
    LEASE_TAKEN = "story.lease_taken"
    SCHEDULED = "article.scheduled"
    PUBLISHED = "article.published"
    UPDATED = "article.updated"
    CORRECTED = "article.corrected"
    UNPUBLISHED = "article.unpublished"
    TAKEN_DOWN = "article.taken_down"


_STORY_CHANGES = {change.value for change in StoryChange}


@strawberry.type(description="A change to a live story: what it was, and the story as it reads.")
class ArticleUpdate:
    change: ArticleChange
    slug: str = strawberry.field(description="The story's slug since this change.")
    at: datetime = strawberry.field(description="When the change was made.")
    # Shared by every subscriber of the event: they are answered by one reader.
    reads: strawberry.Private[SharedReads]

    @strawberry.field(
        description="The story as the article query answers it now; null once it is off the site."
    )
    async def article(self, info: Info) -> Article | None:
        return await info.context.reader.article(info, slug=self.slug)

    @classmethod
    def of(cls, told: Told) -> ArticleUpdate:
        event = told.event
        return cls(
            change=ArticleChange(event.type.value),
            slug=str(event.payload["slug"]),
            at=event.at,
            reads=told.reads,
        )


@strawberry.type(description="A change to a story at the desk: what, by whom, and the story.")
class StoryUpdate:
    change: StoryChange
    story_id: strawberry.ID
    version: int
    at: datetime
    status: Status | None = strawberry.field(description="Its status after the change.")
    title: str | None = strawberry.field(description="Its headline after the change.")
    by_id: strawberry.Private[str | None]

    @strawberry.field(description="Who made the change; null for the system (the scheduler).")
    async def by(self, info: ManagementInfo) -> User | None:
        if self.by_id is None:
            return None
        found = await info.context.loaders.users_by_id.load(self.by_id)
        return None if found is None else User.build(found)

    @strawberry.field(description="The story as it is now, in any status.")
    async def article(self, info: ManagementInfo) -> EditorialArticle | None:
        found = await info.context.loaders.articles_by_id.load(str(self.story_id))
        return None if found is None else EditorialArticle.build_editorial(found)

    @classmethod
    def of(cls, event: model.Event) -> StoryUpdate:
        payload = event.payload
        status = payload.get("status")
        by, title = payload.get("by"), payload.get("title")
        return cls(
            change=StoryChange(event.type.value),
            story_id=strawberry.ID(event.aggregate.id),
            version=event.aggregate.version,
            at=event.at,
            status=Status(status) if isinstance(status, str) else None,
            title=title if isinstance(title, str) else None,
            by_id=by if isinstance(by, str) else None,
        )


def _listener(context: DeliveryContext) -> Listener:
    if context.live is None:
        raise BadUserInput(
            "Subscriptions run over WebSocket (the graphql-transport-ws protocol) at this "
            "address, not over HTTP."
        )
    return context.live


@strawberry.type
class DeliverySubscription:
    @strawberry.subscription(
        description="A live story's changes as readers see them: a new version, a correction, "
        "its going off the site. A take-down ends the subscription with the error TAKEN_DOWN, "
        "as the article query answers it."
    )
    async def article_updated(self, info: Info, slug: str) -> AsyncGenerator[ArticleUpdate, None]:
        listener = _listener(info.context)
        if await info.context.reader.taken_down(slug):
            raise TakenDown("This story was taken down.", slug=slug)
        async for told in listener.events(live.article_topic(slug)):
            if told.event.type is EventType.ARTICLE_TAKEN_DOWN:
                raise TakenDown("This story was taken down.", slug=slug)
            yield ArticleUpdate.of(told)

    @strawberry.subscription(
        description="Each story as it is first published, optionally in one section (by slug, "
        "with its subsections as they are when the subscription starts, as the lists have "
        "them, unless includeSubsections is false) or with one tag: a front learns of new "
        "stories."
    )
    async def articles_published(
        self,
        info: Info,
        section: str | None = None,
        tag: str | None = None,
        include_subsections: bool = True,
    ) -> AsyncGenerator[ArticleUpdate, None]:
        listener = _listener(info.context)
        below = await info.context.reader.subsections(section) if include_subsections else ()
        wanted = live.matches(section, tag, subsections=below)
        async for told in listener.events(live.PUBLISHED, wanted):
            yield ArticleUpdate.of(told)


@strawberry.type
class ManagementSubscription:
    @strawberry.subscription(
        permission_classes=[SignedIn],
        description="One story's changes by anyone: saves, workflow steps, lease take-overs, "
        "publishing. The story page tells its editor at once.",
    )
    async def story_changed(
        self, info: ManagementInfo, id: strawberry.ID
    ) -> AsyncGenerator[StoryUpdate, None]:
        listener = _listener(info.context)
        async for told in listener.events(live.story_topic(str(id)), _at_the_desk):
            yield StoryUpdate.of(told.event)

    @strawberry.subscription(
        permission_classes=[SignedIn],
        description="Every story's changes, as they happen: the budget updates live.",
    )
    async def desk_activity(self, info: ManagementInfo) -> AsyncGenerator[StoryUpdate, None]:
        listener = _listener(info.context)
        async for told in listener.events(live.DESK, _at_the_desk):
            yield StoryUpdate.of(told.event)


def _at_the_desk(event: model.Event) -> bool:
    return event.type.value in _STORY_CHANGES
