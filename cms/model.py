"""The newsroom's shared vocabulary: plain dataclasses and enums, no I/O.

Every layer speaks these. Identifiers are strings here (the store turns them into
ObjectIds at its edge), times are timezone-aware UTC datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

# --- Stories -----------------------------------------------------------------------------------


class Status(StrEnum):
    """Where a story stands in the editorial workflow."""

    DRAFT = "DRAFT"
    IN_REVIEW = "IN_REVIEW"
    CHANGES_REQUESTED = "CHANGES_REQUESTED"
    APPROVED = "APPROVED"
    SCHEDULED = "SCHEDULED"
    PUBLISHED = "PUBLISHED"
    UNPUBLISHED = "UNPUBLISHED"
    TAKEN_DOWN = "TAKEN_DOWN"
    ARCHIVED = "ARCHIVED"


class Mark(StrEnum):
    """Inline emphasis inside a paragraph."""

    BOLD = "BOLD"
    ITALIC = "ITALIC"


@dataclass(frozen=True, slots=True)
class Inline:
    """A run of text with the same emphasis and, optionally, a link."""

    text: str
    marks: tuple[Mark, ...] = ()
    href: str | None = None


RichText = tuple[Inline, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaUse:
    """An asset used in one place (lead art, a body photo), with this use's own overrides."""

    asset_id: str
    caption: str | None = None
    credit: str | None = None
    alt_text: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    id: str | None = None  # stable within the story; see cms.domain.body
    inlines: RichText


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading:
    kind: ClassVar[str] = "heading"
    id: str | None = None  # stable within the story; see cms.domain.body
    text: str
    level: int = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class BlockQuote:
    """A statement quoted at length, in one paragraph or several, with who said it.

    Quotes stored before they had paragraphs kept one run of ``inlines``: they read as one
    paragraph (cms.store.codec)."""

    kind: ClassVar[str] = "block_quote"
    id: str | None = None  # stable within the story; see cms.domain.body
    paragraphs: tuple[RichText, ...]
    attribution: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PullQuote:
    """A sentence from the story repeated large."""

    kind: ClassVar[str] = "pull_quote"
    id: str | None = None  # stable within the story; see cms.domain.body
    text: str
    attribution: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaBlock:
    kind: ClassVar[str] = "media"
    id: str | None = None  # stable within the story; see cms.domain.body
    media: MediaUse


@dataclass(frozen=True, slots=True, kw_only=True)
class Embed:
    """Third-party content; its HTML is sanitised by an allowlist before anyone sees it.

    ``provider`` is the name as the editor gave it ("YouTube"); ``embed_provider`` in
    cms.domain.furniture reads it (or the URL) as an ``EmbedProvider``."""

    kind: ClassVar[str] = "embed"
    id: str | None = None  # stable within the story; see cms.domain.body
    provider: str
    url: str
    html: str | None = None
    caption: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RelatedLink:
    """ "READ: <another story>": a target article, or an outside URL."""

    kind: ClassVar[str] = "related_link"
    id: str | None = None  # stable within the story; see cms.domain.body
    label: str
    article_id: str | None = None
    url: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListBlock:
    kind: ClassVar[str] = "list"
    id: str | None = None  # stable within the story; see cms.domain.body
    items: tuple[RichText, ...]
    ordered: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class AdSlotBlock:
    """A place an editor reserved for an ad; the slot is named by its code."""

    kind: ClassVar[str] = "ad_slot"
    id: str | None = None  # stable within the story; see cms.domain.body
    slot_code: str


Block = (
    Paragraph
    | Heading
    | BlockQuote
    | PullQuote
    | MediaBlock
    | Embed
    | RelatedLink
    | ListBlock
    | AdSlotBlock
)
BLOCK_TYPES: tuple[type[Block], ...] = (
    Paragraph,
    Heading,
    BlockQuote,
    PullQuote,
    MediaBlock,
    Embed,
    RelatedLink,
    ListBlock,
    AdSlotBlock,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Byline:
    """One name on a story, in order; the role is optional ("Washington correspondent")."""

    author_id: str
    role: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Seo:
    title: str | None = None
    description: str | None = None
    canonical_url: str | None = None
    social_image_id: str | None = None
    # robots "noindex": search engines are asked to leave the story out.
    noindex: bool = False


class StoryType(StrEnum):
    """What kind of journalism a story is; opinion and sponsored must be labelled for readers."""

    NEWS = "NEWS"
    ANALYSIS = "ANALYSIS"
    OPINION = "OPINION"
    REVIEW = "REVIEW"
    LIVE = "LIVE"
    SPONSORED = "SPONSORED"


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """A story. As a working copy it has any status; as a live copy it is what readers see.

    ``body`` is ``None`` when a list read left it out on purpose (teasers need no body).
    """

    id: str
    slug: str
    headline: str
    dek: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    bylines: tuple[Byline, ...] = ()
    dateline: str | None = None
    lead_media: MediaUse | None = None
    body: tuple[Block, ...] | None = ()
    seo: Seo = field(default_factory=Seo)
    kicker: str | None = None  # the short label above the headline ("Exclusive")
    story_type: StoryType = StoryType.NEWS
    # Breaking news until then; readers are told so only before it (cms.domain.furniture).
    breaking_until: datetime | None = None
    # The date shown to readers when an editor sets one; else the first publication's.
    display_date: datetime | None = None
    # Stories editors chose to show with this one, in order (topped up by shared tags).
    related_article_ids: tuple[str, ...] = ()
    # Derived from the body on every write (cms.store), for lists that read no body; None in
    # documents stored before it was.
    word_count: int | None = None
    status: Status = Status.DRAFT
    created_at: datetime
    updated_at: datetime
    updated_by_id: str | None = None  # who made the last change; None for the system
    published_at: datetime | None = None
    first_published_at: datetime | None = None
    version: int = 1
    corrections: tuple[Correction, ...] = ()
    owner_id: str | None = None
    publish_at: datetime | None = None
    unpublish_at: datetime | None = None
    has_unpublished_changes: bool = False
    ads_policy: AdsPolicy | None = None
    # Set by a take-down and kept for good (archived too): the story must stay down.
    taken_down_at: datetime | None = None

    @property
    def was_taken_down(self) -> bool:
        """Whether the story was killed: no reader, preview or picture of it may be shown."""
        return self.status is Status.TAKEN_DOWN or self.taken_down_at is not None


# Article fields an editor writes; the rest is kept by the workflow.
CONTENT_FIELDS = (
    "slug",
    "headline",
    "dek",
    "section",
    "tags",
    "bylines",
    "dateline",
    "lead_media",
    "body",
    "seo",
    "ads_policy",
    "kicker",
    "story_type",
    "breaking_until",
    "display_date",
    "related_article_ids",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Correction:
    """A dated note on a published story saying what was wrong; never a silent rewrite."""

    text: str
    at: datetime


# --- The newsroom's people at work ---------------------------------------------------------------


class Role(StrEnum):
    """What a user may do; the scheduler acts as SYSTEM."""

    WRITER = "WRITER"
    EDITOR = "EDITOR"
    ADMIN = "ADMIN"
    SYSTEM = "SYSTEM"


@dataclass(frozen=True, slots=True, kw_only=True)
class User:
    """Someone who logs in to the management API."""

    id: str
    email: str
    role: Role
    password_hash: str
    name: str | None = None
    created_at: datetime
    version: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Principal:
    """Who is acting: a logged-in user with a session, or the scheduler."""

    user_id: str
    role: Role
    email: str = ""
    session_id: str | None = None


SCHEDULER = Principal(user_id="000000000000000000000000", role=Role.SYSTEM, email="scheduler")


@dataclass(frozen=True, slots=True, kw_only=True)
class Revision:
    """A saved state of a story's content: who saved it, when, at which version."""

    id: str
    article_id: str
    number: int
    version: int
    actor_id: str
    at: datetime
    content: Article


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEvent:
    """One step in a story's history: who took it, when, from which status to which."""

    id: str
    article_id: str
    actor_id: str
    action: str
    at: datetime
    from_status: Status
    to_status: Status
    version: int
    comment: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EditLease:
    """A short, renewable claim on a story, so two editors never silently overwrite each other."""

    id: str
    user_id: str
    expires_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class LeaseTakeover:
    """Someone (``by_id``) took over the edit lease ``user_id`` held on a story."""

    id: str
    article_id: str
    user_id: str
    by_id: str
    at: datetime


# --- Pictures ----------------------------------------------------------------------------------


class MediaKind(StrEnum):
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"
    AUDIO = "AUDIO"


@dataclass(frozen=True, slots=True)
class FocalPoint:
    """The part of a picture that must survive any crop, as fractions of width and height."""

    x: float
    y: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Placeholder:
    """What a page shows while a picture loads: its dominant colour (``#rrggbb``) and a tiny
    blurred preview as a data URI."""

    color: str
    data_uri: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaAsset:
    """A picture, clip or recording with the caption, credit and rights a desk needs.

    ``file`` is the storage key of a file we hold; ``source_url`` an outside address instead.
    ``credit`` is the credit line as printed, rendered from its parts: ``creator`` (who made
    it), ``agency`` (whose it is) and ``distributor`` (who sold it to us). ``date_created`` is
    ISO 8601 text only as precise as the agency gave it ("2024-03-05").
    """

    id: str
    kind: MediaKind
    mime_type: str
    file: str | None = None
    source_url: str | None = None
    width: int | None = None
    height: int | None = None
    alt_text: str | None = None
    caption: str | None = None
    credit: str | None = None
    creator: str | None = None
    source: str | None = None
    copyright: str | None = None
    license: str | None = None
    usage_terms: str | None = None
    rights_expire_at: datetime | None = None
    focal_point: FocalPoint | None = None
    created_at: datetime
    agency: str | None = None
    distributor: str | None = None
    headline: str | None = None
    keywords: tuple[str, ...] = ()
    date_created: str | None = None
    byte_size: int | None = None
    uploader_id: str | None = None
    placeholder: Placeholder | None = None
    version: int = 1


# --- People, places, ads -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SocialLink:
    """A link from an author's page; ``network`` is the name as the editor wrote it ("X"),
    read as a ``SocialNetwork`` by cms.domain.furniture."""

    network: str
    url: str


class SocialNetwork(StrEnum):
    """Where an author's social link leads; OTHER for a name we do not know."""

    X = "X"
    BLUESKY = "BLUESKY"
    MASTODON = "MASTODON"
    THREADS = "THREADS"
    FACEBOOK = "FACEBOOK"
    INSTAGRAM = "INSTAGRAM"
    LINKEDIN = "LINKEDIN"
    TIKTOK = "TIKTOK"
    YOUTUBE = "YOUTUBE"
    WEBSITE = "WEBSITE"
    OTHER = "OTHER"


class EmbedProvider(StrEnum):
    """Whose content an embed shows; OTHER for a provider we do not know."""

    YOUTUBE = "YOUTUBE"
    VIMEO = "VIMEO"
    X = "X"
    INSTAGRAM = "INSTAGRAM"
    FACEBOOK = "FACEBOOK"
    TIKTOK = "TIKTOK"
    BLUESKY = "BLUESKY"
    SPOTIFY = "SPOTIFY"
    SOUNDCLOUD = "SOUNDCLOUD"
    DATAWRAPPER = "DATAWRAPPER"
    FLOURISH = "FLOURISH"
    GOOGLE_MAPS = "GOOGLE_MAPS"
    OTHER = "OTHER"


@dataclass(frozen=True, slots=True, kw_only=True)
class Author:
    """A name that can appear in a byline; not necessarily someone who logs in."""

    id: str
    slug: str
    name: str
    title: str | None = None
    bio: str | None = None
    location: str | None = None
    avatar_id: str | None = None
    social_links: tuple[SocialLink, ...] = ()
    email: str | None = None
    version: int = 1
    # When the desk last changed it (None: before this was kept); a sitemap's lastmod.
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """A part of the site; its ads policy is the default for stories that set none."""

    id: str
    slug: str
    name: str
    parent: str | None = None
    ads_policy: AdsPolicy | None = None
    version: int = 1
    # When the desk last changed it (None: before this was kept); a sitemap's lastmod.
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Tag:
    """A topic, place or person stories are tagged with; stories name it by its slug."""

    id: str
    slug: str
    name: str
    version: int = 1
    created_at: datetime
    updated_at: datetime


class RedirectKind(StrEnum):
    """What an old slug named: a story (whose slug changed), a tag (merged into another) or
    an author (renamed)."""

    ARTICLE = "ARTICLE"
    TAG = "TAG"
    AUTHOR = "AUTHOR"


@dataclass(frozen=True, slots=True, kw_only=True)
class SlugRedirect:
    """An old slug that still leads somewhere: to the story or tag with ``target_id``, under
    whatever slug that has now."""

    id: str
    kind: RedirectKind
    slug: str
    target_id: str
    at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Front:
    """The stories editors put first on a section's front (``section`` None: the home page),
    in order; the newest live stories fill the rest."""

    id: str
    section: str | None = None
    article_ids: tuple[str, ...] = ()
    updated_at: datetime
    updated_by_id: str | None = None
    version: int = 1


@dataclass(frozen=True, slots=True)
class AdSize:
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Targeting:
    """One key-value pair of ad targeting; a key may carry several values."""

    key: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PlacementRule:
    """Where rules insert a slot in a story's body, counted in paragraphs (1-based).

    ``after_paragraph`` places one ad after that paragraph; ``every_paragraphs`` repeats one
    after paragraph ``start_after`` (by default ``every_paragraphs``) and every N after it.
    ``min_distance`` is the fewest blocks between the ad and a photo, embed, quote or another
    ad (never less than one: ads never touch them). ``sections`` lists the section slugs the
    slot runs in; empty means every section.
    """

    after_paragraph: int | None = None
    every_paragraphs: int | None = None
    start_after: int | None = None
    max_per_article: int | None = None
    min_distance: int = 1
    sections: tuple[str, ...] = ()


class PageKind(StrEnum):
    """The pages that carry page-level ads: a story page, and a section's (or home's) front."""

    STORY = "STORY"
    FRONT = "FRONT"


class PagePosition(StrEnum):
    """Where on a page a page-level ad runs; OUT_OF_PAGE ads have no place in the layout."""

    TOP = "TOP"  # the leaderboard above the page
    RIGHT_RAIL = "RIGHT_RAIL"
    BOTTOM = "BOTTOM"
    OUT_OF_PAGE = "OUT_OF_PAGE"


class OutOfPageFormat(StrEnum):
    """Google Publisher Tag's out-of-page formats (googletag.enums.OutOfPageFormat)."""

    INTERSTITIAL = "INTERSTITIAL"
    TOP_ANCHOR = "TOP_ANCHOR"
    BOTTOM_ANCHOR = "BOTTOM_ANCHOR"
    LEFT_SIDE_RAIL = "LEFT_SIDE_RAIL"
    RIGHT_SIDE_RAIL = "RIGHT_SIDE_RAIL"


@dataclass(frozen=True, slots=True, kw_only=True)
class PagePlacement:
    """Where a slot runs as a page-level ad: on which pages, at which position, in which
    sections (empty: all; a section's front counts as in its section, home's in none).
    ``out_of_page_format`` is for OUT_OF_PAGE slots; without one, GPT's plain out-of-page slot.
    """

    pages: tuple[PageKind, ...]
    position: PagePosition
    out_of_page_format: OutOfPageFormat | None = None
    sections: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SizeMapping:
    """For a browser at least ``viewport`` (width, height) large, the sizes the slot asks for
    (none: no ad at that size), as Google Publisher Tag's ``sizeMapping`` takes them."""

    viewport: AdSize
    sizes: tuple[AdSize, ...] = ()
    fluid: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class AdSlot:
    """A place on a page that an ad server fills.

    ``brand_safe_only`` marks a slot sold as brand-safe: the only kind that runs on a sensitive
    story. ``fluid`` means it also accepts the ad server's "fluid" size. It runs from
    ``active_from`` (inclusive) until ``active_until`` (exclusive), when they are set.
    ``placement`` puts it in story bodies, ``page`` on whole pages; ``size_mapping`` says which
    of its sizes each browser size asks for.
    """

    id: str
    code: str
    name: str
    ad_unit_path: str
    sizes: tuple[AdSize, ...] = ()
    targeting: tuple[Targeting, ...] = ()
    placement: PlacementRule | None = None
    enabled: bool = True
    brand_safe_only: bool = False
    fluid: bool = False
    active_from: datetime | None = None
    active_until: datetime | None = None
    page: PagePlacement | None = None
    size_mapping: tuple[SizeMapping, ...] = ()
    version: int = 1


class AdsPolicy(StrEnum):
    """Which ads a story carries: all, only brand-safe ones (hard news), or none (ad-free)."""

    NORMAL = "NORMAL"
    SENSITIVE = "SENSITIVE"
    NONE = "NONE"


def words_in(body: tuple[Block, ...]) -> int:
    """How many words a reader reads in the body: its paragraphs, subheadings, block quotes
    and lists (not pull quotes, which repeat the story, nor captions and embeds)."""
    count = 0
    for block in body:
        runs: tuple[RichText, ...] = ()
        if isinstance(block, Paragraph):
            runs = (block.inlines,)
        elif isinstance(block, BlockQuote):
            runs = block.paragraphs
        elif isinstance(block, ListBlock):
            runs = block.items
        elif isinstance(block, Heading):
            count += len(block.text.split())
        count += sum(len("".join(i.text for i in run).split()) for run in runs)
    return count


def media_ids_of(article: Article) -> frozenset[str]:
    """Every asset a story shows: lead art, body photos and its social image."""
    ids = {block.media.asset_id for block in article.body or () if isinstance(block, MediaBlock)}
    if article.lead_media is not None:
        ids.add(article.lead_media.asset_id)
    if article.seo.social_image_id is not None:
        ids.add(article.seo.social_image_id)
    return frozenset(ids)


# --- Events (the outbox) -----------------------------------------------------------------------


class EventType(StrEnum):
    """What happened, as subscribers (webhooks, live subscriptions) name it."""

    ARTICLE_PUBLISHED = "article.published"
    ARTICLE_UPDATED = "article.updated"  # changed while live: republished
    ARTICLE_UNPUBLISHED = "article.unpublished"
    ARTICLE_TAKEN_DOWN = "article.taken_down"
    ARTICLE_CORRECTED = "article.corrected"
    ARTICLE_SCHEDULED = "article.scheduled"
    STORY_SAVED = "story.saved"
    STORY_WORKFLOW = "story.workflow"
    STORY_LEASE_TAKEN = "story.lease_taken"
    MEDIA_UPDATED = "media.updated"
    MEDIA_RIGHTS_EXPIRED = "media.rights_expired"
    SECTION_CHANGED = "section.changed"
    AUTHOR_CHANGED = "author.changed"
    FRONT_CHANGED = "front.changed"
    AD_SLOT_CHANGED = "ad_slot.changed"
    TAG_CHANGED = "tag.changed"  # renamed, merged into another, or made


# What webhook endpoints may subscribe to: everything but the desk's own comings and goings.
WEBHOOK_EVENT_TYPES = tuple(t for t in EventType if not t.value.startswith("story."))


class AggregateKind(StrEnum):
    """The kind of thing an event is about."""

    ARTICLE = "article"
    MEDIA = "media"
    SECTION = "section"
    AUTHOR = "author"
    FRONT = "front"
    AD_SLOT = "ad_slot"
    TAG = "tag"


@dataclass(frozen=True, slots=True, kw_only=True)
class Aggregate:
    """The thing an event is about, at the version the change left it."""

    kind: AggregateKind
    id: str
    version: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One change a subscriber could care about, written in the same transaction as the
    change. ``public`` events carry only published facts (delivery subscribers may see them);
    the others are for the desk. No payload ever holds a draft's content."""

    id: str
    type: EventType
    at: datetime
    aggregate: Aggregate
    public: bool
    payload: dict[str, Any]


# --- Webhooks ----------------------------------------------------------------------------------


class DeliveryStatus(StrEnum):
    PENDING = "PENDING"  # not yet delivered: due now, or waiting for its next attempt
    DELIVERED = "DELIVERED"  # the endpoint answered 2xx
    FAILED = "FAILED"  # every attempt failed for as long as retries run; redeliver to try again


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookEndpoint:
    """Where events are POSTed, signed with the endpoint's secret (Standard Webhooks).

    ``managed`` names an endpoint the server keeps from a setting (the CDN purge), which
    admins see but do not edit. An endpoint failing for days is disabled: ``disabled_reason``
    says why, and ``failing_since`` when the failures began (None while it answers)."""

    id: str
    url: str
    event_types: tuple[EventType, ...]
    secret: str
    enabled: bool = True
    description: str = ""
    created_at: datetime
    updated_at: datetime
    version: int = 1
    failing_since: datetime | None = None
    disabled_reason: str | None = None
    disabled_at: datetime | None = None
    managed: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Delivery:
    """One event on its way to one endpoint: claimed under a lease by one dispatcher at a
    time, tried until delivered or until retries run out."""

    id: str
    event_id: str
    endpoint_id: str
    event_type: EventType
    aggregate: Aggregate
    event_at: datetime
    status: DeliveryStatus
    attempts: int = 0
    created_at: datetime
    next_at: datetime
    # Retries run for a while from here: the first try, or the last redelivery.
    retry_from: datetime
    lease_until: datetime | None = None
    lease_owner: str | None = None
    last_status_code: int | None = None
    last_error: str | None = None
    delivered_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryAttempt:
    """One POST of a delivery, as it went: the endpoint's status code (None when it never
    answered), how long it took, and what went wrong."""

    id: str
    delivery_id: str
    endpoint_id: str
    event_id: str
    at: datetime
    succeeded: bool
    status_code: int | None = None
    duration_ms: float
    error: str | None = None
