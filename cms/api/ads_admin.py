"""Ad slot definitions on /admin/graphql: admins create, change and retire them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from cms import model
from cms.api.blocks import AdSize, SizeMapping, Targeting
from cms.api.editorial import ManagementInfo
from cms.api.enums import OutOfPageFormat, PageKind, PagePosition
from cms.api.inputs import UNSET
from cms.api.permissions import SignedIn
from cms.domain import directory
from cms.errors import BadUserInput


@strawberry.type(description="Where rules put a slot in a story's body (paragraphs from 1).")
class PlacementRule:
    after_paragraph: int | None
    every_paragraphs: int | None
    start_after: int | None
    max_per_article: int | None
    min_distance: int = strawberry.field(
        description="Fewest blocks between the ad and a photo, embed, quote or another ad."
    )
    sections: list[str] = strawberry.field(description="Section slugs; empty means all.")


@strawberry.type(
    description="Where a slot runs as a page-level ad: on which pages, at which position, in "
    "which sections (empty: all; home's front is in none)."
)
class PageAdPlacement:
    pages: list[PageKind]
    position: PagePosition
    out_of_page_format: OutOfPageFormat | None
    sections: list[str]


@strawberry.type(description="An ad slot as admins define it.")
class AdSlotDefinition:
    id: strawberry.ID
    code: str
    name: str
    ad_unit_path: str
    sizes: list[AdSize]
    fluid: bool
    targeting: list[Targeting]
    enabled: bool
    brand_safe: bool = strawberry.field(description="Sold as brand-safe: runs on hard news.")
    active_from: datetime | None
    active_until: datetime | None
    placement: PlacementRule | None
    page: PageAdPlacement | None = strawberry.field(
        description="Set for a page-level slot (a leaderboard, a rail, an out-of-page ad)."
    )
    size_mapping: list[SizeMapping] = strawberry.field(
        description="Which of its sizes each browser size asks for, largest viewport first."
    )
    version: int = strawberry.field(
        description="One up on every change; pass it back as updateAdSlot's expectedVersion."
    )

    @classmethod
    def build(cls, slot: model.AdSlot) -> AdSlotDefinition:
        rule = slot.placement
        return cls(
            id=strawberry.ID(slot.id),
            code=slot.code,
            name=slot.name,
            ad_unit_path=slot.ad_unit_path,
            sizes=[AdSize(width=s.width, height=s.height) for s in slot.sizes],
            fluid=slot.fluid,
            targeting=[Targeting(key=t.key, values=list(t.values)) for t in slot.targeting],
            enabled=slot.enabled,
            brand_safe=slot.brand_safe_only,
            active_from=slot.active_from,
            active_until=slot.active_until,
            version=slot.version,
            page=None
            if slot.page is None
            else PageAdPlacement(
                pages=list(slot.page.pages),
                position=slot.page.position,
                out_of_page_format=slot.page.out_of_page_format,
                sections=list(slot.page.sections),
            ),
            size_mapping=SizeMapping.all_of(slot),
            placement=None
            if rule is None
            else PlacementRule(
                after_paragraph=rule.after_paragraph,
                every_paragraphs=rule.every_paragraphs,
                start_after=rule.start_after,
                max_per_article=rule.max_per_article,
                min_distance=rule.min_distance,
                sections=list(rule.sections),
            ),
        )


@strawberry.input
class AdSizeInput:
    width: int
    height: int


@strawberry.input
class TargetingInput:
    key: str
    values: list[str]


@strawberry.input(description="Set afterParagraph, or everyParagraphs (from startAfter), or both.")
class PlacementRuleInput:
    after_paragraph: int | None = None
    every_paragraphs: int | None = None
    start_after: int | None = None
    max_per_article: int | None = None
    min_distance: int = 1
    sections: list[str] = strawberry.field(default_factory=list)


@strawberry.input(
    description="Pages a slot runs on as a page-level ad, and where; outOfPageFormat only with "
    "the OUT_OF_PAGE position."
)
class PageAdPlacementInput:
    pages: list[PageKind]
    position: PagePosition
    out_of_page_format: OutOfPageFormat | None = None
    sections: list[str] = strawberry.field(default_factory=list)


@strawberry.input(
    description="For a browser at least viewport large, these of the slot's sizes (none: no ad)."
)
class SizeMappingInput:
    viewport: AdSizeInput
    sizes: list[AdSizeInput] = strawberry.field(default_factory=list)
    fluid: bool = False


@strawberry.input(description="An ad slot; on update, fields left out stay as they are.")
class AdSlotInput:
    code: str | None = UNSET
    name: str | None = UNSET
    ad_unit_path: str | None = UNSET
    sizes: list[AdSizeInput] | None = UNSET
    fluid: bool | None = UNSET
    targeting: list[TargetingInput] | None = UNSET
    enabled: bool | None = UNSET
    brand_safe: bool | None = UNSET
    active_from: datetime | None = UNSET
    active_until: datetime | None = UNSET
    placement: PlacementRuleInput | None = UNSET
    page: PageAdPlacementInput | None = UNSET
    size_mapping: list[SizeMappingInput] | None = UNSET


_NOT_NULL = frozenset({"code", "name", "ad_unit_path", "fluid", "enabled", "brand_safe"})


def slot_fields(given: AdSlotInput) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, value in vars(given).items():
        if value is UNSET:
            continue
        if value is None and name in _NOT_NULL:
            raise BadUserInput(f"{name} cannot be null.", field=name)
        match name:
            case "sizes":
                fields[name] = tuple(model.AdSize(s.width, s.height) for s in value or ())
            case "targeting":
                fields[name] = tuple(model.Targeting(t.key, tuple(t.values)) for t in value or ())
            case "brand_safe":
                fields["brand_safe_only"] = bool(value)
            case "placement":
                fields[name] = None if value is None else _rule(value)
            case "page":
                fields[name] = None if value is None else _page(value)
            case "size_mapping":
                fields[name] = tuple(_mapping(entry) for entry in value or ())
            case _:
                fields[name] = value
    return fields


def _rule(given: PlacementRuleInput) -> model.PlacementRule:
    return model.PlacementRule(
        after_paragraph=given.after_paragraph,
        every_paragraphs=given.every_paragraphs,
        start_after=given.start_after,
        max_per_article=given.max_per_article,
        min_distance=given.min_distance,
        sections=tuple(given.sections),
    )


def _page(given: PageAdPlacementInput) -> model.PagePlacement:
    return model.PagePlacement(
        pages=tuple(given.pages),
        position=given.position,
        out_of_page_format=given.out_of_page_format,
        sections=tuple(given.sections),
    )


def _mapping(given: SizeMappingInput) -> model.SizeMapping:
    return model.SizeMapping(
        viewport=model.AdSize(given.viewport.width, given.viewport.height),
        sizes=tuple(model.AdSize(s.width, s.height) for s in given.sizes),
        fluid=given.fluid,
    )


@strawberry.type
class AdSlotQueries:
    @strawberry.field(
        permission_classes=[SignedIn], description="Every ad slot definition, by code."
    )
    async def ad_slots(self, info: ManagementInfo) -> list[AdSlotDefinition]:
        return [AdSlotDefinition.build(s) for s in await info.context.store.ad_slots.all()]


@strawberry.type
class AdSlotMutations:
    @strawberry.mutation(permission_classes=[SignedIn], description="A new ad slot (admins only).")
    async def create_ad_slot(self, info: ManagementInfo, input: AdSlotInput) -> AdSlotDefinition:
        slot = await directory.create_ad_slot(
            info.context.store, info.context.actor(), slot_fields(input), now=info.context.now()
        )
        return AdSlotDefinition.build(slot)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Change an ad slot (admins only). With expectedVersion (the version you "
        "read), the answer is CONFLICT if it changed since (currentVersion, changedFields, "
        "currentValues), and nothing is written.",
    )
    async def update_ad_slot(
        self,
        info: ManagementInfo,
        id: strawberry.ID,
        input: AdSlotInput,
        expected_version: int | None = None,
    ) -> AdSlotDefinition:
        slot = await directory.update_ad_slot(
            info.context.store,
            info.context.actor(),
            str(id),
            slot_fields(input),
            now=info.context.now(),
            expected_version=expected_version,
        )
        return AdSlotDefinition.build(slot)

    @strawberry.mutation(
        permission_classes=[SignedIn], description="Retire an ad slot (admins only)."
    )
    async def delete_ad_slot(self, info: ManagementInfo, id: strawberry.ID) -> bool:
        await directory.delete_ad_slot(
            info.context.store, info.context.actor(), str(id), now=info.context.now()
        )
        return True
