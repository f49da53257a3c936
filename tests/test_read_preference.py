"""Delivery reads on a replica set's secondaries, bounded in staleness: settings checked, the
preference applied to what /graphql reads and nothing else, and cached answers kept no longer
than the staleness allowed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pydantic
import pytest
from pymongo.read_preferences import Primary, SecondaryPreferred

from cms.config import Settings
from cms.store import Store
from tests import factories
from tests.conftest import Api, Clock, running_app

FRONT = '{ articles(first: 5, section: "news") { edges { node { slug } } } }'


@pytest.fixture
async def secondary_api(settings: Settings, store: Store, clock: Clock) -> AsyncIterator[Api]:
    on = settings.model_copy(
        update={
            "delivery_read_preference": "secondaryPreferred",
            "delivery_max_staleness_seconds": 120,
        }
    )
    async with running_app(on, store, clock) as api:
        yield api


def _preference(store: Store) -> object:
    return store.live_articles._coll.read_preference


async def test_only_delivery_reads_may_go_to_a_secondary(secondary_api: Api) -> None:
    delivery = secondary_api.state["delivery"]

    assert delivery.reads is not None
    assert _preference(delivery.reads) == SecondaryPreferred(max_staleness=120)
    assert _preference(delivery.reads) != _preference(delivery.store)
    assert _preference(delivery.store) == Primary(), "catalogues and the change stream"
    assert _preference(secondary_api.store) == Primary(), "writes, transactions, management"
    assert _preference(secondary_api.state["store"]) == Primary()


async def test_answers_read_from_a_secondary_are_kept_no_longer_than_its_staleness(
    secondary_api: Api,
) -> None:
    await factories.section(secondary_api.store)
    ada = await factories.author(secondary_api.store)
    await factories.story(secondary_api.store, slug="tide-tables-revised", author_ids=(ada,))

    first = await secondary_api.client.get("/graphql", params={"query": FRONT})
    # The change stream reports the writes above a moment later, each dropping the answers
    # it touches once more (the flake of session 9: MISS for HIT); then the answer is kept.
    for _ in range(100):
        cached = await secondary_api.client.get("/graphql", params={"query": FRONT})
        if cached.headers["x-cache"] == "HIT":
            break
        await asyncio.sleep(0.02)
    secondary_api.clock.advance(seconds=121)
    later = await secondary_api.client.get("/graphql", params={"query": FRONT})

    assert first.json()["data"]["articles"]["edges"] == [{"node": {"slug": "tide-tables-revised"}}]
    assert first.headers["x-cache"] == "MISS"
    assert "s-maxage=120" in first.headers["cache-control"], "downstream caches too"
    assert cached.headers["x-cache"] == "HIT"
    assert later.headers["x-cache"] == "MISS", "read again once the staleness bound passed"


async def test_on_the_primary_cached_answers_last_until_a_change(api: Api) -> None:
    await factories.section(api.store)
    first = await api.client.get("/graphql", params={"query": FRONT})
    api.clock.advance(seconds=3600)
    later = await api.client.get("/graphql", params={"query": FRONT})

    assert api.state["delivery"].reads is None
    assert "s-maxage=300" in first.headers["cache-control"]
    assert later.headers["x-cache"] == "HIT"


def test_read_preference_settings_are_checked() -> None:
    with pytest.raises(pydantic.ValidationError, match="needs a CMS_DELIVERY_READ_PREFERENCE"):
        Settings(delivery_max_staleness_seconds=120)
    with pytest.raises(pydantic.ValidationError, match="greater than or equal to 90"):
        Settings(delivery_read_preference="nearest", delivery_max_staleness_seconds=30)
    with pytest.raises(pydantic.ValidationError, match="delivery_read_preference"):
        Settings(delivery_read_preference="secondaryPrefered")
    assert Settings().delivery_read_preference == "primary", "the primary by default"
