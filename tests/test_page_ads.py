"""Ads for the whole page: admins define page-level slots with GPT size mappings, and the
story page and the section fronts carry them, targeted, under their ads policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from cms import model
from cms.demo import content as demo_content
from cms.demo import load_demo
from cms.store.files import LocalMediaFiles
from tests import factories, newsroom
from tests.conftest import Api, Clock
from tests.test_ads_delivery import BODY, _twelve_paragraphs, _with_policy

SLOT_FIELDS = """
  id code sizes { width height } fluid
  page { pages position outOfPageFormat sections }
  sizeMapping { viewport { width height } sizes { width height } fluid }
"""
CREATE_SLOT = f"""
mutation Create($input: AdSlotInput!) {{ createAdSlot(input: $input) {{ {SLOT_FIELDS} }} }}
"""
UPDATE_SLOT = f"""
mutation Update($id: ID!, $input: AdSlotInput!) {{
  updateAdSlot(id: $id, input: $input) {{ {SLOT_FIELDS} }}
}}
"""
PAGE_AD = """
  position outOfPageFormat code adUnitPath sizes { width height } fluid
  sizeMapping { viewport { width height } sizes { width height } fluid }
  targeting { key values }
"""
STORY_PAGE = f"query Story($slug: String!) {{ article(slug: $slug) {{ pageAds {{ {PAGE_AD} }} }} }}"
FRONT_PAGE = f"""
query Front($section: String) {{ front(section: $section) {{ pageAds {{ {PAGE_AD} }} }} }}
"""

LEADERBOARD = {
    "code": "leaderboard",
    "name": "Leaderboard",
    "adUnitPath": "/1234/news/leaderboard",
    "sizes": [
        {"width": 970, "height": 250},
        {"width": 728, "height": 90},
        {"width": 320, "height": 50},
    ],
    "targeting": [
        {"key": "pos", "values": ["slot-says-otherwise"]},
        {"key": "kv", "values": ["a"]},
    ],
    "page": {"pages": ["STORY", "FRONT"], "position": "TOP"},
    "sizeMapping": [
        {"viewport": {"width": 0, "height": 0}, "sizes": [{"width": 320, "height": 50}]},
        {
            "viewport": {"width": 1024, "height": 768},
            "sizes": [{"width": 970, "height": 250}, {"width": 728, "height": 90}],
        },
        {"viewport": {"width": 768, "height": 0}, "sizes": [{"width": 728, "height": 90}]},
    ],
}
INTERSTITIAL = {
    "code": "interstitial",
    "name": "Interstitial",
    "adUnitPath": "/1234/news/interstitial",
    "brandSafe": True,
    "page": {"pages": ["STORY"], "position": "OUT_OF_PAGE", "outOfPageFormat": "INTERSTITIAL"},
}
POLITICS_RAIL = {
    "code": "politics-rail",
    "name": "Politics rail",
    "adUnitPath": "/1234/politics/rail",
    "sizes": [{"width": 300, "height": 600}],
    "fluid": True,
    "page": {"pages": ["FRONT"], "position": "RIGHT_RAIL", "sections": ["politics"]},
    "sizeMapping": [
        {"viewport": {"width": 1024, "height": 0}, "sizes": [{"width": 300, "height": 600}]},
        {"viewport": {"width": 0, "height": 0}, "fluid": True},
    ],
}


async def _admin(api: Api) -> Api:
    return api.as_editor(await newsroom.user(api, model.Role.ADMIN))


async def _create(admin: Api, slot: dict[str, Any]) -> dict[str, Any]:
    created: dict[str, Any] = (await admin.gql(CREATE_SLOT, {"input": slot}))["createAdSlot"]
    return created


def _targeting(ad: dict[str, Any]) -> dict[str, list[str]]:
    return {pair["key"]: pair["values"] for pair in ad["targeting"]}


async def test_admins_define_page_slots_with_a_gpt_size_mapping(api: Api) -> None:
    admin = await _admin(api)

    created = await _create(admin, LEADERBOARD)

    assert created["page"] == {
        "pages": ["STORY", "FRONT"],
        "position": "TOP",
        "outOfPageFormat": None,
        "sections": [],
    }
    viewports = [(m["viewport"]["width"], m["viewport"]["height"]) for m in created["sizeMapping"]]
    assert viewports == [(1024, 768), (768, 0), (0, 0)], "largest viewport first"
    assert created["sizeMapping"][0]["sizes"] == [
        {"width": 970, "height": 250},
        {"width": 728, "height": 90},
    ]
    interstitial = await _create(admin, INTERSTITIAL)
    assert interstitial["sizes"] == [], "an out-of-page slot needs no sizes"
    assert interstitial["page"]["outOfPageFormat"] == "INTERSTITIAL"
    moved = await admin.gql(
        UPDATE_SLOT, {"id": created["id"], "input": {"page": None, "sizeMapping": None}}
    )
    assert (moved["updateAdSlot"]["page"], moved["updateAdSlot"]["sizeMapping"]) == (None, [])


async def test_a_story_page_carries_its_page_ads_targeted_by_position(api: Api) -> None:
    admin = await _admin(api)
    for slot in (LEADERBOARD, INTERSTITIAL, POLITICS_RAIL):
        await _create(admin, slot)
    story = await _twelve_paragraphs(api)

    ads = (await api.gql(STORY_PAGE, {"slug": story.slug}))["article"]["pageAds"]

    assert [(a["position"], a["code"], a["outOfPageFormat"]) for a in ads] == [
        ("TOP", "leaderboard", None),
        ("OUT_OF_PAGE", "interstitial", "INTERSTITIAL"),
    ]
    assert _targeting(ads[0]) == {
        "page": ["story"],
        "section": ["news"],
        "tags": ["budget", "council"],
        "article": [story.id],
        "ads_policy": ["NORMAL"],
        "pos": ["top"],
        "kv": ["a"],
    }
    mapping = ads[0]["sizeMapping"]
    assert [m["viewport"]["width"] for m in mapping] == [1024, 768, 0]
    body = (await api.gql(BODY, {"slug": story.slug}))["article"]["body"]
    assert all(b["__typename"] != "AdSlotBlock" for b in body), "page slots stay out of bodies"


async def test_a_story_page_keeps_its_ads_policy(api: Api) -> None:
    admin = await _admin(api)
    for slot in (LEADERBOARD, INTERSTITIAL):
        await _create(admin, slot)
    story = await _twelve_paragraphs(api)
    live = (await api.store.live_articles.whole_by_ids([story.id]))[story.id]

    await api.store.live_articles.put(_with_policy(live, model.AdsPolicy.SENSITIVE))
    sensitive = (await api.gql(STORY_PAGE, {"slug": story.slug}))["article"]["pageAds"]
    await api.store.live_articles.put(_with_policy(live, model.AdsPolicy.NONE))
    ad_free = (await api.gql(STORY_PAGE, {"slug": story.slug}))["article"]["pageAds"]

    assert [a["code"] for a in sensitive] == ["interstitial"], "brand-safe only"
    assert _targeting(sensitive[0])["ads_policy"] == ["SENSITIVE"]
    assert ad_free == []


async def test_section_fronts_and_home_carry_their_page_ads(api: Api) -> None:
    admin = await _admin(api)
    for slot in (LEADERBOARD, INTERSTITIAL, POLITICS_RAIL):
        await _create(admin, slot)
    await factories.section(api.store, "politics", "Politics")
    await factories.section(api.store, "sport", "Sport")

    politics = (await api.gql(FRONT_PAGE, {"section": "politics"}))["front"]["pageAds"]
    home = (await api.gql(FRONT_PAGE, {"section": None}))["front"]["pageAds"]

    assert [(a["position"], a["code"]) for a in politics] == [
        ("TOP", "leaderboard"),
        ("RIGHT_RAIL", "politics-rail"),
    ]
    assert _targeting(politics[1]) == {
        "page": ["front"],
        "section": ["politics"],
        "ads_policy": ["NORMAL"],
        "pos": ["right_rail"],
    }
    assert politics[1]["sizeMapping"][1] == {
        "viewport": {"width": 0, "height": 0},
        "sizes": [],
        "fluid": True,
    }
    assert [a["code"] for a in home] == ["leaderboard"]
    assert "section" not in _targeting(home[0])


async def test_a_slot_outside_its_window_or_disabled_runs_on_no_page(
    api: Api, clock: Clock
) -> None:
    admin = await _admin(api)
    later = clock.now + timedelta(days=1)
    await _create(admin, {**LEADERBOARD, "activeFrom": later.isoformat()})
    await _create(admin, {**INTERSTITIAL, "enabled": False})
    await factories.section(api.store, "news", "News")

    assert (await api.gql(FRONT_PAGE, {"section": "news"}))["front"]["pageAds"] == []


async def test_bad_page_slots_are_refused_naming_the_field(api: Api) -> None:
    admin = await _admin(api)
    size = {"width": 300, "height": 250}
    bad: list[tuple[dict[str, Any], set[str]]] = [
        ({"page": {"pages": [], "position": "TOP"}}, {"page"}),
        (
            {"page": {"pages": ["STORY"], "position": "TOP", "outOfPageFormat": "TOP_ANCHOR"}},
            {"page"},
        ),
        ({"page": {"pages": ["STORY", "STORY"], "position": "TOP"}}, {"page"}),
        (
            {
                "page": {"pages": ["STORY"], "position": "OUT_OF_PAGE"},
                "placement": {"afterParagraph": 2},
            },
            {"placement"},
        ),
        (
            {
                "sizeMapping": [
                    {"viewport": {"width": 0, "height": 0}, "sizes": [{"width": 728, "height": 90}]}
                ]
            },
            {"sizeMapping"},
        ),
        (
            {
                "sizeMapping": [
                    {"viewport": {"width": 0, "height": 0}},
                    {"viewport": {"width": 0, "height": 0}},
                ]
            },
            {"sizeMapping"},
        ),
        (
            {"sizeMapping": [{"viewport": {"width": -1, "height": 0}, "sizes": [size]}]},
            {"sizeMapping"},
        ),
        (
            {"sizeMapping": [{"viewport": {"width": 0, "height": 0}, "fluid": True}]},
            {"sizeMapping"},
        ),
        ({"sizes": [], "page": {"pages": ["FRONT"], "position": "BOTTOM"}}, {"sizes"}),
    ]
    base = {
        "code": "bottom",
        "name": "Bottom",
        "adUnitPath": "/1234/bottom",
        "sizes": [size],
        "page": {"pages": ["FRONT"], "position": "BOTTOM"},
    }

    for changes, fields in bad:
        body = await admin.post(CREATE_SLOT, {"input": {**base, **changes}})
        error = body["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", changes
        assert set(error["extensions"]["fields"]) == fields, changes

    assert await api.store.ad_slots.all() == [], "nothing written"
    created = await _create(admin, base)
    refused = await admin.post(
        UPDATE_SLOT,
        {
            "id": created["id"],
            "input": {
                "sizeMapping": [
                    {"viewport": {"width": 9, "height": 9}, "sizes": [{"width": 1, "height": 1}]}
                ]
            },
        },
    )
    assert refused["errors"][0]["extensions"]["fields"] == {
        "sizeMapping": "a viewport's sizes must be among the slot's sizes"
    }
    assert (await api.store.ad_slots.all())[0].size_mapping == ()
    in_body = {**base, "code": "mid", "page": None, "placement": {"afterParagraph": 2}}
    mapped = {**in_body, "sizeMapping": [{"viewport": {"width": 0, "height": 0}, "sizes": [size]}]}
    body_only = await admin.post(CREATE_SLOT, {"input": mapped})
    assert set(body_only["errors"][0]["extensions"]["fields"]) == {"sizeMapping"}


async def test_an_editor_cannot_put_an_out_of_page_slot_in_a_body(api: Api) -> None:
    admin = await _admin(api)
    await _create(admin, INTERSTITIAL)
    story = await _twelve_paragraphs(
        api, extra=(factories.paragraph("Opening."), model.AdSlotBlock(slot_code="interstitial"))
    )

    body = (await api.gql(BODY, {"slug": story.slug}))["article"]["body"]

    assert all(b["__typename"] != "AdSlotBlock" for b in body)


async def test_the_demo_has_page_ads_on_story_pages_and_fronts(api: Api) -> None:
    await load_demo(api.store, LocalMediaFiles(api.settings.media_dir), now=datetime.now(UTC))

    story = await api.gql(STORY_PAGE, {"slug": demo_content.BREAKING_SLUG})
    front = await api.gql(FRONT_PAGE, {"section": "news"})

    assert [a["code"] for a in story["article"]["pageAds"]] == ["story-interstitial"], (
        "the breaking story is sensitive: brand-safe only"
    )
    assert [(a["position"], a["code"]) for a in front["front"]["pageAds"]] == [
        ("TOP", "top-leaderboard"),
        ("RIGHT_RAIL", "front-rail"),
    ]
