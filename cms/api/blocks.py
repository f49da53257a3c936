"""The story body as a GraphQL union: a frontend renders each block by its ``__typename``.

A body is rendered with three batched reads at most (its media, its related stories, its ad
slots), whatever its length. A block that points at something a reader cannot see (a deleted
asset, a story that is no longer live, an unknown or disabled ad slot) is left out rather than
rendered broken.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, TypedDict

import strawberry

from cms import model
from cms.api.enums import AdPlacement, EmbedProvider, OutOfPageFormat, PagePosition
from cms.api.loaders import ALL_SLOTS
from cms.api.selection import selected
from cms.api.types import Article, Info, PlacedMedia
from cms.domain import ads, body, furniture, richtext


@strawberry.type(description="A run of text with the same emphasis and, optionally, a link.")
class InlineText:
    text: str
    bold: bool
    italic: bool
    href: str | None


def _inlines(text: model.RichText) -> list[InlineText]:
    return [
        InlineText(
            text=inline.text,
            bold=model.Mark.BOLD in inline.marks,
            italic=model.Mark.ITALIC in inline.marks,
            href=inline.href if inline.href and richtext.is_safe_link(inline.href) else None,
        )
        for inline in text
    ]


class _RichParts(TypedDict):
    html: str
    text: str
    inlines: list[InlineText]


@dataclass(frozen=True, slots=True)
class Shown:
    """Which renderings of rich text a query shows: those it does not are left empty, never
    made (a story page asks for each paragraph's html, not its text and runs as well)."""

    html: bool = True
    text: bool = True
    inlines: bool = True

    @classmethod
    def of(cls, fields: frozenset[str]) -> Shown:
        return cls(html="html" in fields, text="text" in fields, inlines="inlines" in fields)

    def __or__(self, other: Shown) -> Shown:
        return Shown(
            html=self.html or other.html,
            text=self.text or other.text,
            inlines=self.inlines or other.inlines,
        )


ALL = Shown()


@dataclass(frozen=True, slots=True)
class BodyShown:
    """What a query shows of a body's rich text: its blocks' (through every fragment, so a
    field named for one block type is made for all), a quote's paragraphs' (and what the
    quote's own renderings are made of), a list's items'."""

    blocks: Shown = ALL
    quotes: Shown = ALL
    items: Shown = ALL

    @classmethod
    def of(cls, info: Info) -> BodyShown:
        blocks = Shown.of(selected(info))
        return cls(
            blocks=blocks,
            quotes=blocks | Shown.of(selected(info, "paragraphs")),
            items=Shown.of(selected(info, "items")),
        )


EVERYTHING = BodyShown()


@strawberry.interface(description="Text with inline emphasis and links, as HTML and as plain text.")
class RichText:
    html: str = strawberry.field(description="Safe HTML: every character of content is escaped.")
    text: str = strawberry.field(description="The plain text, without marks or links.")
    inlines: list[InlineText]

    @staticmethod
    def parts(text: model.RichText, shown: Shown = ALL) -> _RichParts:
        return {
            "html": richtext.to_html(text) if shown.html else "",
            "text": richtext.to_plain(text) if shown.text else "",
            "inlines": _inlines(text) if shown.inlines else [],
        }


@strawberry.interface(
    description="What every block of a body has: an id, stable across edits and revisions, "
    "unique within the story: a React key, or an anchor (#id). An ad the rules placed is "
    "ad-<position>."
)
class BodyBlock:
    id: strawberry.ID


@strawberry.type(description="A paragraph of the story.")
class Paragraph(RichText, BodyBlock):
    pass


@strawberry.type(description="A subheading; level 2 to 6, as in HTML.")
class Heading(BodyBlock):
    text: str
    level: int


@strawberry.type(description="One paragraph of a block quote.")
class QuoteParagraph(RichText):
    pass


@strawberry.type(
    description="A statement quoted at length, in one paragraph or several, with who said "
    "it. html, text and inlines are the whole quote (paragraphs apart by <br><br> in html, "
    "a blank line in text); render paragraphs for one <p> each."
)
class BlockQuote(RichText, BodyBlock):
    paragraphs: list[QuoteParagraph]
    attribution: str | None


@strawberry.type(description="A sentence from the story repeated large.")
class PullQuote(BodyBlock):
    text: str
    attribution: str | None


@strawberry.type(description="A photo, clip or recording in the body.")
class MediaBlock(PlacedMedia, BodyBlock):
    @classmethod
    def placed(
        cls, use: model.MediaUse, asset: model.MediaAsset, info: Info, block_id: strawberry.ID
    ) -> MediaBlock | None:
        """The block, or ``None`` when the caller may not be shown the asset."""
        shown: PlacedMedia | None = PlacedMedia.build(use, asset, info)
        return None if shown is None else cls(id=block_id, **vars(shown))


@strawberry.type(description="Third-party content such as a post or a video.")
class Embed(BodyBlock):
    provider: EmbedProvider = strawberry.field(
        description="Whose content it is; OTHER for a provider we do not know."
    )
    provider_name: str = strawberry.field(description="The provider as the desk named it.")
    url: str
    html: str = strawberry.field(
        description="Sanitised by an allowlist; a plain link to url when the embed has no HTML."
    )
    caption: str | None


@strawberry.type(description='A link such as "READ: <headline>" to another story or a URL.')
class RelatedLink(BodyBlock):
    label: str
    text: str = strawberry.field(description="The link text: the target's headline by default.")
    external_url: str | None = strawberry.field(
        description="An outside address, when the link is not to one of our stories."
    )
    article: Article | None


@strawberry.type(description="One item of a list.")
class ListItem(RichText):
    pass


@strawberry.type(name="ListBlock", description="A bulleted or numbered list.")
class ListBlock(BodyBlock):
    ordered: bool
    items: list[ListItem]


@strawberry.type(description="A width by height an ad slot accepts.")
class AdSize:
    width: int
    height: int


@strawberry.type(description="One key of ad targeting and its values.")
class Targeting:
    key: str
    values: list[str]


@strawberry.type(
    description="For a browser at least `viewport` large, the sizes the slot asks for (none: no "
    "ad there): one entry of Google Publisher Tag's sizeMapping, "
    "[[viewport.width, viewport.height], sizes] (with 'fluid' when fluid)."
)
class SizeMapping:
    viewport: AdSize
    sizes: list[AdSize]
    fluid: bool

    @classmethod
    def all_of(cls, slot: model.AdSlot) -> list[SizeMapping]:
        """The slot's mapping, largest viewport first (GPT orders them itself too)."""
        entries = sorted(
            slot.size_mapping,
            key=lambda e: (e.viewport.width, e.viewport.height),
            reverse=True,
        )
        return [
            cls(
                viewport=AdSize(width=e.viewport.width, height=e.viewport.height),
                sizes=[AdSize(width=s.width, height=s.height) for s in e.sizes],
                fluid=e.fluid,
            )
            for e in entries
        ]


@strawberry.type(description="A place on a page that an ad server fills.")
class AdSlot:
    code: str
    name: str
    ad_unit_path: str = strawberry.field(description="As in Google Publisher Tag.")
    sizes: list[AdSize]
    fluid: bool = strawberry.field(description='Also accepts the ad server\'s "fluid" size.')
    brand_safe: bool = strawberry.field(description="Sold as brand-safe: may run on hard news.")
    targeting: list[Targeting] = strawberry.field(description="The slot's own key-values.")

    @classmethod
    def build(cls, slot: model.AdSlot) -> AdSlot:
        return cls(
            code=slot.code,
            name=slot.name,
            ad_unit_path=slot.ad_unit_path,
            fluid=slot.fluid,
            brand_safe=slot.brand_safe_only,
            sizes=[AdSize(width=s.width, height=s.height) for s in slot.sizes],
            targeting=[Targeting(key=t.key, values=list(t.values)) for t in slot.targeting],
        )


@strawberry.type(
    description="An ad for the whole page (a leaderboard, a rail, an interstitial): what to "
    "ask the ad server for, and where on the page."
)
class PageAd:
    code: str
    name: str
    ad_unit_path: str = strawberry.field(description="As in Google Publisher Tag.")
    sizes: list[AdSize] = strawberry.field(description="Empty for an out-of-page ad.")
    fluid: bool = strawberry.field(description='Also accepts the ad server\'s "fluid" size.')
    size_mapping: list[SizeMapping] = strawberry.field(
        description="Which of its sizes each browser size asks for; empty: all, everywhere."
    )
    position: PagePosition
    out_of_page_format: OutOfPageFormat | None = strawberry.field(
        description="For OUT_OF_PAGE: GPT's format (defineOutOfPageSlot's second argument); "
        "null for a plain out-of-page slot, and for every other position."
    )
    targeting: list[Targeting] = strawberry.field(
        description="The slot's key-values merged with the page's: page (story or front), "
        "section, tags, article, ads_policy, pos. The page's keys win."
    )

    @classmethod
    def build(cls, ad: ads.PageAd) -> PageAd:
        slot, placement = ad.slot, ad.slot.page
        return cls(
            code=slot.code,
            name=slot.name,
            ad_unit_path=slot.ad_unit_path,
            sizes=[AdSize(width=s.width, height=s.height) for s in slot.sizes],
            fluid=slot.fluid,
            size_mapping=SizeMapping.all_of(slot),
            position=ad.position,
            out_of_page_format=None if placement is None else placement.out_of_page_format,
            targeting=[Targeting(key=t.key, values=list(t.values)) for t in ad.targeting],
        )


async def story_page_ads(story: model.Article, info: Info) -> list[PageAd]:
    """The page-level ads of a story's page, under the story's ads policy."""
    loaders = info.context.loaders
    slots = await loaders.ad_slot_catalogue.load(ALL_SLOTS) or []
    section = None if story.section is None else await loaders.sections_by_slug.load(story.section)
    placed = ads.page_ads(
        slots,
        page=model.PageKind.STORY,
        section=story.section,
        policy=ads.policy_for(story, section),
        now=info.context.now(),
        article=story,
    )
    return [PageAd.build(ad) for ad in placed]


async def front_page_ads(section: model.Section | None, info: Info) -> list[PageAd]:
    """The page-level ads of a section's front (``None``: the home page's)."""
    slots = await info.context.loaders.ad_slot_catalogue.load(ALL_SLOTS) or []
    placed = ads.page_ads(
        slots,
        page=model.PageKind.FRONT,
        section=None if section is None else section.slug,
        policy=ads.front_policy(section),
        now=info.context.now(),
    )
    return [PageAd.build(ad) for ad in placed]


@strawberry.type(
    description='An ad between paragraphs ("Advertisement"): what to ask the ad server for.'
)
class AdSlotBlock(BodyBlock):
    slot: AdSlot
    position: int = strawberry.field(description="0, 1, 2… among this story's ads, in order.")
    placed_by: AdPlacement
    targeting: list[Targeting] = strawberry.field(
        description="The slot's key-values merged with the story's: section, tags, article, "
        "ads_policy, pos_index. The story's keys win."
    )

    @classmethod
    def build(
        cls, ad: ads.PlacedAd, *, story: model.Article, policy: model.AdsPolicy
    ) -> AdSlotBlock:
        merged = ads.ad_targeting(ad, article=story, policy=policy)
        return cls(
            id=strawberry.ID(ad.block_id or f"ad-{ad.position}"),
            slot=AdSlot.build(ad.slot),
            position=ad.position,
            placed_by=ad.placed_by,
            targeting=[Targeting(key=t.key, values=list(t.values)) for t in merged],
        )


Block = Annotated[
    Paragraph
    | Heading
    | BlockQuote
    | PullQuote
    | MediaBlock
    | Embed
    | RelatedLink
    | ListBlock
    | AdSlotBlock,
    strawberry.union("Block", description="One block of a story's body."),
]


class _Resolved:
    """What the body's references point at, fetched in one batch per kind."""

    def __init__(
        self, media: dict[str, model.MediaAsset], stories: dict[str, model.Article]
    ) -> None:
        self.media, self.stories = media, stories

    @classmethod
    def ask(cls, blocks: tuple[model.Block, ...], info: Info) -> Callable[[], Awaitable[_Resolved]]:
        """Asks the loaders at once, so these reads join the batches the rest of the page
        fills (the lead picture's, say) instead of starting their own; call, then await, what
        it returns for the answer (nothing is left unawaited if the caller fails first)."""
        loaders = info.context.loaders
        asset_ids = [b.media.asset_id for b in blocks if isinstance(b, model.MediaBlock)]
        story_ids = [b.article_id for b in blocks if isinstance(b, model.RelatedLink)]
        media = loaders.media_by_id.load_many(asset_ids)
        stories = loaders.teasers_by_id.load_many([i for i in story_ids if i is not None])

        async def answer() -> _Resolved:
            return cls(
                media={a.id: a for a in await media if a is not None},
                stories={a.id: a for a in await stories if a is not None},
            )

        return answer


def _quote(quote: model.BlockQuote, block_id: strawberry.ID, shown: Shown) -> BlockQuote:
    paragraphs = [QuoteParagraph(**RichText.parts(p, shown)) for p in quote.paragraphs]
    runs = [inline for paragraph in paragraphs for inline in paragraph.inlines]
    return BlockQuote(
        id=block_id,
        html="<br><br>".join(p.html for p in paragraphs),
        text="\n\n".join(p.text for p in paragraphs),
        inlines=runs,
        paragraphs=paragraphs,
        attribution=quote.attribution,
    )


def _render(
    block: model.Block | AdSlotBlock, found: _Resolved, info: Info, shown: BodyShown
) -> object | None:
    if isinstance(block, AdSlotBlock):
        return block
    block_id = strawberry.ID(block.id or "")
    match block:
        case model.Paragraph(inlines=text):
            return Paragraph(id=block_id, **RichText.parts(text, shown.blocks))
        case model.Heading(text=text, level=level):
            return Heading(id=block_id, text=text, level=level)
        case model.BlockQuote():
            return _quote(block, block_id, shown.quotes)
        case model.PullQuote(text=text, attribution=attribution):
            return PullQuote(id=block_id, text=text, attribution=attribution)
        case model.MediaBlock(media=use):
            asset = found.media.get(use.asset_id)
            return None if asset is None else MediaBlock.placed(use, asset, info, block_id)
        case model.Embed():
            return _embed(block, block_id)
        case model.RelatedLink():
            return _related(block, found, block_id)
        case model.ListBlock(items=items, ordered=ordered):
            listed = [ListItem(**RichText.parts(i, shown.items)) for i in items]
            return ListBlock(id=block_id, ordered=ordered, items=listed)
    raise TypeError(f"no GraphQL type for {type(block).__name__}")  # pragma: no cover


def _embed(embed: model.Embed, block_id: strawberry.ID) -> Embed:
    return Embed(
        id=block_id,
        provider=furniture.embed_provider(embed),
        provider_name=embed.provider,
        url=embed.url,
        html=richtext.embed_html(embed.html, url=embed.url),
        caption=embed.caption,
    )


def _related(
    link: model.RelatedLink, found: _Resolved, block_id: strawberry.ID
) -> RelatedLink | None:
    story = None if link.article_id is None else found.stories.get(link.article_id)
    if story is not None:
        text = link.text or story.headline
        article = Article.build(story)
        return RelatedLink(
            id=block_id, label=link.label, text=text, external_url=None, article=article
        )
    if link.url is not None and richtext.is_safe_link(link.url):
        text = link.text or link.url
        return RelatedLink(
            id=block_id, label=link.label, text=text, external_url=link.url, article=None
        )
    return None


async def _with_ads(
    story: model.Article, blocks: tuple[model.Block, ...], info: Info, *, by_rules: bool
) -> list[model.Block | AdSlotBlock]:
    """The body with its ads placed: the editor's, and the rules' too when ``by_rules``."""
    loaders = info.context.loaders
    slots = await loaders.ad_slot_catalogue.load(ALL_SLOTS) or []
    section = None if story.section is None else await loaders.sections_by_slug.load(story.section)
    policy = ads.policy_for(story, section)
    placed = ads.place_ads(
        blocks,
        slots,
        policy=policy,
        section=story.section,
        now=info.context.now(),
        by_rules=by_rules,
    )
    return [
        AdSlotBlock.build(item, story=story, policy=policy)
        if isinstance(item, ads.PlacedAd)
        else item
        for item in placed
    ]


async def render_body(
    story: model.Article, blocks: tuple[model.Block, ...], info: Info, *, with_ads: bool
) -> list[Block]:
    """The blocks as a frontend renders them, with ads placed by the story's policy."""
    blocks = body.read_ids(story.id, blocks)
    found = _Resolved.ask(blocks, info)
    placed = await _with_ads(story, blocks, info, by_rules=with_ads)
    resolved = await found()
    shown = BodyShown.of(info)
    rendered = (_render(block, resolved, info, shown) for block in placed)
    return [block for block in rendered if block is not None]  # type: ignore[misc]


async def render_sample(
    story: model.Article,
    info: Info,
    *,
    slots: list[model.AdSlot],
    policy: model.AdsPolicy,
    pictures: dict[str, model.MediaAsset],
) -> list[Block]:
    """A story that is not stored (the ad placement preview's sample), with ads placed by
    these slots under this policy; its pictures are given, not read."""
    now = info.context.now()
    blocks = body.read_ids(story.id, story.body or ())
    placed = ads.place_ads(blocks, slots, policy=policy, section=story.section, now=now)
    found = _Resolved(media=pictures, stories={})
    rendered = (
        _render(
            AdSlotBlock.build(item, story=story, policy=policy)
            if isinstance(item, ads.PlacedAd)
            else item,
            found,
            info,
            EVERYTHING,
        )
        for item in placed
    )
    return [block for block in rendered if block is not None]  # type: ignore[misc]
