"""An axe-core scan of every screen of the desk finds no serious or critical violation."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.desk import ADMIN, EDITOR, WRITER, Desk

AXE = Path(__file__).resolve().parents[2] / "desk" / "node_modules" / "axe-core" / "axe.min.js"


def _violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""
    )
    return found


def test_no_screen_has_a_serious_or_critical_accessibility_violation(desk: Desk) -> None:
    assert AXE.exists(), "axe-core comes with the desk's npm dependencies: run npm ci in desk/"
    story = desk.new_story(WRITER, "Library opening hours cut at three branches")
    desk.manage(  # a second revision, so the history compares two
        "mutation($id: ID!, $v: Int!) { updateArticle(id: $id, expectedVersion: $v,"
        ' input: {dek: "Two branches keep Saturday mornings."}) { id } }',
        {"id": story["id"], "v": story["version"]},
        as_=WRITER,
    )
    desk.step("submitArticle", story["id"], as_=WRITER)
    embargoed = desk.new_story(WRITER, "Museum reopens after two-year restoration")
    desk.step("submitArticle", embargoed["id"], as_=WRITER)
    desk.step("approveArticle", embargoed["id"], as_=EDITOR)
    desk.manage(
        "mutation($id: ID!, $v: Int!, $at: DateTime!) {"
        " scheduleArticle(id: $id, expectedVersion: $v, publishAt: $at) { id } }",
        {
            "id": embargoed["id"],
            "v": desk.story(embargoed["id"])["version"],
            "at": (datetime.now(UTC) + timedelta(days=2)).isoformat(),
        },
        as_=EDITOR,
    )
    # The scan injects axe's script, which the desk's CSP would refuse.
    page = desk.page(None, bypass_csp=True)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    screens = {"sign in": _violations(page)}

    page.get_by_label("Email").fill(EDITOR.email)
    page.get_by_label("Password").fill(EDITOR.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("table", name="Stories").get_by_role("row").nth(1)).to_be_visible()
    expect(page.get_by_role("region", name="What needs me")).to_contain_text("Library opening")
    screens["budget with what needs me"] = _violations(page)

    page.goto(desk.url("schedule"))
    entry = page.get_by_role("listitem").filter(has_text="Museum reopens")
    entry.get_by_role("button", name="Reschedule").click()
    expect(page.get_by_role("dialog", name="Reschedule")).to_be_visible()
    screens["schedule and its reschedule dialog"] = _violations(page)
    page.keyboard.press("Escape")

    page.goto(desk.url(f"stories/{story['id']}"))
    expect(page.get_by_role("button", name="Request changes")).to_be_visible()
    expect(page.get_by_role("region", name="Differences")).to_contain_text("Saturday")
    screens["story editor and its history"] = _violations(page)
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_role("dialog", name="Request changes")).to_be_visible()
    screens["request changes dialog"] = _violations(page)
    page.keyboard.press("Escape")

    page.goto(desk.url("stories/new"))
    expect(page.get_by_label("Headline")).to_be_editable()
    screens["new story"] = _violations(page)

    page.goto(desk.url(f"stories/{story['id']}/preview"))
    expect(
        page.get_by_role("heading", name="Library opening hours cut at three branches")
    ).to_be_visible()
    screens["preview"] = _violations(page)

    page.goto(desk.url("pictures"))
    page.get_by_role("grid", name="Pictures").get_by_role("button").first.click()
    expect(page.get_by_role("button", name="Focal point")).to_be_visible()
    screens["picture desk"] = _violations(page)

    assert {name: found for name, found in screens.items() if found} == {}
    page.context.close()


def test_the_settings_and_fronts_screens_have_no_serious_or_critical_accessibility_violation(
    desk: Desk,
) -> None:
    page = desk.page(ADMIN, "settings/users", bypass_csp=True)
    expect(page.get_by_role("table", name="Users").get_by_role("row").nth(1)).to_be_visible()
    screens = {"users": _violations(page)}
    page.get_by_role("button", name=re.compile("^Delete ")).first.click()
    expect(page.get_by_role("alertdialog")).to_be_visible()
    screens["delete user dialog"] = _violations(page)
    page.keyboard.press("Escape")

    for name, path, item in (
        ("authors", "settings/authors", "Authors"),
        ("sections", "settings/sections", "Sections"),
        ("ad slots", "settings/ad-slots", "Ad slots"),
    ):
        page.goto(desk.url(path))
        page.get_by_role("list", name=item).get_by_role("button").first.click()
        expect(page.get_by_role("button", name=re.compile("^Save "))).to_be_visible()
        screens[name] = _violations(page)

    # The last screen of the loop is an ad slot, with where its rules put ads.
    expect(page.get_by_role("list", name="Sample story with ads")).to_be_visible()
    screens["ad slots"] = _violations(page)

    # A webhook endpoint whose receiver is not there: its delivery fails with its attempt.
    created = desk.manage(
        "mutation($i: WebhookEndpointInput!) { createWebhookEndpoint(input: $i)"
        " { endpoint { id } } }",
        {"i": {"url": "http://127.0.0.1:9/hooks/nobody", "eventTypes": ["ARTICLE_PUBLISHED"]}},
        as_=ADMIN,
    )
    endpoint_id = created["createWebhookEndpoint"]["endpoint"]["id"]
    story = desk.new_story(WRITER, "Night buses return to the harbour route")
    for step, who in (
        ("submitArticle", WRITER),
        ("approveArticle", EDITOR),
        ("publishArticle", EDITOR),
    ):
        desk.step(step, story["id"], as_=who)
    page.goto(desk.url(f"settings/webhooks?endpoint={endpoint_id}"))
    delivery = page.get_by_role("list", name="Recent deliveries").get_by_role("listitem")
    expect(delivery.filter(has_text=story["id"])).to_contain_text("Failed after 1 attempt")
    screens["webhooks"] = _violations(page)
    page.get_by_role("button", name="New endpoint").click()
    form = page.get_by_role("form", name="New endpoint")
    form.get_by_label("URL").fill("https://hooks.example.org/accessibility")
    form.get_by_role("checkbox", name="front.changed").check()
    screens["new webhook endpoint"] = _violations(page)
    form.get_by_role("button", name="Register endpoint").click()
    expect(page.get_by_role("dialog", name="The endpoint's signing secret")).to_be_visible()
    screens["webhook secret dialog"] = _violations(page)
    page.get_by_role("button", name="Done").click()
    page.get_by_role("button", name="Delete endpoint").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete endpoint").click()
    expect(page.get_by_text("The endpoint was deleted.")).to_be_visible()
    desk.manage(
        "mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }", {"id": endpoint_id}, as_=ADMIN
    )

    page.goto(desk.url("fronts"))
    expect(page.get_by_role("list", name="Slots")).to_be_visible()
    expect(
        page.get_by_role("list", name="As readers see it").get_by_role("listitem").first
    ).to_be_visible()
    screens["fronts"] = _violations(page)

    assert {name: found for name, found in screens.items() if found} == {}
    page.context.close()
