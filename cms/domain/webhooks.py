"""Webhooks: endpoints admins register, and the rules of delivering events to them.

Each event an endpoint subscribed to becomes one delivery (``fan_out``). A dispatcher claims
due deliveries under a lease (``claim``), POSTs them, and records each attempt (``record``):
a 2xx answer delivers it; anything else is retried with exponential backoff and jitter until
``retry_for`` has passed, then the delivery fails (an admin may redeliver it). An endpoint
whose every attempt failed for ``disable_after`` is disabled, with the reason. Deliveries to
one endpoint about one thing (a story, a picture) go in the order of its versions.

In production an endpoint must be https and must not reach loopback, private or link-local
addresses (the newsroom's own network) unless an allowlist setting names them: checked when
it is registered and again, on the addresses its name resolves to, at every delivery.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import ipaddress
import json
import random
import secrets
import socket
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from cms import model
from cms.domain import events, versions
from cms.errors import BadUserInput, Forbidden, NotFound
from cms.store import Store
from cms.store.codec import new_id

ENDPOINT = versions.Kind(
    noun="webhook endpoint", shown=("url", "event_types", "enabled", "description")
)
MAX_URL = 2000
MAX_DESCRIPTION = 500
MAX_ERROR = 500
# The id of the endpoint kept from the purge_webhook_url setting: the same in every process.
CDN_PURGE = "cdn-purge"
CDN_PURGE_ID = "00000000000000000c0d9e00"

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Awaitable[list[str]]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    """How deliveries are retried and leased, and where endpoints may point."""

    production: bool = False
    allowed_networks: tuple[IpNetwork, ...] = ()
    lease: timedelta = timedelta(seconds=60)
    retry_base: timedelta = timedelta(seconds=5)
    retry_max_delay: timedelta = timedelta(hours=1)
    retry_for: timedelta = timedelta(hours=24)
    disable_after: timedelta = timedelta(days=3)


def require_admin(principal: model.Principal) -> None:
    if principal.role is not model.Role.ADMIN:
        raise Forbidden("Only admins may manage webhooks.")


def new_secret() -> str:
    """A signing secret in Standard Webhooks' form: whsec_ and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


# --- Where an endpoint may point -----------------------------------------------------------


def is_reachable_address(address: IpAddress, policy: Policy) -> bool:
    """Whether a delivery may go to this address: anywhere outside production; in production
    only public addresses, or those in the allowlist."""
    if not policy.production:
        return True
    if any(address in network for network in policy.allowed_networks):
        return True
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def url_problem(url: str, policy: Policy) -> str | None:
    """What is wrong with an endpoint's address as written, if anything."""
    if len(url) > MAX_URL:
        return f"an address is at most {MAX_URL} characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port out of range
    except ValueError:
        return "not a URL"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "an http(s) address with a host"
    if parts.username or parts.password:
        return "no user name or password in the address; the signature authenticates us"
    if policy.production and parts.scheme != "https":
        return "https only"
    literal = _ip_literal(parts.hostname)
    if literal is not None and not is_reachable_address(literal, policy):
        return f"{literal} is a private, loopback or link-local address"
    return None


def _ip_literal(host: str) -> IpAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


async def resolve(host: str, port: int) -> list[str]:
    """The addresses a host name resolves to, as the system's resolver gives them."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def reachable_addresses(
    url: str, policy: Policy, *, resolver: Resolver = resolve
) -> list[str]:
    """The addresses a delivery to ``url`` may connect to, all checked; raises BadUserInput
    (reason UNSAFE_URL) when the address is refused or any resolved address is not allowed,
    so a name cannot lead one request inside the network and another outside."""
    problem = url_problem(url, policy)
    if problem is not None:
        raise _unsafe(problem)
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        addresses = await resolver(host, port)
    except OSError as error:
        raise _unsafe(f"{host} does not resolve ({error})") from None
    refused = [a for a in addresses if not is_reachable_address(ipaddress.ip_address(a), policy)]
    if refused or not addresses:
        raise _unsafe(f"{host} resolves to a private, loopback or link-local address")
    return addresses


def _unsafe(why: str) -> BadUserInput:
    return BadUserInput(f"The endpoint URL is refused: {why}.", field="url", reason="UNSAFE_URL")


# --- Admins' management ----------------------------------------------------------------------


def _event_types(types: Iterable[model.EventType]) -> tuple[model.EventType, ...]:
    chosen = tuple(dict.fromkeys(types))
    if not chosen:
        raise BadUserInput("Choose at least one event type.", field="eventTypes")
    refused = [t.value for t in chosen if t not in model.WEBHOOK_EVENT_TYPES]
    if refused:
        raise BadUserInput(
            f"Webhooks cannot subscribe to {', '.join(refused)}.", field="eventTypes"
        )
    return chosen


def _description(text: str | None) -> str:
    text = (text or "").strip()
    if len(text) > MAX_DESCRIPTION:
        raise BadUserInput(
            f"A description is at most {MAX_DESCRIPTION} characters.", field="description"
        )
    return text


async def create_endpoint(
    store: Store,
    principal: model.Principal,
    *,
    url: str,
    event_types: Sequence[model.EventType],
    description: str | None,
    enabled: bool,
    policy: Policy,
    now: datetime,
    resolver: Resolver = resolve,
) -> model.WebhookEndpoint:
    """Register an endpoint with a new secret (the caller shows it once)."""
    require_admin(principal)
    url = url.strip()
    types = _event_types(event_types)
    text = _description(description)
    if policy.production:
        await reachable_addresses(url, policy, resolver=resolver)
    else:
        problem = url_problem(url, policy)
        if problem is not None:
            raise _unsafe(problem)
    endpoint = model.WebhookEndpoint(
        id=new_id(),
        url=url,
        event_types=types,
        secret=new_secret(),
        enabled=enabled,
        description=text,
        created_at=now,
        updated_at=now,
    )
    return await store.webhook_endpoints.insert(endpoint)


async def endpoint(
    store: Store, principal: model.Principal, endpoint_id: str
) -> model.WebhookEndpoint:
    require_admin(principal)
    found = await store.webhook_endpoints.get(endpoint_id)
    if found is None:
        raise NotFound(f"No webhook endpoint with id {endpoint_id!r}.", id=endpoint_id)
    return found


async def all_endpoints(store: Store, principal: model.Principal) -> list[model.WebhookEndpoint]:
    require_admin(principal)
    return await store.webhook_endpoints.all()


async def update_endpoint(
    store: Store,
    principal: model.Principal,
    *,
    endpoint_id: str,
    expected_version: int | None,
    changes: dict[str, Any],
    policy: Policy,
    now: datetime,
    resolver: Resolver = resolve,
) -> model.WebhookEndpoint:
    """Change an endpoint's address, event types, description or whether it is enabled;
    enabling a disabled one clears why it was disabled and starts its failure clock anew."""
    current = await endpoint(store, principal, endpoint_id)
    if current.managed is not None:
        raise Forbidden("This endpoint is kept from the server's settings; change them instead.")
    await versions.check(store.webhook_endpoints, current, expected_version, kind=ENDPOINT)
    fields: dict[str, Any] = {"updated_at": now}
    if "url" in changes:
        url = str(changes["url"]).strip()
        if policy.production:
            await reachable_addresses(url, policy, resolver=resolver)
        elif (problem := url_problem(url, policy)) is not None:
            raise _unsafe(problem)
        fields["url"] = url
    if "event_types" in changes:
        fields["event_types"] = _event_types(changes["event_types"])
    if "description" in changes:
        fields["description"] = _description(changes["description"])
    if "enabled" in changes:
        fields["enabled"] = bool(changes["enabled"])
        if fields["enabled"]:
            fields.update(disabled_reason=None, disabled_at=None, failing_since=None)
    updated = versions.bumped(current, **fields)
    return await versions.save(
        store.webhook_endpoints,
        current,
        updated,
        kind=ENDPOINT,
        held=expected_version,
        missing=lambda: NotFound(f"No webhook endpoint with id {endpoint_id!r}.", id=endpoint_id),
    )


async def delete_endpoint(store: Store, principal: model.Principal, endpoint_id: str) -> None:
    """Remove an endpoint and what it had yet to receive (its past attempts stay until
    they expire)."""
    current = await endpoint(store, principal, endpoint_id)
    if current.managed is not None:
        raise Forbidden("This endpoint is kept from the server's settings; change them instead.")

    async def remove(tx: Store) -> None:
        await tx.webhook_endpoints.delete(endpoint_id)
        await tx.webhook_deliveries.drop_pending(endpoint_id)

    await store.atomically(remove)


async def deliveries(
    store: Store,
    principal: model.Principal,
    *,
    endpoint_id: str,
    status: model.DeliveryStatus | None,
    limit: int,
) -> list[model.Delivery]:
    await endpoint(store, principal, endpoint_id)
    return await store.webhook_deliveries.of_endpoint(endpoint_id, status=status, limit=limit)


async def redeliver(
    store: Store, principal: model.Principal, *, delivery_id: str, now: datetime
) -> model.Delivery:
    """Send a delivery again (one that failed, or one an endpoint lost), with a fresh retry
    window; one still pending is refused, since it is on its way."""
    require_admin(principal)
    found = await store.webhook_deliveries.get(delivery_id)
    if found is None:
        raise NotFound(f"No webhook delivery with id {delivery_id!r}.", id=delivery_id)
    again = await store.webhook_deliveries.redeliver(delivery_id, now=now)
    if again is None:
        raise BadUserInput(
            "This delivery is still pending; it will be tried again on its own.",
            id=delivery_id,
            reason="PENDING",
        )
    return again


async def keep_cdn_purge(store: Store, *, url: str | None, now: datetime) -> None:
    """Keep the CDN purge endpoint in step with the purge_webhook_url setting: created or
    moved when set, disabled (with the reason) when unset. It gets every public event."""
    if url:
        purge = model.WebhookEndpoint(
            id=CDN_PURGE_ID,
            url=url,
            event_types=tuple(t for t in model.WEBHOOK_EVENT_TYPES if t in events.PUBLIC),
            secret=new_secret(),
            description="The CDN purge (purge_webhook_url): cache tags to purge, on each change.",
            created_at=now,
            updated_at=now,
            managed=CDN_PURGE,
        )
        await store.webhook_endpoints.keep_managed(purge)
        current = await store.webhook_endpoints.get(CDN_PURGE_ID)
        if current is not None and not current.enabled and current.disabled_reason == _UNSET:
            await store.webhook_endpoints.replace(
                dataclasses.replace(current, enabled=True, disabled_reason=None, disabled_at=None)
            )
    else:
        await store.webhook_endpoints.disable(CDN_PURGE_ID, reason=_UNSET, at=now)


_UNSET = "purge_webhook_url is not set."


# --- Delivering --------------------------------------------------------------------------------


async def fan_out(store: Store, *, now: datetime, limit: int = 200) -> int:
    """Turn events not yet fanned out into one delivery per endpoint that wants each; safe to
    run in several processes at once (a delivery is unique by event and endpoint)."""
    pending = await store.events.awaiting_fanout(limit=limit)
    if not pending:
        return 0
    endpoints = await store.webhook_endpoints.enabled()
    for event in pending:
        await store.webhook_deliveries.add(
            [
                model.Delivery(
                    id=new_id(),
                    event_id=event.id,
                    endpoint_id=target.id,
                    event_type=event.type,
                    aggregate=event.aggregate,
                    event_at=event.at,
                    status=model.DeliveryStatus.PENDING,
                    created_at=now,
                    next_at=now,
                    retry_from=now,
                )
                for target in endpoints
                if event.type in target.event_types
            ]
        )
    await store.events.fanned_out([event.id for event in pending])
    return len(pending)


async def claim(
    store: Store, *, owner: str, policy: Policy, now: datetime, limit: int
) -> list[model.Delivery]:
    """Take the lease on up to ``limit`` due deliveries nobody holds. One that must wait for
    an earlier change's delivery to the same endpoint is left until that one's next try."""
    claimed: list[model.Delivery] = []
    for due in await store.webhook_deliveries.due(now=now, limit=limit * 2):
        if len(claimed) >= limit:
            break
        ahead = await store.webhook_deliveries.ahead_of(due)
        if ahead is not None:
            wait = max(ahead.next_at, ahead.lease_until or ahead.next_at, now)
            await store.webhook_deliveries.postpone(due.id, until=wait, now=now)
            continue
        taken = await store.webhook_deliveries.claim(
            due.id, owner=owner, now=now, until=now + policy.lease
        )
        if taken is not None:
            claimed.append(taken)
    return claimed


@dataclass(frozen=True, slots=True, kw_only=True)
class Message:
    """One delivery's request: where, what, and the secret it is signed with."""

    url: str
    secret: str
    message_id: str
    timestamp: datetime
    body: str


def _json_ready(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(item) for item in value]
    return value


def standard_body(event: model.Event) -> str:
    """The JSON an endpoint receives, in Standard Webhooks' shape: the event's type, its time
    and its data (the event's id, what it is about, and its payload)."""
    data = {
        "id": event.id,
        "aggregate": {
            "kind": event.aggregate.kind.value,
            "id": event.aggregate.id,
            "version": event.aggregate.version,
        },
        **event.payload,
    }
    body = {"type": event.type.value, "timestamp": event.at, "data": data}
    return json.dumps(_json_ready(body), separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """How one POST went: 2xx is delivered; a status code otherwise, or the error when the
    endpoint never answered (refused, timed out, unsafe address)."""

    status_code: int | None
    duration_ms: float
    error: str | None = None

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def backoff(attempts: int, policy: Policy) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: doubling from the base, capped, with
    jitter (between half and all of it) so endpoints that failed together do not all retry
    together."""
    base = policy.retry_base.total_seconds() * 2 ** min(attempts - 1, 40)
    delay = min(base, policy.retry_max_delay.total_seconds())
    return timedelta(seconds=delay * (0.5 + random.random() / 2))


async def record(
    store: Store,
    delivery: model.Delivery,
    outcome: Outcome,
    *,
    owner: str,
    policy: Policy,
    now: datetime,
) -> model.Delivery:
    """Record an attempt and what follows from it: delivered, tried again later, or failed
    for good; the endpoint's failure clock starts, stops, or disables it."""
    attempts = delivery.attempts + 1
    error = None if outcome.error is None else outcome.error[:MAX_ERROR]
    attempt = model.DeliveryAttempt(
        id=new_id(),
        delivery_id=delivery.id,
        endpoint_id=delivery.endpoint_id,
        event_id=delivery.event_id,
        at=now,
        succeeded=outcome.delivered,
        status_code=outcome.status_code,
        duration_ms=outcome.duration_ms,
        error=error,
    )
    after = dataclasses.replace(
        delivery,
        attempts=attempts,
        last_status_code=outcome.status_code,
        last_error=error,
        lease_owner=None,
        lease_until=None,
    )
    if outcome.delivered:
        after = dataclasses.replace(
            after, status=model.DeliveryStatus.DELIVERED, delivered_at=now, last_error=None
        )
    else:
        wait = backoff(attempts, policy)
        if now + wait - delivery.retry_from > policy.retry_for:
            after = dataclasses.replace(after, status=model.DeliveryStatus.FAILED)
        else:
            after = dataclasses.replace(after, next_at=now + wait)

    pending = after.status is model.DeliveryStatus.PENDING

    async def write(tx: Store) -> None:
        await tx.webhook_attempts.insert(attempt)
        await tx.webhook_deliveries.settle(after, owner=owner)
        await tx.webhook_deliveries.let_followers_go(after, at=after.next_at if pending else now)
        if outcome.delivered:
            await tx.webhook_endpoints.mark_answering(delivery.endpoint_id)
        else:
            await tx.webhook_endpoints.mark_failing(delivery.endpoint_id, since=now)

    await store.atomically(write)
    if not outcome.delivered:
        await _disable_if_failing_for_long(store, delivery.endpoint_id, policy=policy, now=now)
    return after


async def _disable_if_failing_for_long(
    store: Store, endpoint_id: str, *, policy: Policy, now: datetime
) -> None:
    target = await store.webhook_endpoints.get(endpoint_id)
    if target is None or target.failing_since is None or not target.enabled:
        return
    if now - target.failing_since < policy.disable_after:
        return
    last = await store.webhook_attempts.of_endpoint(endpoint_id, limit=1)
    said = "" if not last else f" The last attempt: {describe(last[0])}."
    since = target.failing_since.isoformat().replace("+00:00", "Z")
    reason = f"Every delivery has failed since {since}.{said}"
    await store.webhook_endpoints.disable(endpoint_id, reason=reason, at=now)


def describe(attempt: model.DeliveryAttempt) -> str:
    if attempt.status_code is not None:
        return f"HTTP {attempt.status_code}"
    return attempt.error or "no answer"
