"""The newsroom's directory on the editors' schema: the newsroom, its authors and sections."""

from __future__ import annotations

import strawberry

from cms import model
from cms.api import inputs
from cms.api.editorial import AuthorProfile, EditorialSection, ManagementInfo, Newsroom
from cms.api.enums import AdsPolicy
from cms.api.permissions import SignedIn
from cms.domain import directory, reading


@strawberry.type
class DirectoryQueries:
    @strawberry.field(
        permission_classes=[SignedIn],
        description="The newsroom: its name, time zone and delivery API.",
    )
    def newsroom(self, info: ManagementInfo) -> Newsroom:
        settings = info.context.settings
        return Newsroom(
            name=settings.newsroom_name,
            time_zone=settings.time_zone,
            delivery_url=f"{settings.public_url}/graphql",
        )

    @strawberry.field(permission_classes=[SignedIn])
    async def authors(self, info: ManagementInfo) -> list[AuthorProfile]:
        return [AuthorProfile.build_profile(a) for a in await info.context.store.authors.all()]

    @strawberry.field(permission_classes=[SignedIn])
    async def sections(self, info: ManagementInfo) -> list[EditorialSection]:
        sections = await reading.sections(info.context.store)
        return [EditorialSection.build_editorial(s) for s in sections]


@strawberry.input(description="A link to an author's profile elsewhere: an https address.")
class SocialLinkInput:
    network: str = strawberry.field(description="Where it leads, as readers will see it.")
    url: str


@strawberry.input
class AuthorInput:
    slug: str | None = inputs.UNSET
    name: str | None = inputs.UNSET
    title: str | None = inputs.UNSET
    bio: str | None = inputs.UNSET
    location: str | None = inputs.UNSET
    avatar_id: strawberry.ID | None = inputs.UNSET
    email: str | None = inputs.UNSET
    social_links: list[SocialLinkInput] | None = strawberry.field(
        default=inputs.UNSET,
        description="Replaces every link (https addresses only); null or [] removes them.",
    )


def _author_fields(given: AuthorInput) -> dict[str, object]:
    fields = {k: v for k, v in vars(given).items() if v is not inputs.UNSET}
    if "avatar_id" in fields and fields["avatar_id"] is not None:
        fields["avatar_id"] = str(fields["avatar_id"])
    if given.social_links is not inputs.UNSET:
        fields["social_links"] = tuple(
            model.SocialLink(network=link.network.strip(), url=link.url.strip())
            for link in given.social_links or ()
        )
    return fields


@strawberry.type
class DirectoryMutations:
    @strawberry.mutation(permission_classes=[SignedIn])
    async def create_author(self, info: ManagementInfo, input: AuthorInput) -> AuthorProfile:
        author = await directory.create_author(
            info.context.store, info.context.actor(), _author_fields(input), now=info.context.now()
        )
        return AuthorProfile.build_profile(author)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Change the given fields of an author. " + inputs.STALE,
    )
    async def update_author(
        self,
        info: ManagementInfo,
        id: strawberry.ID,
        input: AuthorInput,
        expected_version: int | None = None,
    ) -> AuthorProfile:
        author = await directory.update_author(
            info.context.store,
            info.context.actor(),
            str(id),
            _author_fields(input),
            now=info.context.now(),
            expected_version=expected_version,
        )
        return AuthorProfile.build_profile(author)

    @strawberry.mutation(permission_classes=[SignedIn])
    async def delete_author(self, info: ManagementInfo, id: strawberry.ID) -> bool:
        await directory.delete_author(
            info.context.store, info.context.actor(), str(id), now=info.context.now()
        )
        return True

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="A new section; adsPolicy is its stories' default.",
    )
    async def create_section(
        self,
        info: ManagementInfo,
        slug: str,
        name: str,
        parent: str | None = None,
        ads_policy: AdsPolicy | None = None,
    ) -> EditorialSection:
        section = await directory.create_section(
            info.context.store,
            info.context.actor(),
            slug=slug,
            name=name,
            parent=parent,
            now=info.context.now(),
            ads_policy=ads_policy,
        )
        return EditorialSection.build_editorial(section)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Rename or move a section, or change its ads policy. " + inputs.STALE,
    )
    async def update_section(
        self,
        info: ManagementInfo,
        slug: str,
        name: str | None = None,
        parent: str | None = None,
        ads_policy: AdsPolicy | None = None,
        expected_version: int | None = None,
    ) -> EditorialSection:
        section = await directory.update_section(
            info.context.store,
            info.context.actor(),
            slug=slug,
            name=name,
            parent=parent,
            now=info.context.now(),
            ads_policy=ads_policy,
            expected_version=expected_version,
        )
        return EditorialSection.build_editorial(section)

    @strawberry.mutation(permission_classes=[SignedIn])
    async def delete_section(self, info: ManagementInfo, slug: str) -> bool:
        await directory.delete_section(
            info.context.store, info.context.actor(), slug=slug, now=info.context.now()
        )
        return True
