"""The newsroom's settings in the desk: users by admins, and what other roles see."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.browser.desk import ADMIN, EDITOR, WRITER, Desk


def test_an_admin_creates_a_user_who_can_then_sign_in(desk: Desk) -> None:
    email = f"noor.haddad.{uuid.uuid4().hex[:6]}@example.org"  # a test may run twice on one server
    page = desk.page(ADMIN, "settings/users")
    form = page.get_by_role("form", name="New user")
    form.get_by_label("Email").fill(email)
    form.get_by_label("Name").fill("Noor Haddad")
    form.get_by_label("Role").select_option(label="Editor")
    form.get_by_label("Password").fill("too short")
    form.get_by_role("button", name="Create user").click()
    # The server's refusal is shown beside the field it names, and nothing typed is lost.
    password = form.get_by_label("Password")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(re.compile("must have at least 10 characters"))
    expect(form.get_by_label("Email")).to_have_value(email)

    form.get_by_label("Password").fill("a newcomer's long passphrase")
    form.get_by_role("button", name="Create user").click()
    row = page.get_by_role("table", name="Users").get_by_role("row", name="Noor Haddad")
    expect(row.get_by_label(f"Role of {email}")).to_have_value("EDITOR")
    expect(form.get_by_label("Email")).to_have_value("")

    newcomer = desk.page(None)
    newcomer.get_by_label("Email").fill(email)
    newcomer.get_by_label("Password").fill("a newcomer's long passphrase")
    newcomer.get_by_role("button", name="Sign in").click()
    expect(newcomer.get_by_text("Noor Haddad (editor)")).to_be_visible()

    # A reset shows a temporary password once and ends the user's sessions at once.
    row.get_by_role("button", name=f"Reset password of {email}").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Reset password").click()
    shown = page.get_by_role("dialog", name="Noor Haddad's temporary password")
    temporary = shown.get_by_role("status", name="Temporary password")
    expect(temporary).to_have_text(re.compile(r"\S{10,}"))
    password = temporary.inner_text()
    shown.get_by_role("button", name="Done").click()
    expect(shown).to_be_hidden()
    newcomer.reload()
    newcomer.get_by_label("Email").fill(email)
    newcomer.get_by_label("Password").fill(password)
    newcomer.get_by_role("button", name="Sign in").click()
    expect(newcomer.get_by_text("Noor Haddad (editor)")).to_be_visible()
    newcomer.context.close()
    page.context.close()


def test_a_writer_does_not_see_the_admin_only_settings(desk: Desk) -> None:
    page = desk.page(WRITER)
    page.get_by_role("navigation", name="Desk").get_by_role("link", name="Settings").click()
    settings = page.get_by_role("navigation", name="Settings")
    expect(page).to_have_url(desk.url("settings/authors"))
    expect(settings.get_by_role("link")).to_have_text(["Authors", "Sections", "Tags"])
    expect(page.get_by_role("list", name="Authors").get_by_role("button").first).to_be_visible()
    page.get_by_role("list", name="Authors").get_by_role("button").first.click()
    expect(page.get_by_label("Bio")).to_be_disabled()
    expect(page.get_by_role("button", name="New author")).to_have_count(0)

    page.goto(desk.url("settings/users"))
    expect(page.get_by_text("Only admins manage users.")).to_be_visible()
    expect(page.get_by_role("table", name="Users")).to_have_count(0)
    page.goto(desk.url("settings/ad-slots"))
    expect(page.get_by_text("Only admins manage ad slots.")).to_be_visible()
    page.context.close()


def test_a_section_moved_under_another_survives_someone_else_saving_it_first(desk: Desk) -> None:
    suffix = uuid.uuid4().hex[:6]
    parent, child = f"regions-{suffix}", f"coast-{suffix}"
    create = "mutation($s: String!, $n: String!) { createSection(slug: $s, name: $n) { slug } }"
    desk.manage(create, {"s": parent, "n": f"Regions {suffix}"}, as_=ADMIN)
    desk.manage(create, {"s": child, "n": f"Coast {suffix}"}, as_=ADMIN)
    page = desk.page(ADMIN, f"settings/sections?section={child}")
    form = page.get_by_role("form", name=f"Section Coast {suffix}")
    form.get_by_label("Parent").select_option(parent)
    form.get_by_label("Default ads policy").select_option("SENSITIVE")
    desk.manage(
        'mutation($s: String!) { updateSection(slug: $s, name: "Coast and islands") { slug } }',
        {"s": child},
        as_=ADMIN,
    )

    form.get_by_role("button", name="Save section").click()
    conflict = form.get_by_role("alert")
    expect(conflict).to_contain_text("Someone else changed this section")
    expect(conflict).to_contain_text("Name is now: Coast and islands")
    expect(form.get_by_label("Parent")).to_have_value(parent)  # what was chosen is kept
    conflict.get_by_role("button", name="Save mine over theirs").click()

    tree = page.get_by_role("list", name="Sections")
    branch = tree.get_by_role("listitem").filter(has_text=f"Regions {suffix}")
    expect(branch.get_by_role("list").get_by_role("button", name=f"Coast {suffix}")).to_be_visible()
    saved = desk.manage("{ sections { slug name adsPolicy parent { slug } } }", as_=ADMIN)[
        "sections"
    ]
    assert {
        "slug": child,
        "name": f"Coast {suffix}",
        "adsPolicy": "SENSITIVE",
        "parent": {"slug": parent},
    } in saved
    page.context.close()


def test_an_admin_gives_an_author_an_avatar_and_social_links(desk: Desk) -> None:
    slug = f"tomas-brandt-{uuid.uuid4().hex[:6]}"
    author = desk.manage(
        'mutation($s: String!) { createAuthor(input: {slug: $s, name: "Tomás Brandt"}) { id } }',
        {"s": slug},
        as_=ADMIN,
    )["createAuthor"]
    page = desk.page(ADMIN, f"settings/authors?author={author['id']}")
    form = page.get_by_role("form", name="Author Tomás Brandt")
    form.get_by_label("Bio").fill("Covers the port and its unions.")
    form.get_by_role("button", name="Choose avatar").click()
    dialog = page.get_by_role("dialog", name="Avatar")
    dialog.get_by_label("Search the library").fill("Corrin Polymers")
    found = dialog.get_by_role("list", name="Pictures found").get_by_role("button")
    expect(found).to_have_count(1)
    found.click()
    expect(dialog).to_be_hidden()
    expect(form.get_by_role("img")).to_be_visible()
    form.get_by_role("button", name="Add social link").click()
    form.get_by_label("Network").fill("Mastodon")
    form.get_by_label("Address").fill("http://port.example.social/@tomas")
    form.get_by_role("button", name="Save author").click()
    links = form.get_by_role("group", name="Social links")
    expect(links.locator(".field-error")).to_contain_text("https")  # the refusal, beside them
    form.get_by_label("Address").fill("https://port.example.social/@tomas")
    form.get_by_role("button", name="Save author").click()
    expect(form.get_by_role("button", name="Change avatar")).to_be_visible()
    expect(form.get_by_role("button", name="Discard changes")).to_have_count(0)

    query = "{ authors { id bio version avatar { caption } socialLinks { network: label url } } }"
    [saved] = [a for a in desk.manage(query, as_=ADMIN)["authors"] if a["id"] == author["id"]]
    assert saved["bio"] == "Covers the port and its unions."
    assert saved["avatar"]["caption"].startswith("Smoke rises above storage tanks")
    assert saved["socialLinks"] == [
        {"network": "Mastodon", "url": "https://port.example.social/@tomas"}
    ]
    assert saved["version"] == 2
    page.context.close()


# The number of the last paragraph before this slot's ad in the preview, once it is `n`.
AD_AFTER = """([code, n]) => {
    const items = [...document.querySelectorAll('[aria-label="Sample story with ads"] > li')]
        .map(li => li.textContent);
    const at = items.findIndex(text => text.startsWith('Ad: ' + code));
    const before = items.slice(0, at).filter(text => /^Paragraph \\d+/.test(text)).pop();
    return at >= 0 && before !== undefined && before.startsWith('Paragraph ' + n + ':');
}"""


def test_the_ad_placement_preview_follows_an_unsaved_placement_rule(desk: Desk) -> None:
    code = f"mid-{uuid.uuid4().hex[:6]}"
    page = desk.page(ADMIN, "settings/ad-slots")
    page.get_by_role("button", name="New ad slot").click()
    form = page.get_by_role("form", name="New ad slot")
    form.get_by_label("Code").fill(code)
    form.get_by_label("Name", exact=True).fill("Mid-article rectangle")
    form.get_by_label("Ad unit path").fill("/2231/news/mid")
    form.get_by_label("Sizes").fill("300x250")
    form.get_by_label("After paragraph", exact=True).fill("6")
    page.wait_for_function(AD_AFTER, arg=[code, 6])

    form.get_by_label("After paragraph", exact=True).fill("1")
    page.wait_for_function(AD_AFTER, arg=[code, 1])
    # Nothing was saved: the preview showed an edit.
    assert {"code": code} not in desk.manage("{ adSlots { code } }", as_=ADMIN)["adSlots"]
    page.context.close()


def test_an_editor_renames_a_tag_then_merges_it_into_another(desk: Desk) -> None:
    suffix = uuid.uuid4().hex[:6]
    floods, flooding = f"floods-{suffix}", f"flooding-{suffix}"
    create = "mutation($s: String!) { createTag(slug: $s) { slug } }"
    desk.manage(create, {"s": floods}, as_=EDITOR)
    desk.manage(create, {"s": flooding}, as_=EDITOR)
    page = desk.page(EDITOR, f"settings/tags?search={suffix}")
    tags = page.get_by_role("list", name="Tags")
    expect(tags.get_by_role("button")).to_have_text([f"flooding {suffix}", f"floods {suffix}"])

    tags.get_by_role("button", name=f"floods {suffix}").click()
    form = page.get_by_role("form", name=f"Tag floods {suffix}")
    form.get_by_label("Name").fill(f"Floods {suffix}")
    form.get_by_role("button", name="Rename tag").click()
    expect(tags.get_by_role("button", name=f"Floods {suffix}")).to_be_visible()

    merge = page.get_by_role("form", name=f"Merge floods {suffix}")
    merge.get_by_label("Merge into").fill(flooding)
    merge.get_by_role("button", name="Merge tag").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Merge tag").click()
    expect(page.get_by_role("status")).to_contain_text(f"Merged Floods {suffix} into")
    expect(tags.get_by_role("button")).to_have_text([f"flooding {suffix}"])
    listed = desk.manage(
        "query($q: String) { tags(search: $q) { edges { node { slug } } } }",
        {"q": suffix},
        as_=EDITOR,
    )
    assert [e["node"]["slug"] for e in listed["tags"]["edges"]] == [flooding]
    page.context.close()


def test_a_writer_reads_the_tags_and_cannot_change_them(desk: Desk) -> None:
    suffix = uuid.uuid4().hex[:6]
    desk.manage(
        "mutation($s: String!) { createTag(slug: $s) { slug } }",
        {"s": f"harbour-{suffix}"},
        as_=EDITOR,
    )
    page = desk.page(WRITER, f"settings/tags?search={suffix}")
    expect(page.get_by_text("Only editors and admins rename and merge tags.")).to_be_visible()
    expect(page.get_by_role("list", name="Tags")).to_contain_text(f"harbour {suffix}")
    expect(page.get_by_role("list", name="Tags").get_by_role("button")).to_have_count(0)
    page.context.close()
