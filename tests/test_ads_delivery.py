"""Ads in the delivery API: rule placement, brand safety, targeting, and the admins' slots."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from cms import model
from tests import factories, newsroom
from tests.conftest import Api

BODY = """
query Story($slug: String!, $withAds: Boolean = true) {
  article(slug: $slug) {
    adsPolicy
    body(withAds: $withAds) {
      __typename
      ... on AdSlotBlock {
        position placedBy
        slot { code adUnitPath sizes { width height } fluid brandSafe }
        targeting { key values }
      }
    }
  }
}
"""


def _slot(code: str, **fields: Any) -> model.AdSlot:
    return model.AdSlot(
        id=factories.new_id(),
        code=code,
        name=code.replace("-", " ").title(),
        ad_unit_path=f"/1234/news/{code}",
        sizes=(model.AdSize(300, 250),),
        targeting=(model.Targeting("pos", (code,)),),
        **fields,
    )


async def _twelve_paragraphs(
    api: Api,
    *,
    policy: model.AdsPolicy | None = None,
    section: str = "news",
    extra: tuple[model.Block, ...] = (),
) -> model.Article:
    store = api.store
    for slug in {"news", section}:
        if not await store.sections.by_slugs([slug]):
            await factories.section(store, slug, slug.title())
    author = await factories.author(store, f"writer-{factories.new_id()[-6:]}", "A Writer")
    body = tuple(
        factories.paragraph(f"Paragraph {n} of the council budget story.") for n in range(1, 13)
    )
    story = await factories.story(
        store,
        slug=f"budget-{factories.new_id()[-6:]}",
        section=section,
        author_ids=(author,),
        body=extra + body,
        tags=("budget", "council"),
    )
    if policy is not None:
        live = await store.live_articles.whole_by_ids([story.id])
        await store.live_articles.put(_with_policy(live[story.id], policy))
    return story


def _with_policy(article: model.Article, policy: model.AdsPolicy) -> model.Article:
    return dataclasses.replace(article, ads_policy=policy)


async def _ads(api: Api, slug: str, *, with_ads: bool = True) -> list[dict[str, Any]]:
    data = await api.gql(BODY, {"slug": slug, "withAds": with_ads})
    body = data["article"]["body"]
    return [
        {"index": i, **block}
        for i, block in enumerate(body)
        if block["__typename"] == "AdSlotBlock"
    ]


async def _standard_slots(api: Api) -> None:
    await api.store.ad_slots.insert(
        _slot(
            "mrec",
            brand_safe_only=True,
            placement=model.PlacementRule(after_paragraph=2, max_per_article=1),
        )
    )
    await api.store.ad_slots.insert(
        _slot(
            "repeat",
            fluid=True,
            placement=model.PlacementRule(every_paragraphs=4, start_after=4, max_per_article=3),
        )
    )


async def test_a_twelve_paragraph_story_gets_its_slots_where_the_rules_say(api: Api) -> None:
    await _standard_slots(api)
    story = await _twelve_paragraphs(api)

    ads = await _ads(api, story.slug)

    # after paragraphs 2 (mrec), 4 and 8 (repeat); never after paragraph 12, the end
    assert [(a["slot"]["code"], a["index"]) for a in ads] == [
        ("mrec", 2),
        ("repeat", 5),
        ("repeat", 10),
    ]
    assert [a["position"] for a in ads] == [0, 1, 2]
    assert {a["placedBy"] for a in ads} == {"RULE"}
    targeting = {t["key"]: t["values"] for t in ads[1]["targeting"]}
    assert targeting == {
        "section": ["news"],
        "tags": ["budget", "council"],
        "article": [story.id],
        "ads_policy": ["NORMAL"],
        "pos_index": ["1"],
        "pos": ["repeat"],
    }
    assert ads[1]["slot"]["fluid"] is True


async def test_an_ad_free_story_has_no_ads_and_a_sensitive_one_only_brand_safe(api: Api) -> None:
    await _standard_slots(api)
    ad_free = await _twelve_paragraphs(api, policy=model.AdsPolicy.NONE)
    sensitive = await _twelve_paragraphs(api, policy=model.AdsPolicy.SENSITIVE)

    assert await _ads(api, ad_free.slug) == []
    sensitive_ads = await _ads(api, sensitive.slug)
    assert [a["slot"]["code"] for a in sensitive_ads] == ["mrec"]
    assert sensitive_ads[0]["slot"]["brandSafe"] is True
    targeting = {t["key"]: t["values"] for t in sensitive_ads[0]["targeting"]}
    assert targeting["ads_policy"] == ["SENSITIVE"]
    data = await api.gql(BODY, {"slug": sensitive.slug})
    assert data["article"]["adsPolicy"] == "SENSITIVE"


async def test_a_section_default_policy_applies_to_its_stories(api: Api) -> None:
    await _standard_slots(api)
    await api.store.sections.insert(
        model.Section(
            id=factories.new_id(),
            slug="obituaries",
            name="Obituaries",
            ads_policy=model.AdsPolicy.NONE,
        )
    )
    story = await _twelve_paragraphs(api, section="obituaries")
    assert await _ads(api, story.slug) == []


async def test_editor_placed_slots_stay_and_without_ads_only_they_remain(api: Api) -> None:
    await _standard_slots(api)
    editor_ad = (factories.paragraph("Opening paragraph."), model.AdSlotBlock(slot_code="repeat"))
    story = await _twelve_paragraphs(api, extra=editor_ad)

    with_rules = await _ads(api, story.slug)
    as_edited = await _ads(api, story.slug, with_ads=False)

    assert with_rules[0]["placedBy"] == "EDITOR"
    assert with_rules[0]["index"] == 1
    assert len(with_rules) > 1
    assert [(a["placedBy"], a["index"]) for a in as_edited] == [("EDITOR", 1)]


async def test_inactive_disabled_and_other_section_slots_are_left_out(api: Api) -> None:
    now = api.clock()
    rule = model.PlacementRule(after_paragraph=2)
    await api.store.ad_slots.insert(_slot("disabled", enabled=False, placement=rule))
    await api.store.ad_slots.insert(
        _slot("ended", active_until=now - timedelta(days=1), placement=rule)
    )
    await api.store.ad_slots.insert(
        _slot("future", active_from=now + timedelta(days=1), placement=rule)
    )
    await api.store.ad_slots.insert(
        _slot("sport-only", placement=model.PlacementRule(after_paragraph=2, sections=("sport",)))
    )
    story = await _twelve_paragraphs(api)
    assert await _ads(api, story.slug) == []
    sport = await _twelve_paragraphs(api, section="sport")
    assert [a["slot"]["code"] for a in await _ads(api, sport.slug)] == ["sport-only"]


async def test_placement_is_the_same_on_every_request(api: Api) -> None:
    await _standard_slots(api)
    story = await _twelve_paragraphs(api)
    assert await _ads(api, story.slug) == await _ads(api, story.slug)


CREATE_SLOT = """
mutation Create($input: AdSlotInput!) {
  createAdSlot(input: $input) {
    id code brandSafe placement { afterParagraph maxPerArticle sections } sizes { width }
  }
}
"""


async def test_admins_define_slots_that_delivery_then_places(api: Api) -> None:
    admin = api.as_editor(await newsroom.user(api, model.Role.ADMIN))
    writer = api.as_editor(await newsroom.user(api, model.Role.WRITER))
    slot_input = {
        "code": "in-article-native",
        "name": "Native",
        "adUnitPath": "/1234/news/native",
        "sizes": [{"width": 300, "height": 250}],
        "targeting": [{"key": "pos", "values": ["native"]}],
        "brandSafe": False,
        "placement": {"afterParagraph": 3, "maxPerArticle": 1},
    }
    assert await writer.error_codes(CREATE_SLOT, {"input": slot_input}) == ["FORBIDDEN"]
    created = (await admin.gql(CREATE_SLOT, {"input": slot_input}))["createAdSlot"]
    assert created["placement"] == {"afterParagraph": 3, "maxPerArticle": 1, "sections": []}

    story = await _twelve_paragraphs(api)
    assert [(a["slot"]["code"], a["index"]) for a in await _ads(api, story.slug)] == [
        ("in-article-native", 3)
    ]
    disabled = await admin.gql(
        "mutation U($id: ID!) { updateAdSlot(id: $id, input: {enabled: false}) { enabled code } }",
        {"id": created["id"]},
    )
    assert disabled["updateAdSlot"] == {"enabled": False, "code": "in-article-native"}
    assert await _ads(api, story.slug) == []
    listed = await admin.gql("{ adSlots { code enabled } }")
    assert listed["adSlots"] == [{"code": "in-article-native", "enabled": False}]
    assert (
        await admin.gql("mutation D($id: ID!) { deleteAdSlot(id: $id) }", {"id": created["id"]})
    )["deleteAdSlot"] is True


async def test_bad_slot_definitions_are_refused_with_every_problem(api: Api) -> None:
    admin = api.as_editor(await newsroom.user(api, model.Role.ADMIN))
    bad = {
        "code": "Bad Code",
        "name": "Bad",
        "adUnitPath": "no-slash",
        "sizes": [],
        "placement": {"afterParagraph": 0},
    }
    body = await admin.post(CREATE_SLOT, {"input": bad})
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert set(error["extensions"]["fields"]) == {"code", "adUnitPath", "sizes", "placement"}
    missing = await admin.post(CREATE_SLOT, {"input": {"name": "No code"}})
    assert missing["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert await api.store.ad_slots.all() == []


async def test_editors_set_a_story_ads_policy(api: Api) -> None:
    await _standard_slots(api)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    refs = await newsroom.newsroom(api)
    story = (
        await editor.gql(
            newsroom.CREATE, {"input": {**newsroom.story_input(refs), "adsPolicy": "SENSITIVE"}}
        )
    )["createArticle"]
    saved = await api.store.articles.get(story["id"])
    assert saved is not None
    assert saved.ads_policy is model.AdsPolicy.SENSITIVE
    cleared = await editor.gql(
        newsroom.UPDATE, {"id": story["id"], "v": 1, "input": {"adsPolicy": None}}
    )
    assert cleared["updateArticle"]["version"] == 2
    assert (await api.store.articles.get(story["id"])).ads_policy is None
