"""Reader-facing GraphQL types shared by the delivery and management schemas.

Each type is built from a model object; relations resolve through the request's loaders, so a
page of twenty stories costs one read per relation, whatever the page holds.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Protocol, TypeVar

import strawberry
from strawberry.scalars import JSON
from strawberry.types.field import StrawberryField

from cms import model
from cms.api.context import DeliveryContext
from cms.api.enums import (
    AdsPolicy,
    ArticleOrder,
    ImageFit,
    ImageFormat,
    MediaKind,
    SocialNetwork,
    StoryType,
)
from cms.api.media_links import rendition_sizes
from cms.api.read_ahead import ReadAhead
from cms.domain import ads, furniture, media, richtext
from cms.domain.reading import encode_slug_cursor
from cms.domain.renditions import RenditionSpec
from cms.domain.urls import local_path
from cms.store import LiveFilter

if TYPE_CHECKING:
    from cms.api.blocks import Block, PageAd
    from cms.api.structured import MetaTag

_STRUCTURED = 'schema.org JSON-LD for the page\'s <script type="application/ld+json">'
# What only a reader's page puts in its <head> (structured data, social tags): marked so the
# editors' schema, which shares these types, leaves it out (``is_delivery_only``).
DELIVERY_ONLY = "delivery_only"
_ONLY_DELIVERY = {DELIVERY_ONLY: True}


def is_delivery_only(field: StrawberryField) -> bool:
    """Whether a field belongs to the delivery schema alone."""
    metadata: Mapping[str, object] = field.metadata or {}
    return bool(metadata.get(DELIVERY_ONLY))


Info = strawberry.Info[DeliveryContext, None]
T = TypeVar("T")


@strawberry.type(description="The part of a picture that must survive any crop (0..1 each).")
class FocalPoint:
    x: float
    y: float


# The URL's arguments have no GraphQL default: an argument a query leaves out is then not
# converted at all, and a section front asks for twenty URLs with five arguments each.
NOT_ASKED: Any = strawberry.UNSET


def _asked(value: T) -> T | None:
    return None if value is NOT_ASKED else value


@strawberry.type(
    description="One rendition of a picture: its address, and the size of the file it serves "
    "(never larger than the picture)."
)
class Rendition:
    url: str
    width: int
    height: int


@strawberry.type(description="What a page shows while a picture loads; made when it arrives.")
class Placeholder:
    color: str = strawberry.field(description="The picture's dominant colour, as #rrggbb.")
    data_uri: str = strawberry.field(
        description="A preview at most 16 pixels a side, as a WebP data URI, to show blurred "
        "(e.g. Next.js's blurDataURL)."
    )

    @classmethod
    def build(cls, placeholder: model.Placeholder | None) -> Placeholder | None:
        if placeholder is None:
            return None
        return cls(color=placeholder.color, data_uri=placeholder.data_uri)


def _planned(
    info: Info,
    asset: model.MediaAsset,
    *,
    width: int | None,
    height: int | None,
    image_format: ImageFormat | None,
    fit: ImageFit | None,
    quality: int | None,
) -> RenditionSpec | None:
    """The rendition asked for, checked against the site's sizes; None for the file itself."""
    width, height, quality = _asked(width), _asked(height), _asked(quality)
    image_format, fit = _asked(image_format), _asked(fit)
    asked = (width, height, image_format, fit, quality)
    if all(value is None for value in asked) or not media.can_render(asset):
        return None
    spec = media.plan_rendition(
        asset,
        width=width,
        height=height,
        fit=fit,
        image_format=image_format,
        quality=quality,
    )
    rendition_sizes(info.context.settings).check(spec, own_width=asset.width)
    return spec


def _file_or_rendition(
    info: Info,
    asset: model.MediaAsset,
    *,
    width: int | None,
    height: int | None,
    image_format: ImageFormat | None,
    fit: ImageFit | None,
    quality: int | None,
) -> str:
    """The file's own URL, or, when a size or format is asked, a signed rendition URL."""
    spec = _planned(
        info,
        asset,
        width=width,
        height=height,
        image_format=image_format,
        fit=fit,
        quality=quality,
    )
    return (
        info.context.media_url(asset) if spec is None else info.context.rendition_url(asset, spec)
    )


def _rendition(info: Info, asset: model.MediaAsset, spec: RenditionSpec) -> Rendition:
    """A rendition with the size of the file it serves."""
    width, height = media.rendition_size(asset, spec)
    return Rendition(url=info.context.rendition_url(asset, spec), width=width, height=height)


def _sources(
    info: Info, asset: model.MediaAsset, widths: list[int] | None, image_format: ImageFormat | None
) -> list[Rendition] | None:
    if Picture.of(asset) is None:
        return None
    settings = info.context.settings
    chosen = media.srcset_widths(
        asset, widths or settings.srcset_widths, sizes=rendition_sizes(settings)
    )
    return [
        _rendition(
            info,
            asset,
            media.plan_rendition(
                asset, width=width, height=None, fit=None, image_format=image_format, quality=None
            ),
        )
        for width in chosen
    ]


def _srcset(
    info: Info, asset: model.MediaAsset, widths: list[int] | None, image_format: ImageFormat | None
) -> str | None:
    sources = _sources(info, asset, widths, image_format)
    if sources is None:
        return None
    return ", ".join(f"{source.url} {source.width}w" for source in sources)


_URL = "The file; with a width, height or format, a rendition of a picture (never enlarged)."
_SRCSET = "Renditions for an <img srcset>, at these widths or the site's; null if not a picture."
_SOURCES = (
    "srcset as a list: each rendition with the width and height of the file it serves, at "
    "these widths or the site's (none wider than the picture)."
)
_PICTURE = (
    "Set for a picture we hold: its size (never null), placeholder and renditions, srcset "
    "also as a list of {url width height}."
)


@strawberry.type(
    description="A picture we hold, as a frontend lays it out: its size as displayed, a "
    "placeholder, and renditions that are never enlarged."
)
class Picture:
    width: int
    height: int
    asset: strawberry.Private[model.MediaAsset]

    @strawberry.field(description="Null only for a picture kept from before placeholders.")
    def placeholder(self) -> Placeholder | None:
        return Placeholder.build(self.asset.placeholder)

    @strawberry.field(
        description="One rendition, with the size of the file it serves: a width, a height or "
        "both (a crop around the focal point, unless fit is CONTAIN), a format, a quality."
    )
    def rendition(
        self,
        info: Info,
        width: int | None = NOT_ASKED,
        height: int | None = NOT_ASKED,
        format: ImageFormat | None = NOT_ASKED,
        fit: ImageFit | None = NOT_ASKED,
        quality: int | None = NOT_ASKED,
    ) -> Rendition:
        spec = _planned(
            info,
            self.asset,
            width=width,
            height=height,
            image_format=format,
            fit=fit,
            quality=quality,
        )
        if spec is None:  # nothing asked: the picture at its own size, in its own format
            spec = media.plan_rendition(
                self.asset, width=None, height=None, fit=None, image_format=None, quality=None
            )
        return _rendition(info, self.asset, spec)

    @strawberry.field(description=_SRCSET.removesuffix("; null if not a picture."))
    def srcset(
        self, info: Info, widths: list[int] | None = None, format: ImageFormat | None = None
    ) -> str:
        return _srcset(info, self.asset, widths, format) or ""

    @strawberry.field(description=_SOURCES)
    def sources(
        self, info: Info, widths: list[int] | None = None, format: ImageFormat | None = None
    ) -> list[Rendition]:
        return _sources(info, self.asset, widths, format) or []

    @classmethod
    def of(cls, asset: model.MediaAsset) -> Picture | None:
        if not media.can_render(asset) or asset.width is None or asset.height is None:
            return None
        return cls(width=asset.width, height=asset.height, asset=asset)


@strawberry.type(description="A picture, clip or recording with its caption, credit and rights.")
class MediaAsset:
    id: strawberry.ID
    kind: MediaKind
    mime_type: str
    width: int | None
    height: int | None
    alt_text: str | None = strawberry.field(description="For screen readers; not the caption.")
    caption: str | None
    credit: str | None = strawberry.field(
        description='The credit line, e.g. "Photo by NAME/AGENCY via DISTRIBUTOR".'
    )
    creator: str | None = strawberry.field(description="Who made it: the photographer.")
    agency: str | None = strawberry.field(description="Whose picture it is, e.g. AFP.")
    distributor: str | None = strawberry.field(description="Who supplied it, e.g. Getty Images.")
    source: str | None = strawberry.field(description="The agency or source of the file.")
    copyright: str | None
    license: str | None
    usage_terms: str | None
    rights_expire_at: datetime | None
    focal_point: FocalPoint | None
    asset: strawberry.Private[model.MediaAsset]

    @strawberry.field(description=_URL)
    def url(
        self,
        info: Info,
        width: int | None = NOT_ASKED,
        height: int | None = NOT_ASKED,
        format: ImageFormat | None = NOT_ASKED,
        fit: ImageFit | None = NOT_ASKED,
        quality: int | None = NOT_ASKED,
    ) -> str:
        return _file_or_rendition(
            info,
            self.asset,
            width=width,
            height=height,
            image_format=format,
            fit=fit,
            quality=quality,
        )

    @strawberry.field(description=_SRCSET)
    def srcset(
        self, info: Info, widths: list[int] | None = None, format: ImageFormat | None = None
    ) -> str | None:
        return _srcset(info, self.asset, widths, format)

    @strawberry.field(description=_PICTURE)
    def picture(self) -> Picture | None:
        return Picture.of(self.asset)

    @classmethod
    def build(cls, asset: model.MediaAsset) -> MediaAsset:
        point = asset.focal_point
        return cls(
            id=strawberry.ID(asset.id),
            kind=asset.kind,
            mime_type=asset.mime_type,
            width=asset.width,
            height=asset.height,
            alt_text=asset.alt_text,
            caption=asset.caption,
            credit=asset.credit,
            creator=asset.creator,
            agency=asset.agency,
            distributor=asset.distributor,
            source=asset.source,
            copyright=asset.copyright,
            license=asset.license,
            usage_terms=asset.usage_terms,
            rights_expire_at=asset.rights_expire_at,
            focal_point=None if point is None else FocalPoint(x=point.x, y=point.y),
            asset=asset,
        )

    @classmethod
    def shown(cls, asset: model.MediaAsset | None, info: Info) -> MediaAsset | None:
        """The asset if this caller may be shown it: readers never get one past its rights."""
        return None if asset is None or not info.context.shows(asset) else cls.build(asset)


@strawberry.interface(
    description="An asset used in one place, with that use's caption and credit if it has them."
)
class PlacedMedia:
    asset: MediaAsset
    caption: str | None
    credit: str | None
    alt_text: str | None
    width: int | None
    height: int | None

    @strawberry.field(description=_URL)
    def url(
        self,
        info: Info,
        width: int | None = NOT_ASKED,
        height: int | None = NOT_ASKED,
        format: ImageFormat | None = NOT_ASKED,
        fit: ImageFit | None = NOT_ASKED,
        quality: int | None = NOT_ASKED,
    ) -> str:
        return _file_or_rendition(
            info,
            self.asset.asset,
            width=width,
            height=height,
            image_format=format,
            fit=fit,
            quality=quality,
        )

    @strawberry.field(description=_SRCSET)
    def srcset(
        self, info: Info, widths: list[int] | None = None, format: ImageFormat | None = None
    ) -> str | None:
        return _srcset(info, self.asset.asset, widths, format)

    @classmethod
    def build(cls, use: model.MediaUse, asset: model.MediaAsset, info: Info) -> Any:
        """This use of the asset, or ``None`` when the caller may not be shown the asset."""
        shown = MediaAsset.shown(asset, info)
        if shown is None:
            return None
        return cls(
            asset=shown,
            caption=use.caption or asset.caption,
            credit=use.credit or asset.credit,
            alt_text=use.alt_text or asset.alt_text,
            width=asset.width,
            height=asset.height,
        )


@strawberry.type(description="The photo or video at the top of a story.")
class LeadMedia(PlacedMedia):
    pass


@strawberry.type(description="A link from an author's page to their profile elsewhere.")
class SocialLink:
    network: SocialNetwork = strawberry.field(
        description="Where it leads; OTHER when the desk named a network we do not know."
    )
    label: str = strawberry.field(description='The network\'s name as the desk wrote it ("X").')
    url: str

    @classmethod
    def build(cls, link: model.SocialLink) -> SocialLink:
        network = furniture.social_network(link)
        return cls(network=network, label=link.network, url=link.url)


@strawberry.type(
    description="Where a page moved: send the reader there with statusCode (308, permanent: "
    "a search engine moves the old address's standing to the new one)."
)
class Redirect:
    path: str = strawberry.field(description="The new address on the site, e.g. for a router.")
    url: str = strawberry.field(description="The new address, absolute.")
    status_code: int = strawberry.field(description="The HTTP status to answer with: 308.")
    permanent: bool = strawberry.field(description="Always true: the old address is gone.")

    @classmethod
    def to(cls, info: Info, path: str) -> Redirect:
        return cls(
            path=path,
            url=info.context.reader.paths.absolute(path),
            status_code=PERMANENT_REDIRECT,
            permanent=True,
        )


PERMANENT_REDIRECT = 308


@dataclass(frozen=True, slots=True)
class Asked:
    """How a page was asked for: by a slug (``article(slug:)``, ``tag(slug:)``) or by a path
    (``route(path:)``); an address that is not the page's own earns a redirect."""

    slug: str | None = None
    path: str | None = None

    def redirect(self, info: Info, *, slug: str, path: str) -> Redirect | None:
        moved = (self.slug is not None and self.slug != slug) or (
            self.path is not None and local_path(self.path) != local_path(path)
        )
        return Redirect.to(info, path) if moved else None


_PATH = "The page's address on the site (built from the site's path patterns)."
_URL_OF_PAGE = "The page's address, absolute (the site's URL and its path)."
_REDIRECT = (
    "Null when the page was asked for by its own address; when it was asked for by an old one "
    "(a story's slug before it changed, a tag merged into this one, a path not its own), where "
    "to send the reader instead."
)


@strawberry.interface(
    description="Something a reader can open at an address: a story, a section front, an "
    "author page or a tag page. route(path:) answers one."
)
class Page:
    @strawberry.field(description=_PATH)
    def path(self, info: Info) -> str:
        raise NotImplementedError

    @strawberry.field(description=_URL_OF_PAGE)
    def url(self, info: Info) -> str:
        raise NotImplementedError

    @strawberry.field(description=_REDIRECT)
    async def redirect(self, info: Info) -> Redirect | None:
        raise NotImplementedError


async def _asset(info: Info, asset_id: str | None) -> MediaAsset | None:
    if asset_id is None:
        return None
    return MediaAsset.shown(await info.context.loaders.media_by_id.load(asset_id), info)


@strawberry.type(description="A name that appears in bylines.")
class Author(Page):
    id: strawberry.ID
    slug: str
    name: str
    title: str | None = strawberry.field(description='Role, e.g. "Washington correspondent".')
    bio: str | None
    location: str | None
    social_links: list[SocialLink]
    avatar_id: strawberry.Private[str | None]
    profile: strawberry.Private[model.Author]
    asked: strawberry.Private[Asked | None] = None

    @strawberry.field(description=_PATH)
    def path(self, info: Info) -> str:
        return info.context.reader.paths.author(self.slug)

    @strawberry.field(description=_URL_OF_PAGE)
    def url(self, info: Info) -> str:
        return info.context.reader.paths.absolute(self.path(info))

    @strawberry.field(description=_REDIRECT)
    async def redirect(self, info: Info) -> Redirect | None:
        asked = self.asked
        return None if asked is None else asked.redirect(info, slug=self.slug, path=self.path(info))

    @strawberry.field(description="The author's portrait.")
    async def avatar(self, info: Info) -> MediaAsset | None:
        return await _asset(info, self.avatar_id)

    @strawberry.field(description="The author's published stories, newest first.")
    async def articles(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: ArticleOrder = ArticleOrder.FIRST_PUBLISHED,
        updated_since: datetime | None = None,
    ) -> ArticleConnection:
        live_filter = LiveFilter(author_id=str(self.id), updated_since=updated_since)
        return await info.context.reader.page(
            info, live_filter, first=first, after=after, last=last, before=before, order=order_by
        )

    @classmethod
    def build(cls, author: model.Author, *, asked: Asked | None = None) -> Author:
        return cls(
            asked=asked,
            id=strawberry.ID(author.id),
            slug=author.slug,
            name=author.name,
            title=author.title,
            bio=author.bio,
            location=author.location,
            social_links=[SocialLink.build(link) for link in author.social_links],
            avatar_id=author.avatar_id,
            profile=author,
        )

    @strawberry.field(
        metadata=_ONLY_DELIVERY, description=_STRUCTURED + ": a ProfilePage about a Person."
    )
    async def structured_data(self, info: Info) -> JSON:
        from cms.api import structured

        return JSON(await structured.author(info, self.profile))


@strawberry.type(description="A part of the site: News, World, Politics…")
class Section(Page):
    slug: str
    name: str
    ads_policy: AdsPolicy | None = strawberry.field(
        description="The default for its stories that set none (NORMAL when unset)."
    )
    parent_slug: strawberry.Private[str | None]
    definition: strawberry.Private[model.Section]
    asked: strawberry.Private[Asked | None] = None

    @strawberry.field(description=_PATH)
    async def path(self, info: Info) -> str:
        reader = info.context.reader
        return reader.paths.section(self.slug, await reader.all_sections())

    @strawberry.field(description=_URL_OF_PAGE)
    async def url(self, info: Info) -> str:
        return info.context.reader.paths.absolute(await self.path(info))

    @strawberry.field(description=_REDIRECT)
    async def redirect(self, info: Info) -> Redirect | None:
        asked = self.asked
        if asked is None:
            return None
        return asked.redirect(info, slug=self.slug, path=await self.path(info))

    @strawberry.field(description="The section this one is part of; null at the top.")
    async def parent(self, info: Info) -> Section | None:
        if self.parent_slug is None:
            return None
        found = await info.context.loaders.sections_by_slug.load(self.parent_slug)
        return None if found is None else Section.build(found)

    @strawberry.field(description="Its subsections (one level down), by name.")
    async def children(self, info: Info) -> list[Section]:
        return [Section.build(s) for s in await info.context.reader.children(self.slug)]

    @strawberry.field(
        description="Its parents from the top of the site down to its own parent: the "
        "breadcrumbs above it (empty at the top)."
    )
    async def ancestors(self, info: Info) -> list[Section]:
        return [Section.build(s) for s in await info.context.reader.ancestors(self.slug)]

    @strawberry.field(
        description="The section's published stories, newest first; with its subsections' "
        "stories unless includeSubsections is false."
    )
    async def articles(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: ArticleOrder = ArticleOrder.FIRST_PUBLISHED,
        updated_since: datetime | None = None,
        include_subsections: bool = True,
    ) -> ArticleConnection:
        return await info.context.reader.articles(
            info,
            section=self.slug,
            include_subsections=include_subsections,
            first=first,
            after=after,
            last=last,
            before=before,
            order=order_by,
            updated_since=updated_since,
        )

    @classmethod
    def build(cls, section: model.Section) -> Section:
        return cls(
            slug=section.slug,
            name=section.name,
            ads_policy=section.ads_policy,
            parent_slug=section.parent,
            definition=section,
        )

    @strawberry.field(
        metadata=_ONLY_DELIVERY,
        description=_STRUCTURED + ": a CollectionPage with its breadcrumbs.",
    )
    async def structured_data(self, info: Info) -> JSON:
        from cms.api import structured

        return JSON(await structured.section(info, self.definition))

    @classmethod
    def unknown(cls, slug: str) -> Section:
        """A section a story names that is not (or not yet) there: its slug is its name."""
        return cls.build(model.Section(id="", slug=slug, name=slug))


@strawberry.type(description="A topic, place or person stories are tagged with.")
class Tag(Page):
    slug: str
    name: str
    asked: strawberry.Private[Asked | None] = None

    @strawberry.field(description=_PATH)
    def path(self, info: Info) -> str:
        return info.context.reader.paths.tag(self.slug)

    @strawberry.field(description=_URL_OF_PAGE)
    def url(self, info: Info) -> str:
        return info.context.reader.paths.absolute(self.path(info))

    @strawberry.field(description=_REDIRECT)
    async def redirect(self, info: Info) -> Redirect | None:
        asked = self.asked
        return None if asked is None else asked.redirect(info, slug=self.slug, path=self.path(info))

    @strawberry.field(description="The published stories tagged with it, newest first.")
    async def articles(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: ArticleOrder = ArticleOrder.FIRST_PUBLISHED,
        updated_since: datetime | None = None,
    ) -> ArticleConnection:
        return await info.context.reader.articles(
            info,
            tag=self.slug,
            first=first,
            after=after,
            last=last,
            before=before,
            order=order_by,
            updated_since=updated_since,
        )

    @classmethod
    def build(cls, tag: model.Tag, asked: Asked | None = None) -> Tag:
        return cls(slug=tag.slug, name=tag.name, asked=asked)


@strawberry.type(description="One name in a byline, in order, with an optional role.")
class Byline:
    role: str | None
    author: Author


@strawberry.type(description="How search engines and social networks should show the story.")
class Seo:
    title: str | None
    description: str | None
    canonical_url: str = strawberry.field(
        description="The address search engines should credit: the one an editor set, else "
        "the story's own url."
    )
    noindex: bool = strawberry.field(
        description='Search engines are asked to leave the story out: robots "noindex".'
    )
    social_image_id: strawberry.Private[str | None]

    @strawberry.field(
        description="The picture social networks show: the one the desk chose, else the "
        "story's lead picture (null when neither may be shown)."
    )
    async def social_image(self, info: Info) -> MediaAsset | None:
        return await _asset(info, self.social_image_id)


@strawberry.type(description="A dated note saying what a story got wrong.")
class Correction:
    text: str
    at: datetime


@strawberry.type(description="A published story.")
class Article(Page):
    id: strawberry.ID
    slug: str
    headline: str
    dek: str | None = strawberry.field(description="The one-sentence summary under the headline.")
    dateline: str | None = strawberry.field(
        description='Where the story was reported from, e.g. "Washington, US".'
    )
    tags: list[str] = strawberry.field(description="The tags' slugs, in order (see tagList).")
    kicker: str | None = strawberry.field(
        description='The short label above the headline ("Exclusive"); null when none.'
    )
    story_type: StoryType = strawberry.field(
        description="What kind of journalism it is; label OPINION and SPONSORED for readers."
    )
    published_at: datetime = strawberry.field(description="When this version went live.")
    first_published_at: datetime = strawberry.field(description="When the story first went live.")
    updated_at: datetime
    display_date: datetime = strawberry.field(
        description="The date to show readers: the one the desk set, else the first "
        "publication's. Unlike updatedAt, a correction or a republish never changes it."
    )
    story: strawberry.Private[model.Article]
    ahead: strawberry.Private[ReadAhead | None] = None
    asked: strawberry.Private[Asked | None] = None

    @strawberry.field(description=_PATH)
    async def path(self, info: Info) -> str:
        reader = info.context.reader
        return reader.paths.article(self.story, await reader.all_sections())

    @strawberry.field(description=_URL_OF_PAGE)
    async def url(self, info: Info) -> str:
        return info.context.reader.paths.absolute(await self.path(info))

    @strawberry.field(description=_REDIRECT)
    async def redirect(self, info: Info) -> Redirect | None:
        asked = self.asked
        if asked is None:
            return None
        return asked.redirect(info, slug=self.story.slug, path=await self.path(info))

    @strawberry.field(
        description="The story's tags in order, with their names and addresses (tags holds "
        "just their slugs)."
    )
    async def tag_list(self, info: Info) -> list[Tag]:
        return [Tag.build(t) for t in await info.context.reader.tags_named(self.story.tags)]

    @strawberry.field(
        graphql_type=Section,
        description="The section it is filed in: every published story has one (publishing "
        "refuses a story without). A section since deleted reads with its slug as its name; "
        "a preview of a draft not yet filed shows an empty slug and name.",
    )
    def section(self, info: Info) -> Section | Awaitable[Section]:
        slug = self.story.section
        if slug is None:
            return Section.unknown("")
        if self.ahead is not None and self.ahead.sections is not None:
            found = self.ahead.sections.get(slug)
            return Section.unknown(slug) if found is None else Section.build(found)
        return self._read_section(info, slug)

    async def _read_section(self, info: Info, slug: str) -> Section:
        found = await info.context.loaders.sections_by_slug.load(slug)
        return Section.unknown(slug) if found is None else Section.build(found)

    @strawberry.field(
        description="Whether the story is breaking news now: true only until breakingUntil "
        "(an answer saying true is cached no longer than that)."
    )
    def breaking(self, info: Info) -> bool:
        return self.breaking_until(info) is not None

    @strawberry.field(description="When the story stops being breaking news; null when not.")
    def breaking_until(self, info: Info) -> datetime | None:
        if not furniture.is_breaking(self.story, now=info.context.now()):
            return None
        until = self.story.breaking_until
        assert until is not None
        info.context.reader.tags.expire_by(until)
        return until

    @strawberry.field(
        description="Words a reader reads: paragraphs, subheadings, block quotes and lists.",
        graphql_type=int,
    )
    def word_count(self, info: Info) -> int | Awaitable[int]:
        if self.story.body is not None:
            return model.words_in(self.story.body)
        if self.story.word_count is not None:
            return self.story.word_count
        return self._count_words(info)

    async def _count_words(self, info: Info) -> int:
        """A teaser of a story stored before its word count was: its body is read."""
        whole = await info.context.loaders.articles_by_id.load(self.story.id)
        return 0 if whole is None else model.words_in(whole.body or ())

    @strawberry.field(
        description=f"Minutes to read wordCount at {furniture.WORDS_PER_MINUTE} words a "
        "minute, rounded up (0 for a story without text).",
        graphql_type=int,
    )
    def reading_time_minutes(self, info: Info) -> int | Awaitable[int]:
        words = self.word_count(info)
        if isinstance(words, int):
            return furniture.reading_minutes(words)
        return self._reading_minutes(words)

    async def _reading_minutes(self, words: Awaitable[int]) -> int:
        return furniture.reading_minutes(await words)

    @strawberry.field(
        description="Stories to read next: those the desk chose, in order, that are live, "
        f"then live stories sharing its tags (most in common, then newest); none twice, "
        f"never itself. first: {furniture.DEFAULT_RELATED} by default, at most "
        f"{furniture.MAX_RELATED_SHOWN}."
    )
    async def related_articles(
        self, info: Info, first: int = furniture.DEFAULT_RELATED
    ) -> list[Article]:
        return await info.context.reader.related(info, self.story, first=first)

    @strawberry.field(description="Bylines in order, with their roles.", graphql_type=list[Byline])
    def bylines(self, info: Info) -> list[Byline] | Awaitable[list[Byline]]:
        if self.ahead is not None and self.ahead.authors is not None:
            authors = self.ahead.authors
            return self._bylines([authors.get(b.author_id) for b in self.story.bylines])
        return self._read_bylines(info)

    @strawberry.field(description="The authors in byline order.", graphql_type=list[Author])
    def authors(self, info: Info) -> list[Author] | Awaitable[list[Author]]:
        if self.ahead is not None and self.ahead.authors is not None:
            authors = self.ahead.authors
            found = [authors.get(b.author_id) for b in self.story.bylines]
            return [byline.author for byline in self._bylines(found)]
        return self._read_authors(info)

    def _bylines(self, authors: Sequence[model.Author | None]) -> list[Byline]:
        return [
            Byline(role=byline.role, author=Author.build(author))
            for byline, author in zip(self.story.bylines, authors, strict=True)
            if author is not None
        ]

    async def _read_bylines(self, info: Info) -> list[Byline]:
        ids = [byline.author_id for byline in self.story.bylines]
        return self._bylines(await info.context.loaders.authors_by_id.load_many(ids))

    async def _read_authors(self, info: Info) -> list[Author]:
        return [byline.author for byline in await self._read_bylines(info)]

    @strawberry.field(graphql_type=LeadMedia | None)
    def lead_media(self, info: Info) -> LeadMedia | Awaitable[LeadMedia | None] | None:
        use = self.story.lead_media
        if use is None:
            return None
        if self.ahead is not None and self.ahead.media is not None:
            asset = self.ahead.media.get(use.asset_id)
            return None if asset is None else LeadMedia.build(use, asset, info)
        return self._read_lead_media(info, use)

    async def _read_lead_media(self, info: Info, use: model.MediaUse) -> LeadMedia | None:
        asset = await info.context.loaders.media_by_id.load(use.asset_id)
        return None if asset is None else LeadMedia.build(use, asset, info)

    @strawberry.field(
        description="The story's blocks in order; render them by __typename. With withAds "
        "(the default), ads are placed by the slots' rules and the story's ads policy; "
        "without, only the ads an editor placed (and the policy allows) are kept. An editor's ad "
        "that breaks the placement rules (before the first paragraph, at the end, next to "
        "another ad, a picture, an embed or a quote) is dropped, not moved."
    )
    async def body(
        self, info: Info, with_ads: bool = True
    ) -> list[Annotated[Block, strawberry.lazy("cms.api.blocks")]]:
        from cms.api.blocks import render_body

        blocks = self.story.body
        if blocks is None:  # a teaser from a list: fetch the bodies of the whole page at once
            whole = await info.context.loaders.articles_by_id.load(self.story.id)
            blocks = () if whole is None else whole.body or ()
        return await render_body(self.story, blocks, info, with_ads=with_ads)

    @strawberry.field(
        description="The ads for the story's whole page (leaderboards, rails, out-of-page), by "
        "position, under its ads policy; the ads between paragraphs are in body."
    )
    async def page_ads(
        self, info: Info
    ) -> list[Annotated[PageAd, strawberry.lazy("cms.api.blocks")]]:
        from cms.api.blocks import story_page_ads

        return await story_page_ads(self.story, info)

    @strawberry.field(description="Which ads the story carries: NORMAL, SENSITIVE or NONE.")
    async def ads_policy(self, info: Info) -> AdsPolicy:
        section = None
        if self.story.section is not None:
            section = await info.context.loaders.sections_by_slug.load(self.story.section)
        return ads.policy_for(self.story, section)

    @strawberry.field(description="Corrections, oldest first; show them with the story.")
    def corrections(self) -> list[Correction]:
        return [Correction(text=c.text, at=c.at) for c in self.story.corrections]

    @strawberry.field(
        metadata=_ONLY_DELIVERY,
        description=_STRUCTURED + ": a NewsArticle (headline, pictures at 16:9, 4:3 and 1:1 "
        "of 1,200 px or more, authors, publisher, corrections) and its BreadcrumbList.",
    )
    async def structured_data(self, info: Info) -> JSON:
        from cms.api import structured

        return JSON(await structured.article(info, self.story))

    @strawberry.field(
        metadata=_ONLY_DELIVERY,
        description="The Open Graph and Twitter card tags (and the description) for the "
        "page's <head>, in order.",
    )
    async def meta_tags(
        self, info: Info
    ) -> list[Annotated[MetaTag, strawberry.lazy("cms.api.structured")]]:
        from cms.api import structured

        return await structured.meta_tags(info, self.story)

    @strawberry.field
    async def seo(self, info: Info) -> Seo:
        seo = self.story.seo
        lead = self.story.lead_media
        canonical = seo.canonical_url
        if not (canonical and richtext.is_web_url(canonical)):
            canonical = await self.url(info)
        return Seo(
            title=seo.title,
            description=seo.description,
            canonical_url=canonical,
            noindex=seo.noindex,
            social_image_id=seo.social_image_id or (None if lead is None else lead.asset_id),
        )

    @classmethod
    def build(cls, article: model.Article, ahead: ReadAhead | None = None) -> Article:
        return cls(
            id=strawberry.ID(article.id),
            slug=article.slug,
            headline=article.headline,
            dek=article.dek,
            dateline=article.dateline,
            tags=list(article.tags),
            kicker=article.kicker,
            story_type=article.story_type,
            display_date=furniture.display_date(article),
            published_at=article.published_at or article.updated_at,
            first_published_at=article.first_published_at or article.updated_at,
            updated_at=article.updated_at,
            story=article,
            ahead=ahead,
        )


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None

    @classmethod
    def around(
        cls, cursors: list[str], *, has_next_page: bool, has_previous_page: bool
    ) -> PageInfo:
        return cls(
            has_next_page=has_next_page,
            has_previous_page=has_previous_page,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        )

    @classmethod
    def of(cls, cursors: list[str], *, has_next_page: bool, after: str | None) -> PageInfo:
        """Forward pagination: there is a previous page when the client gave ``after``."""
        return cls(
            has_next_page=has_next_page,
            has_previous_page=after is not None,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        )


class _HasSlug(Protocol):
    @property
    def slug(self) -> str: ...


_Node = TypeVar("_Node", bound=_HasSlug)
_Edge = TypeVar("_Edge")


def slug_page(
    nodes: Sequence[_Node],
    edge: Callable[..., _Edge],
    *,
    more: bool,
    after: str | None,
) -> tuple[list[_Edge], PageInfo]:
    """The edges and page info of a list paged by slug (tags, authors), forward only."""
    cursors = [encode_slug_cursor(node.slug) for node in nodes]
    edges = [edge(cursor=c, node=node) for c, node in zip(cursors, nodes, strict=True)]
    return edges, PageInfo.of(cursors, has_next_page=more, after=after)


@strawberry.type
class TagEdge:
    cursor: str
    node: Tag


@strawberry.type(description="A page of the tags published stories name, by slug.")
class TagConnection:
    edges: list[TagEdge]
    page_info: PageInfo

    @classmethod
    def of(cls, tags: list[Tag], *, more: bool, after: str | None) -> TagConnection:
        edges, page_info = slug_page(tags, TagEdge, more=more, after=after)
        return cls(edges=edges, page_info=page_info)


@strawberry.type
class AuthorEdge:
    cursor: str
    node: Author


@strawberry.type(description="A page of the newsroom's authors, by slug.")
class AuthorConnection:
    edges: list[AuthorEdge]
    page_info: PageInfo

    @classmethod
    def of(cls, authors: list[Author], *, more: bool, after: str | None) -> AuthorConnection:
        edges, page_info = slug_page(authors, AuthorEdge, more=more, after=after)
        return cls(edges=edges, page_info=page_info)


@strawberry.type
class ArticleEdge:
    cursor: str
    node: Article


@strawberry.type(description="A page of published stories, newest first (Relay connection).")
class ArticleConnection:
    edges: list[ArticleEdge]
    page_info: PageInfo
    live_filter: strawberry.Private[LiveFilter | None] = None

    @strawberry.field(description="How many stories the whole list holds, on every page.")
    async def total_count(self, info: Info) -> int:
        return await info.context.reader.count(self.live_filter)
