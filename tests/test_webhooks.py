"""Webhooks, end to end: admins register endpoints on /admin/graphql, publishing a story makes
a signed POST (Standard Webhooks, checked with the standardwebhooks library as a receiver
would), failures are retried with backoff and every attempt is listed, and endpoints in the
newsroom's own network are refused in production."""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import SecretStr
from standardwebhooks import Webhook

from cms import model
from cms.api.webhooks_admin import policy_from
from cms.config import Settings
from cms.domain import webhooks
from cms.http.webhooks import Sender
from cms.server.dispatcher import Dispatcher
from cms.store import Store, open_store
from tests import factories
from tests.conftest import Api, Clock, running_app
from tests.newsroom import user
from tests.receivers import receiver

# Retries in milliseconds, so a test sees four attempts at once.
FAST = {
    "webhooks_enabled": True,
    "webhook_poll_seconds": 0.05,
    "webhook_retry_base_seconds": 0.001,
    "webhook_retry_max_delay_seconds": 0.01,
    "webhook_timeout_seconds": 2.0,
    "webhook_lease_seconds": 5.0,
}

CREATE = """
mutation Create($input: WebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { id url eventTypes enabled version } }
}
"""

DELIVERIES = """
query Deliveries($id: ID!) {
  webhookEndpoint(id: $id) {
    enabled disabledReason failingSince
    deliveries {
      id eventId eventType status attemptCount aggregateId aggregateVersion
      attempts { succeeded statusCode durationMs error }
    }
  }
}
"""

REDELIVER = """
mutation Again($id: ID!) { redeliverWebhook(deliveryId: $id) { id status } }
"""


def fast(settings: Settings, **more: Any) -> Settings:
    return settings.model_copy(update={**FAST, **more})


@asynccontextmanager
async def app_with(settings: Settings, store: Store, clock: Clock) -> AsyncIterator[Api]:
    async with running_app(settings, store, clock) as app:
        yield app


async def _register(admin: Api, url: str, *types: str) -> tuple[str, str]:
    created = (
        await admin.gql(
            CREATE,
            {"input": {"url": url, "eventTypes": list(types or ["ARTICLE_PUBLISHED"])}},
        )
    )["createWebhookEndpoint"]
    return created["endpoint"]["id"], created["secret"]


async def _publish(store: Store, slug: str = "harbour-bridge-closes") -> model.Article:
    if not await store.sections.by_slugs(["news"]):
        await factories.section(store)
    author = await factories.author(store, slug=f"reporter-{slug}"[:60])
    return await factories.story(store, slug=slug, author_ids=(author,))


async def _settled(admin: Api, endpoint_id: str, count: int = 1) -> dict[str, Any]:
    """The endpoint once ``count`` deliveries are no longer pending (the record of the last
    attempt lands a moment after the receiver answered it)."""
    for _ in range(500):
        found: dict[str, Any] = (await admin.gql(DELIVERIES, {"id": endpoint_id}))[
            "webhookEndpoint"
        ]
        done = [d for d in found["deliveries"] if d["status"] != "PENDING"]
        if len(done) >= count:
            return found
        await asyncio.sleep(0.01)
    raise AssertionError(f"deliveries still pending: {found}")


async def test_a_receiver_failing_three_times_gets_the_event_on_the_fourth(
    settings: Settings, store: Store, clock: Clock
) -> None:
    async with (
        receiver(fail_first=3) as hook,
        app_with(fast(settings), store, clock) as app,
    ):
        admin = app.as_editor(await user(app, model.Role.ADMIN))
        endpoint_id, secret = await _register(admin, hook.url)
        story = await _publish(app.store)

        await hook.wait_for(lambda got: len(got) >= 4)
        found = await _settled(admin, endpoint_id)
        metrics = (await app.client.get("/metrics")).text

    last = hook.received[-1]
    # The receiver checks the signature with the Standard Webhooks library.
    body = Webhook(secret).verify(last.body, last.headers)
    assert body["type"] == "article.published"
    assert body["data"]["slug"] == "harbour-bridge-closes"
    assert body["data"]["aggregate"] == {"kind": "article", "id": story.id, "version": 1}
    assert len({r.id for r in hook.received}) == 1, "the same webhook-id on every retry"
    [delivery] = found["deliveries"]
    assert delivery["status"] == "DELIVERED"
    assert delivery["attemptCount"] == 4
    attempts = delivery["attempts"]
    assert [a["succeeded"] for a in attempts] == [False, False, False, True]
    assert [a["statusCode"] for a in attempts] == [500, 500, 500, 204]
    assert all(a["durationMs"] >= 0 for a in attempts)
    assert 'cms_webhook_deliveries_total{outcome="delivered"} 1.0' in metrics
    assert 'cms_webhook_deliveries_total{outcome="retrying"} 3.0' in metrics
    assert "cms_outbox_lag_seconds " in metrics


async def test_deliveries_to_an_endpoint_follow_each_storys_versions(
    settings: Settings, store: Store, clock: Clock
) -> None:
    async with (
        receiver(fail_first=1) as hook,
        app_with(fast(settings), store, clock) as app,
    ):
        admin = app.as_editor(await user(app, model.Role.ADMIN))
        endpoint_id, secret = await _register(
            admin, hook.url, "ARTICLE_PUBLISHED", "ARTICLE_CORRECTED"
        )
        story = await _publish(app.store)
        desk = model.Principal(user_id=factories.new_id(), role=model.Role.EDITOR)
        from cms.domain import publishing

        await publishing.add_correction(
            app.store,
            desk,
            article_id=story.id,
            expected_version=story.version,
            text="The bridge closes for six weeks, not six months.",
            now=clock(),
        )
        await hook.wait_for(lambda got: len(got) >= 3)
        await _settled(admin, endpoint_id, count=2)

    versions = [
        Webhook(secret).verify(r.body, r.headers)["data"]["aggregate"]["version"]
        for r in hook.received
    ]
    assert versions == [1, 1, 2], "the correction waited for the publication's retry"


async def test_an_endpoint_failing_for_long_is_disabled_and_says_why(
    settings: Settings, store: Store, clock: Clock
) -> None:
    quick = fast(settings, webhook_retry_for_seconds=0.05, webhook_disable_after_seconds=0.05)
    async with (
        receiver(fail_first=1000) as hook,
        app_with(quick, store, clock) as app,
    ):
        admin = app.as_editor(await user(app, model.Role.ADMIN))
        endpoint_id, _ = await _register(admin, hook.url)
        await _publish(app.store, "first-story")
        failed = await _settled(admin, endpoint_id)
        assert failed["deliveries"][0]["status"] == "FAILED"
        await asyncio.sleep(0.06)  # the endpoint has now failed for longer than allowed
        await _publish(app.store, "second-story")
        for _ in range(500):
            found = (await admin.gql(DELIVERIES, {"id": endpoint_id}))["webhookEndpoint"]
            if not found["enabled"]:
                break
            await asyncio.sleep(0.01)

        assert found["enabled"] is False
        assert found["disabledReason"].startswith("Every delivery has failed since ")
        assert "HTTP 500" in found["disabledReason"]

        # An admin fixes the receiver, enables the endpoint and redelivers the first event.
        hook.fail_first = 0
        hook.received.clear()
        enabled = await admin.gql(
            "mutation E($id: ID!) { updateWebhookEndpoint(id: $id, input: {enabled: true}) "
            "{ enabled disabledReason failingSince } }",
            {"id": endpoint_id},
        )
        assert enabled["updateWebhookEndpoint"] == {
            "enabled": True,
            "disabledReason": None,
            "failingSince": None,
        }
        failed_one = found["deliveries"][-1]  # the first story's, which ran out of retries
        again = await admin.gql(REDELIVER, {"id": failed_one["id"]})
        assert again["redeliverWebhook"]["status"] == "PENDING"
        await hook.wait_for(lambda got: len(got) >= 1)
        assert hook.received[0].id == failed_one["eventId"]


async def _dispatcher(store: Store, settings: Settings, **timings: float) -> Dispatcher:
    policy = policy_from(settings.model_copy(update={**FAST, **timings}))
    sender = Sender(policy=policy, timeout=timings.get("webhook_timeout_seconds", 2.0))
    return Dispatcher(
        store,
        send=sender.send,
        close=sender.close,
        policy=policy,
        poll_seconds=0.02,
        concurrency=4,
        clock=lambda: datetime.now(UTC),
    )


async def _endpoint(store: Store, url: str) -> model.WebhookEndpoint:
    now = datetime.now(UTC)
    admin = model.Principal(user_id=factories.new_id(), role=model.Role.ADMIN)
    return await webhooks.create_endpoint(
        store,
        admin,
        url=url,
        event_types=[model.EventType.ARTICLE_PUBLISHED],
        description="The frontend's rebuild hook",
        enabled=True,
        policy=webhooks.Policy(),
        now=now,
    )


async def _until_delivered(store: Store, count: int) -> list[model.Delivery]:
    for _ in range(1000):
        found = [
            d
            for e in await store.webhook_endpoints.all()
            for d in await store.webhook_deliveries.of_endpoint(e.id, limit=1000)
        ]
        if len(found) >= count and all(d.status is model.DeliveryStatus.DELIVERED for d in found):
            return found
        await asyncio.sleep(0.01)
    raise AssertionError("not delivered")


async def test_a_dispatcher_killed_mid_delivery_leaves_the_event_to_another(
    settings: Settings, store: Store
) -> None:
    async with receiver(hold=asyncio.Event()) as hook:
        target = await _endpoint(store, hook.url)
        await _publish(store)
        first = await _dispatcher(
            store, settings, webhook_lease_seconds=0.5, webhook_timeout_seconds=0.4
        )
        running = asyncio.create_task(first.run())
        await hook.wait_for(lambda got: len(got) == 1)
        running.cancel()  # the process dies while the receiver has not answered
        with pytest.raises(asyncio.CancelledError):
            await running
        assert hook.hold is not None
        hook.hold.set()

        second = await _dispatcher(
            store, settings, webhook_lease_seconds=0.5, webhook_timeout_seconds=0.4
        )
        taking_over = asyncio.create_task(second.run())
        try:
            [delivery] = await _until_delivered(store, 1)
        finally:
            taking_over.cancel()
            await asyncio.gather(taking_over, return_exceptions=True)

    assert [r.id for r in hook.received] == [delivery.event_id] * 2, "sent again, not lost"
    attempts = await store.webhook_attempts.of_endpoint(target.id, limit=10)
    assert [(a.succeeded, a.status_code) for a in attempts] == [(True, 204)]


async def test_two_dispatchers_deliver_each_event_once(settings: Settings, store: Store) -> None:
    assert settings.mongodb_uri is not None
    other = open_store(settings.mongodb_uri, settings.database, timeout_ms=5000)
    async with receiver() as hook:
        await _endpoint(store, hook.url)
        dispatchers = [await _dispatcher(store, settings), await _dispatcher(other, settings)]
        tasks = [asyncio.create_task(d.run()) for d in dispatchers]
        try:
            for n in range(12):
                await _publish(store, f"council-story-{n}")
                for d in dispatchers:
                    d.wake()
            delivered = await _until_delivered(store, 12)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await other.close()

    ids = [r.id for r in hook.received]
    assert sorted(ids) == sorted(d.event_id for d in delivered)
    assert len(ids) == len(set(ids)) == 12, "each event once"


PRODUCTION = {"env": "production", "secret_key": SecretStr("p" * 40)}


async def test_an_endpoint_on_a_private_address_is_refused_in_production(
    settings: Settings, store: Store, clock: Clock
) -> None:
    production = settings.model_copy(update=PRODUCTION)
    async with app_with(production, store, clock) as app:
        admin = app.as_editor(await user(app, model.Role.ADMIN))
        for url in (
            "https://10.20.30.40/hooks",
            "https://192.168.1.10/hooks",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/hooks",
            "https://localhost/hooks",
            "http://hooks.example.org/plain-http",
        ):
            body = await admin.post(
                CREATE, {"input": {"url": url, "eventTypes": ["ARTICLE_PUBLISHED"]}}
            )
            [error] = body["errors"]
            assert error["extensions"]["code"] == "BAD_USER_INPUT", url
            assert error["extensions"]["reason"] == "UNSAFE_URL", url
        assert await app.store.webhook_endpoints.all() == []

    networks = [ipaddress.ip_network("10.0.0.0/8")]
    allowed = production.model_copy(update={"webhook_allowed_networks": networks})
    async with app_with(allowed, store, clock) as app:
        admin = app.as_editor(await user(app, model.Role.ADMIN))
        endpoint_id, _ = await _register(admin, "https://10.20.30.40/hooks")
        assert endpoint_id


async def test_a_name_that_resolves_inside_the_network_is_refused_at_delivery(
    settings: Settings, store: Store
) -> None:
    """A name that pointed outside when registered, and inside when delivered to (DNS
    rebinding): the addresses are checked again for every attempt, and nothing is sent."""
    async with receiver() as hook:
        policy = policy_from(settings.model_copy(update=PRODUCTION))

        async def rebinding(host: str, port: int) -> list[str]:
            return ["127.0.0.1"]

        sender = Sender(policy=policy, timeout=1.0, resolver=rebinding)
        message = webhooks.Message(
            url="https://hooks.example.org/rebuild",
            secret=webhooks.new_secret(),
            message_id="evt",
            timestamp=datetime.now(UTC),
            body="{}",
        )
        outcome = await sender.send(message)
        await sender.close()

    assert outcome.delivered is False
    assert outcome.status_code is None
    assert outcome.error is not None
    assert "private, loopback or link-local" in outcome.error
    assert hook.received == []


async def test_only_admins_manage_webhooks(api: Api) -> None:
    editor = api.as_editor(await user(api, model.Role.EDITOR))
    body = await editor.post(
        CREATE,
        {"input": {"url": "https://hooks.example.org/a", "eventTypes": ["ARTICLE_PUBLISHED"]}},
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    listed = await editor.post("{ webhookEndpoints { id } }")
    assert listed["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = await api.as_editor(None).post("{ webhookEndpoints { id } }")
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_admins_are_offered_every_event_type_an_endpoint_may_subscribe_to(
    api: Api,
) -> None:
    admin = api.as_editor(await user(api, model.Role.ADMIN))
    offered = (await admin.gql("{ webhookEventTypes { type name description } }"))[
        "webhookEventTypes"
    ]
    schema = await admin.gql('{ __type(name: "WebhookEventType") { enumValues { name } } }')
    # The desk's choices are exactly what createWebhookEndpoint takes, each with its body type.
    assert [t["type"] for t in offered] == [v["name"] for v in schema["__type"]["enumValues"]]
    assert all(model.EventType(t["name"]) in model.WEBHOOK_EVENT_TYPES for t in offered)
    assert all(t["description"] for t in offered), offered
    published = next(t for t in offered if t["type"] == "ARTICLE_PUBLISHED")
    assert published == {
        "type": "ARTICLE_PUBLISHED",
        "name": "article.published",
        "description": "A story went live.",
    }
    editor = api.as_editor(await user(api, model.Role.EDITOR))
    refused = await editor.post("{ webhookEventTypes { type } }")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_secret_is_shown_once(api: Api) -> None:
    admin = api.as_editor(await user(api, model.Role.ADMIN))
    endpoint_id, secret = await _register(admin, "https://hooks.example.org/search-index")
    assert secret.startswith("whsec_")
    Webhook(secret)  # a secret the library takes
    schema = await admin.gql('{ __type(name: "WebhookEndpoint") { fields { name } } }')
    names = {f["name"] for f in schema["__type"]["fields"]}
    assert "secret" not in names
    listed = await admin.gql("{ webhookEndpoints { id url description enabled } }")
    assert listed["webhookEndpoints"] == [
        {
            "id": endpoint_id,
            "url": "https://hooks.example.org/search-index",
            "description": "",
            "enabled": True,
        }
    ]


async def test_a_list_of_deliveries_reads_their_attempts_at_once(api: Api) -> None:
    admin = api.as_editor(await user(api, model.Role.ADMIN))
    endpoint_id, _ = await _register(admin, "https://hooks.example.org/search-index")
    for slug in ("harbour-bridge-closes", "ferry-timetable-cut", "night-buses-return"):
        await _publish(api.store, slug)
    now = datetime.now(UTC)
    policy = webhooks.Policy(retry_base=timedelta(hours=1))
    await webhooks.fan_out(api.store, now=now)
    for delivery in await webhooks.claim(api.store, owner="t", policy=policy, now=now, limit=9):
        outcome = webhooks.Outcome(status_code=503, duration_ms=12.5)
        await webhooks.record(api.store, delivery, outcome, owner="t", policy=policy, now=now)

    api.commands.names.clear()
    api.commands.commands.clear()
    found = await admin.gql(DELIVERIES, {"id": endpoint_id})
    deliveries = found["webhookEndpoint"]["deliveries"]
    assert len(deliveries) == 3
    assert all([a["statusCode"] for a in d["attempts"]] == [503] for d in deliveries)
    reads = [c for c in api.commands.commands if c.get("find") == "webhook_attempts"]
    assert len(reads) == 1, api.commands.names


async def test_backoff_doubles_with_jitter_up_to_its_cap() -> None:
    policy = webhooks.Policy(retry_base=timedelta(seconds=5), retry_max_delay=timedelta(seconds=60))
    for attempts, full in ((1, 5), (2, 10), (3, 20), (4, 40), (5, 60), (12, 60)):
        wait = webhooks.backoff(attempts, policy).total_seconds()
        assert full / 2 <= wait <= full, (attempts, wait)
