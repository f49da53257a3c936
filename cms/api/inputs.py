"""What editors send: GraphQL inputs and their translation into the model's vocabulary.

An article input is partial: a field left out stays as it is. Body blocks arrive as a
``@oneOf`` input (GraphQL has no input unions): each block sets exactly one member.
"""

from __future__ import annotations

from typing import Any

import strawberry

from cms import model
from cms.api.enums import AdsPolicy
from cms.errors import BadUserInput

UNSET: Any = strawberry.UNSET

# What the update mutations of things besides stories say of their expectedVersion.
STALE = (
    "With expectedVersion (the version you read), the answer is CONFLICT if it changed since "
    "(currentVersion, changedFields, currentValues), and nothing is written."
)


@strawberry.input(description="A run of text; bold, italic and a link are optional.")
class InlineInput:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@strawberry.input
class ParagraphInput:
    inlines: list[InlineInput]


@strawberry.input
class HeadingInput:
    text: str
    level: int = 2


@strawberry.input
class BlockQuoteInput:
    inlines: list[InlineInput]
    attribution: str | None = None


@strawberry.input
class PullQuoteInput:
    text: str
    attribution: str | None = None


@strawberry.input(description="An asset used here, with this use's caption and credit.")
class MediaUseInput:
    asset_id: strawberry.ID
    caption: str | None = None
    credit: str | None = None
    alt_text: str | None = None


@strawberry.input
class EmbedInput:
    provider: str
    url: str
    html: str | None = None
    caption: str | None = None


@strawberry.input(description="Either articleId or url.")
class RelatedLinkInput:
    label: str = "READ:"
    article_id: strawberry.ID | None = None
    url: str | None = None
    text: str | None = None


@strawberry.input
class ListInput:
    items: list[list[InlineInput]]
    ordered: bool = False


@strawberry.input
class AdSlotBlockInput:
    slot_code: str


@strawberry.input(one_of=True, description="One body block: set exactly one field.")
class BlockInput:
    paragraph: ParagraphInput | None = UNSET
    heading: HeadingInput | None = UNSET
    block_quote: BlockQuoteInput | None = UNSET
    pull_quote: PullQuoteInput | None = UNSET
    media: MediaUseInput | None = UNSET
    embed: EmbedInput | None = UNSET
    related_link: RelatedLinkInput | None = UNSET
    list: ListInput | None = UNSET
    ad_slot: AdSlotBlockInput | None = UNSET


@strawberry.input
class BylineInput:
    author_id: strawberry.ID
    role: str | None = None


@strawberry.input
class SeoInput:
    title: str | None = None
    description: str | None = None
    canonical_url: str | None = None
    social_image_id: strawberry.ID | None = None


@strawberry.input(description="Article content; on update, fields left out stay as they are.")
class ArticleInput:
    slug: str | None = UNSET
    headline: str | None = UNSET
    dek: str | None = UNSET
    section: str | None = UNSET
    tags: list[str] | None = UNSET
    bylines: list[BylineInput] | None = UNSET
    dateline: str | None = UNSET
    lead_media: MediaUseInput | None = UNSET
    body: list[BlockInput] | None = UNSET
    seo: SeoInput | None = UNSET
    ads_policy: AdsPolicy | None = strawberry.field(
        default=UNSET, description="Null: follow the section's default."
    )


def _rich(inlines: list[InlineInput]) -> model.RichText:
    return tuple(
        model.Inline(
            text=i.text,
            marks=tuple(
                m for m, on in ((model.Mark.BOLD, i.bold), (model.Mark.ITALIC, i.italic)) if on
            ),
            href=i.href,
        )
        for i in inlines
    )


def media_use(use: MediaUseInput) -> model.MediaUse:
    return model.MediaUse(
        asset_id=str(use.asset_id), caption=use.caption, credit=use.credit, alt_text=use.alt_text
    )


def block(given: BlockInput) -> model.Block:
    """The model block for the one member the client set."""
    if given.paragraph:
        return model.Paragraph(inlines=_rich(given.paragraph.inlines))
    if given.heading:
        return model.Heading(text=given.heading.text, level=given.heading.level)
    if given.block_quote:
        quote = given.block_quote
        return model.BlockQuote(inlines=_rich(quote.inlines), attribution=quote.attribution)
    if given.pull_quote:
        return model.PullQuote(text=given.pull_quote.text, attribution=given.pull_quote.attribution)
    if given.media:
        return model.MediaBlock(media=media_use(given.media))
    if given.embed:
        e = given.embed
        return model.Embed(provider=e.provider, url=e.url, html=e.html, caption=e.caption)
    if given.related_link:
        link = given.related_link
        article_id = None if link.article_id is None else str(link.article_id)
        return model.RelatedLink(
            label=link.label, article_id=article_id, url=link.url, text=link.text
        )
    if given.list:
        return model.ListBlock(
            items=tuple(_rich(i) for i in given.list.items), ordered=given.list.ordered
        )
    if given.ad_slot:
        return model.AdSlotBlock(slot_code=given.ad_slot.slot_code)
    raise BadUserInput("A body block must set exactly one kind.", field="body")


_REQUIRED = ("slug", "headline")


def article_content(given: ArticleInput) -> dict[str, Any]:
    """The content fields the client set, as model values; unset fields are absent."""
    content: dict[str, Any] = {}
    for name, value in vars(given).items():
        if value is UNSET:
            continue
        if value is None and name in _REQUIRED:
            raise BadUserInput(f"{name} cannot be null.", field=name)
        content[name] = _convert(name, value)
    return content


def _convert(name: str, value: Any) -> Any:
    if value is None:
        empty: dict[str, Any] = {"tags": (), "bylines": (), "body": (), "seo": model.Seo()}
        return empty.get(name)
    match name:
        case "tags":
            return tuple(value)
        case "bylines":
            return tuple(model.Byline(author_id=str(b.author_id), role=b.role) for b in value)
        case "lead_media":
            return media_use(value)
        case "body":
            return tuple(block(b) for b in value)
        case "seo":
            image = None if value.social_image_id is None else str(value.social_image_id)
            return model.Seo(
                title=value.title,
                description=value.description,
                canonical_url=value.canonical_url,
                social_image_id=image,
            )
    return value
