"""A story's history at the desk: comparing two revisions, restoring one, adding a correction."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.desk import EDITOR, WRITER, Desk

UPDATE = """mutation($id: ID!, $v: Int!, $input: ArticleInput!) {
    updateArticle(id: $id, expectedVersion: $v, input: $input) { version } }"""
REVISIONS = "query($id: ID!) { article(id: $id) { revisions { id number } } }"
DIFF = "query($a: ID!, $b: ID!) { revisionDiff(fromId: $a, toId: $b) { field before after } }"


def _paragraphs(*texts: str) -> list[dict[str, Any]]:
    return [{"paragraph": {"inlines": [{"text": text}]}} for text in texts]


def _revisions(desk: Desk, story_id: str) -> dict[int, str]:
    found = desk.manage(REVISIONS, {"id": story_id}, as_=EDITOR)["article"]["revisions"]
    return {revision["number"]: revision["id"] for revision in found}


def test_a_writer_compares_two_revisions_and_restores_the_first(desk: Desk) -> None:
    story = desk.new_story(
        WRITER,
        "Council approves harbour wall",
        body=_paragraphs("The wall will cost four million.", "Work starts in May."),
    )
    second = {
        "headline": "Council rejects harbour wall",
        "body": _paragraphs(
            "The wall will cost six million.", "Work starts in May.", "A vote follows."
        ),
    }
    desk.manage(UPDATE, {"id": story["id"], "v": story["version"], "input": second}, as_=WRITER)

    page = desk.page(WRITER, f"stories/{story['id']}")
    history = page.get_by_role("region", name="History")
    differences = history.get_by_role("region", name="Differences")
    # Revision 1 against revision 2 (the current one) by default: the words that changed,
    # the headline's word by word, the body's block by block.
    fields = differences.locator(".diff-field")
    expect(fields.get_by_role("heading")).to_have_text(["Headline", "Body"])
    expect(fields.locator("del")).to_have_text(["approves", "four"])
    expect(fields.locator("ins")).to_have_text(["rejects", "six", "A vote follows."])
    expect(fields.nth(1)).to_contain_text("1 block unchanged")
    expect(fields.nth(1)).to_contain_text("Paragraph added: A vote follows.")
    numbers = _revisions(desk, story["id"])
    history.get_by_label("Compare").select_option(value=numbers[2])
    expect(differences).to_contain_text("Pick two different revisions.")
    history.get_by_label("Compare").select_option(value=numbers[1])
    expect(fields.locator("del")).to_have_text(["approves", "four"])

    # Words typed and not saved yet are saved before the restore, not lost.
    expect(page.get_by_label("Dek")).to_be_editable()
    page.get_by_label("Dek").fill("A dek typed just before the restore.")
    history.get_by_role("listitem").filter(has_text="Revision 1").get_by_role(
        "button", name="Restore"
    ).click()
    page.get_by_role("dialog", name="Restore revision 1?").get_by_role(
        "button", name="Restore revision 1"
    ).click()
    expect(page.get_by_label("Headline")).to_have_value("Council approves harbour wall")
    expect(page.get_by_label("Dek")).to_have_value("")
    expect(page.get_by_role("textbox", name="Body")).to_contain_text("four million")
    expect(history.get_by_role("listitem").filter(has_text="Revision 4")).to_contain_text(
        "(current)"
    )

    article = desk.manage(
        "query($id: ID!) { article(id: $id) { headline dek body { ... on Paragraph { text } } } }",
        {"id": story["id"]},
        as_=EDITOR,
    )["article"]
    assert article["headline"] == "Council approves harbour wall"
    assert article["dek"] is None
    assert [block["text"] for block in article["body"]] == [
        "The wall will cost four million.",
        "Work starts in May.",
    ]
    numbers = _revisions(desk, story["id"])
    saved_first = desk.manage(DIFF, {"a": numbers[2], "b": numbers[3]}, as_=EDITOR)
    assert saved_first["revisionDiff"] == [
        {"field": "dek", "before": None, "after": "A dek typed just before the restore."}
    ]
    page.context.close()


def test_an_editor_adds_a_correction_that_readers_see(desk: Desk) -> None:
    story = desk.new_story(WRITER, "Ferry timetable changes from Monday")
    desk.step("submitArticle", story["id"], as_=WRITER)
    desk.step("approveArticle", story["id"], as_=EDITOR)
    desk.step("publishArticle", story["id"], as_=EDITOR)

    page = desk.page(EDITOR, f"stories/{story['id']}")
    history = page.get_by_role("region", name="History")
    expect(history).to_contain_text("No corrections.")
    history.get_by_role("button", name="Add correction").click()
    dialog = page.get_by_role("dialog", name="Add correction")
    dialog.get_by_label("Correction").fill("The first sailing leaves at 06:40, not 06:10.")
    dialog.get_by_role("button", name="Publish correction").click()
    listed = history.get_by_role("list", name="Corrections as readers see them")
    today = datetime.now(ZoneInfo("Europe/London"))
    expect(listed.get_by_role("listitem")).to_have_text(
        [f"Correction, {today.day} {today:%B %Y}: The first sailing leaves at 06:40, not 06:10."]
    )
    expect(history.get_by_role("region", name="Workflow steps")).to_contain_text(
        "Correction added by Marek Lind"
    )

    live = desk.deliver(
        "query($slug: String!) { article(slug: $slug) { corrections { text } } }",
        {"slug": story["slug"]},
    )
    assert live["data"]["article"]["corrections"] == [
        {"text": "The first sailing leaves at 06:40, not 06:10."}
    ]
    page.context.close()
