"""Ad placement in a story's body and ad targeting: pure functions, no database.

Bodies are written as layouts ("p p photo p"): one token per block, so each expectation reads
like the page. ``ad:<code>`` is an ad block.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from cms import model
from cms.domain.ads import PlacedAd, PlacedBlock, PlacedBy, ad_targeting, place_ads

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

NEWS = (
    "Harlow Bay council approved a £14m flood defence budget on Tuesday night.",
    "The vote, 31 to 9, ends two years of argument over the eastern sea wall.",
    "Work on the first 800 metres of wall is due to start in March.",
    "Residents of Mill Lane, flooded twice since 2024, packed the public gallery.",
    '"We have been bailing out kitchens for too long," said councillor Amina Reyes.',
    "Opponents said the money should go to moving homes away from the shore.",
    "The Environment Agency will pay just over half of the cost.",
    "The rest comes from a levy on new building along the coastal strip.",
    "Engineers expect the wall to protect about 2,300 homes from a one-in-200-year tide.",
    "Traders on Quay Street asked for the works to pause over the summer season.",
    "The council said lorries would avoid the seafront during school holidays.",
    "A public exhibition of the designs opens at the library next week.",
    "Consultants will report on the western shore by the end of next year.",
    "The harbour master welcomed the decision but warned of silting at the outfall.",
    "Insurers have said premiums in the bay could fall once the wall is finished.",
    "The first contracts are expected to be signed before Christmas.",
)


def _block(token: str, paragraphs: Iterator[str]) -> model.Block:
    match token.split(":"):
        case ["p"]:
            return model.Paragraph(inlines=(model.Inline(next(paragraphs)),))
        case ["h"]:
            return model.Heading(text="What happens next")
        case ["photo"]:
            return model.MediaBlock(media=model.MediaUse(asset_id="6560f1c2a1b2c3d4e5f60718"))
        case ["embed"]:
            return model.Embed(provider="youtube", url="https://www.youtube.com/watch?v=seawall")
        case ["quote"]:
            text = (model.Inline("The wall is the best value for money we have seen."),)
            return model.BlockQuote(paragraphs=(text,), attribution="Environment Agency")
        case ["pull"]:
            return model.PullQuote(text="We have been bailing out kitchens for too long.")
        case ["read"]:
            return model.RelatedLink(label="READ:", url="https://news.example/flood-map")
        case ["ad", code]:
            return model.AdSlotBlock(slot_code=code)
    raise ValueError(token)


def body(layout: str) -> tuple[model.Block, ...]:
    """A story body from its layout, with real-looking paragraphs in order."""
    paragraphs = itertools.cycle(NEWS)
    return tuple(_block(token, paragraphs) for token in layout.split())


def paragraphs(count: int) -> str:
    return " ".join(["p"] * count)


def layout(placed: Iterable[PlacedBlock]) -> str:
    """The layout of a placed body, ads written as ``ad:<code>``."""
    names = {
        model.Paragraph: "p",
        model.Heading: "h",
        model.MediaBlock: "photo",
        model.Embed: "embed",
        model.BlockQuote: "quote",
        model.PullQuote: "pull",
        model.RelatedLink: "read",
    }
    return " ".join(
        f"ad:{block.slot.code}" if isinstance(block, PlacedAd) else names[type(block)]
        for block in placed
    )


def ads_of(placed: Iterable[PlacedBlock]) -> list[PlacedAd]:
    return [block for block in placed if isinstance(block, PlacedAd)]


def ads_after(placed: Iterable[PlacedBlock]) -> list[int]:
    """The paragraph number (1-based) that each ad follows."""
    seen, found = 0, []
    for block in placed:
        if isinstance(block, model.Paragraph):
            seen += 1
        elif isinstance(block, PlacedAd):
            found.append(seen)
    return found


def slot(code: str, placement: model.PlacementRule | None = None, **kw: Any) -> model.AdSlot:
    """An in-article slot; ``kw`` sets the rest (enabled, brand_safe_only, its window)."""
    return model.AdSlot(
        id=f"slot-{code}",
        code=code,
        name=f"In-article {code}",
        ad_unit_path=f"/1234567/newsroom/article/{code}",
        sizes=(model.AdSize(300, 250),),
        targeting=(model.Targeting("pos", ("in-article",)),),
        placement=placement,
        **kw,
    )


rule = model.PlacementRule


def place(
    layout_: str,
    *slots: model.AdSlot,
    policy: model.AdsPolicy = model.AdsPolicy.NORMAL,
    section: str | None = "news",
    now: datetime = NOW,
) -> tuple[PlacedBlock, ...]:
    return place_ads(body(layout_), slots, policy=policy, section=section, now=now)


STANDARD = rule(after_paragraph=2, every_paragraphs=4, start_after=4, max_per_article=3)


# --- Rules -------------------------------------------------------------------------------------


def test_a_twelve_paragraph_story_gets_ads_after_paragraphs_2_4_and_8() -> None:
    placed = place(paragraphs(12), slot("mrec", STANDARD))

    assert layout(placed) == ("p p ad:mrec p p ad:mrec p p p p ad:mrec p p p p"), (
        "after 12 would be the very end, so it is skipped"
    )
    assert [i for i, block in enumerate(placed) if isinstance(block, PlacedAd)] == [2, 5, 10]
    assert [(ad.position, ad.placed_by) for ad in ads_of(placed)] == [
        (0, PlacedBy.RULE),
        (1, PlacedBy.RULE),
        (2, PlacedBy.RULE),
    ]
    assert [b for b in placed if not isinstance(b, PlacedAd)] == list(body(paragraphs(12)))


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, []),
        (1, []),
        (2, []),
        (3, [2]),
        (4, [2]),
        (5, [2, 4]),
        (8, [2, 4]),
        (9, [2, 4, 8]),
        (16, [2, 4, 8]),
    ],
)
def test_short_stories_get_fewer_ads_and_long_ones_stop_at_the_maximum(
    count: int, expected: list[int]
) -> None:
    assert ads_after(place(paragraphs(count), slot("mrec", STANDARD))) == expected


def test_every_n_paragraphs_starts_after_n_by_default() -> None:
    placed = place(paragraphs(10), slot("mrec", rule(every_paragraphs=3)))
    assert ads_after(placed) == [3, 6, 9]


def test_headings_lists_and_links_do_not_count_as_paragraphs() -> None:
    placed = place("p h p p read p h p", slot("mrec", rule(every_paragraphs=2)))
    assert layout(placed) == "p h p ad:mrec p read p ad:mrec h p"


def test_a_paragraph_number_below_one_places_nothing() -> None:
    placed = place(paragraphs(6), slot("mrec", rule(after_paragraph=0, every_paragraphs=-2)))
    assert ads_of(placed) == []


def test_a_slot_without_a_rule_is_only_placed_by_editors() -> None:
    assert ads_of(place(paragraphs(8), slot("mrec"))) == []


# --- Distance ----------------------------------------------------------------------------------


@pytest.mark.parametrize("keep_clear", ["photo", "embed", "quote", "pull"])
def test_no_ad_right_before_or_after_a_photo_embed_or_quote(keep_clear: str) -> None:
    mrec = slot("mrec", rule(after_paragraph=2))
    assert layout(place(f"p p {keep_clear} p p", mrec)) == f"p p {keep_clear} p p"
    top = slot("top")
    assert layout(place(f"p {keep_clear} ad:top p p", top)) == f"p {keep_clear} p p", (
        "an editor's ad there is dropped too"
    )
    assert layout(place(f"p {keep_clear} p p", mrec)) == f"p {keep_clear} p ad:mrec p", (
        "one paragraph between is enough"
    )


def test_min_distance_counts_the_blocks_in_between() -> None:
    layout_ = "p p p photo p p"
    near = place(layout_, slot("mrec", rule(after_paragraph=2, min_distance=1)))
    far = place(layout_, slot("mrec", rule(after_paragraph=2, min_distance=2)))
    assert layout(near) == "p p ad:mrec p photo p p"
    assert ads_of(far) == []


def test_a_min_distance_below_one_still_keeps_ads_off_photos() -> None:
    placed = place("p photo p p", slot("mrec", rule(after_paragraph=1, min_distance=0)))
    assert ads_of(placed) == []


def test_ads_keep_the_larger_distance_of_the_two_rules() -> None:
    mrec = slot("mrec", rule(after_paragraph=2))
    wide = slot("wide", rule(after_paragraph=3, min_distance=2))
    assert layout(place(paragraphs(6), mrec, wide)) == "p p ad:mrec p p p p"
    near = slot("near", rule(after_paragraph=3))
    assert layout(place(paragraphs(6), mrec, near)) == "p p ad:mrec p ad:near p p p"


def test_two_slots_asking_for_the_same_spot_get_one_ad_by_code() -> None:
    placed = place(
        paragraphs(5), slot("zeta", rule(after_paragraph=2)), slot("alpha", rule(after_paragraph=2))
    )
    assert layout(placed) == "p p ad:alpha p p p"


def test_rules_keep_their_distance_from_an_editor_ad() -> None:
    placed = place("p p ad:mrec p p p p", slot("mrec", rule(every_paragraphs=2)))
    assert layout(placed) == "p p ad:mrec p p ad:mrec p p"
    assert [ad.placed_by for ad in ads_of(placed)] == [PlacedBy.EDITOR, PlacedBy.RULE]


# --- Limits ------------------------------------------------------------------------------------


def test_max_per_article_caps_each_slot() -> None:
    mrec = slot("mrec", rule(every_paragraphs=2, max_per_article=2))
    assert ads_after(place(paragraphs(12), mrec)) == [2, 4]


def test_max_per_article_counts_the_editors_ads_for_the_slot() -> None:
    mrec = slot("mrec", rule(every_paragraphs=2, max_per_article=2, min_distance=2))
    placed = place("p ad:mrec p p p p p p p", mrec)
    assert ads_after(placed) == [1, 4]
    assert [ad.placed_by for ad in ads_of(placed)] == [PlacedBy.EDITOR, PlacedBy.RULE]


def test_max_per_article_of_zero_places_nothing() -> None:
    assert (
        ads_of(place(paragraphs(8), slot("mrec", rule(every_paragraphs=2, max_per_article=0))))
        == []
    )


# --- Which slots may run -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("window", "runs"),
    [
        ({}, True),
        ({"active_from": NOW}, True),
        ({"active_from": NOW + timedelta(seconds=1)}, False),
        ({"active_until": NOW}, False),
        ({"active_until": NOW + timedelta(seconds=1)}, True),
        ({"active_from": NOW - timedelta(days=7), "active_until": NOW + timedelta(days=7)}, True),
        ({"active_from": NOW - timedelta(days=7), "active_until": NOW - timedelta(days=1)}, False),
        ({"enabled": False}, False),
    ],
)
def test_only_enabled_slots_inside_their_window_run(window: dict[str, Any], runs: bool) -> None:
    mrec = slot("mrec", rule(after_paragraph=2), **window)
    placed = place("p ad:mrec p p p p", mrec)
    assert len(ads_of(placed)) == (2 if runs else 0), "rule and editor ads alike"


@pytest.mark.parametrize(
    ("section", "runs"), [("sport", True), ("motorsport", True), ("news", False), (None, False)]
)
def test_a_rule_with_sections_runs_only_in_them(section: str | None, runs: bool) -> None:
    mrec = slot("mrec", rule(after_paragraph=2, sections=("sport", "motorsport")))
    assert bool(ads_of(place("p p p ad:mrec p p", mrec, section=section))) is runs


def test_a_rule_without_sections_runs_everywhere() -> None:
    mrec = slot("mrec", rule(after_paragraph=2))
    assert ads_after(place(paragraphs(4), mrec, section=None)) == [2]


def test_a_sensitive_story_carries_only_brand_safe_slots() -> None:
    safe = slot("safe", rule(after_paragraph=2), brand_safe_only=True)
    mrec = slot("mrec", rule(after_paragraph=4))
    layout_ = "p ad:mrec p p p p p ad:safe p"

    normal = place(layout_, safe, mrec)
    sensitive = place(layout_, safe, mrec, policy=model.AdsPolicy.SENSITIVE)

    assert layout(normal) == "p ad:mrec p ad:safe p p ad:mrec p p ad:safe p"
    assert layout(sensitive) == "p p ad:safe p p p p ad:safe p"


def test_an_ad_free_story_carries_no_ads_at_all() -> None:
    safe = slot("safe", rule(every_paragraphs=2), brand_safe_only=True)
    placed = place("p p ad:safe p p p p p", safe, policy=model.AdsPolicy.NONE)
    assert layout(placed) == paragraphs(7)


# --- Editors' ads ------------------------------------------------------------------------------


def test_editor_ads_stay_where_the_editor_put_them() -> None:
    top, mrec = slot("top"), slot("mrec", rule(after_paragraph=3))
    placed = place("p ad:top p photo p p p ad:top p", top, mrec)
    assert layout(placed) == "p ad:top p photo p ad:mrec p p ad:top p"
    assert [(ad.position, ad.placed_by) for ad in ads_of(placed)] == [
        (0, PlacedBy.EDITOR),
        (1, PlacedBy.RULE),
        (2, PlacedBy.EDITOR),
    ]


@pytest.mark.parametrize(
    ("edited", "readers_get"),
    [
        ("ad:top p p p", "p p p"),  # before the first paragraph
        ("p h ad:top p p", "p h p p"),  # not right after a paragraph
        ("p p p ad:top", "p p p"),  # at the end
        ("p p p ad:top read", "p p p read"),  # after the last paragraph
        ("p ad:top ad:top p p", "p ad:top p p"),  # next to another ad: the first stays
        ("p quote ad:top p p", "p quote p p"),  # right after a quote
        ("p pull ad:top p p", "p pull p p"),
        ("p photo ad:top p p", "p photo p p"),
        ("p p ad:top embed p", "p p embed p"),  # right before an embed
    ],
)
def test_an_editor_ad_that_breaks_a_rule_is_dropped_not_moved(
    edited: str, readers_get: str
) -> None:
    assert layout(place(edited, slot("top"))) == readers_get


def test_editor_ads_keep_their_slots_distance_and_maximum() -> None:
    apart = slot("apart", rule(min_distance=2, max_per_article=2))
    placed = place("p ad:apart p ad:apart p p ad:apart p p ad:apart p", apart)
    assert layout(placed) == "p ad:apart p p p ad:apart p p p"


def test_rules_fill_the_spot_a_dropped_editor_ad_left() -> None:
    placed = place("ad:mrec p p p p", slot("mrec", rule(after_paragraph=1)))
    assert layout(placed) == "p ad:mrec p p p"
    assert [ad.placed_by for ad in ads_of(placed)] == [PlacedBy.RULE]


def test_an_editor_ad_for_an_unknown_slot_is_dropped() -> None:
    assert layout(place("p ad:retired p p", slot("mrec"))) == "p p p"


# --- Hard rules hold for any body --------------------------------------------------------------

LAYOUTS = (
    "ad:a p ad:b ad:a p quote ad:b p p photo ad:a p p ad:b",
    "p ad:a h ad:b p pull ad:a p p ad:b read ad:a",
    paragraphs(1),
    paragraphs(20),
    "p photo p p quote p p embed p p pull p p p",
    "h p p photo photo p h p p p read",
    "photo p p p p p p p photo",
    "quote p pull p embed p photo p",
    "p p p p read read",
)
KEEP_CLEAR = (PlacedAd, model.MediaBlock, model.Embed, model.BlockQuote, model.PullQuote)
RULES = (
    rule(every_paragraphs=1),
    rule(after_paragraph=1, every_paragraphs=2, start_after=3),
    rule(every_paragraphs=1, min_distance=3),
)


@pytest.mark.parametrize("layout_", LAYOUTS)
@pytest.mark.parametrize("first_rule", RULES)
def test_ads_never_touch_never_lead_and_never_close(
    layout_: str, first_rule: model.PlacementRule
) -> None:
    placed = place(layout_, slot("a", first_rule), slot("b", rule(every_paragraphs=1)))
    is_ad = [isinstance(block, PlacedAd) for block in placed]
    first_paragraph = next(i for i, b in enumerate(placed) if isinstance(b, model.Paragraph))

    assert not any(is_ad[: first_paragraph + 1]), "never before the first paragraph"
    assert not is_ad[-1], "never at the very end"
    for here, block in enumerate(placed):
        if isinstance(block, PlacedAd):
            neighbours = (placed[here - 1], placed[here + 1])
            assert not any(isinstance(n, KEEP_CLEAR) for n in neighbours), neighbours
            assert isinstance(placed[here - 1], model.Paragraph), "right after a paragraph"
            assert any(isinstance(b, model.Paragraph) for b in placed[here:]), "and before one"
    assert [ad.position for ad in ads_of(placed)] == list(range(sum(is_ad)))


# --- Determinism -------------------------------------------------------------------------------


def test_the_same_story_and_slots_give_the_same_body_in_any_order() -> None:
    slots = (
        slot("mrec", STANDARD),
        slot("safe", rule(every_paragraphs=3), brand_safe_only=True),
        slot("wide", rule(after_paragraph=5, min_distance=2)),
        slot("top"),
    )
    layout_ = "p p photo p p p ad:top p quote p p p p p p p p"
    expected = place(layout_, *slots)

    assert place(layout_, *slots) == expected
    for order in itertools.permutations(slots):
        assert place(layout_, *order) == expected
    assert layout(expected) == (
        "p p photo p ad:safe p ad:mrec p ad:top p quote p p ad:mrec p ad:safe p p p ad:mrec p p"
    )


# --- Targeting ---------------------------------------------------------------------------------


def _article(**kw: Any) -> model.Article:
    return model.Article(
        id="6560f1c2a1b2c3d4e5f60719",
        slug="council-approves-flood-defence-budget",
        headline="Council approves flood defence budget",
        created_at=NOW,
        updated_at=NOW,
        **kw,
    )


def test_targeting_adds_the_story_and_the_position_to_the_slot_keys() -> None:
    article = _article(section="news", tags=("harlow-bay", "flooding"))
    ad = PlacedAd(slot=slot("mrec"), position=2, placed_by=PlacedBy.RULE)

    targeting = ad_targeting(ad, article=article, policy=model.AdsPolicy.NORMAL)

    assert {pair.key: pair.values for pair in targeting} == {
        "section": ("news",),
        "tags": ("harlow-bay", "flooding"),
        "article": ("6560f1c2a1b2c3d4e5f60719",),
        "ads_policy": ("NORMAL",),
        "pos_index": ("2",),
        "pos": ("in-article",),
    }
    assert [pair.key for pair in targeting][-1] == "pos", "the slot's own keys come last"


def test_the_story_wins_when_a_slot_key_clashes() -> None:
    sneaky = model.AdSlot(
        id="slot-sneaky",
        code="sneaky",
        name="Sponsored panel",
        ad_unit_path="/1234567/newsroom/article/sponsor",
        targeting=(
            model.Targeting("ads_policy", ("NORMAL",)),
            model.Targeting("section", ("lifestyle",)),
            model.Targeting("sponsor", ("harbour-bank",)),
        ),
    )
    ad = PlacedAd(slot=sneaky, position=0, placed_by=PlacedBy.EDITOR)

    targeting = ad_targeting(ad, article=_article(), policy=model.AdsPolicy.SENSITIVE)

    assert {pair.key: pair.values for pair in targeting} == {
        "article": ("6560f1c2a1b2c3d4e5f60719",),
        "ads_policy": ("SENSITIVE",),
        "pos_index": ("0",),
        "sponsor": ("harbour-bank",),
    }, "no section and no tags on the story: those keys are left out, not sent empty"
