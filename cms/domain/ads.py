"""Ads in a story's body and on whole pages: which slots may run, where, and how targeted.

A slot is eligible for a story's body when it is enabled, not out-of-page, inside its active
window at ``now``, runs in the story's section and is allowed by the story's ads policy
(``NONE``: no ads at all; ``SENSITIVE``: only slots sold as brand-safe). Every ad obeys the
same rules, whoever placed it:

- an ad sits right after a paragraph and before a later one: never before the first paragraph,
  never after the last, so a short story gets fewer ads or none;
- at least ``min_distance`` blocks, and never fewer than one, lie between an ad and a photo, an
  embed, a block or pull quote, or another ad (the larger distance of the two ads' rules):
  two ads are never adjacent;
- a slot appears at most ``max_per_article`` times.

The ad blocks an editor placed come first, in body order: each stays where the editor put it if
its slot is eligible and the spot keeps the rules (given the editor's ads kept before it), and is
dropped otherwise, never moved: a moved ad would stand where nobody chose, and the rules fill
the free spots anyway. Rules then add ads, spot by spot in body order (ties by slot code). A
spot that breaks a rule is skipped, not moved, so one photo never shifts every later ad.

The same inputs give the same body, whatever order the slots arrive in.

Page-level ads (``page_ads``) run on a whole page, a story page or a section front: a slot with
a ``page`` placement runs there at its position (a leaderboard at the TOP, the RIGHT_RAIL, the
BOTTOM, or OUT_OF_PAGE: an interstitial or an anchor), under the same enabled, active-window,
section and ads-policy rules, with the page's facts as targeting.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from itertools import count

from cms import model


class PlacedBy(StrEnum):
    """Who put an ad in the body: a slot's placement rule or an editor."""

    RULE = "RULE"
    EDITOR = "EDITOR"


@dataclass(frozen=True, slots=True, kw_only=True)
class PlacedAd:
    """An ad as readers get it: its slot, its index among the story's ads, and who placed it."""

    slot: model.AdSlot
    position: int
    placed_by: PlacedBy
    # The editor's ad block's id; None for an ad the rules placed.
    block_id: str | None = None


# A body after placement: the story's blocks, with a PlacedAd wherever an ad runs
# (it never holds an AdSlotBlock).
PlacedBlock = model.Block | PlacedAd

# The targeting keys that describe the story and the ad's place in it; a slot cannot set them.
STORY_KEYS = ("section", "tags", "article", "ads_policy", "pos_index")

# An ad next to a photo, an embed or a quote reads as part of it.
_KEEP_CLEAR = (model.MediaBlock, model.Embed, model.BlockQuote, model.PullQuote)


@dataclass(frozen=True, slots=True)
class _Ad:
    """An ad waiting to be merged: it stands just before ``content[gap]``."""

    gap: int
    slot: model.AdSlot
    placed_by: PlacedBy
    block_id: str | None = None


def is_eligible(
    slot: model.AdSlot, *, policy: model.AdsPolicy, section: str | None, now: datetime
) -> bool:
    """Whether a slot may run in this story at all, before any question of where."""
    return (
        slot.enabled
        and not is_out_of_page(slot)
        and is_active(slot, now)
        and runs_in_section(slot, section)
        and is_allowed_by(policy, slot)
    )


def is_out_of_page(slot: model.AdSlot) -> bool:
    """Whether the slot runs outside the page's layout (an interstitial, an anchor, a skin)."""
    return slot.page is not None and slot.page.position is model.PagePosition.OUT_OF_PAGE


def is_active(slot: model.AdSlot, now: datetime) -> bool:
    """Whether ``now`` falls in the slot's campaign window (start inclusive, end exclusive)."""
    starts, ends = slot.active_from, slot.active_until
    return (starts is None or starts <= now) and (ends is None or now < ends)


def runs_in_section(slot: model.AdSlot, section: str | None) -> bool:
    """Whether the slot's rule lets it run in this section; no listed sections means all."""
    sections = slot.placement.sections if slot.placement is not None else ()
    return not sections or section in sections


def is_allowed_by(policy: model.AdsPolicy, slot: model.AdSlot) -> bool:
    """Whether a story's ads policy lets this slot run: a sensitive story takes brand-safe only."""
    if policy == model.AdsPolicy.NONE:
        return False
    return policy == model.AdsPolicy.NORMAL or slot.brand_safe_only


def place_ads(
    body: tuple[model.Block, ...],
    slots: Iterable[model.AdSlot],
    *,
    policy: model.AdsPolicy,
    section: str | None,
    now: datetime,
    by_rules: bool = True,
) -> tuple[PlacedBlock, ...]:
    """The body as readers get it: the editor's ads that keep the rules, and (``by_rules``)
    the ads the slots' placement rules add."""
    ordered = sorted(slots, key=lambda slot: (slot.code, slot.id))
    eligible = {
        slot.code: slot
        for slot in ordered
        if is_eligible(slot, policy=policy, section=section, now=now)
    }
    content, wanted = _split(body, eligible)
    ads: list[_Ad] = []
    for ad in wanted:
        if _fits(ad.gap, ad.slot, content=content, ads=ads):
            ads.append(ad)
    if by_rules:
        for gap, slot in _rule_spots(content, eligible.values()):
            if _fits(gap, slot, content=content, ads=ads):
                ads.append(_Ad(gap, slot, PlacedBy.RULE))
    return _merge(content, ads)


def _split(
    body: tuple[model.Block, ...], eligible: dict[str, model.AdSlot]
) -> tuple[list[model.Block], list[_Ad]]:
    """The body without its ad blocks, and the editor's eligible ads where they stood."""
    content: list[model.Block] = []
    ads: list[_Ad] = []
    for block in body:
        if not isinstance(block, model.AdSlotBlock):
            content.append(block)
        elif (slot := eligible.get(block.slot_code)) is not None:
            ads.append(_Ad(len(content), slot, PlacedBy.EDITOR, block.id))
    return content, ads


def _rule_spots(
    content: list[model.Block], slots: Iterable[model.AdSlot]
) -> list[tuple[int, model.AdSlot]]:
    """Every spot a rule asks for, as (gap, slot), in body order and then by slot code."""
    after = [index + 1 for index, block in enumerate(content) if isinstance(block, model.Paragraph)]
    spots = [
        (after[number - 1], slot)
        for slot in slots
        if slot.placement is not None
        for number in _paragraph_numbers(slot.placement, paragraphs=len(after))
    ]
    return sorted(spots, key=lambda spot: (spot[0], spot[1].code))


def _paragraph_numbers(rule: model.PlacementRule, *, paragraphs: int) -> list[int]:
    """The paragraphs (1-based) a rule puts an ad after; the last paragraph is never one."""
    numbers: set[int] = set()
    if rule.after_paragraph is not None:
        numbers.add(rule.after_paragraph)
    every = rule.every_paragraphs
    if every is not None and every > 0:
        start = every if rule.start_after is None else rule.start_after
        numbers.update(range(start, paragraphs, every))
    return sorted(number for number in numbers if 1 <= number < paragraphs)


def _fits(gap: int, slot: model.AdSlot, *, content: list[model.Block], ads: list[_Ad]) -> bool:
    """Whether an ad may stand at ``gap`` given the blocks and the ads placed so far."""
    after_paragraph = gap > 0 and isinstance(content[gap - 1], model.Paragraph)
    if not after_paragraph or not any(isinstance(b, model.Paragraph) for b in content[gap:]):
        return False
    limit = slot.placement.max_per_article if slot.placement is not None else None
    if limit is not None and sum(ad.slot.code == slot.code for ad in ads) >= limit:
        return False
    distance = _min_distance(slot)
    near_block = any(
        _blocks_between(gap, index) < distance
        for index, block in enumerate(content)
        if isinstance(block, _KEEP_CLEAR)
    )
    near_ad = any(abs(gap - ad.gap) < max(distance, _min_distance(ad.slot)) for ad in ads)
    return not (near_block or near_ad)


def _min_distance(slot: model.AdSlot) -> int:
    return max(1, slot.placement.min_distance) if slot.placement is not None else 1


def _blocks_between(gap: int, index: int) -> int:
    return gap - 1 - index if index < gap else index - gap


def _merge(content: list[model.Block], ads: list[_Ad]) -> tuple[PlacedBlock, ...]:
    """Blocks and ads in body order, each ad numbered by its place among the story's ads."""
    at_gap: defaultdict[int, list[_Ad]] = defaultdict(list)
    for ad in ads:
        at_gap[ad.gap].append(ad)
    merged: list[PlacedBlock] = []
    positions = count()
    for gap in range(len(content) + 1):
        for ad in at_gap[gap]:
            merged.append(
                PlacedAd(
                    slot=ad.slot,
                    position=next(positions),
                    placed_by=ad.placed_by,
                    block_id=ad.block_id,
                )
            )
        merged.extend(content[gap : gap + 1])
    return tuple(merged)


def ad_targeting(
    ad: PlacedAd, *, article: model.Article, policy: model.AdsPolicy
) -> tuple[model.Targeting, ...]:
    """The key-values sent with one ad: the story's facts, then the slot's own keys.

    The story's keys (``STORY_KEYS``) win over a slot key of the same name, even when the story
    has no value for one (no section, no tags): they are facts about this page, and a slot must
    never tell advertisers that a sensitive story is a normal one.
    """
    facts = _story_targeting(article, policy=policy, position=ad.position)
    return facts + tuple(pair for pair in ad.slot.targeting if pair.key not in STORY_KEYS)


def _story_targeting(
    article: model.Article, *, policy: model.AdsPolicy, position: int
) -> tuple[model.Targeting, ...]:
    values: dict[str, tuple[str, ...]] = {
        "section": (article.section,) if article.section else (),
        "tags": article.tags,
        "article": (article.id,),
        "ads_policy": (policy.value,),
        "pos_index": (str(position),),
    }
    return tuple(model.Targeting(key, values[key]) for key in STORY_KEYS if values[key])


def policy_for(article: model.Article, section: model.Section | None) -> model.AdsPolicy:
    """The story's own ads policy, else its section's default, else NORMAL."""
    if article.ads_policy is not None:
        return article.ads_policy
    if section is not None and section.ads_policy is not None:
        return section.ads_policy
    return model.AdsPolicy.NORMAL


# --- Page-level ads ----------------------------------------------------------------------------

# The targeting keys that describe a page and the ad's place on it; a slot cannot set them.
PAGE_KEYS = ("page", "section", "tags", "article", "ads_policy", "pos")


@dataclass(frozen=True, slots=True, kw_only=True)
class PageAd:
    """A page-level ad as readers get it: its slot, where it runs and its key-values."""

    slot: model.AdSlot
    position: model.PagePosition
    targeting: tuple[model.Targeting, ...]


def page_ads(
    slots: Iterable[model.AdSlot],
    *,
    page: model.PageKind,
    section: str | None,
    policy: model.AdsPolicy,
    now: datetime,
    article: model.Article | None = None,
) -> tuple[PageAd, ...]:
    """The page-level ads a page carries: the enabled, active slots placed on this kind of
    page in this section that the page's ads policy allows, by position, then slot code."""
    chosen = [
        (slot, slot.page)
        for slot in slots
        if slot.page is not None
        and page in slot.page.pages
        and (not slot.page.sections or section in slot.page.sections)
        and slot.enabled
        and is_active(slot, now)
        and is_allowed_by(policy, slot)
    ]
    order = list(model.PagePosition)
    chosen.sort(key=lambda pair: (order.index(pair[1].position), pair[0].code, pair[0].id))
    return tuple(
        PageAd(
            slot=slot,
            position=placement.position,
            targeting=page_targeting(
                slot,
                page=page,
                section=section,
                policy=policy,
                position=placement.position,
                article=article,
            ),
        )
        for slot, placement in chosen
    )


def page_targeting(
    slot: model.AdSlot,
    *,
    page: model.PageKind,
    section: str | None,
    policy: model.AdsPolicy,
    position: model.PagePosition,
    article: model.Article | None,
) -> tuple[model.Targeting, ...]:
    """The page's facts (``PAGE_KEYS``: the page kind, its section, the story's tags and id,
    the ads policy, the position), then the slot's own keys; the page's keys win, as in a body."""
    values: dict[str, tuple[str, ...]] = {
        "page": (page.value.lower(),),
        "section": (section,) if section else (),
        "tags": article.tags if article is not None else (),
        "article": (article.id,) if article is not None else (),
        "ads_policy": (policy.value,),
        "pos": (position.value.lower(),),
    }
    facts = tuple(model.Targeting(key, values[key]) for key in PAGE_KEYS if values[key])
    return facts + tuple(pair for pair in slot.targeting if pair.key not in PAGE_KEYS)


def front_policy(section: model.Section | None) -> model.AdsPolicy:
    """A front's ads policy: its section's, else NORMAL (the home page's too)."""
    if section is not None and section.ads_policy is not None:
        return section.ads_policy
    return model.AdsPolicy.NORMAL
