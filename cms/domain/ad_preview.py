"""Where ads would go: a built-in sample story with the slots' rules applied, so an admin sees
what a change to a slot does before saving it. Nothing is read from stories or written.

The sample is invented: ten paragraphs under a heading, a picture, a block quote and an embed,
the shapes whose distances the placement rules keep.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cms import model
from cms.domain import directory
from cms.errors import BadUserInput, Forbidden, NotFound

# Fixed ids: the sample is the same story on every call (the same story, same placement).
SAMPLE_ID = "5a3e1e5a3e1e5a3e1e5a3e1e"
SAMPLE_PICTURE_ID = "5a3e1e5a3e1e5a3e1e5a3e1f"
NEW_SLOT_ID = "5a3e1e5a3e1e5a3e1e5a3e20"
_WHEN = datetime(2026, 3, 14, 7, 30, tzinfo=UTC)
# A grey placeholder picture, inline, so the sample shows a picture without any file.
_PLACEHOLDER = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1200' height='800'%3E"
    "%3Crect width='1200' height='800' fill='%23c8c8c8'/%3E%3C/svg%3E"
)

SAMPLE_PICTURE = model.MediaAsset(
    id=SAMPLE_PICTURE_ID,
    kind=model.MediaKind.IMAGE,
    mime_type="image/svg+xml",
    source_url=_PLACEHOLDER,
    width=1200,
    height=800,
    caption="The old ferry terminal at Port Averell, due to reopen as a market hall.",
    credit="Photo by Mara Feld/Averell Gazette",
    alt_text="A low brick building beside a harbour wall under a grey sky.",
    created_at=_WHEN,
)

_PARAGRAPHS = (
    "Port Averell's old ferry terminal will reopen next spring as a covered market, the "
    "harbour board said on Friday, ending eleven years in which the building stood empty.",
    "The board approved a lease to a traders' cooperative that plans forty stalls, a bakery "
    "and a fish counter supplied by the town's remaining boats.",
    "Repairs to the roof and the sea wall are expected to cost about 2.4 million pounds, "
    "most of it from a coastal regeneration fund.",
    "Councillor Ines Rowe, who chairs the harbour board, said the vote was unanimous.",
    "Traders who ran stalls on the quay until the terminal closed welcomed the decision but "
    "asked for rents to be fixed for the first three years.",
    "The cooperative's chair, Tobias Wren, said forty-one applications had already arrived.",
    "Engineers will survey the sea wall in January before any work begins inside.",
    "The terminal served ferries to the islands until the crossing moved to Kelby in 2015.",
    "A public meeting on the plans is due at the town hall on the first Monday of next month.",
    "The board said the market would open on Fridays and Saturdays at first.",
)


def _paragraph(text: str) -> model.Paragraph:
    return model.Paragraph(inlines=(model.Inline(text),))


SAMPLE_BODY: tuple[model.Block, ...] = (
    *map(_paragraph, _PARAGRAPHS[:3]),
    model.MediaBlock(media=model.MediaUse(asset_id=SAMPLE_PICTURE_ID)),
    *map(_paragraph, _PARAGRAPHS[3:5]),
    model.Heading(text="What the traders want", level=2),
    *map(_paragraph, _PARAGRAPHS[5:7]),
    model.BlockQuote(
        paragraphs=((model.Inline("We have waited a long time to come back indoors."),),),
        attribution="Tobias Wren",
    ),
    *map(_paragraph, _PARAGRAPHS[7:9]),
    model.Embed(provider="YouTube", url="https://www.youtube.com/watch?v=aqz-KE-bpKQ"),
    _paragraph(_PARAGRAPHS[9]),
)


def sample_story(section: str | None) -> model.Article:
    """The sample story, in ``section`` (so slots limited to sections can be seen)."""
    return model.Article(
        id=SAMPLE_ID,
        slug="ferry-terminal-to-reopen-as-market",
        headline="Ferry terminal to reopen as a market hall",
        section=section,
        tags=("port-averell", "harbour"),
        body=SAMPLE_BODY,
        status=model.Status.PUBLISHED,
        created_at=_WHEN,
        updated_at=_WHEN,
        published_at=_WHEN,
    )


@dataclass(frozen=True, slots=True)
class Preview:
    story: model.Article
    slots: list[model.AdSlot]
    policy: model.AdsPolicy


def require_desk(principal: model.Principal) -> None:
    if principal.role not in (model.Role.EDITOR, model.Role.ADMIN):
        raise Forbidden("Only editors and admins may preview ad placement.")


def _edited(
    slots: Sequence[model.AdSlot], fields: Mapping[str, Any] | None, slot_id: str | None
) -> list[model.AdSlot]:
    """The catalogue with ``fields`` applied to slot ``slot_id``, or added as a new slot."""
    if slot_id is not None and all(s.id != slot_id for s in slots):
        raise NotFound(f"No ad slot with id {slot_id!r}.", id=slot_id)
    if fields is None:
        return list(slots)
    if slot_id is None:
        missing = sorted({"code", "name", "ad_unit_path"} - set(fields))
        if missing:
            raise BadUserInput(f"A new ad slot needs {', '.join(missing)}.", fields=missing)
        added = directory.check_ad_slot(model.AdSlot(id=NEW_SLOT_ID, **fields))
        # The new slot stands in for one of the same code, as saving would refuse a duplicate.
        return [s for s in slots if s.code != added.code] + [added]
    return [
        directory.check_ad_slot(dataclasses.replace(s, **fields)) if s.id == slot_id else s
        for s in slots
    ]


def preview(
    principal: model.Principal,
    slots: Sequence[model.AdSlot],
    *,
    fields: Mapping[str, Any] | None,
    slot_id: str | None,
    policy: model.AdsPolicy | None,
) -> Preview:
    """The sample story and the slots to place in it: the catalogue as it would be after the
    edit. A slot limited to sections shows in the first of them."""
    require_desk(principal)
    edited = _edited(slots, fields, slot_id)
    changed = next((s for s in edited if s.id in (slot_id, NEW_SLOT_ID)), None)
    rule = None if changed is None else changed.placement
    section = rule.sections[0] if rule is not None and rule.sections else None
    return Preview(sample_story(section), edited, policy or model.AdsPolicy.NORMAL)
