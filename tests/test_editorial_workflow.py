"""A story's whole path through /admin/graphql, seen from /graphql: the issue's 'done when'."""

from __future__ import annotations

from datetime import timedelta

from cms import model
from cms.domain.publishing import run_schedule
from tests import newsroom
from tests.conftest import Api
from tests.newsroom import CREATE, SCHEDULE, UPDATE, step

PUBLIC = """
query Story($slug: String!) {
  article(slug: $slug) { headline corrections { text at } updatedAt }
}
"""


async def test_writer_and_editor_take_a_story_from_draft_to_correction(api: Api) -> None:
    refs = await newsroom.newsroom(api)
    writer = api.as_editor(await newsroom.user(api, model.Role.WRITER))
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    public = api

    created = (await writer.gql(CREATE, {"input": newsroom.story_input(refs)}))["createArticle"]
    story_id, slug = created["id"], created["slug"]
    assert created["status"] == "DRAFT"
    assert created["version"] == 1

    async def take(who: Api, mutation: str, version: int, **extra: str) -> dict[str, object]:
        data = await who.gql(step(mutation, *extra), {"id": story_id, "v": version, **extra})
        result: dict[str, object] = data[mutation]
        return result

    submitted = await take(writer, "submitArticle", 1)
    assert submitted["status"] == "IN_REVIEW"
    sent_back = await take(editor, "requestChanges", 2, comment="Say which cables.")
    assert sent_back["status"] == "CHANGES_REQUESTED"
    fixed = await writer.gql(
        UPDATE, {"id": story_id, "v": 3, "input": {"dek": "The north cables are corroded."}}
    )
    assert fixed["updateArticle"]["version"] == 4
    await take(writer, "submitArticle", 4)
    approved = await take(editor, "approveArticle", 5)
    assert approved["status"] == "APPROVED"

    embargo = api.clock() + timedelta(hours=1)
    scheduled = await editor.gql(
        SCHEDULE, {"id": story_id, "v": 6, "at": embargo.isoformat(), "until": None}
    )
    assert scheduled["scheduleArticle"]["status"] == "SCHEDULED"

    # Not before its time ...
    assert await run_schedule(api.store, now=api.clock()) == 0
    assert (await public.gql(PUBLIC, {"slug": slug}))["article"] is None
    # ... and at its time.
    api.clock.advance(hours=1)
    assert await run_schedule(api.store, now=api.clock()) == 1
    live = (await public.gql(PUBLIC, {"slug": slug}))["article"]
    assert live["headline"] == "Harbour bridge closes for six weeks of repairs"

    # A later edit stays in the working copy until it is published again.
    current = (
        await editor.gql("query A($id: ID!) { article(id: $id) { version } }", {"id": story_id})
    )["article"]["version"]
    edited = await editor.gql(
        UPDATE,
        {"id": story_id, "v": current, "input": {"headline": "Harbour bridge shut until March"}},
    )
    assert edited["updateArticle"]["hasUnpublishedChanges"] is True
    after_edit = (await public.gql(PUBLIC, {"slug": slug}))["article"]
    assert after_edit["headline"] == "Harbour bridge closes for six weeks of repairs"

    republished = await take(editor, "publishArticle", current + 1)
    assert republished["hasUnpublishedChanges"] is False
    assert (await public.gql(PUBLIC, {"slug": slug}))["article"]["headline"] == (
        "Harbour bridge shut until March"
    )

    # A correction shows on the delivery API with a new updatedAt.
    api.clock.advance(minutes=30)
    corrected = await editor.gql(
        """mutation C($id: ID!, $v: Int!, $text: String!) {
             addCorrection(id: $id, expectedVersion: $v, text: $text) { version }
           }""",
        {
            "id": story_id,
            "v": current + 2,
            "text": "An earlier version gave the wrong closing date.",
        },
    )
    assert corrected["addCorrection"]["version"] == current + 3
    shown = (await public.gql(PUBLIC, {"slug": slug}))["article"]
    assert shown["corrections"][0]["text"] == "An earlier version gave the wrong closing date."
    assert shown["updatedAt"] == api.clock().isoformat().replace("+00:00", "Z")

    history = await editor.gql(
        "query H($id: ID!) { article(id: $id) { history { action fromStatus toStatus comment"
        " actor { email } } } }",
        {"id": story_id},
    )
    actions = [e["action"] for e in history["article"]["history"]]
    assert actions == [
        "CREATE",
        "SUBMIT",
        "REQUEST_CHANGES",
        "UPDATE",
        "SUBMIT",
        "APPROVE",
        "SCHEDULE",
        "PUBLISH",
        "UPDATE",
        "PUBLISH",
        "CORRECT",
    ]
    events = history["article"]["history"]
    assert events[2]["comment"] == "Say which cables."
    assert events[7]["actor"] is None, "the scheduler released the embargo"
