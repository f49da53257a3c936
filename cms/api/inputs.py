"""What editors send: GraphQL inputs and their translation into the model's vocabulary.

An article input is partial: a field left out stays as it is. Body blocks arrive as a
``@oneOf`` input (GraphQL has no input unions): each block sets exactly one member.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

import strawberry

from cms import model
from cms.api.enums import AdsPolicy, StoryType
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


_BLOCK_ID = (
    "The block's id within the story, as read (1 to 64 letters, digits, - or _); left out, "
    "the block keeps the id of the same block as saved before, or gets a new one."
)


def _block_id() -> Any:
    return strawberry.field(default=None, description=_BLOCK_ID)


@strawberry.input
class ParagraphInput:
    inlines: list[InlineInput]
    id: strawberry.ID | None = _block_id()


@strawberry.input
class HeadingInput:
    text: str
    level: int = 2
    id: strawberry.ID | None = _block_id()


@strawberry.input(description="A quote of one paragraph or several: set paragraphs (or inlines).")
class BlockQuoteInput:
    paragraphs: list[list[InlineInput]] | None = None
    inlines: list[InlineInput] | None = strawberry.field(
        default=None,
        deprecation_reason="A quote may have several paragraphs: use paragraphs.",
    )
    attribution: str | None = None
    id: strawberry.ID | None = _block_id()


@strawberry.input
class PullQuoteInput:
    text: str
    attribution: str | None = None
    id: strawberry.ID | None = _block_id()


@strawberry.input(description="An asset used here, with this use's caption and credit.")
class MediaUseInput:
    asset_id: strawberry.ID
    caption: str | None = None
    credit: str | None = None
    alt_text: str | None = None


@strawberry.input(description="A body photo or clip: the asset and this use's own texts.")
class MediaBlockInput(MediaUseInput):
    id: strawberry.ID | None = _block_id()


@strawberry.input
class EmbedInput:
    provider: str = strawberry.field(
        description='The provider\'s name ("YouTube"); read as an EmbedProvider on delivery.'
    )
    url: str
    html: str | None = None
    caption: str | None = None
    id: strawberry.ID | None = _block_id()


@strawberry.input(description="Either articleId or url.")
class RelatedLinkInput:
    label: str = "READ:"
    article_id: strawberry.ID | None = None
    url: str | None = None
    text: str | None = None
    id: strawberry.ID | None = _block_id()


@strawberry.input
class ListInput:
    items: list[list[InlineInput]]
    ordered: bool = False
    id: strawberry.ID | None = _block_id()


@strawberry.input
class AdSlotBlockInput:
    slot_code: str
    id: strawberry.ID | None = _block_id()


@strawberry.input(one_of=True, description="One body block: set exactly one field.")
class BlockInput:
    paragraph: ParagraphInput | None = UNSET
    heading: HeadingInput | None = UNSET
    block_quote: BlockQuoteInput | None = UNSET
    pull_quote: PullQuoteInput | None = UNSET
    media: MediaBlockInput | None = UNSET
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
    social_image_id: strawberry.ID | None = strawberry.field(
        default=None, description="Null: the lead picture is the social image."
    )
    noindex: bool = strawberry.field(
        default=False, description='Ask search engines to leave the story out (robots "noindex").'
    )


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
    kicker: str | None = strawberry.field(
        default=UNSET, description="The short label above the headline, one line of 1 to 40."
    )
    story_type: StoryType | None = strawberry.field(
        default=UNSET, description="What kind of journalism it is; null: NEWS."
    )
    breaking_until: datetime | None = strawberry.field(
        default=UNSET,
        description="Breaking news until then (after now, at most 7 days ahead); null: not "
        "breaking.",
    )
    display_date: datetime | None = strawberry.field(
        default=UNSET,
        description="The date readers are shown; null: the first publication's.",
    )
    related_article_ids: list[strawberry.ID] | None = strawberry.field(
        default=UNSET,
        description="Stories to show with this one, in order (at most 10; each named once); "
        "delivery tops them up with live stories sharing its tags.",
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
    """The model block for the one member the client set, with the id the client gave."""
    member = next((v for v in vars(given).values() if v is not UNSET and v is not None), None)
    if member is None:
        raise BadUserInput("A body block must set exactly one kind.", field="body")
    made = _block(given)
    return dataclasses.replace(made, id=None if member.id is None else str(member.id))


def _quote(quote: BlockQuoteInput) -> model.BlockQuote:
    if quote.paragraphs is not None and quote.inlines is None:
        paragraphs = quote.paragraphs
    elif quote.inlines is not None and quote.paragraphs is None:
        paragraphs = [quote.inlines]
    else:
        raise BadUserInput("A block quote sets paragraphs (or inlines), not both.", field="body")
    return model.BlockQuote(
        paragraphs=tuple(_rich(p) for p in paragraphs), attribution=quote.attribution
    )


def _block(given: BlockInput) -> model.Block:
    if given.paragraph:
        return model.Paragraph(inlines=_rich(given.paragraph.inlines))
    if given.heading:
        return model.Heading(text=given.heading.text, level=given.heading.level)
    if given.block_quote:
        return _quote(given.block_quote)
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
    assert given.ad_slot
    return model.AdSlotBlock(slot_code=given.ad_slot.slot_code)


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
        empty: dict[str, Any] = {
            "tags": (),
            "bylines": (),
            "body": (),
            "seo": model.Seo(),
            "story_type": model.StoryType.NEWS,
            "related_article_ids": (),
        }
        return empty.get(name)
    match name:
        case "tags":
            return tuple(value)
        case "related_article_ids":
            return tuple(str(i) for i in value)
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
                noindex=value.noindex,
            )
    return value
