"""The permission matrix: each role against each mutation of /admin/graphql."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest

from cms import model
from cms.api.live import ManagementSubscription
from cms.api.management import Mutation, Query
from cms.api.permissions import SignedIn
from cms.domain.publishing import import_article
from tests import factories, newsroom
from tests.conftest import Api

W, E, A = model.Role.WRITER, model.Role.EDITOR, model.Role.ADMIN
DESK = {E, A}
EVERYONE = {W, E, A}


@dataclasses.dataclass(frozen=True)
class Case:
    mutation: str
    status: model.Status | None  # the story it acts on, owned by the caller; None: no story
    allowed: set[model.Role]
    document: str
    variables: dict[str, Any] = dataclasses.field(default_factory=dict)


def _step(mutation: str, extra: str = "") -> str:
    call = f"{mutation}(id: $id, expectedVersion: $v{extra})"
    return f"mutation($id: ID!, $v: Int!) {{ {call} {{ id }} }}"


S = model.Status
CASES = [
    Case(
        "createArticle",
        None,
        EVERYONE,
        'mutation { createArticle(input: {slug: "new-story", headline: "New"}) { id } }',
    ),
    Case("updateArticle", S.DRAFT, EVERYONE, _step("updateArticle", ', input: {dek: "Dek"}')),
    Case("submitArticle", S.DRAFT, EVERYONE, _step("submitArticle")),
    Case("requestChanges", S.IN_REVIEW, DESK, _step("requestChanges", ', comment: "More"')),
    Case("approveArticle", S.IN_REVIEW, DESK, _step("approveArticle")),
    Case("publishArticle", S.APPROVED, DESK, _step("publishArticle")),
    Case(
        "scheduleArticle",
        S.APPROVED,
        DESK,
        _step("scheduleArticle", ', publishAt: "2040-01-01T00:00:00+00:00"'),
    ),
    Case("unscheduleArticle", S.SCHEDULED, DESK, _step("unscheduleArticle")),
    Case("unpublishArticle", S.PUBLISHED, DESK, _step("unpublishArticle", ', reason: "Old"')),
    Case("takeDownArticle", S.PUBLISHED, DESK, _step("takeDownArticle", ', reason: "Court"')),
    Case("archiveArticle", S.DRAFT, EVERYONE, _step("archiveArticle")),
    Case(
        "addCorrection",
        S.PUBLISHED,
        DESK,
        "mutation($id: ID!, $v: Int!) { addCorrection(id: $id, expectedVersion: $v, "
        'text: "Fixed a name.") { id } }',
    ),
    Case(
        "createPreviewToken",
        S.DRAFT,
        EVERYONE,
        "mutation($id: ID!) { createPreviewToken(id: $id) { token } }",
    ),
    Case(
        "acquireEditLease",
        S.DRAFT,
        EVERYONE,
        "mutation($id: ID!) { acquireEditLease(id: $id) { expiresAt } }",
    ),
    Case(
        "createAuthor",
        None,
        {A},
        'mutation { createAuthor(input: {slug: "new-author", name: "New Author"}) { id } }',
    ),
    Case(
        "createSection",
        None,
        {A},
        'mutation { createSection(slug: "opinion", name: "Opinion") { slug } }',
    ),
    Case(
        "updateSection",
        None,
        {A},
        'mutation { updateSection(slug: "news", name: "Latest") { slug } }',
    ),
    Case("deleteSection", None, {A}, 'mutation { deleteSection(slug: "empty") }'),
    Case("createTag", None, DESK, 'mutation { createTag(slug: "storm-dara") { slug } }'),
    Case(
        "createUser",
        None,
        {A},
        'mutation { createUser(email: "new@newsroom.example", role: WRITER, '
        'password: "long enough password") { id } }',
    ),
    Case("users", None, {A}, "{ users { email } }"),
]


async def _story(api: Api, refs: dict[str, str], status: model.Status, owner: str) -> model.Article:
    article = model.Article(
        id=factories.new_id(),
        slug=f"story-{factories.new_id()}",
        headline="Ferry strike called off",
        section="news",
        bylines=(model.Byline(author_id=refs["author"]),),
        lead_media=model.MediaUse(asset_id=refs["picture"]),
        body=(factories.paragraph("The union accepted the offer."),),
        status=status,
        owner_id=owner,
        created_at=api.clock(),
        updated_at=api.clock(),
        published_at=api.clock() if status is S.PUBLISHED else None,
        publish_at=api.clock() + timedelta(days=1) if status is S.SCHEDULED else None,
    )
    return await import_article(api.store, article, actor=factories.DESK, now=api.clock())


@pytest.mark.parametrize("case", CASES, ids=[c.mutation for c in CASES])
async def test_each_role_against_each_mutation(api: Api, case: Case) -> None:
    refs = await newsroom.newsroom(api)
    await factories.section(api.store, "empty", "Empty")
    for role in (W, E, A):
        token, user_id = await newsroom.login_as(api, role)
        variables: dict[str, Any] = {}
        if case.status is not None:
            story = await _story(api, refs, case.status, owner=user_id)
            variables = {"id": story.id, "v": story.version}
        body = await api.as_editor(token).post(case.document, variables)
        if role in case.allowed:
            assert "errors" not in body, (role, body)
            if case.status is not None:
                continue  # the next role acts on a story of its own
            await api.store.drop()  # the next role starts from the same state
            await api.store.prepare()
            refs = await newsroom.newsroom(api)
            await factories.section(api.store, "empty", "Empty")
        else:
            codes = [e["extensions"]["code"] for e in body["errors"]]
            assert codes == ["FORBIDDEN"], (role, body)


@pytest.mark.parametrize("case", CASES, ids=[c.mutation for c in CASES])
async def test_without_a_token_everything_is_unauthenticated(api: Api, case: Case) -> None:
    variables = {"id": factories.new_id(), "v": 1} if case.status is not None else {}
    codes = await api.as_editor(None).error_codes(case.document, variables)
    assert codes == ["UNAUTHENTICATED"]


async def test_a_writer_cannot_touch_another_writers_draft(api: Api) -> None:
    refs = await newsroom.newsroom(api)
    _, owner = await newsroom.login_as(api, W)
    other, _ = await newsroom.login_as(api, W)
    story = await _story(api, refs, S.DRAFT, owner=owner)
    for case in CASES[1:3]:
        codes = await api.as_editor(other).error_codes(
            case.document, {"id": story.id, "v": story.version}
        )
        assert codes == ["FORBIDDEN"]


def test_every_root_field_but_signing_in_and_out_needs_a_signed_in_caller() -> None:
    """Authentication is a guard on the fields (``SignedIn``), so a new root field cannot
    forget it: only ``login``, ``signIn`` and ``signOut`` (which clears a dead cookie too) go
    without."""
    public = {"login", "sign_in", "sign_out"}
    for root in (Query, Mutation, ManagementSubscription):
        for field in root.__strawberry_definition__.fields:
            guarded = SignedIn in field.permission_classes
            assert guarded is (field.python_name not in public), (root.__name__, field.name)
