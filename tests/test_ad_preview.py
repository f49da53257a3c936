"""The ad placement preview: the slots' rules applied to a sample story, with an unsaved edit
of a slot, and nothing written."""

from __future__ import annotations

from typing import Any

from cms import model
from tests import newsroom
from tests.conftest import Api

PREVIEW = """
query P($slot: AdSlotInput, $slotId: ID, $policy: AdsPolicy) {
  adPlacementPreview(slot: $slot, slotId: $slotId, adsPolicy: $policy) {
    __typename
    ... on AdSlotBlock { slot { code } placedBy }
    ... on MediaBlock { caption url }
    ... on Heading { text }
  }
}
"""
CREATE_SLOT = "mutation C($input: AdSlotInput!) { createAdSlot(input: $input) { id version } }"
SLOTS = "{ adSlots { code version placement { afterParagraph } } }"


def _slot(code: str, **placement: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": code.replace("-", " ").title(),
        "adUnitPath": f"/1234/news/{code}",
        "sizes": [{"width": 300, "height": 250}],
        "placement": placement,
    }


def _shape(blocks: list[dict[str, Any]]) -> list[str]:
    """The body as a line of letters: P paragraph, A ad (by code), M picture, H heading, ..."""
    names = {"Paragraph": "P", "MediaBlock": "M", "Heading": "H", "BlockQuote": "Q", "Embed": "E"}
    return [
        f"A:{b['slot']['code']}" if b["__typename"] == "AdSlotBlock" else names[b["__typename"]]
        for b in blocks
    ]


async def _desk(api: Api) -> tuple[Api, Api, str]:
    admin = api.as_editor(await newsroom.user(api, model.Role.ADMIN))
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    made = await admin.gql(CREATE_SLOT, {"input": _slot("inline-mpu", afterParagraph=2)})
    return admin, editor, made["createAdSlot"]["id"]


async def _preview(caller: Api, **variables: Any) -> list[str]:
    return _shape((await caller.gql(PREVIEW, variables))["adPlacementPreview"])


async def test_the_sample_story_shows_where_the_slots_rules_put_ads(api: Api) -> None:
    _, editor, _ = await _desk(api)

    blocks = (await editor.gql(PREVIEW))["adPlacementPreview"]

    assert _shape(blocks) == [
        *"PP",
        "A:inline-mpu",
        *"PMPPHPPQPPEP",
    ]
    picture = next(b for b in blocks if b["__typename"] == "MediaBlock")
    assert picture["caption"].startswith("The old ferry terminal")
    assert picture["url"].startswith("data:image/svg+xml,")
    assert [b["placedBy"] for b in blocks if b["__typename"] == "AdSlotBlock"] == ["RULE"]


async def test_an_unsaved_edit_or_new_slot_shows_and_nothing_is_written(api: Api) -> None:
    admin, editor, slot_id = await _desk(api)
    before = await admin.gql(SLOTS)

    moved = await _preview(admin, slotId=slot_id, slot={"placement": {"afterParagraph": 6}})
    assert moved == [*"PPPMPPHP", "A:inline-mpu", *"PQPPEP"]
    repeating = _slot("repeat-mpu", everyParagraphs=2, maxPerArticle=5)
    added = await _preview(editor, slot=repeating)
    assert added.count("A:repeat-mpu") >= 2
    assert "A:inline-mpu" in added
    # An ad never stands next to a picture, a quote, an embed or another ad.
    for index, block in enumerate(added):
        if block.startswith("A:"):
            assert (added[index - 1], added[index + 1]) == ("P", "P"), added
    disabled = await _preview(admin, slotId=slot_id, slot={"enabled": False})
    assert not any(b.startswith("A:") for b in disabled)

    assert await admin.gql(SLOTS) == before


async def test_the_ads_policy_decides_which_slots_run(api: Api) -> None:
    admin, _, _ = await _desk(api)
    safe = _slot("safe-mpu", afterParagraph=8)
    await admin.gql(CREATE_SLOT, {"input": {**safe, "brandSafe": True}})

    normal = await _preview(admin, policy="NORMAL")
    assert [b for b in normal if b.startswith("A:")] == ["A:inline-mpu", "A:safe-mpu"]
    sensitive = await _preview(admin, policy="SENSITIVE")
    assert [b for b in sensitive if b.startswith("A:")] == ["A:safe-mpu"]
    assert not any(b.startswith("A:") for b in await _preview(admin, policy="NONE"))


async def test_a_section_limited_slot_is_shown_in_its_section(api: Api) -> None:
    admin, _, _ = await _desk(api)
    sport_only = _slot("sport-banner", afterParagraph=5, sections=["sport"])
    assert "A:sport-banner" in await _preview(admin, slot=sport_only)


async def test_writers_may_not_preview_and_bad_edits_are_refused(api: Api) -> None:
    admin, _, slot_id = await _desk(api)
    writer = api.as_editor(await newsroom.user(api, model.Role.WRITER))
    assert await writer.error_codes(PREVIEW) == ["FORBIDDEN"]
    assert await admin.error_codes(PREVIEW, {"slotId": "0" * 24}) == ["NOT_FOUND"]
    body = await admin.post(PREVIEW, {"slotId": slot_id, "slot": {"adUnitPath": "no-slash"}})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert list(body["errors"][0]["extensions"]["fields"]) == ["adUnitPath"]
    incomplete = await admin.post(PREVIEW, {"slot": {"code": "half-made"}})
    assert incomplete["errors"][0]["extensions"]["fields"] == ["ad_unit_path", "name"]
    assert await api.as_editor(None).error_codes(PREVIEW) == ["UNAUTHENTICATED"]
