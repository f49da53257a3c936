"""Page-level ad slots in the desk's ad slot form: an admin makes a leaderboard for story pages
and fronts with a size mapping, and what the form refuses is said beside it."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.browser.desk import ADMIN, Desk


def test_an_admin_makes_a_page_level_slot_with_a_size_mapping(desk: Desk) -> None:
    code = f"top-{uuid.uuid4().hex[:6]}"  # a test may run twice on one server
    page = desk.page(ADMIN, "settings/ad-slots")
    page.get_by_role("button", name="New ad slot").click()
    form = page.get_by_role("form", name="New ad slot")
    form.get_by_label("Code").fill(code)
    form.get_by_label("Name", exact=True).fill("Leaderboard")
    form.get_by_label("Ad unit path").fill("/2231/news/top")
    form.get_by_label("Sizes").fill("970x250, 728x90, 320x50")
    form.get_by_label("Size mapping").fill("1024x0: 970x250, 728x90\n0x0: 320x50")
    form.get_by_label("Where on the page").select_option("TOP")
    form.get_by_role("button", name="Create ad slot").click()
    expect(form.locator("#page-error")).to_have_text("tick the pages it runs on")

    form.get_by_label("Story pages").check()
    form.get_by_label("Section fronts and home").check()
    form.get_by_role("button", name="Create ad slot").click()

    expect(page.get_by_role("form", name=f"Ad slot {code}")).to_be_visible()
    query = "{ adSlots { code page { pages position } sizeMapping { viewport { width } } } }"
    saved = next(s for s in desk.manage(query, as_=ADMIN)["adSlots"] if s["code"] == code)
    assert saved["page"] == {"pages": ["STORY", "FRONT"], "position": "TOP"}
    assert [m["viewport"]["width"] for m in saved["sizeMapping"]] == [1024, 0]
    page.context.close()
