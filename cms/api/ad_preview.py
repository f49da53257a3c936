"""`adPlacementPreview` on /admin/graphql: where the slots' rules put ads in a sample story,
with an unsaved edit of a slot applied, so an admin sees its effect before saving it."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from cms.api.ads_admin import AdSlotInput, slot_fields
from cms.api.blocks import Block, render_sample
from cms.api.editorial import ManagementInfo
from cms.api.enums import AdsPolicy
from cms.api.permissions import SignedIn
from cms.api.types import Info
from cms.domain import ad_preview


@strawberry.type
class AdPreviewQueries:
    @strawberry.field(
        permission_classes=[SignedIn],
        description="A built-in sample story's body with ads placed by the enabled slots' "
        "rules under adsPolicy (default NORMAL): `slot` replaces the slot `slotId`, or is added "
        "when slotId is null, so an edit's effect shows before it is saved. A slot limited to "
        "sections is shown in the first of them. Editors and admins; nothing is written.",
    )
    async def ad_placement_preview(
        self,
        info: ManagementInfo,
        slot: AdSlotInput | None = None,
        slot_id: strawberry.ID | None = None,
        ads_policy: AdsPolicy | None = None,
    ) -> list[Annotated[Block, strawberry.lazy("cms.api.blocks")]]:
        ctx = info.context
        principal = ctx.actor()
        found = ad_preview.preview(
            principal,
            await ctx.store.ad_slots.all(),
            fields=None if slot is None else slot_fields(slot),
            slot_id=None if slot_id is None else str(slot_id),
            policy=ads_policy,
        )
        return await render_sample(
            found.story,
            cast(Info, info),  # a management context is a delivery context too
            slots=found.slots,
            policy=found.policy,
            pictures={ad_preview.SAMPLE_PICTURE_ID: ad_preview.SAMPLE_PICTURE},
        )
