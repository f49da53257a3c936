"""The schemas' enums: the model's and the domain's own enums, exposed under their GraphQL names.

One list of members each, never a copy to keep in step: a member added to the model is in the
schema at the next export. Each name here is the model's class itself (``enums.Status is
model.Status``), registered with strawberry when this module is imported; types annotate with
these names, so importing them is what registers them.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

import strawberry

from cms import model
from cms.domain import ads, renditions, workflow
from cms.store import LiveOrder

Status = model.Status
strawberry.enum(Status, description="Where a story stands in the editorial workflow.")

WorkflowAction = workflow.Action
strawberry.enum(
    WorkflowAction,
    name="WorkflowAction",
    description="A step in the editorial workflow, as listed by EditorialArticle.allowedActions "
    "and by the allowedActions of an INVALID_TRANSITION error. SUBMIT: submitArticle; "
    "REQUEST_CHANGES: requestChanges; APPROVE: approveArticle; PUBLISH: publishArticle; "
    "SCHEDULE: scheduleArticle; UNSCHEDULE: unscheduleArticle; UNPUBLISH: unpublishArticle; "
    "TAKE_DOWN: takeDownArticle; ARCHIVE: archiveArticle.",
)

if TYPE_CHECKING:
    Role = model.Role
else:
    # The model's roles but SYSTEM, the scheduler's, which no account holds: strawberry cannot
    # leave a member out, so this one is an enum of its own, made from the model's members.
    Role = Enum("Role", [(r.name, r.value) for r in model.Role if r is not model.Role.SYSTEM])
strawberry.enum(
    Role, description="WRITER files stories; EDITOR edits and publishes; ADMIN runs it all."
)

MediaKind = model.MediaKind
strawberry.enum(MediaKind, description="What kind of file a media asset is.")

PageKind = model.PageKind
strawberry.enum(PageKind, description="A page that carries page-level ads: a story or a front.")

PagePosition = model.PagePosition
strawberry.enum(
    PagePosition,
    description="Where on a page a page-level ad runs: TOP (the leaderboard above the page), "
    "RIGHT_RAIL, BOTTOM, or OUT_OF_PAGE (an interstitial, an anchor: no place in the layout; "
    "googletag.defineOutOfPageSlot).",
)

OutOfPageFormat = model.OutOfPageFormat
strawberry.enum(
    OutOfPageFormat,
    description="Google Publisher Tag's out-of-page formats (googletag.enums.OutOfPageFormat).",
)

AdsPolicy = model.AdsPolicy
strawberry.enum(
    AdsPolicy,
    description="Which ads a story carries: NORMAL (any), SENSITIVE (only brand-safe slots, "
    "for hard news), NONE (ad-free).",
)

ImageFormat = renditions.ImageFormat
strawberry.enum(ImageFormat, description="How a rendition is encoded.")

ImageFit = renditions.Fit
strawberry.enum(
    ImageFit,
    name="ImageFit",
    description="COVER fills the asked box, cropped around the focal point; CONTAIN fits "
    "inside it.",
)

AdPlacement = ads.PlacedBy
strawberry.enum(AdPlacement, name="AdPlacement", description="Who put an ad in the body.")

ArticleOrder = LiveOrder
strawberry.enum(
    ArticleOrder,
    name="ArticleOrder",
    description="How a list of stories is ordered, newest first. FIRST_PUBLISHED (the "
    "default): by when each story first went live, so a republish or a correction moves "
    "nothing; LAST_UPDATED: by each story's last change (publish, republish, correction).",
)

StoryType = model.StoryType
strawberry.enum(
    StoryType,
    description="What kind of journalism a story is. OPINION and SPONSORED must be labelled "
    "for readers; LIVE is a live blog of short updates.",
)

SocialNetwork = model.SocialNetwork
strawberry.enum(
    SocialNetwork,
    description='Where an author\'s link leads: read from the name the desk gave it ("x", '
    '"Twitter", "Website"…) or else its address; OTHER when neither is known.',
)

EmbedProvider = model.EmbedProvider
strawberry.enum(
    EmbedProvider,
    description="Whose content an embed shows: read from the provider's name the desk gave "
    '("YouTube", "youtube") or else the embed\'s URL; OTHER when neither is known.',
)
