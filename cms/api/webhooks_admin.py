"""Webhooks on /admin/graphql: admins register endpoints, see every delivery and its attempts,
and redeliver. An endpoint's secret is shown once, in the answer that created it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader

from cms import model
from cms.api import inputs
from cms.api.editorial import ManagementInfo
from cms.api.permissions import SignedIn
from cms.config import Settings
from cms.domain import webhooks
from cms.store import Store

MAX_DELIVERIES = 100


@strawberry.enum(
    description="What an endpoint is told about (ARTICLE_PUBLISHED: article.published, ...)."
)
class WebhookEventType(Enum):
    ARTICLE_PUBLISHED = model.EventType.ARTICLE_PUBLISHED.value
    ARTICLE_UPDATED = model.EventType.ARTICLE_UPDATED.value
    ARTICLE_UNPUBLISHED = model.EventType.ARTICLE_UNPUBLISHED.value
    ARTICLE_TAKEN_DOWN = model.EventType.ARTICLE_TAKEN_DOWN.value
    ARTICLE_CORRECTED = model.EventType.ARTICLE_CORRECTED.value
    ARTICLE_SCHEDULED = model.EventType.ARTICLE_SCHEDULED.value
    MEDIA_UPDATED = model.EventType.MEDIA_UPDATED.value
    MEDIA_RIGHTS_EXPIRED = model.EventType.MEDIA_RIGHTS_EXPIRED.value
    SECTION_CHANGED = model.EventType.SECTION_CHANGED.value
    AUTHOR_CHANGED = model.EventType.AUTHOR_CHANGED.value
    FRONT_CHANGED = model.EventType.FRONT_CHANGED.value
    AD_SLOT_CHANGED = model.EventType.AD_SLOT_CHANGED.value
    TAG_CHANGED = model.EventType.TAG_CHANGED.value


@strawberry.enum(description="Where a delivery stands.")
class DeliveryStatus(Enum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"


def policy_from(settings: Settings) -> webhooks.Policy:
    """The webhook rules the settings set: retries, leases, and where endpoints may point."""
    return webhooks.Policy(
        production=settings.is_production,
        allowed_networks=tuple(settings.webhook_allowed_networks),
        lease=timedelta(seconds=settings.webhook_lease_seconds),
        retry_base=timedelta(seconds=settings.webhook_retry_base_seconds),
        retry_max_delay=timedelta(seconds=settings.webhook_retry_max_delay_seconds),
        retry_for=timedelta(seconds=settings.webhook_retry_for_seconds),
        disable_after=timedelta(seconds=settings.webhook_disable_after_seconds),
    )


# What each event type tells a receiver, in an admin's words (the desk offers them as choices).
_ABOUT: dict[model.EventType, str] = {
    model.EventType.ARTICLE_PUBLISHED: "A story went live.",
    model.EventType.ARTICLE_UPDATED: "A live story changed (republished; with its old slug "
    "when its address changed).",
    model.EventType.ARTICLE_UNPUBLISHED: "A story was taken off the site.",
    model.EventType.ARTICLE_TAKEN_DOWN: "A story was taken down for legal reasons and must stay "
    "down.",
    model.EventType.ARTICLE_CORRECTED: "A correction was added to a live story.",
    model.EventType.ARTICLE_SCHEDULED: "A story was scheduled to go live later (not yet public).",
    model.EventType.MEDIA_UPDATED: "A picture's caption, credit, rights or crops changed.",
    model.EventType.MEDIA_RIGHTS_EXPIRED: "A picture's rights ended.",
    model.EventType.SECTION_CHANGED: "A section was created, changed or deleted.",
    model.EventType.AUTHOR_CHANGED: "An author was created, changed or deleted.",
    model.EventType.FRONT_CHANGED: "A front's curated stories changed.",
    model.EventType.AD_SLOT_CHANGED: "An ad slot was created, changed or deleted.",
    model.EventType.TAG_CHANGED: "A tag was created, renamed or merged into another (each "
    "live story a merge retagged is told as article.updated).",
}


@strawberry.type(description="An event type an endpoint may subscribe to, with what it means.")
class WebhookEventTypeInfo:
    type: WebhookEventType
    name: str = strawberry.field(description="As in the body's type: article.published.")
    description: str

    @classmethod
    def build(cls, member: WebhookEventType) -> WebhookEventTypeInfo:
        about = _ABOUT.get(model.EventType(member.value), "")
        return cls(type=member, name=member.value, description=about)


def _types(chosen: list[WebhookEventType]) -> list[model.EventType]:
    return [model.EventType(t.value) for t in chosen]


@strawberry.type(description="One POST of a delivery, as it went.")
class WebhookAttempt:
    at: datetime
    succeeded: bool
    status_code: int | None = strawberry.field(
        description="The endpoint's HTTP status; null when it never answered."
    )
    duration_ms: float
    error: str | None = strawberry.field(
        description="Why it failed when there was no answer (timed out, refused, unsafe address)."
    )

    @classmethod
    def build(cls, attempt: model.DeliveryAttempt) -> WebhookAttempt:
        return cls(
            at=attempt.at,
            succeeded=attempt.succeeded,
            status_code=attempt.status_code,
            duration_ms=attempt.duration_ms,
            error=attempt.error,
        )


@strawberry.type(description="One event on its way to one endpoint.")
class WebhookDelivery:
    id: strawberry.ID
    event_id: str = strawberry.field(description="Also the webhook-id header receivers get.")
    event_type: str = strawberry.field(description="As in the body's type: article.published.")
    aggregate_kind: str
    aggregate_id: str
    aggregate_version: int
    status: DeliveryStatus
    attempt_count: int
    next_attempt_at: datetime | None = strawberry.field(
        description="When it is tried next (pending deliveries only)."
    )
    delivered_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    # Set when the delivery is one of a list: the list's attempts are read together.
    attempts_loader: strawberry.Private[AttemptsLoader | None] = None

    @strawberry.field(description="Every attempt, oldest first.")
    async def attempts(self, info: ManagementInfo) -> list[WebhookAttempt]:
        if self.attempts_loader is not None:
            return await self.attempts_loader.load(str(self.id))
        found = await info.context.store.webhook_attempts.of_deliveries([str(self.id)])
        return [WebhookAttempt.build(a) for a in found[str(self.id)]]

    @classmethod
    def build(
        cls, delivery: model.Delivery, attempts_loader: AttemptsLoader | None = None
    ) -> WebhookDelivery:
        pending = delivery.status is model.DeliveryStatus.PENDING
        return cls(
            id=strawberry.ID(delivery.id),
            event_id=delivery.event_id,
            event_type=delivery.event_type.value,
            aggregate_kind=delivery.aggregate.kind.value,
            aggregate_id=delivery.aggregate.id,
            aggregate_version=delivery.aggregate.version,
            status=DeliveryStatus(delivery.status.value),
            attempt_count=delivery.attempts,
            next_attempt_at=delivery.next_at if pending else None,
            delivered_at=delivery.delivered_at,
            last_status_code=delivery.last_status_code,
            last_error=delivery.last_error,
            created_at=delivery.created_at,
            attempts_loader=attempts_loader,
        )


AttemptsLoader = DataLoader[str, list[WebhookAttempt]]


def attempts_by_delivery(store: Store) -> AttemptsLoader:
    """The attempts of a list's deliveries in one read (the desk lists 20 every few seconds),
    made for that one list, so nothing is cached beyond the request."""

    async def load(delivery_ids: Sequence[str]) -> list[list[WebhookAttempt]]:
        found = await store.webhook_attempts.of_deliveries(delivery_ids)
        return [[WebhookAttempt.build(a) for a in found[i]] for i in delivery_ids]

    return DataLoader(load_fn=load)


@strawberry.type(description="Where events are POSTed, signed with its secret.")
class WebhookEndpoint:
    id: strawberry.ID
    url: str
    event_types: list[WebhookEventType]
    enabled: bool
    description: str
    created_at: datetime
    updated_at: datetime
    version: int = strawberry.field(
        description="One up on every change; pass it back as expectedVersion."
    )
    failing_since: datetime | None = strawberry.field(
        description="Since when every attempt has failed; null while it answers."
    )
    disabled_reason: str | None = strawberry.field(
        description="Why the server disabled it (failing for days), or null."
    )
    disabled_at: datetime | None
    managed: bool = strawberry.field(
        description="Kept from the server's settings (the CDN purge): not edited here."
    )

    @strawberry.field(description="Its deliveries, newest first (at most 100).")
    async def deliveries(
        self, info: ManagementInfo, status: DeliveryStatus | None = None, first: int = 20
    ) -> list[WebhookDelivery]:
        found = await webhooks.deliveries(
            info.context.store,
            info.context.actor(),
            endpoint_id=str(self.id),
            status=None if status is None else model.DeliveryStatus(status.value),
            limit=max(0, min(first, MAX_DELIVERIES)),
        )
        loader = attempts_by_delivery(info.context.store)
        return [WebhookDelivery.build(d, loader) for d in found]

    @classmethod
    def build(cls, endpoint: model.WebhookEndpoint) -> WebhookEndpoint:
        return cls(
            id=strawberry.ID(endpoint.id),
            url=endpoint.url,
            event_types=[WebhookEventType[t.name] for t in endpoint.event_types],
            enabled=endpoint.enabled,
            description=endpoint.description,
            created_at=endpoint.created_at,
            updated_at=endpoint.updated_at,
            version=endpoint.version,
            failing_since=endpoint.failing_since,
            disabled_reason=endpoint.disabled_reason,
            disabled_at=endpoint.disabled_at,
            managed=endpoint.managed is not None,
        )


@strawberry.type(description="A new endpoint, and its signing secret: shown this once only.")
class CreatedWebhookEndpoint:
    endpoint: WebhookEndpoint
    secret: str = strawberry.field(
        description="whsec_... : give it to the receiver, which checks each webhook-signature "
        "with it (any Standard Webhooks library). It is not shown again."
    )


@strawberry.input
class WebhookEndpointInput:
    url: str = strawberry.field(
        description="Where to POST. In production: https, and not a private, loopback or "
        "link-local address unless the server's allowlist names it (else BAD_USER_INPUT "
        "with reason UNSAFE_URL)."
    )
    event_types: list[WebhookEventType]
    description: str | None = None
    enabled: bool = True


@strawberry.input
class WebhookEndpointChanges:
    url: str | None = inputs.UNSET
    event_types: list[WebhookEventType] | None = inputs.UNSET
    description: str | None = inputs.UNSET
    enabled: bool | None = strawberry.field(
        default=inputs.UNSET,
        description="true re-enables an endpoint the server disabled, and clears the reason.",
    )


def _changes(given: WebhookEndpointChanges) -> dict[str, Any]:
    fields = {k: v for k, v in vars(given).items() if v is not inputs.UNSET and v is not None}
    if "event_types" in fields:
        fields["event_types"] = _types(fields["event_types"])
    return fields


@strawberry.type
class WebhookQueries:
    @strawberry.field(
        permission_classes=[SignedIn], description="Every webhook endpoint (admins only)."
    )
    async def webhook_endpoints(self, info: ManagementInfo) -> list[WebhookEndpoint]:
        found = await webhooks.all_endpoints(info.context.store, info.context.actor())
        return [WebhookEndpoint.build(e) for e in found]

    @strawberry.field(
        permission_classes=[SignedIn],
        description="Every event type an endpoint may subscribe to, in the order to offer "
        "them (admins only): the desk's choices come from here, not from a list of its own.",
    )
    def webhook_event_types(self, info: ManagementInfo) -> list[WebhookEventTypeInfo]:
        webhooks.require_admin(info.context.actor())
        return [WebhookEventTypeInfo.build(member) for member in WebhookEventType]

    @strawberry.field(permission_classes=[SignedIn], description="One endpoint (admins only).")
    async def webhook_endpoint(self, info: ManagementInfo, id: strawberry.ID) -> WebhookEndpoint:
        found = await webhooks.endpoint(info.context.store, info.context.actor(), str(id))
        return WebhookEndpoint.build(found)


@strawberry.type
class WebhookMutations:
    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Register an endpoint (admins only); the answer holds its secret, once.",
    )
    async def create_webhook_endpoint(
        self, info: ManagementInfo, input: WebhookEndpointInput
    ) -> CreatedWebhookEndpoint:
        ctx = info.context
        created = await webhooks.create_endpoint(
            ctx.store,
            ctx.actor(),
            url=input.url,
            event_types=_types(input.event_types),
            description=input.description,
            enabled=input.enabled,
            policy=policy_from(ctx.settings),
            now=ctx.now(),
        )
        return CreatedWebhookEndpoint(
            endpoint=WebhookEndpoint.build(created), secret=created.secret
        )

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Change an endpoint (admins only). " + inputs.STALE,
    )
    async def update_webhook_endpoint(
        self,
        info: ManagementInfo,
        id: strawberry.ID,
        input: WebhookEndpointChanges,
        expected_version: int | None = None,
    ) -> WebhookEndpoint:
        ctx = info.context
        updated = await webhooks.update_endpoint(
            ctx.store,
            ctx.actor(),
            endpoint_id=str(id),
            expected_version=expected_version,
            changes=_changes(input),
            policy=policy_from(ctx.settings),
            now=ctx.now(),
        )
        return WebhookEndpoint.build(updated)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Remove an endpoint and what it had yet to receive (admins only).",
    )
    async def delete_webhook_endpoint(self, info: ManagementInfo, id: strawberry.ID) -> bool:
        await webhooks.delete_endpoint(info.context.store, info.context.actor(), str(id))
        return True

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Send a delivery again now, with a fresh retry window (admins only); a "
        "pending one is BAD_USER_INPUT with reason PENDING.",
    )
    async def redeliver_webhook(
        self, info: ManagementInfo, delivery_id: strawberry.ID
    ) -> WebhookDelivery:
        ctx = info.context
        # Deliveries keep the network's time (their retries, signatures), not the app's clock.
        again = await webhooks.redeliver(
            ctx.store, ctx.actor(), delivery_id=str(delivery_id), now=datetime.now(UTC)
        )
        return WebhookDelivery.build(again)
