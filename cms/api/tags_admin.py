"""Tags on the editors' schema: the list the desk shows, and creating, renaming and merging
(editors and admins; a writer makes a tag by typing it on a story)."""

from __future__ import annotations

import strawberry

from cms import model
from cms.api.editorial import ManagementInfo
from cms.api.permissions import SignedIn
from cms.api.types import PageInfo, Tag, slug_page
from cms.domain import reading
from cms.domain import tags as tag_rules


@strawberry.type(description="A tag as editors see it, with its version and how many stories.")
class ManagedTag(Tag):
    id: strawberry.ID
    version: int = strawberry.field(
        description="One up on every rename; pass it back as renameTag's expectedVersion."
    )

    @strawberry.field(description="How many stories (working copies, in any status) name it.")
    async def story_count(self, info: ManagementInfo) -> int:
        return await tag_rules.story_count(info.context.store, self.slug)

    @classmethod
    def build_managed(cls, tag: model.Tag) -> ManagedTag:
        base = Tag.build(tag)
        return cls(**{**vars(base), "id": strawberry.ID(tag.id), "version": tag.version})


@strawberry.type
class ManagedTagEdge:
    cursor: str
    node: ManagedTag


@strawberry.type(description="A page of the newsroom's tags, by slug.")
class ManagedTagConnection:
    edges: list[ManagedTagEdge]
    page_info: PageInfo


@strawberry.type(description="What a merge did.")
class TagMerge:
    tag: ManagedTag = strawberry.field(description="The tag the others went into.")
    story_count: int = strawberry.field(description="How many stories were retagged.")


@strawberry.type
class TagQueries:
    @strawberry.field(
        permission_classes=[SignedIn],
        description="The newsroom's tags by slug; with search, those whose slug or name has a "
        "word starting so.",
    )
    async def tags(
        self,
        info: ManagementInfo,
        first: int | None = None,
        after: str | None = None,
        search: str | None = None,
    ) -> ManagedTagConnection:
        request = reading.PageRequest(first, after, info.context.settings.max_page_size)
        found, more = await tag_rules.page(info.context.store, request, search=search)
        tags = [ManagedTag.build_managed(t) for t in found]
        edges, page_info = slug_page(tags, ManagedTagEdge, more=more, after=after)
        return ManagedTagConnection(edges=edges, page_info=page_info)


@strawberry.type
class TagMutations:
    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="A new tag (editors and admins), named after its slug unless a name is "
        "given. A tag typed on a story is made when the story is saved.",
    )
    async def create_tag(
        self, info: ManagementInfo, slug: str, name: str | None = None
    ) -> ManagedTag:
        tag = await tag_rules.create_tag(
            info.context.store, info.context.actor(), slug=slug, name=name, now=info.context.now()
        )
        return ManagedTag.build_managed(tag)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Give a tag another name (editors and admins); its slug stays. To change "
        "a slug, merge the tag into a new one. With expectedVersion, a tag renamed meanwhile "
        "is a CONFLICT.",
    )
    async def rename_tag(
        self,
        info: ManagementInfo,
        slug: str,
        name: str,
        expected_version: int | None = None,
    ) -> ManagedTag:
        tag = await tag_rules.rename_tag(
            info.context.store,
            info.context.actor(),
            slug=slug,
            name=name,
            expected_version=expected_version,
            now=info.context.now(),
        )
        return ManagedTag.build_managed(tag)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Merge tags into one (editors and admins; made when it does not exist): "
        "every story naming a merged tag, working and live copies, names `into` instead, in "
        "the same place and once; the merged tags' slugs lead to it on delivery. All of it in "
        "one transaction, or nothing.",
    )
    async def merge_tags(self, info: ManagementInfo, tags: list[str], into: str) -> TagMerge:
        merge = await tag_rules.merge_tags(
            info.context.store,
            info.context.actor(),
            sources=tags,
            into=into,
            now=info.context.now(),
        )
        return TagMerge(tag=ManagedTag.build_managed(merge.tag), story_count=merge.stories)
