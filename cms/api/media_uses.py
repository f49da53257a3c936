"""`EditorialMediaAsset.usedBy`: the stories and author profiles that use an asset."""

from __future__ import annotations

import strawberry

from cms.api.editorial import AuthorProfile, EditorialArticle, ManagementInfo
from cms.domain import media_uses


@strawberry.type(
    description="One use of a media asset: a story that shows it, or an author's avatar."
)
class MediaUse:
    article: EditorialArticle | None = strawberry.field(
        description="The story; null when the use is an author's avatar."
    )
    author: AuthorProfile | None = strawberry.field(description="The author, for an avatar.")
    as_lead: bool = strawberry.field(description="The story's lead picture.")


async def uses_of(info: ManagementInfo, asset_id: str) -> list[MediaUse]:
    """The uses, their stories and authors read in one batch each."""
    loaders = info.context.loaders
    uses = await media_uses.uses_of(info.context.store, asset_id)
    stories = [(u, u.article_id) for u in uses if u.article_id is not None]
    avatars = [u.author_id for u in uses if u.author_id is not None]
    found = await loaders.articles_by_id.load_many([i for _, i in stories])
    authors = await loaders.authors_by_id.load_many(avatars)
    return [
        MediaUse(article=EditorialArticle.build_editorial(a), author=None, as_lead=u.as_lead)
        for (u, _), a in zip(stories, found, strict=True)
        if a is not None
    ] + [
        MediaUse(article=None, author=AuthorProfile.build_profile(a), as_lead=False)
        for a in authors
        if a is not None
    ]
