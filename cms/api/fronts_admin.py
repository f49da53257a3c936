"""Fronts on /admin/graphql: editors choose the stories that lead each section and the home
page; `preview` shows what readers would see now."""

from __future__ import annotations

from datetime import datetime

import strawberry

from cms.api.editorial import EditorialArticle, EditorialSection, ManagementInfo, User
from cms.api.permissions import SignedIn
from cms.domain import fronts, reading


async def _stories(info: ManagementInfo, ids: list[str]) -> list[EditorialArticle]:
    found = await info.context.loaders.articles_by_id.load_many(ids)
    return [EditorialArticle.build_editorial(a) for a in found if a is not None]


@strawberry.type(
    name="Front",
    description="A section front (or the home page): the stories editors put first, in order.",
)
class ManagedFront:
    view: strawberry.Private[fronts.FrontView]
    max_slots: int = strawberry.field(description="How many stories a front can curate.")

    @strawberry.field(description="The section; null for the home page.")
    def section(self) -> EditorialSection | None:
        found = self.view.section
        return None if found is None else EditorialSection.build_editorial(found)

    @strawberry.field(description='The section\'s name, or "Home".')
    def name(self) -> str:
        return "Home" if self.view.section is None else self.view.section.name

    @strawberry.field(description="The curated stories, in order (working copies).")
    async def slots(self, info: ManagementInfo) -> list[EditorialArticle]:
        return await _stories(info, list(self.view.article_ids))

    @strawberry.field(
        description="What readers would see now: the curated stories that are live, in order, "
        "then the newest live stories of the section and its subsections (of every section for "
        "the home page), each once."
    )
    async def preview(
        self, info: ManagementInfo, first: int | None = reading.DEFAULT_PAGE_SIZE
    ) -> list[EditorialArticle]:
        ctx = info.context
        size = reading.PageRequest(first, None, ctx.settings.max_page_size).size()
        section = None if self.view.section is None else self.view.section.slug
        live = await fronts.live_front(
            ctx.store, section=section, first=size, saved=self.view.saved, now=ctx.now()
        )
        return [] if live is None else await _stories(info, [a.id for a in live.articles])

    @strawberry.field(description="One up on every save; 0 before the first. setFront takes it.")
    def version(self) -> int:
        return self.view.version

    @strawberry.field(description="When it was last saved; null before the first save.")
    def updated_at(self) -> datetime | None:
        return None if self.view.saved is None else self.view.saved.updated_at

    @strawberry.field(description="Who saved it last.")
    async def updated_by(self, info: ManagementInfo) -> User | None:
        saved = self.view.saved
        if saved is None or saved.updated_by_id is None:
            return None
        user = await info.context.loaders.users_by_id.load(saved.updated_by_id)
        return None if user is None else User.build(user)

    @classmethod
    def build(cls, view: fronts.FrontView) -> ManagedFront:
        return cls(view=view, max_slots=fronts.MAX_SLOTS)


@strawberry.type
class FrontQueries:
    @strawberry.field(
        permission_classes=[SignedIn],
        description="A section's front by slug; without one, the home page's. NOT_FOUND for an "
        "unknown section.",
    )
    async def front(self, info: ManagementInfo, section: str | None = None) -> ManagedFront:
        return ManagedFront.build(await fronts.front(info.context.store, section=section))

    @strawberry.field(
        permission_classes=[SignedIn],
        description="The home page's front, then every section's, by name.",
    )
    async def fronts(self, info: ManagementInfo) -> list[ManagedFront]:
        return [ManagedFront.build(v) for v in await fronts.all_fronts(info.context.store)]


@strawberry.type
class FrontMutations:
    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Choose a front's stories, in order (editors and admins): each published or "
        "scheduled, of the section or a subsection (any section for the home page), each once, "
        "at most maxSlots. BAD_USER_INPUT names the offending ids; CONFLICT (currentVersion, "
        "yourVersion) if the front was saved since expectedVersion. Nothing is written on any "
        "error; readers' cached copies of the front are purged.",
    )
    async def set_front(
        self,
        info: ManagementInfo,
        section: str | None = None,
        *,
        article_ids: list[strawberry.ID],
        expected_version: int,
    ) -> ManagedFront:
        ctx = info.context
        view = await fronts.set_front(
            ctx.store,
            ctx.actor(),
            section=section,
            article_ids=[str(i) for i in article_ids],
            expected_version=expected_version,
            now=ctx.now(),
        )
        return ManagedFront.build(view)
