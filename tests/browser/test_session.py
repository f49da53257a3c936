"""Signing in and out of the desk, and unsaved text that outlives a reload and a session."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.desk import WRITER, Desk


def test_sign_in_opens_the_budget_and_sign_out_ends_the_session(desk: Desk) -> None:
    page = desk.page()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.get_by_label("Email").fill(WRITER.email)
    page.get_by_label("Password").fill("not the passphrase")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong email or password.")

    page.get_by_label("Password").fill(WRITER.password)
    page.get_by_role("button", name="Sign in").click()
    stories = page.get_by_role("table", name="Stories")
    expect(stories.get_by_role("row").nth(1)).to_be_visible()
    expect(page.get_by_role("tab", name=re.compile(r"^Published \d+$"))).to_be_visible()
    expect(page.get_by_text("Wendy Okafor (writer)")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.goto(desk.url())
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.context.close()


def test_unsaved_text_survives_a_reload_and_an_expired_session(desk: Desk) -> None:
    story = desk.new_story(WRITER, "Harbour ferry fares rise for the first time in a decade")
    page = desk.page(WRITER, f"stories/{story['id']}")
    dek = page.get_by_label("Dek")
    dek.fill("Commuters face a 12% rise from January.")
    page.reload()
    expect(page.get_by_label("Dek")).to_have_value("Commuters face a 12% rise from January.")

    # The session ends under the writer's feet (signed out elsewhere): the next save is refused.
    page.context.request.post(
        f"{desk.base}/admin/graphql",
        headers={"X-CMS-Desk": "1", "content-type": "application/json"},
        data='{"query": "mutation { signOut }"}',
    )
    page.get_by_label("Dateline").fill("Port Averell")
    page.keyboard.press("Control+s")
    expect(page.get_by_text("Your session has ended")).to_be_visible()
    page.get_by_label("Email").fill(WRITER.email)
    page.get_by_label("Password").fill(WRITER.password)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_label("Dek")).to_have_value("Commuters face a 12% rise from January.")
    expect(page.get_by_label("Dateline")).to_have_value("Port Averell")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("All changes saved")).to_be_visible()
    saved = desk.story(story["id"])
    assert saved["dek"] == "Commuters face a 12% rise from January."
    assert saved["dateline"] == "Port Averell"
    page.context.close()


def test_a_network_loss_shows_a_banner_and_retry_saves_what_was_kept(desk: Desk) -> None:
    story = desk.new_story(WRITER, "Rail replacement buses for the coast line all weekend")
    page = desk.page(WRITER, f"stories/{story['id']}")
    expect(page.get_by_label("Headline")).to_be_editable()
    page.route("**/admin/graphql", lambda route: route.abort("internetdisconnected"))
    page.get_by_label("Dateline").fill("Harlow Bay")
    page.get_by_role("button", name="Save").click()
    banner = page.get_by_role("alert").filter(has_text="The server cannot be reached")
    expect(banner.first).to_be_visible()
    expect(page.get_by_text("Unsaved changes", exact=True)).to_be_visible()

    page.unroute("**/admin/graphql")
    page.get_by_role("button", name="Retry").click()
    expect(page.get_by_text("All changes saved")).to_be_visible()
    expect(banner).to_have_count(0)
    assert desk.story(story["id"])["dateline"] == "Harlow Bay"
    page.context.close()
