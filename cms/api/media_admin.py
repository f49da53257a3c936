"""The media library on the editors' schema: upload, reference, edit and list assets.

Files arrive by the GraphQL multipart request spec (``uploadMedia(file: Upload!)``). Any
logged-in user may upload media and edit it, writers only while no live story shows it; what
the file says fills what the editor left blank.
Editors see every asset, an expired one flagged by ``rightsExpired`` rather than hidden.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Protocol, runtime_checkable

import strawberry
from strawberry.file_uploads import Upload

from cms import model
from cms.api import inputs
from cms.api.editorial import ManagementInfo, User
from cms.api.enums import MediaKind
from cms.api.media_uses import MediaUse, uses_of
from cms.api.permissions import SignedIn
from cms.api.types import MediaAsset, PageInfo
from cms.domain import media, reading
from cms.domain.media_files import check_size
from cms.errors import BadUserInput
from cms.store.media import MediaFilter


@runtime_checkable
class UploadedFile(Protocol):
    """A file of a multipart upload, as the HTTP layer hands it over (starlette's UploadFile)."""

    size: int | None

    async def read(self, size: int = -1) -> bytes: ...

    async def close(self) -> None: ...


@strawberry.input(description="A point as fractions of width and height, from the top left.")
class FocalPointInput:
    x: float
    y: float


@strawberry.input(
    description="What the desk says about an asset. On upload, what is left out is read from "
    "the file; on update, what is left out stays and null clears. A credit line is split into "
    "creator, agency and distributor; a part given on its own wins over the line."
)
class MediaInput:
    alt_text: str | None = inputs.UNSET
    caption: str | None = inputs.UNSET
    credit: str | None = inputs.UNSET
    creator: str | None = inputs.UNSET
    agency: str | None = inputs.UNSET
    distributor: str | None = inputs.UNSET
    source: str | None = inputs.UNSET
    copyright: str | None = inputs.UNSET
    license: str | None = inputs.UNSET
    usage_terms: str | None = inputs.UNSET
    rights_expire_at: datetime | None = inputs.UNSET
    focal_point: FocalPointInput | None = inputs.UNSET
    headline: str | None = inputs.UNSET
    keywords: list[str] | None = inputs.UNSET
    date_created: str | None = strawberry.field(
        default=inputs.UNSET, description='ISO 8601, as precise as known: "2024-03-05".'
    )


def media_details(given: MediaInput | None) -> dict[str, Any]:
    """The fields the client set, as model values; unset fields are absent."""
    details: dict[str, Any] = {}
    for name, value in vars(given or MediaInput()).items():
        if value is inputs.UNSET:
            continue
        if isinstance(value, FocalPointInput):
            value = model.FocalPoint(value.x, value.y)
        elif isinstance(value, list):
            value = tuple(value)
        details[name] = value
    return details


@strawberry.type(description="A media asset as editors see it: its rights status and origin too.")
class EditorialMediaAsset(MediaAsset):
    rights_expired: bool = strawberry.field(
        description="Its rights have run out: readers no longer see it anywhere."
    )
    headline: str | None
    keywords: list[str]
    date_created: str | None = strawberry.field(
        description="When it was made, as precise as known."
    )
    byte_size: int | None
    source_url: str | None = strawberry.field(description="Where a referenced file is kept.")
    created_at: datetime
    version: int = strawberry.field(
        description="One up on every change; pass it back as updateMedia's expectedVersion."
    )
    uploader_id: strawberry.Private[str | None]

    @strawberry.field(description="Who uploaded or added it.")
    async def uploaded_by(self, info: ManagementInfo) -> User | None:
        if self.uploader_id is None:
            return None
        found = await info.context.loaders.users_by_id.load(self.uploader_id)
        return None if found is None else User.build(found)

    @strawberry.field(
        description="The stories that show it (working or live copy) and the authors whose "
        "avatar it is: what makes deleteMedia answer IN_USE."
    )
    async def used_by(self, info: ManagementInfo) -> list[MediaUse]:
        return await uses_of(info, str(self.id))

    @classmethod
    def build_editorial(cls, asset: model.MediaAsset, info: ManagementInfo) -> EditorialMediaAsset:
        base = MediaAsset.build(asset)
        return cls(
            **vars(base),
            rights_expired=media.rights_expired(asset, now=info.context.now()),
            headline=asset.headline,
            keywords=list(asset.keywords),
            date_created=asset.date_created,
            byte_size=asset.byte_size,
            source_url=asset.source_url,
            created_at=asset.created_at,
            version=asset.version,
            uploader_id=asset.uploader_id,
        )


@strawberry.type
class MediaAssetEdge:
    cursor: str
    node: EditorialMediaAsset


@strawberry.type(description="A page of the media library, newest first (Relay connection).")
class MediaAssetConnection:
    edges: list[MediaAssetEdge]
    page_info: PageInfo

    @classmethod
    def build(
        cls, page: media.MediaPage, info: ManagementInfo, *, after: str | None
    ) -> MediaAssetConnection:
        edges = [
            MediaAssetEdge(
                cursor=media.media_cursor(a), node=EditorialMediaAsset.build_editorial(a, info)
            )
            for a in page.assets
        ]
        return cls(
            edges=edges,
            page_info=PageInfo.of(
                [e.cursor for e in edges], has_next_page=page.has_next_page, after=after
            ),
        )


@strawberry.type
class MediaQueries:
    @strawberry.field(
        permission_classes=[SignedIn], description="An asset by id, whatever its rights."
    )
    async def media(self, info: ManagementInfo, id: strawberry.ID) -> EditorialMediaAsset | None:
        found = await info.context.loaders.media_by_id.load(str(id))
        return None if found is None else EditorialMediaAsset.build_editorial(found, info)

    @strawberry.field(
        permission_classes=[SignedIn],
        description="The media library, newest first. agency, distributor and source match a "
        "whole name in any case; credit and text match assets where each word begins a word of "
        "the credit line, or of the caption, headline and keywords.",
    )
    async def media_assets(
        self,
        info: ManagementInfo,
        first: int | None = reading.DEFAULT_PAGE_SIZE,
        after: str | None = None,
        kind: MediaKind | None = None,
        agency: str | None = None,
        distributor: str | None = None,
        # Named apart in Python: field extensions (the SignedIn guard) take `source` already.
        source_name: Annotated[str | None, strawberry.argument(name="source")] = None,
        credit: str | None = None,
        text: str | None = None,
    ) -> MediaAssetConnection:
        media_filter = MediaFilter(
            kind=kind,
            agency=agency,
            distributor=distributor,
            source=source_name,
            credit=credit,
            text=text,
        )
        request = reading.PageRequest(first, after, info.context.settings.max_page_size)
        page = await media.media_page(info.context.store, media_filter, request)
        return MediaAssetConnection.build(page, info, after=after)


@strawberry.type
class MediaMutations:
    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Upload a picture, clip or recording (GraphQL multipart request). Its type "
        "is read from its bytes; caption, credit and rights left out are read from the file.",
    )
    async def upload_media(
        self, info: ManagementInfo, file: Upload, input: MediaInput | None = None
    ) -> EditorialMediaAsset:
        ctx = info.context
        principal = ctx.actor()
        data = await _read(file, max_bytes=ctx.settings.max_upload_bytes)
        asset = await media.upload_media(
            ctx.store,
            ctx.files,
            principal,
            data=data,
            details=media_details(input),
            limits=media.UploadLimits(
                max_bytes=ctx.settings.max_upload_bytes, max_pixels=ctx.settings.max_image_pixels
            ),
            now=ctx.now(),
        )
        return EditorialMediaAsset.build_editorial(asset, info)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Add a clip or recording kept elsewhere, by its https address; no file is "
        "fetched. mimeType defaults to what the address's extension says.",
    )
    async def add_media_by_url(
        self,
        info: ManagementInfo,
        url: str,
        kind: MediaKind,
        mime_type: str | None = None,
        input: MediaInput | None = None,
    ) -> EditorialMediaAsset:
        ctx = info.context
        asset = await media.reference_media(
            ctx.store,
            ctx.actor(),
            url=url,
            kind=kind,
            mime_type=mime_type,
            details=media_details(input),
            now=ctx.now(),
        )
        return EditorialMediaAsset.build_editorial(asset, info)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Change the given fields of an asset; null clears one. Pass the version "
        "you read as expectedVersion: if the asset changed since, the answer is CONFLICT "
        "(currentVersion, changedFields, currentValues) and nothing is written. While a live "
        "story shows the asset, only editors and admins may change it (FORBIDDEN for writers).",
    )
    async def update_media(
        self,
        info: ManagementInfo,
        id: strawberry.ID,
        input: MediaInput,
        expected_version: int | None = None,
    ) -> EditorialMediaAsset:
        ctx = info.context
        asset = await media.update_media(
            ctx.store,
            ctx.actor(),
            asset_id=str(id),
            changes=media_details(input),
            expected_version=expected_version,
            now=ctx.now(),
        )
        return EditorialMediaAsset.build_editorial(asset, info)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Delete an asset no story or avatar uses (else BAD_USER_INPUT with reason "
        "IN_USE, naming them), and its file unless another upload of the same bytes keeps it. "
        "Writers may delete only what they uploaded.",
    )
    async def delete_media(self, info: ManagementInfo, id: strawberry.ID) -> bool:
        ctx = info.context
        await media.delete_media(ctx.store, ctx.files, ctx.actor(), asset_id=str(id), now=ctx.now())
        return True


async def _read(file: object, *, max_bytes: int) -> bytes:
    """The uploaded bytes, refusing an oversized file before reading past the limit."""
    if not isinstance(file, UploadedFile):
        raise BadUserInput(
            "Send the file as a multipart upload (the GraphQL multipart request spec).",
            reason="NOT_A_FILE",
            argument="file",
        )
    try:
        if file.size is not None:
            check_size(file.size, max_bytes=max_bytes)
        data = await file.read(max_bytes + 1)
    finally:
        await file.close()
    check_size(len(data), max_bytes=max_bytes)
    return data
