"""EditorialArticle.allowedActions and canEdit, for each role and status, against what the
mutations then do: every listed step succeeds when taken, every other one is refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from cms import model
from cms.domain.publishing import import_article
from tests import factories, newsroom
from tests.conftest import Api

S = model.Status
ACTIONS = [
    "SUBMIT",
    "REQUEST_CHANGES",
    "APPROVE",
    "PUBLISH",
    "SCHEDULE",
    "UNSCHEDULE",
    "UNPUBLISH",
    "TAKE_DOWN",
    "ARCHIVE",
]

STATE = """
query State($id: ID!) { article(id: $id) { status version allowedActions canEdit } }
"""

# Each step's mutation, with valid arguments for it.
STEP = {
    "SUBMIT": "submitArticle(id: $id, expectedVersion: $v)",
    "REQUEST_CHANGES": 'requestChanges(id: $id, expectedVersion: $v, comment: "Name the source.")',
    "APPROVE": "approveArticle(id: $id, expectedVersion: $v)",
    "PUBLISH": "publishArticle(id: $id, expectedVersion: $v)",
    "SCHEDULE": "scheduleArticle(id: $id, expectedVersion: $v, publishAt: $at, "
    "unpublishAt: $until)",
    "UNSCHEDULE": "unscheduleArticle(id: $id, expectedVersion: $v)",
    "UNPUBLISH": 'unpublishArticle(id: $id, expectedVersion: $v, reason: "Out of date.")',
    "TAKE_DOWN": 'takeDownArticle(id: $id, expectedVersion: $v, reason: "Court order.")',
    "ARCHIVE": "archiveArticle(id: $id, expectedVersion: $v)",
}
EDIT = """
mutation Edit($id: ID!, $v: Int!) {
  updateArticle(id: $id, expectedVersion: $v, input: { dek: "The ferries run again." }) { version }
}
"""


def _document(action: str) -> str:
    params = "$id: ID!, $v: Int!"
    if action == "SCHEDULE":
        params += ", $at: DateTime, $until: DateTime"
    return f"mutation Take({params}) {{ {STEP[action]} {{ status }} }}"


async def _story(api: Api, refs: dict[str, str], status: model.Status, owner: str) -> str:
    now = api.clock()
    article = model.Article(
        id=factories.new_id(),
        slug=f"ferry-strike-{factories.new_id()}",
        headline="Ferry strike called off",
        section="news",
        bylines=(model.Byline(author_id=refs["author"]),),
        lead_media=model.MediaUse(asset_id=refs["picture"]),
        body=(factories.paragraph("The union accepted the offer."),),
        status=status,
        owner_id=owner,
        created_at=now,
        updated_at=now,
        published_at=now if status in (S.PUBLISHED, S.UNPUBLISHED, S.TAKEN_DOWN) else None,
        publish_at=now + timedelta(days=1) if status is S.SCHEDULED else None,
    )
    await import_article(api.store, article, actor=factories.DESK, now=now)
    return article.id


async def _take(who: Api, action: str, story_id: str, version: int, status: model.Status) -> Any:
    later = who.clock() + timedelta(days=2)
    variables: dict[str, Any] = {"id": story_id, "v": version}
    if action == "SCHEDULE":
        live = status is S.PUBLISHED
        variables["at"] = None if live else later.isoformat()
        variables["until"] = later.isoformat() if live else None
    return await who.post(_document(action), variables)


# What some of them see, spelled out: (who, status) -> (allowedActions, canEdit).
EXPECTED = {
    ("own writer", S.DRAFT): (["SUBMIT", "ARCHIVE"], True),
    ("own writer", S.CHANGES_REQUESTED): (["SUBMIT", "ARCHIVE"], True),
    ("own writer", S.IN_REVIEW): ([], False),
    ("own writer", S.PUBLISHED): ([], False),
    ("other writer", S.DRAFT): ([], False),
    ("editor", S.DRAFT): (["SUBMIT", "ARCHIVE"], True),
    ("editor", S.IN_REVIEW): (["REQUEST_CHANGES", "APPROVE"], True),
    ("editor", S.APPROVED): (["REQUEST_CHANGES", "PUBLISH", "SCHEDULE"], True),
    ("editor", S.SCHEDULED): (["PUBLISH", "SCHEDULE", "UNSCHEDULE", "TAKE_DOWN"], True),
    ("editor", S.PUBLISHED): (["PUBLISH", "SCHEDULE", "UNPUBLISH", "TAKE_DOWN"], True),
    ("editor", S.UNPUBLISHED): (["PUBLISH", "SCHEDULE", "TAKE_DOWN", "ARCHIVE"], True),
    ("editor", S.TAKEN_DOWN): ([], False),
    ("admin", S.TAKEN_DOWN): (["ARCHIVE"], False),
    ("admin", S.ARCHIVED): ([], False),
}


@pytest.mark.parametrize("status", list(S), ids=[s.value for s in S])
async def test_listed_steps_succeed_and_the_others_are_refused(
    api: Api, status: model.Status
) -> None:
    refs = await newsroom.newsroom(api)
    owner_token, owner_id = await newsroom.login_as(api, model.Role.WRITER)
    people = {
        "own writer": api.as_editor(owner_token),
        "other writer": api.as_editor(await newsroom.user(api, model.Role.WRITER)),
        "editor": api.as_editor(await newsroom.user(api, model.Role.EDITOR)),
        "admin": api.as_editor(await newsroom.user(api, model.Role.ADMIN)),
    }
    for who, client in people.items():
        story_id = await _story(api, refs, status, owner_id)
        state = (await client.gql(STATE, {"id": story_id}))["article"]
        listed = state["allowedActions"]
        assert listed == [a for a in ACTIONS if a in listed], "in the enum's order"
        if (who, status) in EXPECTED:
            assert (listed, state["canEdit"]) == EXPECTED[(who, status)], who
        for action in ACTIONS:
            body = await _take(client, action, story_id, state["version"], status)
            if action in listed:
                assert "errors" not in body, (who, status, action, body)
                story_id = await _story(api, refs, status, owner_id)  # a fresh one to go on
            else:
                codes = [e["extensions"]["code"] for e in body["errors"]]
                assert codes in (["FORBIDDEN"], ["INVALID_TRANSITION"]), (who, action, body)
        edited = await client.post(EDIT, {"id": story_id, "v": state["version"]})
        assert ("errors" not in edited) is state["canEdit"], (who, status, edited)


async def test_the_budget_lists_each_story_with_this_users_actions(api: Api) -> None:
    refs = await newsroom.newsroom(api)
    token, owner_id = await newsroom.login_as(api, model.Role.WRITER)
    await _story(api, refs, S.DRAFT, owner_id)
    await _story(api, refs, S.IN_REVIEW, owner_id)
    query = "{ articles { edges { node { status allowedActions canEdit } } } }"
    nodes = [e["node"] for e in (await api.as_editor(token).gql(query))["articles"]["edges"]]
    assert sorted(nodes, key=lambda n: str(n["status"])) == [
        {"status": "DRAFT", "allowedActions": ["SUBMIT", "ARCHIVE"], "canEdit": True},
        {"status": "IN_REVIEW", "allowedActions": [], "canEdit": False},
    ]


async def test_the_role_is_checked_before_the_status(api: Api) -> None:
    refs = await newsroom.newsroom(api)
    token, owner_id = await newsroom.login_as(api, model.Role.WRITER)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    story_id = await _story(api, refs, S.IN_REVIEW, owner_id)

    refused = await _take(api.as_editor(token), "PUBLISH", story_id, 1, S.IN_REVIEW)
    [error] = refused["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["message"] == "A writer may not publish a story."

    refused = await _take(editor, "UNPUBLISH", story_id, 1, S.IN_REVIEW)
    [error] = refused["errors"]
    assert error["extensions"]["code"] == "INVALID_TRANSITION"
    assert error["message"] == "A story in review cannot be unpublished."
    assert error["extensions"]["allowedActions"] == ["REQUEST_CHANGES", "APPROVE"]


PREVIEW = "mutation P($id: ID!) { createPreviewToken(id: $id) { token } }"


async def test_writers_preview_their_own_stories_in_any_status_but_taken_down(api: Api) -> None:
    refs = await newsroom.newsroom(api)
    token, owner_id = await newsroom.login_as(api, model.Role.WRITER)
    writer = api.as_editor(token)
    other = api.as_editor(await newsroom.user(api, model.Role.WRITER))
    for status in S:
        story_id = await _story(api, refs, status, owner_id)
        minted = await writer.post(PREVIEW, {"id": story_id})
        if status is S.TAKEN_DOWN:  # nobody previews it: it must stay down
            assert [e["extensions"]["code"] for e in minted["errors"]] == ["TAKEN_DOWN"]
        else:
            assert "errors" not in minted, (status, minted)
        assert await other.error_codes(PREVIEW, {"id": story_id}) == ["FORBIDDEN"]
