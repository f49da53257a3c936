"""The editors' schema at /admin/graphql: its root types, joined from one module per domain.

Every root field is one call into the domain, in the module of its domain: stories
(``stories_admin``), accounts (``accounts_admin``), the directory of authors and sections
(``directory_admin``), tags (``tags_admin``), media (``media_admin``), ad slots (``ads_admin``)
and webhooks (``webhooks_admin``). Everything but
``login`` and ``signIn`` needs a signed-in caller (see ``cms.http.auth``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import strawberry
from strawberry.extensions import DisableIntrospection
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.field import StrawberryField

from cms.api.accounts_admin import AccountMutations, AccountQueries
from cms.api.ad_preview import AdPreviewQueries
from cms.api.ads_admin import AdSlotMutations, AdSlotQueries
from cms.api.agenda import AgendaQueries
from cms.api.directory_admin import DirectoryMutations, DirectoryQueries
from cms.api.errors import Schema
from cms.api.fronts_admin import FrontMutations, FrontQueries
from cms.api.limits import extensions as limits_extensions
from cms.api.live import ManagementSubscription
from cms.api.media_admin import MediaMutations, MediaQueries
from cms.api.needs_me import NeedsMeQueries
from cms.api.password_admin import PasswordMutations
from cms.api.stories_admin import StoryMutations, StoryQueries
from cms.api.tags_admin import TagMutations, TagQueries
from cms.api.types import is_delivery_only
from cms.api.webhooks_admin import WebhookMutations, WebhookQueries
from cms.config import QueryLimits


class EditorsSchema(Schema):
    """The editors' schema: the types it shares with delivery (``Article``, ``Section``,
    ``Author``) without the fields only a reader's page uses (structured data, meta tags)."""

    def get_fields(self, type_definition: StrawberryObjectDefinition) -> list[StrawberryField]:
        return [f for f in type_definition.fields if not is_delivery_only(f)]


@strawberry.type
class Query(
    AdSlotQueries,
    MediaQueries,
    AccountQueries,
    StoryQueries,
    DirectoryQueries,
    FrontQueries,
    NeedsMeQueries,
    AgendaQueries,
    AdPreviewQueries,
    TagQueries,
    WebhookQueries,
):
    pass


@strawberry.type
class Mutation(
    StoryMutations,
    AccountMutations,
    DirectoryMutations,
    AdSlotMutations,
    MediaMutations,
    FrontMutations,
    PasswordMutations,
    TagMutations,
    WebhookMutations,
):
    pass


def management_schema(
    limits: QueryLimits | None = None,
    *,
    introspection: bool = True,
    suggestions: bool = True,
    traced: Sequence[Any] = (),
) -> Schema:
    """The editors' schema, limited. Documents are parsed and validated on every request: with
    the delivery schema's caches, a 10-minute soak saw editors' requests hang past 20 s (and
    none without them); see issue 7's notes. Introspection is asked for before any login, so
    it follows the same setting as the public schema."""
    extensions: list[Any] = [*traced, *limits_extensions(limits or QueryLimits())]
    if not introspection:
        extensions.append(DisableIntrospection)
    return EditorsSchema(
        query=Query,
        mutation=Mutation,
        subscription=ManagementSubscription,
        extensions=extensions,
        suggestions=suggestions,
    )
