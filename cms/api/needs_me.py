"""`needsMe` on /admin/graphql: the work waiting on the signed-in user (the desk's panel)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from cms import model
from cms.api.editorial import EditorialArticle, ManagementInfo, User
from cms.api.media_admin import EditorialMediaAsset
from cms.api.permissions import SignedIn
from cms.domain import needs_me


async def _stories(info: ManagementInfo, ids: list[str]) -> list[EditorialArticle]:
    found = await info.context.loaders.articles_by_id.load_many(ids)
    return [EditorialArticle.build_editorial(a) for a in found if a is not None]


@strawberry.type(description="A picture whose rights end soon, and the stories that show it.")
class ExpiringPicture:
    asset: EditorialMediaAsset
    rights_expire_at: datetime
    article_ids: strawberry.Private[list[str]]

    @strawberry.field(description="The published or scheduled stories that show it.")
    async def stories(self, info: ManagementInfo) -> list[EditorialArticle]:
        return await _stories(info, self.article_ids)


@strawberry.type(description="Someone took over an edit lease the signed-in user held.")
class LeaseTakeover:
    article: EditorialArticle
    at: datetime
    by_id: strawberry.Private[str]

    @strawberry.field(description="Who took it over; null if the account is gone.")
    async def by(self, info: ManagementInfo) -> User | None:
        user = await info.context.loaders.users_by_id.load(self.by_id)
        return None if user is None else User.build(user)


@strawberry.type(description="The work waiting on the signed-in user.")
class NeedsMe:
    found: strawberry.Private[needs_me.NeedsMe]

    @strawberry.field(
        description="Stories in review, the longest waiting first (by their last submission); "
        "empty for writers."
    )
    def to_review(self) -> list[EditorialArticle]:
        return [EditorialArticle.build_editorial(a) for a in self.found.to_review]

    @strawberry.field(
        description="The caller's own stories sent back with changes requested, most "
        "recently changed first."
    )
    def sent_back(self) -> list[EditorialArticle]:
        return [EditorialArticle.build_editorial(a) for a in self.found.sent_back]

    @strawberry.field(
        description="Pictures shown by published or scheduled stories whose rights end within "
        "7 days, soonest first."
    )
    def expiring_pictures(self, info: ManagementInfo) -> list[ExpiringPicture]:
        return [_expiring(p, info) for p in self.found.expiring_pictures]

    @strawberry.field(
        description="The last time someone took over an edit lease the caller held; null if never."
    )
    async def last_lease_takeover(self, info: ManagementInfo) -> LeaseTakeover | None:
        taken = self.found.last_lease_takeover
        if taken is None:
            return None
        story = await info.context.loaders.articles_by_id.load(taken.article_id)
        if story is None:
            return None
        article = EditorialArticle.build_editorial(story)
        return LeaseTakeover(article=article, at=taken.at, by_id=taken.by_id)


def _expiring(picture: needs_me.ExpiringPicture, info: ManagementInfo) -> ExpiringPicture:
    asset: model.MediaAsset = picture.asset
    assert asset.rights_expire_at is not None, "only assets with an expiry are listed"
    return ExpiringPicture(
        asset=EditorialMediaAsset.build_editorial(asset, info),
        rights_expire_at=asset.rights_expire_at,
        article_ids=picture.article_ids,
    )


@strawberry.type
class NeedsMeQueries:
    @strawberry.field(
        permission_classes=[SignedIn], description="The work waiting on the signed-in user."
    )
    async def needs_me(self, info: ManagementInfo) -> NeedsMe:
        ctx = info.context
        return NeedsMe(found=await needs_me.needs_me(ctx.store, ctx.actor(), now=ctx.now()))
