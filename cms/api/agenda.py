"""`schedule` on /admin/graphql: the desk's agenda of embargoes in a window of time."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from cms.api.editorial import EditorialArticle, ManagementInfo
from cms.api.permissions import SignedIn
from cms.domain import agenda


@strawberry.type
class AgendaQueries:
    @strawberry.field(
        permission_classes=[SignedIn],
        description="Stories with an embargo step in [from, to): scheduled ones going live or "
        "coming down, published ones coming down; each once, by the first of its steps in the "
        "window. At most 62 days (else BAD_USER_INPUT). Reschedule with scheduleArticle, "
        "unschedule with unscheduleArticle.",
    )
    async def schedule(
        self,
        info: ManagementInfo,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
    ) -> list[EditorialArticle]:
        found = await agenda.schedule(info.context.store, start=from_, end=to)
        return [EditorialArticle.build_editorial(a) for a in found]
